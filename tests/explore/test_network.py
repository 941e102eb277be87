"""The map's cooperation network: every pair of countries that share a programme, each
country named in full."""

import math
import re
from itertools import combinations

from initiatives.models import Programme
from tests.factories import make_country, make_programme

EDGE = re.compile(r'\?all_countries=([A-Z]{2}),([A-Z]{2})" aria-label="[^"]*"><line class="edge"')
NODE_LABEL = re.compile(r"<text [^>]*>([^<]+)</text>")


def programme_pairs() -> set[tuple[str, str]]:
    """The pairs of countries that share at least one programme, read from the records."""
    pairs = set()
    for programme in Programme.objects.prefetch_related("countries"):
        codes = sorted(country.iso2 for country in programme.countries.all())
        pairs.update(combinations(codes, 2))
    return pairs


def drawn_pairs(body: str) -> set[tuple[str, str]]:
    network = body[body.index('id="network-heading"') :]
    return {tuple(sorted(pair)) for pair in EDGE.findall(network)}


def test_the_network_draws_every_pair_even_of_a_programme_with_many_countries(client, db):
    countries = [make_country() for _ in range(13)]  # 78 pairs from one programme
    make_programme(countries=countries)
    make_programme(countries=countries[:2])
    lone = make_country()
    make_programme(countries=[lone])  # no partner: not in the network

    body = client.get("/map/").content.decode()

    assert len(drawn_pairs(body)) == 78 == len(programme_pairs())
    assert drawn_pairs(body) == programme_pairs()
    assert "All 78 pairs of countries that share a programme, among 13 countries" in body
    assert f"?all_countries={lone.iso2}," not in body


def test_the_real_networks_pairs_are_the_programmes_pairs(client, full_catalogue):
    body = client.get("/map/").content.decode()
    pairs = programme_pairs()
    assert drawn_pairs(body) == pairs
    assert f"All {len(pairs)} pairs of countries" in body
    assert ("MX", "US") in pairs and ("AT", "MX") in pairs
    labels = NODE_LABEL.findall(body[body.index('id="network-heading"') :])
    assert "Austria" in labels and "Russian Federation" in labels
    # In Spanish, with the same pairs.
    spanish = client.get("/es/map/").content.decode()
    assert drawn_pairs(spanish) == pairs
    assert "Federación Rusa" in NODE_LABEL.findall(spanish)


def test_every_label_fits_inside_the_picture(client, full_catalogue):
    """A label's far end (at most 7px a character, along its rotated baseline) stays inside
    the viewBox."""
    label = re.compile(
        r'<text x="([\d.-]+)" y="([\d.-]+)" dy="4" text-anchor="(start|end)" '
        r'transform="rotate\(([\d.-]+) [\d.-]+ [\d.-]+\)">([^<]+)</text>'
    )
    for url in ("/map/", "/es/map/"):
        body = client.get(url).content.decode()
        network = body[body.index('id="network-heading"') :]
        width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', network).groups())
        labels = label.findall(network)
        assert len(labels) == len(NODE_LABEL.findall(network)) > 20
        for x, y, anchor, degrees, name in labels:
            # An end-anchored label runs backwards along its baseline: half a turn round.
            angle = math.radians(float(degrees) + (180 if anchor == "end" else 0))
            reach = 7 * len(name)
            end_x = float(x) + reach * math.cos(angle)
            end_y = float(y) + reach * math.sin(angle)
            assert 0 <= end_x <= width and 0 <= end_y <= height, (url, name)
