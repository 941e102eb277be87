from catalogue.models.loads import CatalogueLoad
from catalogue.models.pillars import Pillar
from catalogue.models.provenance import Evidence, Reference, evidence_prefetch
from catalogue.models.records import (
    DocumentedRecord,
    NaturalKeyModel,
    NaturalKeyQuerySet,
    SearchableQuerySet,
    TimeStampedModel,
    Tombstone,
    with_tiebreaker,
)
from catalogue.models.state import CatalogueState

__all__ = [
    "CatalogueLoad",
    "CatalogueState",
    "Evidence",
    "DocumentedRecord",
    "NaturalKeyModel",
    "NaturalKeyQuerySet",
    "Pillar",
    "Reference",
    "SearchableQuerySet",
    "TimeStampedModel",
    "Tombstone",
    "evidence_prefetch",
    "with_tiebreaker",
]
