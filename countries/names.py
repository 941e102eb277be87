"""Country names in the reader's language, from pycountry's ISO 3166 translations.

The catalogue stores pycountry's English (common) name; its translation catalogues map that
same string to the localised one. A name they do not know stays in English.
"""

import gettext
from functools import cache

import pycountry
from django.utils import translation
from django.utils.translation import pgettext_lazy

from catalogue.search import fold

# Former countries the paper names in their common form, which pycountry translates only in
# their official one ("USSR, Union of Soviet Socialist Republics"): translated in our .po.
COMMON_FORMER_NAMES = {"Soviet Union": pgettext_lazy("country", "Soviet Union")}


@cache
def _catalogues(language: str) -> tuple[gettext.NullTranslations, ...]:
    return tuple(
        gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for domain in ("iso3166-1", "iso3166-3")
    )


def local_name(english_name: str, language: str | None = None) -> str:
    """`english_name` in `language` (default: the active one): "Mexico" -> "México"."""
    language = (language or translation.get_language() or "en").split("-")[0]
    if language == "en" or not english_name:
        return english_name
    for catalogue in _catalogues(language):
        translated = catalogue.gettext(english_name)
        if translated != english_name:
            return translated
    if english_name in COMMON_FORMER_NAMES:
        with translation.override(language):
            return str(COMMON_FORMER_NAMES[english_name])
    return english_name


def by_local_name(countries) -> list:
    """Countries sorted by their names in the reader's language, as a reader of it expects
    ("Alemania" before "Argentina"; accents do not send "Índia" to the end)."""
    return sorted(countries, key=lambda country: fold(local_name(country.name)))
