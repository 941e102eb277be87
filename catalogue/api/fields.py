"""Serializer fields shared by every resource: links, compact relations and strict input."""

import logging
from functools import cached_property

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS, ManyRelatedField
from rest_framework.serializers import LIST_SERIALIZER_KWARGS, LIST_SERIALIZER_KWARGS_REMOVE

logger = logging.getLogger(__name__)


def _absolute(context: dict, path: str) -> str:
    """The path as an absolute URL for the serialization's request, or the `origin` its
    context names (a release, built without a request); a path without either."""
    if "origin" not in context:
        request = context.get("request")
        if request is None:
            return path
        # build_absolute_uri() validates the host each time, and a page links hundreds of
        # records: the origin is worked out once per serialization.
        context["origin"] = request.build_absolute_uri("/").removesuffix("/")
    return context["origin"] + path


@extend_schema_field({"type": "string", "format": "uri", "readOnly": True})
class ApiUrlField(serializers.Field):
    """`url`: the record's API URL, its `api:<model>-detail` route at the `id` its serializer
    shows (lower case, as in the pages' URLs: `/countries/mx/`).

    A link row (a programme's pillar) names the linked record's route: `view_name`.
    """

    def __init__(self, *, view_name: str | None = None, **kwargs):
        self.view_name = view_name
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, record):
        id_field = self.parent.fields["id"]
        public_id = id_field.to_representation(id_field.get_attribute(record))
        view_name = self.view_name or f"api:{record._meta.model_name}-detail"
        return _absolute(self.context, reverse(view_name, args=[str(public_id).lower()]))


@extend_schema_field({"type": "string", "format": "uri", "nullable": True, "readOnly": True})
class PageUrlField(serializers.Field):
    """`html_url`: the record's page on the site, or None (logged) while no page routes it."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, record):
        try:
            path = record.get_absolute_url()
        except NoReverseMatch:
            logger.warning("No page URL for %s %s", record._meta.label, record.pk)
            return None
        return _absolute(self.context, path)


# The most items a nested list of a write takes (evidence, links, ids): far more than any
# record of the paper has, and few enough that a hostile body cannot hold a worker.
MAX_ITEMS = 100


class PrefetchedMixin:
    """Reads a relation from the list its record's base QuerySet prefetched into `prefetched`
    (`Prefetch(..., to_attr=...)`), where there is one: no related manager and queryset per
    record and relation (a tenth of a millisecond each, 400 of them on a page of 50
    programmes). Writes, and records loaded otherwise, go through `source` as usual."""

    prefetched: str | None = None

    def get_attribute(self, instance):
        if self.prefetched is not None and hasattr(instance, self.prefetched):
            return getattr(instance, self.prefetched)
        return super().get_attribute(instance)


class PrefetchedListSerializer(PrefetchedMixin, serializers.ListSerializer):
    """A nested list (`many=True`) read from its prefetched list (`prefetched`)."""

    def __init__(self, *args, prefetched: str | None = None, **kwargs):
        self.prefetched = prefetched
        super().__init__(*args, **kwargs)


class PrefetchedManyMixin:
    """For a serializer nested with `many=True`: `prefetched="<to_attr>"` beside it names
    the list its records are read from (a `PrefetchedListSerializer`)."""

    @classmethod
    def many_init(cls, *args, prefetched: str | None = None, **kwargs):
        # As DRF's own many_init, with `prefetched` for the list (kept by a deep copy,
        # which builds a field anew from its arguments).
        list_kwargs = {}
        for key in LIST_SERIALIZER_KWARGS_REMOVE:
            value = kwargs.pop(key, None)
            if value is not None:
                list_kwargs[key] = value
        list_kwargs["child"] = cls(*args, **kwargs)
        list_kwargs.update(
            {key: value for key, value in kwargs.items() if key in LIST_SERIALIZER_KWARGS}
        )
        return PrefetchedListSerializer(*args, prefetched=prefetched, **list_kwargs)


class StrictManyRelatedField(PrefetchedMixin, ManyRelatedField):
    """A list of related ids that must be a JSON array (DRF would also take an object), of
    at most `MAX_ITEMS`; read from its prefetched list if given one (`prefetched`)."""

    def __init__(self, *, prefetched: str | None = None, **kwargs):
        self.prefetched = prefetched
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        if len(data) > MAX_ITEMS:
            raise serializers.ValidationError(
                _("At most %(max)d items, not %(count)d.") % {"max": MAX_ITEMS, "count": len(data)}
            )
        return super().to_internal_value(data)


class StrictManyMixin:
    @classmethod
    def many_init(cls, *args, prefetched: str | None = None, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: kwargs[key] for key in kwargs if key in MANY_RELATION_KWARGS})
        return StrictManyRelatedField(prefetched=prefetched, **list_kwargs)


class BriefRelatedField(StrictManyMixin, serializers.RelatedField):
    """A relation shown by a brief serializer (`{"id", "name", "url"}`) and written as the
    related record's public id (`key`)."""

    default_error_messages = {
        "does_not_exist": _("Unknown value: {value}."),
        "incorrect_type": _("A string id is required, not {type}."),
    }

    def __init__(self, brief_serializer, *, key: str = "slug", normalise=str.lower, **kwargs):
        self.brief_serializer = brief_serializer
        self.key = key
        self.normalise = normalise
        super().__init__(**kwargs)

    @cached_property
    def brief(self):
        """One brief serializer for every related record this field shows (as a list's child)."""
        return self.brief_serializer(context=self.context)

    def to_representation(self, record):
        return self.brief.to_representation(record)

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
