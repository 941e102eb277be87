"""What drf-spectacular needs to describe the API exactly, errors and parameters included.

- `CatalogueAutoSchema`: anonymous reads in `security`, the `fields` parameter.
- `StrictFilterExtension`: integer and length bounds of filters (the compact relations'
  extension lives beside them, in `catalogue.api.serializers`).
- `postprocess_errors` (a postprocessing hook): the one error shape as the `Error`
  component, and the error responses each operation can give; CSV, BibTeX and RIS bodies as
  text, a record's CSL JSON as the `CSLItem` component.
"""

from django.utils.translation import gettext_lazy as _
from django_filters import filters as django_filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions

from catalogue.api.permissions import ReadOnly
from catalogue.citations import FORMATS as CITATION_FORMATS
from catalogue.filters import StrictIntegerFilter

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error has this shape.",
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status code."},
        "code": {
            "type": "string",
            "description": "A stable machine-readable code, e.g. `invalid`, `not_found`.",
        },
        "detail": {"type": "string", "description": "What went wrong, for people."},
        "errors": {
            "type": "object",
            "description": (
                "Messages by query parameter or body field (nested fields as dotted paths, "
                "e.g. `evidence.0.quote`); empty when no parameter or field is at fault."
            ),
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["status", "code", "detail", "errors"],
}

GONE_SCHEMA = {
    **ERROR_SCHEMA,
    "description": "The error shape, and what is left of the deleted record.",
    "properties": {
        **ERROR_SCHEMA["properties"],
        "tombstone": {
            "type": "object",
            "properties": {
                "id": {"type": "string", "description": "The record's last id."},
                "name": {"type": "string"},
                "deleted": {"type": "string", "format": "date-time"},
            },
            "required": ["id", "name", "deleted"],
        },
    },
    "required": [*ERROR_SCHEMA["required"], "tombstone"],
}

ERROR_DESCRIPTIONS = {
    "400": "A parameter or field is unknown or invalid; `errors` names it and says why.",
    "401": (
        "Writing needs a token: `Authorization: Token <key>`; a read needs none, but a token "
        "sent with one must be valid."
    ),
    "403": "The token's user lacks the permission for this write.",
    "404": "No such record (or no such page of results, or a cursor that is not one).",
    "406": "The `Accept` header asks for a format this endpoint does not give.",
    "409": "The write conflicts with other records (e.g. deleting a referenced record).",
    "412": "An `If-Match` or `If-Unmodified-Since` precondition failed.",
    "429": "Too many requests from this client; retry after `Retry-After` seconds.",
    "503": (
        "The dataset for the current catalogue version is being built; retry after "
        "`Retry-After` seconds."
    ),
}


IF_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": (
        "The `ETag` of the representation you read (a GET of this URL); it ends with the "
        "record's version. If the record has changed since, the write is refused with a 412 "
        "naming who changed it and when, and changes nothing: read again, reapply your "
        "change, retry."
    ),
}


# A record's id is for ever: an old one leads to the record, a deleted record's to its
# tombstone.
MOVED_RESPONSE = {
    "description": "The record's id changed: `Location` is its URL now.",
    "headers": {"Location": {"schema": {"type": "string", "format": "uri"}}},
}
GONE_RESPONSE = {
    "description": "The record was deleted; `tombstone` says what it was and when.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Gone"}}},
}


RECORD_VERSION_SCHEMA = {
    "type": "object",
    "description": "A record as it was at `as_of` (`?as_of=` on a record's URL).",
    "required": ["id", "url", "as_of", "version", "fields"],
    "properties": {
        "id": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "as_of": {"type": "string", "format": "date-time"},
        "version": {
            "type": "string",
            "format": "date-time",
            "description": "When the version in force at `as_of` was written.",
        },
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "The record's own fields and followed links, as text.",
        },
    },
}


# A record's citation in CSL JSON (catalogue.citations.Citation.csl): one item, as a DOI
# gives it; citeproc processors and reference managers read it.
CSL_ITEM_SCHEMA = {
    "type": "object",
    "description": "A record's citation as one CSL JSON item (Citation Style Language 1.0).",
    "required": ["id", "type", "title", "author", "publisher", "issued", "accessed", "URL"],
    "properties": {
        "id": {"type": "string", "description": "A citation key."},
        "type": {"type": "string", "enum": ["webpage"]},
        "title": {"type": "string"},
        "genre": {"type": "string", "description": "The record type."},
        "author": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"literal": {"type": "string"}},
                "required": ["literal"],
            },
        },
        "publisher": {"type": "string"},
        "container-title": {"type": "string"},
        "issued": {"$ref": "#/components/schemas/CSLDate"},
        "accessed": {"$ref": "#/components/schemas/CSLDate"},
        "URL": {"type": "string", "format": "uri"},
        "note": {"type": "string"},
    },
}
CSL_DATE_SCHEMA = {
    "type": "object",
    "required": ["date-parts"],
    "properties": {
        "date-parts": {
            "type": "array",
            "items": {"type": "array", "items": {"type": "integer"}, "minItems": 1},
        }
    },
}
FORMAT_DESCRIPTION = (
    "The response's format, instead of the `Accept` header: `json`, `csv`, and on a record "
    "its citation, `bibtex` (application/x-bibtex), `ris` "
    "(application/x-research-info-systems) or `csl` (application/vnd.citationstyles.csl+json, "
    "a `CSLItem`). Responses (but the archive, a zip) are gzipped when the request says "
    "`Accept-Encoding: gzip`."
)
TEXT_MEDIA_TYPES = ["text/csv", *(fmt.media_type for fmt in CITATION_FORMATS.values())]
CSL_MEDIA_TYPE = CITATION_FORMATS["csl"].media_type


def _or_record_version(response: dict) -> None:
    content = response.get("content", {}).get("application/json")
    if content and "schema" in content:
        content["schema"] = {
            "anyOf": [content["schema"], {"$ref": "#/components/schemas/RecordVersion"}]
        }


class CatalogueAutoSchema(AutoSchema):
    def get_auth(self):
        auths = super().get_auth()
        perms = self.view.get_permissions()
        anonymous_reads = any(
            isinstance(p, (permissions.DjangoModelPermissionsOrAnonReadOnly, ReadOnly))  # noqa: UP038
            for p in perms
        )
        if anonymous_reads and self.method in permissions.SAFE_METHODS:
            # No requirement at all: a read needs no token (a generated client must not ask
            # for one); a token sent anyway is checked, hence the documented 401.
            return []
        return auths

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        view = self.view
        if self.method == "GET" and hasattr(view, "csv_columns") and self._is_resource_read():
            names = list(view.get_serializer_class()().fields)
            parameters.append(
                OpenApiParameter(
                    "fields",
                    type={
                        "type": "array",
                        "items": {"type": "string", "enum": names},
                        "minItems": 1,
                    },
                    location=OpenApiParameter.QUERY,
                    style="form",
                    explode=False,
                    description=str(
                        _("Only these fields, comma-separated; `id` and `url` always come.")
                    ),
                )
            )
        if self.method == "GET" and getattr(view, "action", None) == "retrieve":
            parameters.append(
                OpenApiParameter(
                    "as_of",
                    type=str,
                    location=OpenApiParameter.QUERY,
                    description=str(
                        _(
                            "An ISO 8601 date or date-time: the record as it was then (a "
                            "date is the end of that day, UTC), as a `RecordVersion`: its "
                            "own fields and links by name. 404 if it did not exist yet, "
                            "400 if in the future."
                        )
                    ),
                )
            )
        return parameters

    def _is_resource_read(self) -> bool:
        return getattr(self.view, "action", None) in ("list", "retrieve")


class StrictFilterExtension(DjangoFilterExtension):
    """django-filter's extension, plus the bounds our filters enforce.

    Every filter parameter may be sent empty, meaning "not filtered", as the pages' forms
    send them; so a page's query string works unchanged against the API.
    """

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if isinstance(filter_field, StrictIntegerFilter):
            schema = build_basic_type(OpenApiTypes.INT)
            for bound, key in (
                ("min_value", "minimum"),
                ("max_value", "maximum"),
                ("step_size", "multipleOf"),
            ):
                if filter_field.extra.get(bound) is not None:
                    schema[key] = filter_field.extra[bound]
            help_text = filter_field.extra.get("help_text")
            parameters = [
                {
                    "in": "query",
                    "name": field_name,
                    "schema": schema,
                    "description": " ".join(
                        str(text) for text in (filter_field.label, help_text) if text
                    ),
                }
            ]
        else:
            parameters = super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
        max_length = filter_field.extra.get("max_length")
        for parameter in parameters:
            parameter["allowEmptyValue"] = True
            if isinstance(filter_field, django_filters.CharFilter) and max_length:
                parameter["schema"]["maxLength"] = max_length
        return parameters


def postprocess_errors(result, generator, request, public):
    """Add the `Error` component and every operation's possible error responses."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["Gone"] = GONE_SCHEMA
    schemas["RecordVersion"] = RECORD_VERSION_SCHEMA
    schemas["CSLItem"] = CSL_ITEM_SCHEMA
    schemas["CSLDate"] = CSL_DATE_SCHEMA
    for name, schema in schemas.items():
        for field in schema.get("properties", {}).values():
            _typed_nullable_reference(field)
        # A resource's fields may be left out with `fields`; `id` and `url` never are.
        if name.startswith("Paginated") and name.endswith("List"):
            record = schema["properties"]["results"]["items"]["$ref"].rsplit("/", 1)[-1]
            schemas[record]["required"] = ["id", "url"]
        # DRF's allow_empty=False, which drf-spectacular leaves out: a record needs evidence.
        evidence = schema.get("properties", {}).get("evidence")
        if name.endswith("Request") and evidence and evidence.get("type") == "array":
            evidence["minItems"] = 1
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for parameter in operation.get("parameters", []):
                _name_descending_options(parameter.get("schema", {}).get("items", {}))
                if parameter.get("name") == "format" and parameter.get("in") == "query":
                    parameter.setdefault("description", FORMAT_DESCRIPTION)
            if method in {"put", "patch", "delete"}:
                operation.setdefault("parameters", []).append(IF_MATCH_PARAMETER)
            for code in _error_codes(path, method, operation):
                responses.setdefault(code, _error_response(code))
            if method == "get" and "200" in responses:
                responses.setdefault("304", {"description": "Not modified since the `ETag`."})
            if method == "get" and path.endswith("{id}/"):
                responses["301"] = MOVED_RESPONSE
                _or_record_version(responses.get("200", {}))
                responses["410"] = GONE_RESPONSE
            for response in responses.values():
                content = response.get("content", {})
                for media_type in TEXT_MEDIA_TYPES:
                    if media_type in content:
                        content[media_type] = {"schema": {"type": "string"}}
                if CSL_MEDIA_TYPE in content:
                    content[CSL_MEDIA_TYPE] = {"schema": {"$ref": "#/components/schemas/CSLItem"}}
    return result


def _error_codes(path: str, method: str, operation: dict) -> list[str]:
    codes = {"400", "401", "429"}
    if "{" in path or _has_page_parameter(operation):
        codes.add("404")
    if method == "get":
        codes |= {"406", "412"}
    else:
        codes |= {"401", "403", "409"}
        if method != "post":
            codes.add("412")
    if path.endswith("/archive/"):
        codes.add("503")
    return sorted(codes)


def _has_page_parameter(operation: dict) -> bool:
    """Whether the operation pages (a page past the end, or a forged cursor, is a 404)."""
    return any(
        parameter.get("name") in ("page", "cursor") for parameter in operation.get("parameters", [])
    )


def _error_response(code: str) -> dict:
    return {
        "description": ERROR_DESCRIPTIONS[code],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _typed_nullable_reference(field: dict) -> None:
    """drf-spectacular writes a nullable relation as `allOf: [$ref], nullable: true`, which
    OpenAPI 3.0.3 reads as not nullable (`nullable` counts only beside a `type`). Rewrite it
    as the record or a typed null."""
    if field.get("nullable") and "type" not in field and len(field.get("allOf", ())) == 1:
        reference = field.pop("allOf")[0]
        del field["nullable"]
        field["anyOf"] = [reference, {"type": "object", "nullable": True, "enum": [None]}]


def _name_descending_options(items: dict) -> None:
    """Names for sort options (`-name` -> NAME_DESC), so a generated client has readable
    enum members rather than VALUE_0, VALUE_1 ..."""
    values = items.get("enum", ())
    if any(isinstance(v, str) and v.startswith("-") for v in values):
        items["x-enum-varnames"] = [
            f"{v[1:]}_desc".upper() if v.startswith("-") else v.upper() for v in values
        ]
