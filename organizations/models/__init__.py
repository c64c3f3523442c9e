from .members import (
    HIGHER_EDUCATION,
    Education,
    Gender,
    LeaveReason,
    Member,
    Occupation,
    Person,
    active_on_q,
    probationary_q,
)
from .profiles import TownshipProfile
from .tree import ALLOWED_PARENT_LEVELS, Category, InTreeQuerySet, Level, Organization
from .villages import Village, VillageGroup, VillageYear

__all__ = [
    "ALLOWED_PARENT_LEVELS",
    "HIGHER_EDUCATION",
    "InTreeQuerySet",
    "Category",
    "Education",
    "Gender",
    "LeaveReason",
    "Level",
    "Member",
    "Person",
    "Occupation",
    "Organization",
    "TownshipProfile",
    "Village",
    "VillageGroup",
    "VillageYear",
    "active_on_q",
    "probationary_q",
]
