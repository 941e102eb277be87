"""Content negotiation: `?format=` names a known format or the request is a 400."""

from django.utils.translation import gettext_lazy as _
from rest_framework.negotiation import DefaultContentNegotiation

from catalogue.api.errors import invalid_parameters


class CatalogueContentNegotiation(DefaultContentNegotiation):
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
