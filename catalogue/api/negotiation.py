"""Content negotiation: `?format=` names a known format or the request is a 400."""

from django.utils.translation import gettext_lazy as _
from rest_framework.negotiation import DefaultContentNegotiation

from catalogue.api.errors import invalid_parameters


class CatalogueContentNegotiation(DefaultContentNegotiation):
    def get_accept_list(self, request):
        # A media range with q=0 means "not this" (RFC 9110): `Accept: */*; q=0` is a 406.
        return [media for media in super().get_accept_list(request) if not _refused(media)]

    def select_renderer(self, request, renderers, format_suffix=None):
        name = self.settings.URL_FORMAT_OVERRIDE
        requested = request.query_params.getlist(name) if name else []
        formats = [renderer.format for renderer in renderers]
        if len(requested) > 1:
            raise invalid_parameters({name: _("Give this parameter once.")})
        if requested and requested[0] not in formats:
            raise invalid_parameters(
                {
                    name: _("Unknown format; use one of: %(formats)s.")
                    % {"formats": ", ".join(formats)}
                }
            )
        return super().select_renderer(request, renderers, format_suffix)


def _refused(media_range: str) -> bool:
    for parameter in media_range.split(";")[1:]:
        name, _sep, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value) == 0
            except ValueError:
                return False
    return False
