"""The timeline picture: the programmes the paper dates, from 1874 to 2020, laid out as SVG.

One row per programme, earliest first; a bar from start to end year (to 2020, dashed, for a
programme still active without an end year), a dot for a single year.
"""

from __future__ import annotations

FIRST_YEAR, LAST_YEAR = 1870, 2020
WIDTH, MARGIN, ROW, TOP = 960, 24, 22, 34


def x_of(year: int) -> float:
    return round(MARGIN + (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR) * (WIDTH - 2 * MARGIN), 1)


def timeline(programmes) -> dict:
    """Rows (programme, x, width, y, label side) and axis ticks for the template."""
    rows = []
    for index, programme in enumerate(programmes):
        start = max(programme.start_year, FIRST_YEAR)
        open_ended = programme.end_year is None and programme.status == "active"
        # The label gives the paper's years; the bar stops at the paper's date (2020).
        end = programme.end_year or start
        x, x_end = x_of(start), x_of(LAST_YEAR if open_ended else min(max(end, start), LAST_YEAR))
        y = TOP + index * ROW
        right_label = x < WIDTH / 2
        rows.append(
            {
                "programme": programme,
                "x": x,
                "width": round(x_end - x, 1),
                "y": y,
                "open": open_ended,
                "years": f"{start}–{end}" if end != start and not open_ended else f"{start}",
                "label_x": (x_end + 8) if right_label else (x - 8),
                "anchor": "start" if right_label else "end",
            }
        )
    ticks = [{"year": year, "x": x_of(year)} for year in range(FIRST_YEAR, LAST_YEAR + 1, 10)]
    height = TOP + max(len(rows), 1) * ROW + 10
    return {"rows": rows, "ticks": ticks, "width": WIDTH, "height": height, "axis_y": TOP - 22}
