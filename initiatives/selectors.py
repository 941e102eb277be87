"""Reads that span records, for the pages: grouping, the pillar-by-region matrix, the
cooperation network, the timeline and the country comparison.

Each runs a fixed number of queries whatever the size of the catalogue.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import partial
from itertools import combinations
from urllib.parse import urlencode

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.facets import facet_counts
from catalogue.models import Pillar
from catalogue.version import catalogue_version
from countries.models import City, Country, Region
from initiatives.filtersets import ProgrammeFilterSet
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


def cooperation_network(programmes=None, *, min_shared: int = 1) -> dict:
    """Countries linked by the programmes they share: every pair of countries that share
    at least `min_shared` of `programmes` (all by default), weighted by how many, and each
    country with its number of partners among those pairs.

    Nodes come grouped by UN M49 region (countries without one last), then by name;
    `pair_count` is how many pairs share at least one of the programmes.
    """
    links = Programme.countries.through.objects.all()
    if programmes is not None:
        links = links.filter(programme__in=programmes.order_by().values("pk"))
    by_programme = defaultdict(list)
    for programme_id, country_id in links.values_list("programme_id", "country_id").order_by(
        "programme_id", "country_id"
    ):
        by_programme[programme_id].append(country_id)
    all_pairs = Counter()
    for countries in by_programme.values():
        all_pairs.update(combinations(countries, 2))
    pairs = {pair: count for pair, count in all_pairs.items() if count >= min_shared}
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
        "pair_count": len(all_pairs),
    }


def programme_counts_by_country(programmes) -> list[Country]:
    """The countries of `programmes`, each with `programme_count` (how many of them it
    takes part in), most first: what the world map shades for a filtered set."""
    counts = Counter(
        Programme.countries.through.objects.filter(
            programme__in=programmes.order_by().values("pk")
        ).values_list("country_id", flat=True)
    )
    countries = list(Country.objects.filter(pk__in=counts))
    for country in countries:
        country.programme_count = counts[country.pk]
    return sorted(countries, key=lambda country: (-country.programme_count, country.name))


def dated_programmes(programmes=None):
    """The programmes the paper dates (of `programmes`, all by default), earliest first, for
    the timeline."""
    programmes = Programme.objects.all() if programmes is None else programmes
    return (
        programmes.exclude(start_year=None)
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
    version = catalogue_version().token
    briefs = [country_brief(country=country, version=version) for country in countries]
    return {
        "briefs": briefs,
        "table": comparison_table(briefs),
        "partners": shared_partners(briefs),
        "countries": countries,
        "totals": [len(own[c.pk]) for c in countries],
        "rows": rows,
        "institutions": [institutions[c.pk] for c in countries],
        "advisory": [[p for p in own[c.pk] if p.kind == ADVISORY_KIND] for c in countries],
        "figures": [[(p, f) for p in own[c.pk] for f in p.figures.all()] for c in countries],
        "shared": shared,
    }


# The programme list selects programmes in no pillar once the `pillar_basis` filter exists
# (`pillar_basis=none`); until then the brief gives that count without a link.
NO_PILLAR_QUERY = (
    {"pillar_basis": "none"} if "pillar_basis" in ProgrammeFilterSet.base_filters else None
)
# The head's groups of programme figures: the programme list's facets of the same name.
BRIEF_FACETS = (
    ("pillar", _("Programmes by pillar")),
    ("kind", _("Programmes by kind")),
    ("status", _("Programmes by status")),
    ("decade", _("Programmes by decade started")),
)


def _list_url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params, safe=',')}"


def country_brief(*, country: Country, version: str | None = None) -> dict:
    """The figures that head a country's brief, each with the filtered list it counts.

    Programme figures are the programme list's own facet counts under `country=<iso2>`, so
    a figure and the list it links to always agree; partners are the countries counted by
    the same list's country facet (programmes involving both). A fixed number of queries;
    `version` is the catalogue's version token when the caller has read it already.
    """
    code = country.iso2
    filterset = ProgrammeFilterSet({"all_countries": code}, queryset=Programme.objects.all())
    facets = facet_counts(filterset, version=version or catalogue_version().token)
    programmes = "initiatives:programme-list"
    total = next((e["count"] for e in facets["country"] if e["value"] == code), 0)
    groups = []
    for name, title in BRIEF_FACETS:
        figures = [
            {
                "value": entry["value"],
                "label": entry["label"],
                "count": entry["count"],
                "url": _list_url(programmes, country=code, **{name: entry["value"]}),
            }
            for entry in facets[name]
        ]
        if name == "pillar":
            unplaced = Programme.objects.filter(countries=country, pillars=None).count()
            if unplaced:
                url = (
                    _list_url(programmes, country=code, **NO_PILLAR_QUERY)
                    if NO_PILLAR_QUERY
                    else None
                )
                figures.append(
                    {"value": "none", "label": _("No pillar"), "count": unplaced, "url": url}
                )
        if name == "decade":
            undated = total - sum(figure["count"] for figure in figures)
            if undated:
                figures.append(
                    {"value": "", "label": _("Not dated"), "count": undated, "url": None}
                )
        groups.append({"name": name, "title": title, "figures": figures, "max": _top(figures)})
    partners = [
        {
            "iso2": entry["value"],
            "name": entry["label"],
            "count": entry["count"],
            "brief_url": reverse("country-brief", args=[entry["value"].lower()]),
            "url": _list_url(programmes, all_countries=f"{code},{entry['value']}"),
        }
        for entry in facets["country"]
        if entry["value"] != code
    ]
    return {
        "country": country,
        "programmes": {"count": total, "url": _list_url(programmes, country=code)},
        "groups": groups,
        "institutions": _by_kind(
            Institution,
            Institution.objects.filter(country=country),
            "initiatives:institution-list",
            code,
        ),
        "places": _by_kind(City, City.objects.filter(country=country), "countries:city-list", code),
        "partners": partners,
        "partners_max": _top(partners),
    }


def _top(figures: list[dict]) -> int:
    """The largest count, the full length of a group's bars."""
    return max((figure["count"] for figure in figures), default=0)


def _by_kind(model, queryset, list_name: str, code: str) -> dict:
    """A country's records counted by kind (one grouped count), each kind linking to its list."""
    rows = queryset.order_by().values("kind").annotate(count=Count("pk"))
    figures = sorted(
        (
            {
                "value": row["kind"],
                "label": model.Kind(row["kind"]).label,
                "count": row["count"],
                "url": _list_url(list_name, country=code, kind=row["kind"]),
            }
            for row in rows
        ),
        key=lambda figure: (-figure["count"], str(figure["label"])),
    )
    return {
        "count": sum(figure["count"] for figure in figures),
        "url": _list_url(list_name, country=code),
        "figures": figures,
        "max": _top(figures),
    }


def comparison_table(briefs: list[dict]) -> list[dict]:
    """The briefs' head figures side by side: sections of rows, one cell per country.

    A row lists every value any of the countries has (a country without it counts 0); a
    cell's `share` is its count over the row's largest, for shading; `only` names the one
    country that has a row's value when the others have none.
    """

    pillar_order = list(Pillar.objects.values_list("slug", flat=True))

    def total(label, key):
        return {
            "label": label,
            "figures": [{"count": b[key]["count"], "url": b[key]["url"]} for b in briefs],
        }

    sections = [
        {
            "name": "totals",
            "title": _("In all"),
            "rows": [
                total(_("Programmes"), "programmes"),
                total(_("Institutions"), "institutions"),
                total(_("Cities and places"), "places"),
                {
                    "label": _("Partner countries"),
                    "figures": [{"count": len(b["partners"]), "url": None} for b in briefs],
                },
            ],
        }
    ]
    grouped = [
        (group["name"], group["title"], [b["groups"][i] for b in briefs])
        for i, group in enumerate(briefs[0]["groups"])
    ]
    grouped += [
        ("institutions", _("Institutions by kind"), [b["institutions"] for b in briefs]),
        ("places", _("Cities and places by kind"), [b["places"] for b in briefs]),
    ]
    for name, title, groups in grouped:
        labels: dict = {}
        for group in groups:
            for figure in group["figures"]:
                labels.setdefault(figure["value"], figure["label"])
        rows = []
        for value, label in labels.items():
            figures = []
            for group in groups:
                found = next((f for f in group["figures"] if f["value"] == value), None)
                figures.append(
                    {"count": found["count"], "url": found["url"]}
                    if found
                    else {"count": 0, "url": None}
                )
            rows.append({"value": value, "label": label, "figures": figures})
        rows.sort(key=partial(_row_order, name, pillar_order))
        sections.append({"name": name, "title": title, "rows": rows})
    for section in sections:
        for row in section["rows"]:
            top = max(figure["count"] for figure in row["figures"])
            having = [i for i, figure in enumerate(row["figures"]) if figure["count"]]
            row["only"] = (
                briefs[having[0]]["country"] if len(having) == 1 and len(briefs) > 1 else None
            )
            row["cells"] = [
                {**figure, "share": round(100 * figure["count"] / top) if top else 0}
                for figure in row["figures"]
            ]
    return sections


def shared_partners(briefs: list[dict]) -> dict:
    """The partners all the compared countries have, and those only one of them has."""
    compared = {b["country"].iso2 for b in briefs}
    partner_sets = [
        {p["iso2"]: p for p in b["partners"] if p["iso2"] not in compared} for b in briefs
    ]
    common = (
        set.intersection(*(set(partners) for partners in partner_sets)) if partner_sets else set()
    )
    own = []
    for index, partners in enumerate(partner_sets):
        others = set().union(*(set(p) for i, p in enumerate(partner_sets) if i != index))
        own.append(
            {
                "country": briefs[index]["country"],
                "partners": [partners[code] for code in partners if code not in others],
            }
        )
    first = partner_sets[0] if partner_sets else {}
    return {
        "common": sorted((first[code] for code in common), key=lambda p: str(p["name"])),
        "own": own,
    }


def _row_order(name: str, pillar_order: list[str], row: dict) -> tuple:
    """Pillars in the paper's order and decades by date; other kinds most counted first;
    "no pillar" and "not dated" last."""
    value = row["value"]
    if value in ("none", ""):
        return (1, 0, "")
    if name == "pillar":
        return (0, pillar_order.index(value) if value in pillar_order else 0, "")
    if name == "decade":
        return (0, value, "")
    return (0, -sum(figure["count"] for figure in row["figures"]), str(row["label"]))
