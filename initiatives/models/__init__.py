from initiatives.models.institutions import Institution
from initiatives.models.loads import CatalogueLoad
from initiatives.models.pillars import Pillar
from initiatives.models.programmes import Figure, Programme, ProgrammeInstitution, ProgrammePillar
from initiatives.models.provenance import Evidence, Reference
from initiatives.models.state import CatalogueState

__all__ = [
    "CatalogueLoad",
    "CatalogueState",
    "Evidence",
    "Figure",
    "Institution",
    "Pillar",
    "Programme",
    "ProgrammeInstitution",
    "ProgrammePillar",
    "Reference",
]
