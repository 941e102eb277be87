"""The timeline picture: the programmes the paper dates, laid out as SVG on a broken axis.

One row per programme, earliest first; a bar from start to end year (to the paper's date,
2020, dashed, for a programme still active without an end year), a dot for a single year.

The paper dates one programme in 1874, a few in the 1940s-80s and most after 2008: on a
continuous axis those would crowd into its last tenth. So the axis keeps only the spans of
years where something is dated (five-year steps) and skips the empty decades between them,
each skip marked on the axis, and a bar that runs across a skip is broken there too; every
bar and tick lies inside the axis.
"""

from __future__ import annotations

PAPER_YEAR = 2020  # the paper's date: an open-ended programme's bar stops there
WIDTH, MARGIN, ROW, TOP = 960, 24, 22, 40
STEP = 5  # the axis's spans begin and end on multiples of five years
GAP = 10  # empty years that make a skip, rather than a stretch of empty axis
BREAK = 40  # pixels between two spans of the axis: room for both years' labels
CHAR_WIDTH = 6.5  # at most, in pixels, of a character of the labels' 11px text


def _window(year: int) -> tuple[int, int]:
    """The five years around `year`, on multiples of five: 1874 in 1870-1875, and a year on
    a multiple of five at the end of its window (2020 in 2015-2020, not 2020-2025)."""
    end = year + (-year % STEP)
    return end - STEP, end


def _extent(programme) -> tuple[int, int]:
    start = programme.start_year
    open_ended = programme.end_year is None and programme.status == "active"
    end = max(programme.end_year or start, PAPER_YEAR if open_ended else start)
    return start, end


def axis_spans(years) -> list[tuple[int, int]]:
    """The spans of years the axis shows: the five years around each year something starts
    or ends, spans less than `GAP` years apart joined."""
    spans: list[list[int]] = []
    for start, end in sorted(_window(year) for year in set(years)):
        if spans and start - spans[-1][1] < GAP:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return [(start, end) for start, end in spans]


class Axis:
    """Years to x: each span gets a share of the width in proportion to its years."""

    def __init__(self, spans: list[tuple[int, int]], width: int = WIDTH):
        self.spans = spans or [(PAPER_YEAR - STEP, PAPER_YEAR)]
        years = sum(end - start for start, end in self.spans)
        self.per_year = (width - 2 * MARGIN - BREAK * (len(self.spans) - 1)) / years
        self.lefts, x = [], MARGIN
        for start, end in self.spans:
            self.lefts.append(x)
            x += (end - start) * self.per_year + BREAK

    def x(self, year: int) -> float:
        for (start, end), left in zip(self.spans, self.lefts, strict=True):
            if start <= year <= end:
                return round(left + (year - start) * self.per_year, 1)
        raise ValueError(f"{year} is outside the axis")

    def ticks(self) -> list[dict]:
        """Every five years in a span of twenty or fewer, else every ten (and both ends).
        A span's last year is labelled only at the axis's end: before a skip its label would
        run into the next span's first."""
        ticks = []
        for index, (start, end) in enumerate(self.spans):
            step = STEP if end - start <= 20 else 2 * STEP
            years = sorted({*range(start, end + 1, step), end})
            last = index == len(self.spans) - 1
            ticks.extend(
                {"year": year, "x": self.x(year), "label": last or year != end} for year in years
            )
        return ticks

    def pieces(self, start: int, end: int) -> list[dict]:
        """A bar from `start` to `end` as one piece per span it crosses."""
        return [
            {
                "x": self.x(max(start, a)),
                "width": round(self.x(min(end, b)) - self.x(max(start, a)), 1),
            }
            for a, b in self.spans
            if start <= b and end >= a
        ]

    def breaks(self) -> list[float]:
        """The x in the middle of each skip, where the axis is marked as broken."""
        return [round(left - BREAK / 2, 1) for left in self.lefts[1:]]


def _label(name: str, years: str, room: float, chars: int) -> str:
    """The programme's name, shortened to `chars` and to what fits in `room` pixels."""
    fits = max(int(room / CHAR_WIDTH) - len(years) - 3, 8)
    limit = min(chars, fits)
    short = name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
    return f"{short} ({years})"


def timeline(programmes, *, chars: int = 60, width: int = WIDTH) -> dict:
    """Rows (programme, x, width, y, label and its side), axis ticks and skips for the
    template; labels hold at most `chars` of a name, and never run off the picture.
    A narrower `width` (a country brief's small timeline) draws its text larger."""
    programmes = list(programmes)
    axis = Axis(axis_spans(year for p in programmes for year in _extent(p)), width)
    rows = []
    for index, programme in enumerate(programmes):
        start, end = _extent(programme)
        open_ended = programme.end_year is None and programme.status == "active"
        x, x_end = axis.x(start), axis.x(end)
        y = TOP + index * ROW
        right_label = width - x_end >= x  # on the side with more room
        shown_end = programme.end_year or start
        years = f"{start}–{shown_end}" if shown_end != start else f"{start}"
        years += "–" if open_ended else ""
        room = (width - x_end - 8) if right_label else (x - 8)
        rows.append(
            {
                "programme": programme,
                "x": x,
                "width": round(x_end - x, 1),
                "pieces": axis.pieces(start, end),
                "y": y,
                "open": open_ended,
                "years": years,
                "label": _label(programme.name, years, room, chars),
                "label_x": (x_end + 8) if right_label else (x - 8),
                "anchor": "start" if right_label else "end",
            }
        )
    height = TOP + max(len(rows), 1) * ROW + 10
    return {
        "rows": rows,
        "ticks": axis.ticks(),
        "breaks": axis.breaks(),
        "width": width,
        "height": height,
        "axis_y": TOP - 26,
    }
