"""Field validators shared by the record types."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def no_control_characters(value: str) -> None:
    """A one-line name: no newline, tab or other control character, no line separator (in a
    citation a newline would start a forged RIS field)."""
    for char in value:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            raise ValidationError(
                _("No line breaks or control characters (found U+%(code)04X)."),
                code="control_character",
                params={"code": ord(char)},
            )
