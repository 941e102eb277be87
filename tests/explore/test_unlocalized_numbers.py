"""Numbers a browser reads (SVG geometry) are written the same in every language.

Spanish writes 485,8 for 485.8; inside an SVG attribute that comma is a syntax error (city
markers vanish, timeline bars sit at x=0), so each picture is rendered under /es/ and every
number in its geometry is parsed as a browser would.
"""

import re
from html.parser import HTMLParser

import pytest

NUMBER = re.compile(r"-?\d+(\.\d+)?")
# Attributes holding one number; `viewBox` holds four separated by spaces; path data `d` is
# written by Python (f-strings), never by the template's localisation.
SINGLE = {"x", "y", "cx", "cy", "r", "x1", "x2", "y1", "y2", "width", "height", "dy", "rx"}
SINGLE |= {"stroke-width"}


class SvgNumbers(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.values: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.depth += 1
        if not self.depth:
            return
        for name, value in attrs:
            if name in SINGLE:
                self.values.append((tag, name, value))
            elif name == "viewbox":
                self.values.extend((tag, name, part) for part in value.split(" "))

    def handle_endtag(self, tag):
        if tag == "svg":
            self.depth -= 1


def svg_numbers(body: str) -> list[tuple[str, str, str]]:
    parser = SvgNumbers()
    parser.feed(body)
    return parser.values


@pytest.mark.parametrize("path", ["/es/", "/es/map/", "/es/timeline/"])
def test_pictures_under_spanish_write_plain_numbers(client, full_catalogue, path):
    response = client.get(path)
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()
    values = svg_numbers(response.content.decode())
    # Enough geometry that fractional coordinates are certain to be among it.
    assert len(values) > 50
    assert any("." in value for _tag, _name, value in values)
    unreadable = [value for value in values if not NUMBER.fullmatch(value[2])]
    assert unreadable == []


def test_spanish_and_english_pictures_draw_the_same_geometry(client, full_catalogue):
    for path in ("/map/", "/timeline/"):
        english = svg_numbers(client.get(path).content.decode())
        spanish = svg_numbers(client.get("/es" + path).content.decode())
        assert spanish == english, path
