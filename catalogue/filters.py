"""Filter building blocks shared by every FilterSet (and so by the pages and the API)."""

from collections import defaultdict
from datetime import UTC

from django import forms
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from catalogue.search import Folded, fold


class MultiValueInput:
    """Reads a parameter given several times and/or as a comma-separated list.

    `?country=MX&country=CL` and `?country=MX,CL` mean the same; values are normalised
    (upper-case for ISO codes, lower-case for slugs) so that `mx` works too.
    """

    def __init__(self, *args, normalise=str.lower, as_text=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.normalise = normalise
        self.as_text = as_text

    def render(self, name, value, attrs=None, renderer=None):
        if not self.as_text:
            return super().render(name, value, attrs, renderer)
        # A comma-separated text field: listing tens of thousands of options is no help.
        text = ",".join(str(item) for item in value or [] if item not in (None, ""))
        return forms.TextInput().render(name, text, attrs, renderer)

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        raw = getter(name) if getter else [data.get(name)] if name in data else []
        values = [
            self.normalise(part.strip())
            for item in raw
            if isinstance(item, str)
            for part in item.split(",")
            if part.strip()
        ]
        # A value given twice selects nothing more: once, in the order first given.
        return list(dict.fromkeys(values))

    def value_omitted_from_data(self, data, files, name):
        return name not in data


def unknown_parameters(query, allowed) -> dict[str, str]:
    """Each parameter of `query` that `allowed` does not name, with a message listing those it
    does: pages, exports, feeds and the API all refuse them (a mistyped filter such as
    `contry=MX` would otherwise return everything)."""
    return {name: _unknown_message(name, allowed) for name in sorted(set(query) - set(allowed))}


def _unknown_message(name: str, allowed) -> str:
    # A lookup a filter does not have (`country__gte`): name the ones it has.
    base = name.split("__", 1)[0]
    lookups = sorted(known for known in allowed if known.split("__", 1)[0] == base)
    if "__" in name and lookups:
        return _("Unknown lookup; %(filter)s takes: %(lookups)s.") % {
            "filter": base,
            "lookups": ", ".join(lookups),
        }
    return _("Unknown parameter; this endpoint takes: %(known)s.") % {
        "known": ", ".join(sorted(allowed))
    }


def is_given(value) -> bool:
    """Whether a filter's cleaned value selects anything (an empty key filter cleans to
    `queryset.none()`, an absent one to None or an empty string or list)."""
    if isinstance(value, QuerySet):
        return not value.query.is_empty()
    return value not in (None, "", [], ())


class MultiValueWidget(MultiValueInput, forms.SelectMultiple):
    """Several values, shown as a multiple select (or, `as_text`, as a comma-separated list)."""


class MultiValueCheckboxes(MultiValueInput, forms.CheckboxSelectMultiple):
    """Several of a few fixed choices, shown as Django's group of checkboxes."""


class ChoicesFilter(filters.MultipleChoiceFilter):
    """Several of a column's fixed choices (`kind=fund,network`, like the key filters; `kind=`
    means any), shown as checkboxes. A condition on the record's own column never repeats a
    row, so no DISTINCT."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiValueCheckboxes())
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


# The most values one multi-value parameter takes: enough for any real query, and few enough
# that no query grows with what a client sends (a conjunction of many countries made
# PostgreSQL's planning take minutes).
MAX_VALUES = 50
MAX_CONJOINED_VALUES = 10


class NaturalKeyField(forms.ModelMultipleChoiceField):
    """Records by natural key; with `name_field`, also by name where one record has it.

    Refuses values no key can be (too long, NUL bytes) before they reach the database, and
    more than `max_values` of them. A name is compared without regard to case or accents
    ("mexico city" finds "Mexico City"); a name several records share is refused with their
    keys, so the reader can choose.
    """

    default_error_messages = {
        "ambiguous": _("“%(value)s” names several records: give one of their keys: %(keys)s."),
    }

    def __init__(self, *args, max_values=MAX_VALUES, name_field=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_values = max_values
        self.name_field = name_field

    def _check_values(self, value):
        if len(value) > self.max_values:
            raise forms.ValidationError(
                _("At most %(max)d values, not %(count)d.")
                % {"max": self.max_values, "count": len(value)},
                code="max_values",
            )
        for item in value:
            if len(item) > 100 or "\x00" in item:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item[:100].replace("\x00", "")},
                )
        try:
            return super()._check_values(value)
        except forms.ValidationError as error:
            # Keys are the common case and cost nothing more: names are looked up only here.
            if self.name_field is None or error.code != "invalid_choice":
                raise
            return super()._check_values(self._keys_of_names(value))

    def _keys_of_names(self, values: list[str]) -> list[str]:
        key = self.to_field_name
        known = set(self.queryset.filter(**{f"{key}__in": values}).values_list(key, flat=True))
        names = {value: fold(value) for value in values if value not in known}
        rows = (
            self.queryset.annotate(folded_name=Folded(self.name_field))
            .filter(folded_name__in=set(names.values()))
            .values_list("folded_name", key)
        )
        keys_by_name = defaultdict(list)
        for folded_name, record_key in rows:
            keys_by_name[folded_name].append(str(record_key))
        keys = []
        for value in values:
            found = keys_by_name.get(names[value], []) if value in names else []
            if len(found) > 1:
                raise forms.ValidationError(
                    self.error_messages["ambiguous"],
                    code="ambiguous",
                    params={"value": value, "keys": ", ".join(sorted(found))},
                )
            keys.append(found[0] if found else value)
        return keys


class NaturalKeyFilter(filters.ModelMultipleChoiceFilter):
    """Records related to any (or, with `conjoined`, every) of the named records; with
    `exclude`, records related to none of them (NetBox's `__n` lookups).

    Values are natural keys (slugs, ISO codes), at most `MAX_VALUES` (`MAX_CONJOINED_VALUES`
    for a conjunction). The condition is one subquery on the primary key rather than a join,
    so a record related to several chosen targets appears once without DISTINCT.
    """

    field_class = NaturalKeyField

    def __init__(
        self,
        *args,
        key="slug",
        normalise=str.lower,
        as_text=False,
        name_field=None,
        conjoined_by=None,
        **kwargs,
    ):
        # The name of a `MatchFilter` that, set to "all", makes this filter a conjunction.
        self.conjoined_by = conjoined_by
        if kwargs.get("conjoined"):
            kwargs.setdefault("max_values", MAX_CONJOINED_VALUES)
        if name_field:
            kwargs["name_field"] = name_field  # given to the form field
        kwargs.setdefault("to_field_name", key)
        kwargs.setdefault("widget", MultiValueWidget(normalise=normalise, as_text=as_text))
        kwargs.setdefault("error_messages", {"invalid_choice": _("Unknown value: %(value)s.")})
        super().__init__(*args, **kwargs)

    def is_conjoined(self) -> bool:
        """Whether the records must be related to every value (`conjoined`, or its switch
        set to "all" in the bound filterset's valid data)."""
        if self.conjoined:
            return True
        parent = getattr(self, "parent", None)
        if not self.conjoined_by or parent is None:
            return False
        return parent.form.cleaned_data.get(self.conjoined_by) == MatchFilter.ALL

    def filter(self, qs, value):
        if not value:
            return qs
        matching = self.matching(qs.model, list(value), every=self.is_conjoined())
        return qs.exclude(pk__in=matching) if self.exclude else qs.filter(pk__in=matching)

    def matching(self, model, targets, *, every: bool = False) -> QuerySet:
        """The primary keys of `model`'s records related to any of `targets` (to all of them
        if `every`): from the link table alone for a many-to-many field of the model's own
        (half the time of joining the records' table at 100,000 programmes), else through the
        records. Every target is one grouped subquery (one join per target made planning time
        explode)."""
        field = model._meta.get_field(self.field_name) if "__" not in self.field_name else None
        if field is not None and field.many_to_many and field.concrete:
            links = field.remote_field.through._default_manager
            record, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            rows = links.filter(**{f"{target}__in": targets}).values(record)
        else:
            record, target = "pk", self.field_name
            rows = model._default_manager.filter(**{f"{target}__in": targets}).values(record)
        if every:
            rows = rows.annotate(matched=Count(target, distinct=True)).filter(matched=len(targets))
        return rows.values(record)


class MatchFilter(filters.ChoiceFilter):
    """`<filter>_match=all`: the key filter it names (`conjoined_by`) selects records related
    to every value it is given rather than to any. A GET form says so with one checkbox
    beside that filter's checkboxes. It selects nothing by itself: the filter it switches
    reads it (`NaturalKeyFilter.is_conjoined()`), and facets leave it out of the filters they
    intersect (`switches` is true)."""

    ANY, ALL = "any", "all"
    switches = True

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "choices", [(self.ANY, _("any of the chosen values")), (self.ALL, _("all of them"))]
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs


class StrictIntegerFilter(filters.Filter):
    """An integer parameter that refuses floats and out-of-range values with a message."""

    field_class = forms.IntegerField


class UTCIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time, given to the database in UTC: PostgreSQL refuses offsets
    that Python accepts (up to ±24 h), which would otherwise answer a 500."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or timezone.is_naive(value):
            return value
        try:
            return value.astimezone(UTC)
        except OverflowError:  # within a day of the first or last representable moment
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ModifiedSinceFilter(filters.IsoDateTimeFilter):
    """`modified_since=<ISO 8601>`: records created or changed since then, for mirroring."""

    field_class = UTCIsoDateTimeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "modified")
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("label", _("Modified since (ISO 8601)"))
        super().__init__(*args, **kwargs)


class SearchFilter(filters.CharFilter):
    """`q`: the model's own `search()` QuerySet method, so pages and API search alike."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", pgettext_lazy("noun", "Search"))
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        return qs.search(value) if value else qs


class CatalogueOrdering(filters.OrderingFilter):
    """`?ordering=` as a reader expects it: undated (null) values last in either direction,
    and names without regard to case ("Alliances" before "APEC").

    `text_fields` are the fields compared in lower case. The models' `Meta.ordering` (the
    default order) follows the same rule, so pages, API and exports sort alike.
    """

    # Labels of the usual fields in the reader's language (django-filter's own are English).
    LABELS = {
        "name": _("Name"),
        "acronym": _("Acronym"),
        "start_year": _("Start year"),
        "end_year": _("End year"),
        "founded_year": _("Year founded"),
        "kind": _("Kind"),
        "status": _("Status"),
        "iso2": _("ISO code"),
        "programme_count": _("Number of programmes"),
        "number": _("Footnote number"),
        "year": _("Year"),
        "modified": _("Last modified"),
    }

    def __init__(self, *args, text_fields=("name",), default="name", **kwargs):
        kwargs.setdefault("field_labels", self.LABELS)
        super().__init__(*args, **kwargs)
        self.text_fields = frozenset(text_fields)
        # The ordering that `Meta.ordering` gives when none is asked for: the page's select
        # names it rather than offering a vague "default order".
        self.default = default

    def build_choices(self, fields, labels):
        # As django-filter's, but translated when shown rather than once, in English, at import.
        ascending = [(param, labels.get(field, param)) for field, param in fields.items()]
        descending = [
            (f"-{param}", format_lazy(_("{} (descending)"), label)) for param, label in ascending
        ]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field_name = self.param_map[param.removeprefix("-")]
        column = Lower(field_name) if field_name in self.text_fields else F(field_name)
        return column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
