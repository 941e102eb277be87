"""Template helpers for the catalogue's pages: lookups, highlighting, keys."""

import json
import re

from django import forms, template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse, translate_url
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from catalogue import dataset
from catalogue.paper import SUPERSCRIPTS, as_excerpt
from catalogue.search import mark_words

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


_MARK = re.compile(f"[{SUPERSCRIPTS}]+")
_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")


@register.filter
def quotation(passage: str) -> SafeString:
    """A passage as a page quotes it: with an ellipsis where it is cut mid-sentence, and each
    footnote mark the paper prints in it ("peace.¹") a link to that footnote."""
    references = reverse("initiatives:reference-list")

    def link(mark: re.Match) -> str:
        number = mark.group().translate(_DIGITS)
        return format_html(
            '<a class="footnote-mark" href="{}#fn{}" aria-label="{}">{}</a>',
            references,
            number,
            _("Footnote %(number)s") % {"number": number},
            mark.group(),
        )

    return mark_safe(_MARK.sub(link, escape(as_excerpt(passage))))


@register.filter
def highlight(text, query) -> str:
    """The text, escaped, with the query's words marked, whatever their case or accents."""
    return mark_words(text, query)


@register.simple_tag
def dataset_licence() -> dict:
    """The data's licence and rights statement (catalogue.dataset), for the footer."""
    licence = dataset.DATA_LICENCE
    return {
        "short": licence.short,
        "title": licence.title,
        "url": licence.url,
        "rights": dataset.rights(),
    }


@register.simple_tag(takes_context=True)
def dataset_citation(context) -> str:
    """How to cite a release, its version and dates left as placeholders (each release's
    datapackage.json and README.md give them filled in)."""
    url = context["request"].build_absolute_uri(reverse("api:archive"))
    return dataset.citation_pattern(
        version="<version>", date="<YYYY-MM-DD>", year="<year>", url=url
    )


# What json_script escapes, so that no value can close the script element or open a comment.
_JSON_LD_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, record) -> str:
    """The record's schema.org description as a JSON-LD script element, escaped as
    `json_script` escapes (it cannot give the script the ld+json type); nothing for a record
    without one."""
    if not hasattr(record, "json_ld"):
        return ""
    data = record.json_ld(context["request"].build_absolute_uri)
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_LD_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


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


@register.simple_tag
def record_api_url(record) -> str:
    """The record's address in the API, where its page's id names it too."""
    return reverse(f"api:{record._meta.model_name}-detail", args=[record_key(record)])
