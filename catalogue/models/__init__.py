from catalogue.models.loads import CatalogueLoad
from catalogue.models.pillars import Pillar
from catalogue.models.provenance import Evidence, Reference
from catalogue.models.records import SearchableQuerySet, TimeStampedModel
from catalogue.models.state import CatalogueState

__all__ = [
    "CatalogueLoad",
    "CatalogueState",
    "Evidence",
    "Pillar",
    "Reference",
    "SearchableQuerySet",
    "TimeStampedModel",
]
