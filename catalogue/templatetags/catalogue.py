"""Template helpers for the catalogue's pages: lookups, highlighting, citations, keys."""

from django import forms, template

from catalogue.citations import citation
from catalogue.search import mark_words

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


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
