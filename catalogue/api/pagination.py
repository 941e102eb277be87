"""Pagination with strict, documented bounds: page numbers, or a cursor for deep or changing
lists."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import CursorPagination, PageNumberPagination

from catalogue.api.errors import invalid_parameters

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class RecordCursorPagination(CursorPagination):
    """DRF's cursor paging, in the order of the records' ids (natural keys): unique and never
    empty, so a page holds its place however the list changes around it."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_ordering(self, request, queryset, view):
        return (getattr(queryset.model, "natural_key_field", "pk"),)

    def get_page_size(self, request):
        return _bounded_int(request, self.page_size_query_param, self.page_size, 1, MAX_PAGE_SIZE)


class CataloguePagination(PageNumberPagination):
    """`page` and `page_size` (1 to 200, default 50); a value out of bounds is a 400.

    Or `cursor` instead of `page`: empty for the first page, then the one in `next`; the
    records come in id order (so `ordering` does not combine with it), and a page keeps its
    place while records are added or removed before it.

    A CSV list is the whole filtered set unless `page`, `page_size` or `cursor` is given.
    """

    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"
    last_page_strings = ()
    cursor = None  # the cursor paginator, when the request pages by cursor

    def paginate_queryset(self, queryset, request, view=None):
        given = set(request.query_params)
        explicit = {
            self.page_query_param,
            self.page_size_query_param,
            self.cursor_query_param,
        } & given
        if getattr(request.accepted_renderer, "format", None) == "csv" and not explicit:
            return None
        if self.cursor_query_param not in given:
            return super().paginate_queryset(queryset, request, view)
        for other in (self.page_query_param, "ordering"):
            if other in given:
                raise invalid_parameters({other: _("Give either this or `cursor`, not both.")})
        self.count = queryset.count()
        self.cursor = RecordCursorPagination()
        return self.cursor.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.cursor is None:
            return super().get_paginated_response(data)
        # The same shape as numbered pages (`count` included), so one schema fits both.
        response = self.cursor.get_paginated_response(data)
        response.data = {"count": self.count, **response.data}
        return response

    def get_page_size(self, request):
        return _bounded_int(request, self.page_size_query_param, self.page_size, 1, MAX_PAGE_SIZE)

    def get_page_number(self, request, paginator):
        number = _bounded_int(request, self.page_query_param, 1, 1, None)
        if number is None or number > paginator.num_pages:
            raise exceptions.NotFound(
                {
                    self.page_query_param: [
                        _("There is no page %(number)s: the last page is %(last)s.")
                        % {
                            "number": request.query_params[self.page_query_param],
                            "last": paginator.num_pages,
                        }
                    ]
                }
            )
        return number

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": str(_("Page number, from 1.")),
                "schema": {"type": "integer", "minimum": 1, "default": 1},
            },
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "Instead of `page`: empty for the first page, then the cursor in "
                        "`next`. Records come in id order; for deep or changing lists."
                    )
                ),
                "schema": {"type": "string"},
                "allowEmptyValue": True,
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _("Results per page, at most %(max)s.") % {"max": MAX_PAGE_SIZE}
                ),
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": DEFAULT_PAGE_SIZE,
                },
            },
        ]

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["count", "next", "previous", "results"]
        for link in ("next", "previous"):
            paginated["properties"][link].pop("example", None)
        paginated["properties"]["count"].pop("example", None)
        return paginated


def _bounded_int(request, name: str, default: int, minimum: int, maximum: int | None) -> int | None:
    """The parameter's value; None for a number too large to mean anything (a page past the end)."""
    values = request.query_params.getlist(name)
    if not values:
        return default
    if len(values) > 1:
        raise invalid_parameters({name: _("Give this parameter once.")})
    raw = values[0].strip()
    if not raw.isascii() or not raw.isdigit():
        raise invalid_parameters({name: _("A whole number is required.")})
    if len(raw) > 12:  # huge numbers are not worth converting
        if maximum is None:
            return None
        raise invalid_parameters({name: _("This number is too large.")})
    value = int(raw)
    if value < minimum or (maximum is not None and value > maximum):
        bounds = (
            _("between %(min)s and %(max)s") % {"min": minimum, "max": maximum}
            if maximum is not None
            else _("at least %(min)s") % {"min": minimum}
        )
        raise invalid_parameters({name: _("Must be %(bounds)s.") % {"bounds": bounds}})
    return value


class ChangeCursorPagination(CursorPagination):
    """Cursor paging in time order: `cursor` (from `next`), `page_size` (1 to 200, default
    100). A page stays valid however many changes come after it."""

    ordering = ("time", "id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return _bounded_int(request, self.page_size_query_param, self.page_size, 1, MAX_PAGE_SIZE)
