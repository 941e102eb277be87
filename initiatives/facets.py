"""Facet counts for the programme list: the pages' sidebar and the API's facets endpoint.

Each facet counts what its values would give under every *other* active filter, so choosing
a value never zeroes the alternatives shown next to it. One aggregate query per facet (two
for region: regions and sub-regions), whatever the number of programmes; the result is cached
under the catalogue's version, so a repeated query costs one query and a write refreshes it.
"""

import hashlib

from django.db.models import Count, F, IntegerField, QuerySet
from django.db.models.functions import Cast

from countries.models import Region, SubRegion
from diplohub.caching import cached
from initiatives.filtersets import ProgrammeFilterSet
from initiatives.models import Programme

FACETS = ("pillar", "country", "region", "kind", "status", "decade")


def programme_facets(filterset: ProgrammeFilterSet) -> dict[str, list[dict]]:
    """{facet: [{"value", "label", "count", "selected"}, ...]} for a valid bound filterset.

    Values with no programme are left out unless they are selected.
    """
    if not filterset.is_valid():
        raise ValueError("Facets need a valid filterset; show its errors instead.")
    return cached(f"facets:{_cache_key(filterset)}", lambda: _facets(filterset))


def _cache_key(filterset: ProgrammeFilterSet) -> str:
    """The active filters, in a canonical order (sorting does not change counts)."""
    data = filterset.data
    active = sorted(
        (name, value)
        for name in filterset.filters
        if name != "ordering"
        for value in (data.getlist(name) if hasattr(data, "getlist") else [data.get(name)])
        if value not in (None, "")
    )
    return hashlib.sha256(repr(active).encode()).hexdigest()[:32]


def _facets(filterset: ProgrammeFilterSet) -> dict[str, list[dict]]:
    cleaned = filterset.form.cleaned_data
    facets = {}
    for facet in FACETS:
        programmes = _filtered_without(filterset, facet)
        rows = _COUNTERS[facet](programmes)
        selected = _selected_values(facet, cleaned.get(facet))
        facets[facet] = [
            {"value": value, "label": label, "count": count, "selected": value in selected}
            for value, label, count in rows
        ] + [
            {"value": value, "label": label, "count": 0, "selected": True}
            for value, label in _missing_selected(facet, cleaned.get(facet), rows)
        ]
    return facets


def _filtered_without(filterset: ProgrammeFilterSet, facet: str) -> QuerySet:
    """The filterset's programmes with every active filter but the facet's own."""
    programmes = Programme.objects.order_by()
    for name, value in filterset.form.cleaned_data.items():
        if name in (facet, "ordering") or value in (None, "", [], ()):
            continue
        programmes = filterset.filters[name].filter(programmes, value)
    return programmes


def _selected_values(facet: str, value) -> set:
    if value in (None, "", [], ()):
        return set()
    if facet == "pillar":
        return {pillar.slug for pillar in value}
    if facet == "country":
        return {country.iso2 for country in value}
    if facet in ("kind", "status"):
        return set(value)
    return {value}


def _missing_selected(facet: str, value, rows) -> list[tuple]:
    """Selected values that no programme matches still show, with 0, so they can be removed."""
    shown = {row[0] for row in rows}
    if value in (None, "", [], ()):
        return []
    if facet == "pillar":
        pairs = [(pillar.slug, pillar.name) for pillar in value]
    elif facet == "country":
        pairs = [(country.iso2, country.name) for country in value]
    elif facet == "kind":
        pairs = [(kind, Programme.Kind(kind).label) for kind in value]
    elif facet == "status":
        pairs = [(status, Programme.Status(status).label) for status in value]
    elif facet == "region":
        pairs = [(value, _REGION_LABELS.get(value, value))]
    else:
        pairs = [(value, f"{value}s")]
    return [(v, label) for v, label in pairs if v not in shown]


def _by_count(rows):
    return sorted(rows, key=lambda row: (-row[2], str(row[1])))


def _count_pillars(programmes: QuerySet) -> list[tuple]:
    links = Programme.pillars.through.objects.filter(programme__in=programmes.values("pk"))
    rows = (
        links.values("pillar__slug", "pillar__name", "pillar__position")
        # A programme has a pillar once (a unique constraint): no DISTINCT needed.
        .annotate(count=Count("programme_id"))
        .order_by("pillar__position")
    )
    return [(row["pillar__slug"], row["pillar__name"], row["count"]) for row in rows]


def _count_countries(programmes: QuerySet) -> list[tuple]:
    links = Programme.countries.through.objects.filter(programme__in=programmes.values("pk"))
    # A programme lists a country once (the link table's unique key): no DISTINCT needed.
    rows = links.values("country__iso2", "country__name").annotate(count=Count("programme_id"))
    return _by_count((row["country__iso2"], row["country__name"], row["count"]) for row in rows)


_REGION_LABELS = {**dict(Region.choices), **dict(SubRegion.choices)}


def _count_regions(programmes: QuerySet) -> list[tuple]:
    links = Programme.countries.through.objects.filter(programme__in=programmes.values("pk"))
    rows = []
    for column in ("country__region", "country__subregion"):
        for row in (
            links.exclude(**{column: ""})
            .values(column)
            .annotate(count=Count("programme_id", distinct=True))
        ):
            rows.append((row[column], str(_REGION_LABELS[row[column]]), row["count"]))
    return _by_count(rows)


def _count_choices(field: str, choices: type):
    def count(programmes: QuerySet) -> list[tuple]:
        rows = programmes.values(field).annotate(count=Count("pk"))
        return _by_count((row[field], str(choices(row[field]).label), row["count"]) for row in rows)

    return count


def _count_decades(programmes: QuerySet) -> list[tuple]:
    decade = Cast(F("start_year") / 10, IntegerField()) * 10
    rows = (
        programmes.exclude(start_year=None)
        .annotate(decade=decade)
        .values("decade")
        .annotate(count=Count("pk"))
        .order_by("decade")
    )
    return [(row["decade"], f"{row['decade']}s", row["count"]) for row in rows]


_COUNTERS = {
    "pillar": _count_pillars,
    "country": _count_countries,
    "region": _count_regions,
    "kind": _count_choices("kind", Programme.Kind),
    "status": _count_choices("status", Programme.Status),
    "decade": _count_decades,
}
