"""Anyone reads; writing needs the token of a user who holds the model permission."""

from rest_framework import exceptions, permissions


def _require_supported_method(request, view) -> None:
    """A method the endpoint does not offer is a 405, before any question of permission."""
    if request.method.lower() not in view.http_method_names or not hasattr(
        view, request.method.lower()
    ):
        raise exceptions.MethodNotAllowed(request.method)


class CataloguePermission(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Reads for everyone; create, update and delete need Django's add/change/delete permission.

    An anonymous write is a 401 (the token is missing), a token without the permission a 403.
    """

    def has_permission(self, request, view):
        _require_supported_method(request, view)
        return super().has_permission(request, view)


class ReadOnly(permissions.BasePermission):
    """For endpoints that are not a model's collection (root, facets, archive)."""

    def has_permission(self, request, view):
        _require_supported_method(request, view)
        return request.method in permissions.SAFE_METHODS
