"""Template helpers for the catalogue's pages: names, highlighting, facets, citations."""

import html

from django import forms, template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, gettext

from catalogue.citations import citation
from catalogue.search import mark_words

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def facet_options(facet: list[dict], field, single: bool) -> str:
    """A facet's options as radio buttons or checkboxes, each with its count.

    Plain string formatting rather than a template loop or format_html: the country facet
    alone has up to 249 options, and rendering them took most of a list page's time.
    """
    kind = "radio" if single else "checkbox"
    name = html.escape(field.html_name)
    decade = gettext("%(decade)ss")  # the template's {% blocktranslate %}{{ decade }}s
    options = []
    for option in facet:
        if field.name == "decade":
            label = decade % {"decade": option["value"]}
        else:
            label = str(option["label"])
        checked = " checked" if option["selected"] else ""
        options.append(
            f'<label class="option"><input type="{kind}" name="{name}" '
            f'value="{html.escape(str(option["value"]))}"{checked}> {html.escape(label)} '
            f'<span class="count">{int(option["count"])}</span></label>'
        )
    return mark_safe("\n".join(options))


@register.filter
def is_checkboxes(bound_field) -> bool:
    """Plain (not model) multiple choices, shown as a group of checkboxes."""
    return isinstance(bound_field.field, forms.MultipleChoiceField) and not isinstance(
        bound_field.field, forms.ModelMultipleChoiceField
    )


@register.filter
def choice_items(bound_field) -> list[dict]:
    """A choice field's options with whether each is chosen, for checkboxes or radios."""
    value = bound_field.value()
    chosen = {str(item) for item in value} if isinstance(value, list | tuple) else {str(value)}
    return [
        {"value": key, "label": label, "checked": str(key) in chosen}
        for key, label in bound_field.field.choices
        if key != ""
    ]


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
