"""Serializer fields shared by every resource: public ids, links, and compact relations."""

import logging
import re

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS, ManyRelatedField

logger = logging.getLogger(__name__)

# How each resource is addressed in the API: its detail route and its public id.
# Countries go by ISO alpha-2 code (lower case in URLs, like the pages), references by
# footnote number, everything else by slug.
_ROUTES = {
    "countries.country": ("api:country-detail", lambda record: record.iso2),
    "countries.city": ("api:city-detail", lambda record: record.slug),
    "catalogue.pillar": ("api:pillar-detail", lambda record: record.slug),
    "initiatives.institution": ("api:institution-detail", lambda record: record.slug),
    "initiatives.programme": ("api:programme-detail", lambda record: record.slug),
    "catalogue.reference": ("api:reference-detail", lambda record: record.number),
}


def public_id(record):
    return _ROUTES[record._meta.label_lower][1](record)


# The ids `reverse()` leaves as they are, so that they can be put in a reversed route's place.
_PLAIN_ID = re.compile(r"[-a-z0-9_]+")


class Links:
    """The API and page URLs of records, for one serialization.

    A page of 50 programmes links to hundreds of records, and `reverse()` takes tens of
    microseconds: each API route is reversed once, then other ids take the first one's place.
    """

    def __init__(self, request):
        self.request = request
        self._api_prefixes: dict[str, str] = {}  # view name -> absolute URL up to the id

    def api(self, record) -> str:
        view_name, key = _ROUTES[record._meta.label_lower]
        value = key(record)
        value = value.lower() if isinstance(value, str) else value
        text = str(value)
        plain = _PLAIN_ID.fullmatch(text) is not None
        prefix = self._api_prefixes.get(view_name)
        if prefix is not None and plain:
            return f"{prefix}{text}/"
        url = self._absolute(reverse(view_name, kwargs={"id": value}))
        if plain and url.endswith(f"/{text}/"):
            self._api_prefixes[view_name] = url[: -len(text) - 1]
        return url

    def page(self, record) -> str | None:
        """The record's HTML page, or None (logged) while the pages do not route it."""
        try:
            path = record.get_absolute_url()
        except NoReverseMatch:
            logger.warning("No page URL for %s %r", record._meta.label, public_id(record))
            return None
        return self._absolute(path)

    def _absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path) if self.request is not None else path


def links(context: dict) -> Links:
    """The `Links` of a serializer's context, made on first use (one per request)."""
    request = context.get("request")
    found = context.get("links")
    if found is None or found.request is not request:
        found = context["links"] = Links(request)
    return found


def related(record, name: str) -> list:
    """The records of a to-many relation: the list `for_api()` prefetched into
    `prefetched_<name>`, or else (a record loaded some other way) from the database."""
    try:
        return getattr(record, f"prefetched_{name}")
    except AttributeError:
        return list(getattr(record, name).all())


@extend_schema_field({"type": "string", "format": "uri", "readOnly": True})
class ApiUrlField(serializers.Field):
    """`url`: the record's own API URL."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, record):
        return links(self.context).api(record)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True, "readOnly": True})
class PageUrlField(serializers.Field):
    """`html_url`: the record's page on the site."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, record):
        return links(self.context).page(record)


class StrictManyRelatedField(ManyRelatedField):
    """A list of related ids that must be a JSON array (DRF would also take an object).

    Read from the list `for_api()` prefetched, when there is one.
    """

    def get_attribute(self, instance):
        if len(self.source_attrs) != 1 or getattr(instance, "pk", None) is None:
            return super().get_attribute(instance)
        return related(instance, self.source)

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictManyMixin:
    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: kwargs[key] for key in kwargs if key in MANY_RELATION_KWARGS})
        return StrictManyRelatedField(**list_kwargs)


# The schema of BriefRelatedField's objects, which the field builds itself (the docstring is
# the schema's description).
class BriefSerializer(serializers.Serializer):
    """A related record in compact form: `{"id", "name", "url"}`."""

    id = serializers.SerializerMethodField()
    name = serializers.CharField(read_only=True)
    url = ApiUrlField()

    def get_id(self, record) -> str:
        return public_id(record)


class BriefRelatedField(StrictManyMixin, serializers.RelatedField):
    """A relation shown as a `Brief` object and written as the related record's public id."""

    default_error_messages = {
        "does_not_exist": _("Unknown value: {value}."),
        "incorrect_type": _("A string id is required, not {type}."),
    }

    def __init__(self, *, key: str = "slug", normalise=str.lower, **kwargs):
        self.key = key
        self.normalise = normalise
        super().__init__(**kwargs)

    def to_representation(self, record):
        # BriefSerializer's fields, without a serializer per related record.
        url = links(self.context).api(record)
        return {"id": public_id(record), "name": record.name, "url": url}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("incorrect_type", type=type(data).__name__)
        value = self.normalise(data.strip())
        if not value or len(value) > 100 or "\x00" in value:
            self.fail("does_not_exist", value=data[:100].replace("\x00", ""))
        try:
            return self.get_queryset().get(**{self.key: value})
        except self.get_queryset().model.DoesNotExist:
            self.fail("does_not_exist", value=value)

    def use_pk_only_optimization(self):
        return False

    def get_choices(self, cutoff=None):
        return {}  # no browsable forms: never list every record


class KeyRelatedField(StrictManyMixin, serializers.SlugRelatedField):
    """A link row's target (the pillar of a programme's pillar link): read and written by id."""

    default_error_messages = {
        "does_not_exist": _("Unknown value: {value}."),
        "invalid": _("A string id is required."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        data = data.strip().lower()
        if len(data) > 100 or "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data[:100])
        return super().to_internal_value(data)

    def get_choices(self, cutoff=None):
        return {}


# ---------------------------------------------------------------------------- strict scalars
# DRF coerces: 0 becomes "0" for a string field, "1874" becomes 1874 for an integer field. The
# schema promises JSON types, so writes get exactly those types or a 400.


class StrictCharField(serializers.CharField):
    default_error_messages = {"not_a_string": _("A string is required.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class StrictSlugField(StrictCharField, serializers.SlugField):
    pass


class StrictRegexField(StrictCharField, serializers.RegexField):
    pass


class StrictEmailField(StrictCharField, serializers.EmailField):
    pass


class StrictURLField(StrictCharField, serializers.URLField):
    pass


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDecimalField(serializers.DecimalField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


STRICT_FIELDS = {
    serializers.CharField: StrictCharField,
    serializers.SlugField: StrictSlugField,
    serializers.EmailField: StrictEmailField,
    serializers.URLField: StrictURLField,
    serializers.IntegerField: StrictIntegerField,
    serializers.DecimalField: StrictDecimalField,
}


def strict_field_mapping(mapping: dict) -> dict:
    """A ModelSerializer's `serializer_field_mapping` with the strict fields swapped in."""
    return {
        model_field: STRICT_FIELDS.get(serializer_field, serializer_field)
        for model_field, serializer_field in mapping.items()
    }
