from initiatives.models.changes import Change
from initiatives.models.institutions import Institution
from initiatives.models.programmes import (
    Figure,
    Programme,
    ProgrammeInstitution,
    ProgrammePillar,
    pillar_basis_problems,
)

__all__ = [
    "Change",
    "Figure",
    "Institution",
    "Programme",
    "ProgrammeInstitution",
    "ProgrammePillar",
    "pillar_basis_problems",
]
