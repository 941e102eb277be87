"""Facet counts: for each filter a FilterSet declares a facet, its values with how many records
each would select under every *other* active filter.

A FilterSet lists its facets in a `facets` attribute, {filter name: Facet}; nothing else needs
to know of them. Counts come from the FilterSet's own filters: what the other active filters
select is read through the filters themselves, so a filter means the same in a facet as in a
list; values and labels come from the facet's filter too (its choices or its records).

`facet_counts()` is the one way in. Behind it, an index per catalogue version holds each
facet value's records as a bitset (read through the paths the facet declares, as its filter
selects them); a request intersects the sets its other filters select with each value's and
counts the bits, with no grouped COUNT over the database (which took up to 0.6 s a facet at
100,000 programmes).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import lru_cache, partial, reduce, wraps
from operator import and_

from django.db.models import F, Model, QuerySet
from django.db.models.expressions import Combinable
from django.utils.translation import get_language
from django_filters import FilterSet, OrderingFilter
from pyroaring import BitMap, FrozenBitMap

from catalogue.caching import cached
from catalogue.filters import is_given
from catalogue.search import fold
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
    `version` is the catalogue version's token when the caller has read it already.
    """
    if not filterset.is_valid():
        raise ValueError("Facets need a valid filterset; show its errors instead.")
    version = version or catalogue_version().token
    index = _facet_index(type(filterset), version)
    # Orderings and switches (`MatchFilter`) select nothing by themselves.
    active = [
        name
        for name, value in filterset.form.cleaned_data.items()
        if is_given(value)
        and not isinstance(filterset.filters[name], OrderingFilter)
        and not getattr(filterset.filters[name], "switches", False)
    ]
    # A facet's filter given one value selects what that value's entry in the index holds.
    known = {}
    for name in active:
        selected = _selected(filterset, name) if name in index else []
        if len(selected) == 1:
            known[name] = index[name].get(selected[0], EMPTY)
    selections = {}
    facets = {}
    for name, facet in filterset.facets.items():
        # A facet counts under the other filters, and under its own too when it is a
        # conjunction: a value's count is then what adding it to the chosen ones gives.
        own = _conjoined(filterset, name)
        within = [bits for other, bits in known.items() if other != name or own]
        rest = tuple(other for other in active if (other != name or own) and other not in known)
        if rest or filterset.queryset.query.has_filters():
            if rest not in selections:
                selections[rest] = _selection(filterset, rest, version)
            within.append(selections[rest])
        counts = _count(index[name], reduce(and_, within) if within else None)
        labels = _facet_labels(type(filterset), name, get_language(), version)
        facets[name] = _entries(facet, counts, labels, _selected(filterset, name))
    return facets


# --------------------------------------------------------------------------- the index
# Each facet value's records as a compressed bitmap of their primary keys (pyroaring, the
# Roaring format): intersecting is `&`, counting `intersection_cardinality`, and a value few
# records have takes a few bytes (a plain bitset of 100,000 bits took 12.5 kB for each of
# 20,000 institutions: 250 MB). The index is built once per catalogue version (one grouped
# read per facet path), kept in the cache for the other processes and in each process's
# memory; a request then counts every facet value without a grouped COUNT.


EMPTY = FrozenBitMap()


def _kept_in_process(maxsize: int):
    """`lru_cache`, with one thread at a time computing a missing entry while the
    process's other threads wait for it: gunicorn's threads would otherwise each build the
    same index at once (a copy each in memory, and every thread busy for seconds)."""

    def decorate(function):
        kept = lru_cache(maxsize=maxsize)(function)
        lock = threading.Lock()

        @wraps(function)
        def wrapper(*args):
            with lock:
                return kept(*args)

        return wrapper

    return decorate


@_kept_in_process(maxsize=8)
def _facet_index(filterset_class: type[FilterSet], version: str) -> dict[str, dict]:
    """{facet: {value: bitset of the records with that value}} over all the model's records."""

    def build() -> dict[str, dict]:
        records = filterset_class._meta.model._default_manager.all()
        return {
            name: _value_bitsets(records, facet) for name, facet in filterset_class.facets.items()
        }

    name = f"facet-index:{filterset_class.__module__}.{filterset_class.__qualname__}"
    return cached(name, build, version=version)


def _value_bitsets(records: QuerySet, facet: Facet) -> dict:
    # Bitmaps from the first row: lists of keys would hold a Python int per link (300,000
    # of them for institutions at 100,000 programmes) until the index is built.
    members = defaultdict(BitMap)
    for path in facet.values:
        pairs = _grouped(records, path).values_list("facet_value", "facet_record")
        for value, pk in pairs.iterator(chunk_size=10_000):
            members[value].add(pk)
    members.pop("", None)  # a blank column is no value of the filter
    return {value: _bitset(pks) for value, pks in members.items()}


def _selection(filterset: FilterSet, names: tuple[str, ...], version: str) -> BitMap:
    """The bitset of the records that the filterset's queryset and its filters `names`
    select, each filter applied as the FilterSet applies it (cached per catalogue version
    and values, unless the queryset has filters of its own, which no key could name)."""

    def select() -> BitMap:
        queryset = filterset.queryset
        for name in names:
            queryset = filterset.filters[name].filter(queryset, filterset.form.cleaned_data[name])
        return _bitset(queryset.order_by().values_list("pk", flat=True))

    if filterset.queryset.query.has_filters():
        return select()
    values = sorted(
        (name, _canonical(filterset.form.cleaned_data[name]), _conjoined(filterset, name))
        for name in names
    )
    return cached(
        f"facet-selection:{type(filterset).__qualname__}:{values!r}", select, version=version
    )


def _bitset(pks) -> BitMap:
    """The bitmap of these primary keys, frozen: the index is shared, never changed."""
    return FrozenBitMap(pks)


def _count(bitsets: dict, within: BitMap | None) -> list[tuple]:
    """[(value, count)] of the values that records `within` have (None: any record)."""
    # One C method mapped over the bitsets: a facet can have 20,000 values (institutions).
    count = len if within is None else within.intersection_cardinality
    counts = zip(bitsets, map(count, bitsets.values()), strict=True)
    return [(value, n) for value, n in counts if n]


def _grouped(records: QuerySet, path) -> QuerySet:
    """(`facet_value`, `facet_record`) rows: each record's values of `path`.

    A path through a many-to-many relation is read from the link table alone, not from the
    records' own (wide) rows.
    """
    model = records.model
    first, _, rest = path.partition("__") if isinstance(path, str) else (None, "", "")
    field = model._meta.get_field(first) if first else None
    if field is None or not (field.many_to_many and field.concrete):
        value = F(path) if isinstance(path, str) else path
        rows = records.annotate(facet_value=value, facet_record=F("pk"))
    else:
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        target_path = f"{target}__{rest}" if rest else target
        links = field.remote_field.through.objects.all()
        rows = links.annotate(facet_value=F(target_path), facet_record=F(source))
    return rows.filter(facet_value__isnull=False).order_by()


@dataclass(frozen=True)
class Labels:
    """A facet's labels, and each value's place in the order the facet's entries take
    when their counts are equal: sorting by that place instead of folding every label on
    every request (a facet can have 20,000 values) made facet counts twice as fast."""

    text: dict
    rank: dict


@_kept_in_process(maxsize=64)
def _facet_labels(
    filterset_class: type[FilterSet], name: str, language: str, version: str
) -> Labels | None:
    """A facet's labels, kept in each process as the index is (20,000 institutions' names
    would otherwise be read from the cache and unpickled on every request)."""
    filter_ = filterset_class.base_filters[name]
    facet = filterset_class.facets[name]
    text = cached(
        f"facet-labels:{filterset_class.__qualname__}:{name}:{language}",
        partial(_labels, filter_, facet),
        version=version,
    )
    if text is None:
        return None
    if facet.order is FacetOrder.CHOICES:
        order = list(text)  # as the filter lists its choices
    else:
        order = sorted(text, key=lambda value: fold(text[value]))  # "Índia" among the I's
    return Labels(text=text, rank={value: place for place, value in enumerate(order)})


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
        # Read in chunks: 20,000 institutions at once would grow every worker for good.
        records = queryset.all().iterator(chunk_size=2000)
        return {getattr(record, key): str(label(record)) for record in records}
    return None


def _entries(
    facet: Facet, counts: list[tuple], labels: Labels | None, selected: list
) -> list[dict]:
    def label(value) -> str:
        if labels is not None:
            return labels.text.get(value, str(value))
        return str(facet.label(value)) if facet.label else str(value)

    if facet.order is FacetOrder.VALUE:
        counts = sorted(counts)
    elif labels is not None:
        last = len(labels.rank)
        if facet.order is FacetOrder.CHOICES:
            counts = sorted(counts, key=lambda pair: labels.rank.get(pair[0], last))
        else:
            counts = sorted(counts, key=lambda pair: (-pair[1], labels.rank.get(pair[0], last)))
    else:
        counts = sorted(counts, key=lambda pair: (-pair[1], fold(label(pair[0]))))
    rows = [(value, label(value), count) for value, count in counts]
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


def _conjoined(filterset: FilterSet, name: str) -> bool:
    """Whether the filter `name` selects records having every value it is given."""
    is_conjoined = getattr(filterset.filters[name], "is_conjoined", None)
    return bool(is_conjoined and is_conjoined())


def _canonical(value):
    if isinstance(value, list | tuple | QuerySet):
        return tuple(sorted(_canonical(item) for item in value))
    if isinstance(value, Model):
        return value.natural_key() if hasattr(value, "natural_key") else value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
