"""Serializer building blocks: brief relations, evidence, `fields` selection, and writes
validated like the admin."""

from copy import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator

from catalogue.api.fields import (
    MAX_ITEMS,
    ApiUrlField,
    BriefRelatedField,
    PageUrlField,
    PrefetchedManyMixin,
    StrictCharField,
    StrictManyMixin,
    strict_field_mapping,
)
from catalogue.models import Evidence, Reference
from catalogue.services import documented_record_save


class BriefSerializer(serializers.Serializer):
    """A related record in compact form: `{"id", "name", "url"}`."""

    id = serializers.CharField(source="slug", read_only=True)
    name = serializers.CharField(read_only=True)
    url = ApiUrlField()


class BriefRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """A brief relation in the schema: the `Brief` object in responses, an id in requests."""

    target_class = BriefRelatedField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            return auto_schema.resolve_serializer(BriefSerializer, direction).ref
        return {"type": "string", "description": "The related record's id."}


class FootnoteField(StrictManyMixin, serializers.SlugRelatedField):
    """A footnote, by its number."""

    default_error_messages = {
        "does_not_exist": _("The paper has no footnote {value}."),
        "invalid": _("A footnote number is required."),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    """Writes take exactly the JSON types the schema gives (no "1874" for 1874)."""

    serializer_field_mapping = strict_field_mapping(
        serializers.ModelSerializer.serializer_field_mapping
    )


class WholeItemSerializer(PrefetchedManyMixin, StrictModelSerializer):
    """An item of a nested list (evidence, a pillar link, a figure): written whole, even in a
    PATCH, since the list it belongs to is replaced."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            missing = {
                name: [field.error_messages["required"]]
                for name, field in self.fields.items()
                if field.required and not field.read_only and name not in data
            }
            if missing:
                raise serializers.ValidationError(missing)
        return super().to_internal_value(data)


class EvidenceSerializer(WholeItemSerializer):
    """A verbatim passage of the paper and the footnotes it rests on."""

    quote = StrictCharField(
        validators=Evidence._meta.get_field("quote").validators,
        help_text=_("A verbatim passage of the paper (white space and * may differ)."),
    )
    footnotes = FootnoteField(
        source="references",
        prefetched="footnote_list",
        slug_field="number",
        queryset=Reference.objects.all(),
        many=True,
        required=False,
        help_text=_("Numbers of the paper's footnotes the passage rests on."),
    )

    class Meta:
        model = Evidence
        fields = ["quote", "footnotes"]


class SelectableFieldsMixin:
    """Keeps only the fields the view selected (`?fields=`), on the top-level serializer."""

    def get_fields(self):
        fields = super().get_fields()
        selected = self.context.get("fields")
        if selected and self.context.get("fields_for") is type(self):
            fields = {name: field for name, field in fields.items() if name in selected}
        return fields


class CatalogueSerializer(SelectableFieldsMixin, StrictModelSerializer):
    """A catalogue record: `id`, `url`, `html_url`, fields, `evidence`, `created`, `modified`.

    Reads honour the `fields` selection the view puts in the context. Writes are validated
    as the admin validates (every model field validator, unique and check constraint; each
    quote must occur in the paper) and are saved in one transaction with their evidence.
    """

    url = ApiUrlField(help_text=_("This record in the API."))
    html_url = PageUrlField(help_text=_("This record's page on the site."))
    evidence = EvidenceSerializer(
        prefetched="evidence_list",
        many=True,
        allow_empty=False,
        max_length=MAX_ITEMS,
        help_text=_("The passages of the paper this record rests on (at least one)."),
    )

    # Validated-data keys written after the record itself is saved.
    nested_sources: tuple[str, ...] = ("evidence",)

    class Meta:
        validators = []  # unique and check constraints: the model's own, in validate()

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            # Uniqueness is checked once, by the model, together with its other constraints.
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
        return fields

    # ------------------------------------------------------------------ validation

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        record = copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in self.nested_sources:
                setattr(record, name, value)
        exclude = [
            field.name
            for field in model._meta.get_fields()
            if not field.concrete or field.many_to_many or field.name in self.nested_sources
        ]
        try:
            record.full_clean(exclude=exclude)
        except DjangoValidationError as error:
            raise serializers.ValidationError(self._api_errors(error)) from error
        self.validate_record(record, attrs)
        return attrs

    def validate_record(self, record, attrs) -> None:
        """Checks beyond the model's own (cycles); raise ValidationError({field: [...]})."""

    def _api_errors(self, error: DjangoValidationError) -> dict:
        by_source = {field.source: name for name, field in self.fields.items()}
        errors = {}
        for name, messages in error.message_dict.items():
            key = (
                api_settings.NON_FIELD_ERRORS_KEY
                if name == NON_FIELD_ERRORS
                else by_source.get(name, name)
            )
            errors.setdefault(key, []).extend(messages)
        return errors

    def check_no_cycle(self, record, field_name: str, target) -> None:
        """`target` (a parent) must not be the record itself or one of its descendants."""
        if target is None or record.pk is None:
            return
        node, depth = target, 0
        while node is not None and depth < 1000:
            if node.pk == record.pk:
                name = next(n for n, f in self.fields.items() if f.source == field_name)
                raise serializers.ValidationError(
                    {name: [_("This would make the record its own ancestor.")]}
                )
            node, depth = getattr(node, field_name), depth + 1

    # ------------------------------------------------------------------ writing

    def create(self, validated_data):
        return self.write(self.Meta.model(), validated_data)

    def update(self, record, validated_data):
        return self.write(record, validated_data)

    def write(self, record, validated_data):
        nested = {
            name: validated_data.pop(name) for name in self.nested_sources if name in validated_data
        }
        for name, value in validated_data.items():
            setattr(record, name, value)
        request = self.context.get("request")
        self.save_record(record, nested, user=request and request.user)
        return self.reload(record)

    def save_record(self, record, nested: dict, *, user) -> None:
        """Write through the service the loader and the admin use too (same history)."""
        documented_record_save(record=record, evidence=nested.get("evidence"), user=user)

    def reload(self, record):
        """The saved record as the API shows it (annotations and relations fresh)."""
        return self.Meta.model.objects.for_api().get(pk=record.pk)
