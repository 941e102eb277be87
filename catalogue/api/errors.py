"""One JSON shape for every API error (400, 401, 403, 404, 405, 406, 409, 410, 412, 429).

    {"status": 400, "code": "invalid", "detail": "Invalid value for: country.",
     "errors": {"country": ["Unknown value: ZZ."]}}

`errors` maps a query parameter or a body field (nested fields as dotted paths such as
`evidence.0.quote`) to its messages; it is empty when no parameter or field is at fault.
A 410 (a deleted record) adds `tombstone`: the record's last `id` and `name`, and when it
was `deleted`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = "non_field_errors"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the catalogue's records.")
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The catalogue has changed since the version the request names.")
    default_code = "precondition_failed"


class ReleaseBuilding(exceptions.APIException):
    """The dataset's release for this catalogue version is being built by another request
    or `manage.py release`; `wait` gives the response's Retry-After."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _(
        "The dataset for the current catalogue version is being built; try again in a minute."
    )
    default_code = "release_building"
    wait = 60


class Gone(exceptions.APIException):
    """A record that was deleted: the body keeps its tombstone."""

    status_code = status.HTTP_410_GONE
    default_code = "gone"

    def __init__(self, tombstone):
        self.tombstone = tombstone
        super().__init__(_("This record was deleted."))

    def tombstone_body(self) -> dict:
        return {
            "id": self.tombstone.id,
            "name": self.tombstone.name,
            "deleted": serializers.DateTimeField().to_representation(self.tombstone.deleted),
        }


def invalid_parameters(errors: dict[str, list[str] | str]) -> exceptions.ValidationError:
    """A 400 naming each faulty query parameter and why."""
    return exceptions.ValidationError(
        {
            name: messages if isinstance(messages, list) else [messages]
            for name, messages in errors.items()
        }
    )


def api_exception_handler(exc, context):
    """DRF's handler, then the response body reshaped into the one error shape."""
    if isinstance(exc, ProtectedError | RestrictedError):
        names = sorted({str(obj) for obj in exc.args[1]})[:10]
        exc = Conflict(
            _("Other records still refer to this one: %(names)s.") % {"names": "; ".join(names)}
        )
    elif isinstance(exc, IntegrityError):
        exc = Conflict()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = error_body(exc, response.status_code)
    if isinstance(exc, Gone):
        response.data["tombstone"] = exc.tombstone_body()
    return response


def error_body(exc: exceptions.APIException, status_code: int) -> dict:
    detail = exc.detail
    if isinstance(detail, dict | list):
        errors = flatten_errors(detail)
        if status_code == status.HTTP_400_BAD_REQUEST:
            message = _("Invalid value for: %(names)s.") % {"names": ", ".join(errors)}
        else:
            message = " ".join(dict.fromkeys(m for messages in errors.values() for m in messages))
        code = exc.default_code
    else:
        errors = {}
        message = str(detail)
        code = getattr(detail, "code", None) or exc.default_code
    return {"status": status_code, "code": code, "detail": message, "errors": errors}


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """{"evidence": [{"quote": ["..."]}, {}]} -> {"evidence.0.quote": ["..."]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == NON_FIELD and prefix:
                name = prefix
            flat.update(_merge(flat, flatten_errors(value, name)))
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, value in enumerate(detail):
            if value:
                name = f"{prefix}.{index}" if prefix else str(index)
                flat.update(_merge(flat, flatten_errors(value, name)))
    else:
        items = detail if isinstance(detail, list) else [detail]
        flat[prefix or NON_FIELD] = [str(item) for item in items]
    return flat


def _merge(flat: dict, more: dict) -> dict:
    return {name: flat.get(name, []) + messages for name, messages in more.items()}
