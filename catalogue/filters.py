"""Filter building blocks shared by every FilterSet (and so by the pages and the API)."""

from datetime import UTC

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField


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
        return values

    def value_omitted_from_data(self, data, files, name):
        return name not in data


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


class NaturalKeyField(forms.ModelMultipleChoiceField):
    """Refuses values no key can be (too long, NUL bytes) before they reach the database."""

    def _check_values(self, value):
        for item in value:
            if len(item) > 100 or "\x00" in item:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item[:100].replace("\x00", "")},
                )
        return super()._check_values(value)


class NaturalKeyFilter(filters.ModelMultipleChoiceFilter):
    """Records related to any (or, with `conjoined`, every) of the named records; with
    `exclude`, records related to none of them (NetBox's `__n` lookups).

    Values are natural keys (slugs, ISO codes). Each condition is a subquery on the primary
    key rather than a join, so a record related to several chosen targets appears once
    without DISTINCT.
    """

    field_class = NaturalKeyField

    def __init__(self, *args, key="slug", normalise=str.lower, as_text=False, **kwargs):
        kwargs.setdefault("to_field_name", key)
        kwargs.setdefault("widget", MultiValueWidget(normalise=normalise, as_text=as_text))
        kwargs.setdefault("error_messages", {"invalid_choice": _("Unknown value: %(value)s.")})
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        groups = [[target] for target in value] if self.conjoined else [list(value)]
        for targets in groups:
            matching = qs.model._default_manager.filter(
                **{f"{self.field_name}__in": targets}
            ).values("pk")
            qs = qs.exclude(pk__in=matching) if self.exclude else qs.filter(pk__in=matching)
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
