"""Template helpers for the catalogue's pages: lookups, highlighting, citations, keys."""

from django import forms, template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

from catalogue.citations import citation
from catalogue.paper import as_excerpt
from catalogue.search import mark_words

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def excerpt(passage: str) -> str:
    """A quoted passage with an ellipsis where it starts or stops mid-sentence."""
    return as_excerpt(passage)


@register.filter
def highlight(text, query) -> str:
    """The text, escaped, with the query's words marked, whatever their case or accents."""
    return mark_words(text, query)


@register.simple_tag(takes_context=True)
def cite(context, record) -> dict:
    """The record's citation in plain text, BibTeX and RIS, with its absolute URL."""
    url = context["request"].build_absolute_uri(record.get_absolute_url())
    return citation(record, url)


@register.filter
def is_single(bound_field) -> bool:
    """A filter taking one value (radio buttons) rather than several (checkboxes)."""
    return not isinstance(
        bound_field.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField
    )


@register.filter
def switch_for(filterset, name):
    """The bound field that switches the filter `name` to a conjunction (its `MatchFilter`,
    shown inside that filter's facet), or None."""
    switch = getattr(filterset.filters.get(name), "conjoined_by", None)
    return filterset.form[switch] if switch else None


@register.filter
def is_switch(filterset, name) -> bool:
    """A filter shown inside another's facet (a `MatchFilter`), not on its own."""
    return bool(getattr(filterset.filters.get(name), "switches", False))


@register.filter
def record_key(record) -> str:
    """The key a record is addressed by in URLs and `data-slug`: slug, iso2 (lower) or number."""
    for name in ("slug", "iso2", "number"):
        value = getattr(record, name, None)
        if value not in (None, ""):
            return str(value).lower()
    return str(record.pk)


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[dict]:
    """This page in each language: its code, its name in that language, and its address
    (the same query string) relative and absolute, for the switcher and hreflang links."""
    request = context["request"]
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(request.get_full_path(), code)
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
            }
        )
    return versions
