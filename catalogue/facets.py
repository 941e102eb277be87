"""Facet counts: for each filter a FilterSet declares a facet, its values with how many records
each would select under every *other* active filter.

A FilterSet lists its facets in a `facets` attribute, {filter name: Facet}; nothing else needs
to know of them. Counts come from the FilterSet's own filters (each facet is one grouped COUNT
over what the other active filters select), so a filter means the same in a facet as in a
list; values and labels come from the facet's filter too (its choices or its records).

Each facet's counts are cached under the catalogue's version and the other filters' values:
`?country=MX` and `?country=CL` share the country facet's counts, which ignore the country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import partial

from django.db.models import Count, F, Model, QuerySet
from django.db.models.expressions import Combinable
from django.utils.translation import get_language
from django_filters import FilterSet, OrderingFilter

from catalogue.caching import cached
from catalogue.filters import is_given
from catalogue.version import catalogue_version


class FacetOrder(Enum):
    COUNT = "count"  # most records first, then by label
    CHOICES = "choices"  # as the filter lists its choices (pillars by position)
    VALUE = "value"  # by value (decades by date)


@dataclass(frozen=True)
class Facet:
    """How a filter's values are counted and shown.

    `values` are the paths (or expressions) that give a record's values of the filter, as
    the filter reads them; several are counted together (a region or a sub-region). `label`
    reads a value's label from the filter's record (model filters, default `str`) or from
    the value itself (filters without choices); filters with choices use their own labels.
    """

    values: tuple[str | Combinable, ...]
    label: Callable | None = None
    order: FacetOrder = FacetOrder.COUNT


def facet_counts(filterset: FilterSet, *, version: str | None = None) -> dict[str, list[dict]]:
    """{facet: [{"value", "label", "count", "selected"}, ...]} for a valid bound filterset.

    Values no record has under the other filters are left out, unless they are selected.
    `version` is the catalogue's version token when the caller has read it already.
    """
    if not filterset.is_valid():
        raise ValueError("Facets need a valid filterset; show its errors instead.")
    version = version or catalogue_version().token
    facets = {}
    for name, facet in filterset.facets.items():
        scope = f"{type(filterset).__qualname__}:{name}"
        counts = cached(
            f"facet-counts:{scope}:{_other_filters_key(filterset, name)}",
            partial(_count, filterset, name, facet),
            version=version,
        )
        labels = cached(
            f"facet-labels:{scope}:{get_language()}",
            partial(_labels, filterset.filters[name], facet),
            version=version,
        )
        facets[name] = _entries(facet, counts, labels, _selected(filterset, name))
    return facets


def without_filter(filterset: FilterSet, name: str) -> QuerySet:
    """The records every active filter of a valid filterset selects, except `name`'s: what
    `filterset.qs` would be without that parameter (unordered)."""
    queryset = filterset.queryset
    for other, value in filterset.form.cleaned_data.items():
        if other != name and not isinstance(filterset.filters[other], OrderingFilter):
            queryset = filterset.filters[other].filter(queryset, value)
    return queryset.order_by()


def _count(filterset: FilterSet, name: str, facet: Facet) -> list[tuple]:
    """[(value, count)]: one grouped COUNT per path of the facet."""
    within = without_filter(filterset, name)
    counts: Counter = Counter()
    for path in facet.values:
        rows, distinct = _grouped(within, path)
        rows = rows.annotate(count=Count("facet_record", distinct=distinct))
        counts.update(dict(rows.values_list("facet_value", "count")))
    counts.pop("", None)  # a blank column is no value of the filter
    return list(counts.items())


def _grouped(within: QuerySet, path) -> tuple[QuerySet, bool]:
    """Rows grouped by `path`'s value (`facet_value`), each naming its record (`facet_record`),
    and whether a record can appear twice in a group.

    A path through a many-to-many relation is read from the link table, restricted to the
    records `within` selects: the records' own (wide) rows are not read, and no filter
    at all reads the link table alone (what makes the unfiltered counts affordable).
    """
    model = within.model
    first, _, rest = path.partition("__") if isinstance(path, str) else (None, "", "")
    field = model._meta.get_field(first) if first else None
    if field is None or not (field.many_to_many and field.concrete):
        value = F(path) if isinstance(path, str) else path
        grouped = within.annotate(facet_value=value, facet_record=F("pk"))
        return grouped.filter(facet_value__isnull=False).values("facet_value"), "__" in str(path)
    links = field.remote_field.through.objects.order_by()
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    if within.query.has_filters():
        links = links.filter(**{f"{source}__in": within.values("pk")})
    target_path = f"{target}__{rest}" if rest else target
    # Each link is one (record, target) pair: a target's unique field names a group in
    # which a record appears once; other columns (a region) gather several targets.
    unique = not rest or field.related_model._meta.get_field(rest).unique
    grouped = links.annotate(facet_value=F(target_path), facet_record=F(source))
    return grouped.filter(facet_value__isnull=False).values("facet_value"), not unique


def _labels(filter_, facet: Facet) -> dict | None:
    """{value: label} in the filter's order of choices, or None if it has no choices."""
    choices = filter_.extra.get("choices")
    if choices is not None:
        choices = choices() if callable(choices) else choices
        return {value: str(label) for value, label in choices}
    queryset = getattr(filter_, "queryset", None)
    if isinstance(queryset, QuerySet):
        key = filter_.extra.get("to_field_name") or "pk"
        label = facet.label or str
        # A copy: the filter's own queryset lives as long as the class and must stay unread.
        return {getattr(record, key): str(label(record)) for record in queryset.all()}
    return None


def _entries(facet: Facet, counts: list[tuple], labels: dict | None, selected: list) -> list[dict]:
    def label(value) -> str:
        if labels is not None:
            return labels.get(value, str(value))
        return str(facet.label(value)) if facet.label else str(value)

    rows = [(value, label(value), count) for value, count in counts]
    if facet.order is FacetOrder.CHOICES and labels is not None:
        position = {value: i for i, value in enumerate(labels)}
        rows.sort(key=lambda row: position.get(row[0], len(position)))
    elif facet.order is FacetOrder.VALUE:
        rows.sort(key=lambda row: row[0])
    else:
        rows.sort(key=lambda row: (-row[2], row[1]))
    shown = {row[0] for row in rows}
    # A selected value that no record matches still shows, with 0, so it can be removed.
    rows += [(value, label(value), 0) for value in selected if value not in shown]
    return [
        {"value": value, "label": text, "count": count, "selected": value in selected}
        for value, text, count in rows
    ]


def _selected(filterset: FilterSet, name: str) -> list:
    """The facet's values the filterset selects, as the facet's counts name them."""
    value = filterset.form.cleaned_data.get(name)
    if not is_given(value):
        return []
    key = filterset.filters[name].extra.get("to_field_name") or "pk"
    items = value if isinstance(value, list | tuple | QuerySet) else [value]
    # A key filter's cleaned value is the queryset it validated with, already read.
    return [getattr(item, key) if isinstance(item, Model) else item for item in items]


def _other_filters_key(filterset: FilterSet, name: str) -> str:
    """The active filters but `name`, as values in a canonical order."""
    parts = []
    for other, value in sorted(filterset.form.cleaned_data.items()):
        if other == name or isinstance(filterset.filters[other], OrderingFilter):
            continue
        if not is_given(value):
            continue
        parts.append((other, _canonical(value)))
    return repr(parts)


def _canonical(value):
    if isinstance(value, list | tuple | QuerySet):
        return tuple(sorted(_canonical(item) for item in value))
    if isinstance(value, Model):
        return value.natural_key() if hasattr(value, "natural_key") else value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
