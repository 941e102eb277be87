"""The API's JSON parser: DRF's, with a bound on how deeply a body nests."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No record's representation nests deeper than a handful of levels.
MAX_DEPTH = 20


class CatalogueJSONParser(JSONParser):
    """A body nested deeper than `MAX_DEPTH` is a 400, not a RecursionError (500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            too_deep = _depth(data) > MAX_DEPTH
        except RecursionError:
            too_deep = True
        if too_deep:
            message = _("The JSON body nests more than %(depth)d levels.")
            raise ParseError(message % {"depth": MAX_DEPTH})
        return data


def _depth(data) -> int:
    """How deeply lists and objects nest in `data`, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                break
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return deepest
