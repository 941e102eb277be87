from initiatives.models.institutions import Institution
from initiatives.models.programmes import Figure, Programme, ProgrammeInstitution, ProgrammePillar

__all__ = [
    "Figure",
    "Institution",
    "Programme",
    "ProgrammeInstitution",
    "ProgrammePillar",
]
