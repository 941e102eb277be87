"""Template filters for countries and regions: names in the reader's language."""

from django import template

from countries.models import Region, SubRegion
from countries.names import local_name as _local_name

register = template.Library()

REGION_LABELS = {**dict(Region.choices), **dict(SubRegion.choices)}


@register.filter
def local_name(country) -> str:
    """A country (or its English name) in the reader's language."""
    return _local_name(getattr(country, "name", country) or "")


@register.filter
def region_label(value) -> str:
    return str(REGION_LABELS.get(value, value))
