"""Reads that span records, for the pages: grouping, the pillar-by-region matrix, the
cooperation network, the timeline and the country comparison.

Each runs a fixed number of queries whatever the size of the catalogue.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from django.db.models import Prefetch

from catalogue.models import Pillar
from countries.models import Country, Region
from initiatives.models import Institution, Programme


def pillar_region_matrix() -> dict:
    """Programmes counted by pillar (rows) and UN M49 region of their countries (columns)."""
    pillars = list(Pillar.objects.all())
    links = Programme.countries.through.objects.exclude(country__region="")
    counts = Counter()
    rows = Programme.pillars.through.objects.filter(
        programme__in=links.values("programme")
    ).values_list("pillar_id", "programme_id")
    regions_of = defaultdict(set)
    for programme_id, region in links.values_list("programme_id", "country__region"):
        regions_of[programme_id].add(region)
    for pillar_id, programme_id in rows:
        for region in regions_of[programme_id]:
            counts[pillar_id, region] += 1
    return {
        "regions": list(Region),
        "rows": [
            {
                "pillar": pillar,
                "cells": [(region, counts[pillar.pk, region.value]) for region in Region],
            }
            for pillar in pillars
        ],
    }


def cooperation_network() -> dict:
    """Countries linked by the programmes they share: every pair of countries that share a
    programme, weighted by how many, and each country with its number of partners.

    Nodes come grouped by UN M49 region (countries without one last), then by name.
    """
    by_programme = defaultdict(list)
    for programme_id, country_id in Programme.countries.through.objects.values_list(
        "programme_id", "country_id"
    ).order_by("programme_id", "country_id"):
        by_programme[programme_id].append(country_id)
    pairs = Counter()
    for countries in by_programme.values():
        pairs.update(combinations(countries, 2))
    partners = Counter(country_id for pair in pairs for country_id in pair)
    countries = Country.objects.only("iso2", "name", "region").in_bulk(partners)
    regions = [region.value for region in Region]
    for country in countries.values():
        country.partner_count = partners[country.pk]

    def region_then_name(country):
        order = regions.index(country.region) if country.region in regions else len(regions)
        return order, country.name

    return {
        "nodes": sorted(countries.values(), key=region_then_name),
        "edges": [
            {"source": countries[a], "target": countries[b], "count": count}
            for (a, b), count in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
        ],
    }


def dated_programmes():
    """The programmes the paper dates, earliest first, for the timeline."""
    return (
        Programme.objects.exclude(start_year=None)
        .only("slug", "name", "acronym", "kind", "status", "start_year", "end_year")
        .order_by("start_year", "end_year", "name")
    )


ADVISORY_KIND = Programme.Kind.ADVISORY_POSITION


def compare_countries(countries: list[Country]) -> dict:
    """Two to four countries side by side, by pillar: programmes, institutions, advisers."""
    ids = [country.pk for country in countries]
    programmes = list(
        Programme.objects.filter(countries__in=ids)
        .distinct()
        .prefetch_related(
            Prefetch("pillars", queryset=Pillar.objects.only("slug", "name", "position")),
            Prefetch("countries", queryset=Country.objects.only("iso2", "name")),
            "figures",
        )
    )
    institutions = defaultdict(list)
    for institution in Institution.objects.filter(country__in=ids).order_by("name"):
        institutions[institution.country_id].append(institution)
    pillars = list(Pillar.objects.all())
    own = {
        country.pk: [p for p in programmes if any(c.pk == country.pk for c in p.countries.all())]
        for country in countries
    }

    def in_pillar(programme, pillar):
        slugs = [item.pk for item in programme.pillars.all()]
        return pillar.pk in slugs if pillar else not slugs

    rows = [
        {
            "pillar": pillar,
            "cells": [[p for p in own[c.pk] if in_pillar(p, pillar)] for c in countries],
        }
        for pillar in [*pillars, None]
    ]
    shared = [p for p in programmes if {c.pk for c in p.countries.all()} >= set(ids)]
    return {
        "countries": countries,
        "totals": [len(own[c.pk]) for c in countries],
        "rows": rows,
        "institutions": [institutions[c.pk] for c in countries],
        "advisory": [[p for p in own[c.pk] if p.kind == ADVISORY_KIND] for c in countries],
        "figures": [[(p, f) for p in own[c.pk] for f in p.figures.all()] for c in countries],
        "shared": shared,
    }
