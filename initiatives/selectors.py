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
    """Programmes counted by pillar (rows, then a row for those in no pillar) and UN M49
    region of their countries (columns, then one for programmes with no located country),
    with each row's and column's total.

    A programme counts once in each region of its countries and once in each of its pillars,
    so the cells of a row or column can add up to more than its total.
    """
    pillars = list(Pillar.objects.all())
    regions_of = defaultdict(set)
    country_links = Programme.countries.through.objects.exclude(country__region="")
    for programme_id, region in country_links.values_list("programme_id", "country__region"):
        regions_of[programme_id].add(region)
    pillars_of = defaultdict(set)
    for pillar_id, programme_id in Programme.pillars.through.objects.values_list(
        "pillar_id", "programme_id"
    ):
        pillars_of[programme_id].add(pillar_id)
    total = Programme.objects.count()

    counts = Counter()  # (pillar id or None, region or None): programmes
    for programme_id, pillar_ids in pillars_of.items():
        for pillar_id in pillar_ids:
            counts[pillar_id, "total"] += 1
            for region in regions_of.get(programme_id) or [None]:
                counts[pillar_id, region] += 1
    # Programmes in no pillar are those without a pillar link; by region, every programme of
    # the region less those placed; without a located country, the rest.
    column_totals = Counter(region for regions in regions_of.values() for region in regions)
    placed_by_region = Counter(
        region for programme_id in pillars_of for region in regions_of.get(programme_id, ())
    )
    unlocated = total - len(regions_of)
    placed_unlocated = sum(1 for programme_id in pillars_of if programme_id not in regions_of)
    for region in Region:
        counts[None, region.value] = column_totals[region.value] - placed_by_region[region.value]
    counts[None, None] = unlocated - placed_unlocated
    counts[None, "total"] = total - len(pillars_of)

    def row(pillar):
        key = pillar.pk if pillar else None
        return {
            "pillar": pillar,
            "cells": [(region, counts[key, region.value]) for region in Region],
            "unlocated": counts[key, None],
            "total": counts[key, "total"],
        }

    return {
        "regions": list(Region),
        "rows": [row(pillar) for pillar in [*pillars, None]],
        "totals": {
            "cells": [(region, column_totals[region.value]) for region in Region],
            "unlocated": unlocated,
            "total": total,
        },
    }


def cooperation_network(*, limit: int = 60) -> dict:
    """Countries linked by the programmes they share: nodes, and edges weighted by count."""
    by_programme = defaultdict(list)
    for programme_id, country_id in Programme.countries.through.objects.values_list(
        "programme_id", "country_id"
    ).order_by("programme_id", "country_id"):
        by_programme[programme_id].append(country_id)
    pairs = Counter()
    for countries in by_programme.values():
        # Programmes joining very many countries (global networks) would link everyone.
        if len(countries) <= 12:
            pairs.update(combinations(sorted(countries), 2))
    edges = pairs.most_common(limit)
    ids = {country_id for pair, _ in edges for country_id in pair}
    countries = Country.objects.in_bulk(ids)
    return {
        "nodes": sorted(countries.values(), key=lambda country: country.name),
        "edges": [
            {"source": countries[a], "target": countries[b], "count": count}
            for (a, b), count in edges
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
