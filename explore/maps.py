"""The world map, drawn on the server as SVG, so that it works without JavaScript.

Country shapes come from the `world-atlas` npm package (Natural Earth 1:110m, public domain;
package ISC licence), which `make vendor` copies to static/vendor/world-atlas/ (the
`WORLD_MAP_SHAPES` setting; tests use a tiny world of their own). The TopoJSON
is decoded here (a few lines: arcs are delta-encoded and quantised) and projected
equirectangularly; the result is cached for the life of the process. Without the file the
map is left out and the pages show their lists alone.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

import pycountry
from django.conf import settings

from countries.models import Region
from countries.names import local_name

WIDTH = 960
SCALE = WIDTH / 360
NORTH, SOUTH = 84.0, -58.0  # Antarctica is left out: no programme is set there
HEIGHT = round((NORTH - SOUTH) * SCALE)
# Natural Earth shapes without an ISO numeric code that the catalogue may still name.
NAMED_WITHOUT_CODE = {"Kosovo": "XK"}


def project(longitude: float, latitude: float) -> tuple[float, float]:
    return round((longitude + 180) * SCALE, 1), round((NORTH - latitude) * SCALE, 1)


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs) -> str:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    points = _unwrapped(points)
    # A ring that crosses the antimeridian runs past one edge of the map: draw it again
    # shifted by a full turn, so that both halves show and no band crosses the map.
    shifts = (
        [0]
        + [-360] * (max(lon for lon, _ in points) > 180)
        + [360] * (min(lon for lon, _ in points) < -180)
    )
    return "".join(_path([(lon + shift, lat) for lon, lat in points]) for shift in shifts)


def _unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous: no jump of more than half a turn between two points."""
    result, offset = [points[0]], 0.0
    for (previous, _), (lon, lat) in zip(points, points[1:], strict=False):
        if lon - previous > 180:
            offset -= 360
        elif previous - lon > 180:
            offset += 360
        result.append((lon + offset, lat))
    return result


def _path(points: list[tuple[float, float]]) -> str:
    projected = [project(lon, lat) for lon, lat in points]
    return "M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z"


def _iso2(geometry: dict) -> str | None:
    numeric = geometry.get("id")
    if numeric:
        country = pycountry.countries.get(numeric=str(numeric).zfill(3))
        if country:
            return country.alpha_2
    return NAMED_WITHOUT_CODE.get(geometry.get("properties", {}).get("name", ""))


@cache
def _shapes(path: str) -> tuple[tuple[str | None, str, str], ...]:
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    shapes = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == "010":  # Antarctica
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        d = "".join(_ring(ring, arcs) for polygon in polygons for ring in polygon)
        shapes.append((_iso2(geometry), geometry.get("properties", {}).get("name", ""), d))
    return tuple(shapes)


def country_shapes() -> tuple[tuple[str | None, str, str], ...]:
    """(iso2 or None, Natural Earth name, SVG path data) for every country shape, or ()."""
    path = Path(settings.WORLD_MAP_SHAPES)
    return _shapes(str(path)) if path.is_file() else ()


def shade(count: int) -> int:
    """The class (0-4) of a country with `count` programmes, for the map's legend."""
    for level, upper in enumerate((0, 1, 3, 7)):
        if count <= upper:
            return level
    return 4


LEGEND = ((0, "0"), (1, "1"), (2, "2–3"), (3, "4–7"), (4, "8+"))


def world_map(countries, cities) -> dict | None:
    """What the map template draws: shaded countries and marked cities, each with its page.

    `countries` need `programme_count` (their `for_listing()` queryset); cities without
    coordinates are left off the map (they stay in the list beside it).
    """
    shapes = country_shapes()
    if not shapes:
        return None
    by_code = {country.iso2: country for country in countries}
    drawn = []
    for iso2, name, d in shapes:
        country = by_code.get(iso2)
        count = country.programme_count if country else 0
        drawn.append({"country": country, "name": name, "d": d, "shade": shade(count)})
    marks = []
    for city in cities:
        if city.latitude is None:
            continue
        x, y = project(float(city.longitude), float(city.latitude))
        marks.append({"city": city, "x": x, "y": y})
    return {"shapes": drawn, "cities": marks, "width": WIDTH, "height": HEIGHT, "legend": LEGEND}


# The network's labels are 11px text: a character is at most about 7px wide.
LABEL_CHAR_WIDTH, LABEL_GAP = 7, 10


def network_picture(network: dict, *, radius: int = 220) -> dict:
    """The cooperation network laid out on a circle: countries as nodes, grouped by region
    (a gap between regions) and sized by their number of partners; shared programmes as
    links whose width grows with their number.

    Labels run outwards along their radius, so that neighbours never overlap; the margin
    fits the longest country name in any of the site's languages (the picture is cached
    once for all of them), so no label is clipped.
    """
    nodes = network["nodes"]
    names = [local_name(country.name, code) for country in nodes for code, _ in settings.LANGUAGES]
    margin = LABEL_GAP + 8 + LABEL_CHAR_WIDTH * max(map(len, names), default=0)
    size = 2 * (radius + margin)
    centre = size / 2
    # One empty slot between two regions, so that each region reads as an arc.
    slots, previous = [], None
    for country in nodes:
        if previous is not None and country.region != previous:
            slots.append(None)
        slots.append(country)
        previous = country.region
    angles = {
        country.pk: 2 * math.pi * index / len(slots) - math.pi / 2
        for index, country in enumerate(slots)
        if country is not None
    }
    position = {
        pk: (round(centre + radius * math.cos(a), 1), round(centre + radius * math.sin(a), 1))
        for pk, a in angles.items()
    }
    points = []
    for country in nodes:
        angle = angles[country.pk]
        x, y = position[country.pk]
        size_of_node = round(3 + 1.5 * math.sqrt(getattr(country, "partner_count", 1)), 1)
        gap = size_of_node + 4
        degrees = math.degrees(angle)
        # On the left half the text is turned half a turn more, so that it never reads
        # upside down, and ends at the node instead of starting there.
        right = math.cos(angle) >= 0
        points.append(
            {
                "country": country,
                "x": x,
                "y": y,
                "r": size_of_node,
                "label_x": round(centre + (radius + gap) * math.cos(angle), 1),
                "label_y": round(centre + (radius + gap) * math.sin(angle), 1),
                "rotate": round(degrees if right else degrees + 180, 1),
                "anchor": "start" if right else "end",
            }
        )
    links = [
        {
            **edge,
            "x1": position[edge["source"].pk][0],
            "y1": position[edge["source"].pk][1],
            "x2": position[edge["target"].pk][0],
            "y2": position[edge["target"].pk][1],
            "width": min(1 + edge["count"], 8),
        }
        for edge in network["edges"]
    ]
    return {
        "width": size,
        "height": size,
        "nodes": points,
        "links": links,
        "pair_count": network["pair_count"],
        # The regions in the order their arcs run, clockwise from the top, for the legend
        # (None: countries the catalogue gives no region).
        "regions": list(dict.fromkeys(Region(c.region) if c.region else None for c in nodes)),
    }


_POINT = re.compile(r"(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


@cache
def _bounds(d: str) -> tuple[float, float, float, float]:
    """A shape's bounding box (left, top, right, bottom), within the map."""
    points = [(float(x), float(y)) for x, y in _POINT.findall(d)]
    xs = [min(max(x, 0), WIDTH) for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def locator_map(*, country, cities) -> dict | None:
    """A small map around one country: its shape highlighted, its neighbours for context and
    its cities and places marked; None without shapes or anything to locate."""
    shapes = country_shapes()
    own = [(iso2, name, d) for iso2, name, d in shapes if iso2 == country.iso2]
    marks = [
        {"city": city, "x": x, "y": y}
        for city in cities
        if city.latitude is not None
        for x, y in [project(float(city.longitude), float(city.latitude))]
    ]
    boxes = [_bounds(d) for _, _, d in own] + [(m["x"], m["y"], m["x"], m["y"]) for m in marks]
    if not shapes or not boxes:
        return None
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    # Room around the country, at least a small region's worth, in the map's proportions.
    width = max((right - left) * 1.6, 80)
    height = max((bottom - top) * 1.6, 50, width / 2)
    width = max(width, height * 1.6)
    x = min(max((left + right - width) / 2, 0), max(WIDTH - width, 0))
    y = min(max((top + bottom - height) / 2, 0), max(HEIGHT - height, 0))
    view = (round(x, 1), round(y, 1), round(min(width, WIDTH), 1), round(min(height, HEIGHT), 1))
    drawn = [
        {"d": d, "own": iso2 == country.iso2}
        for iso2, _, d in shapes
        if _overlaps(_bounds(d), view)
    ]
    return {
        "view": view,
        "shapes": drawn,
        "cities": marks,
        "stroke": round(view[2] / 400, 2),
        "radius": round(view[2] / 80, 2),
    }


def _overlaps(box, view) -> bool:
    left, top, right, bottom = box
    x, y, width, height = view
    return left <= x + width and right >= x and top <= y + height and bottom >= y
