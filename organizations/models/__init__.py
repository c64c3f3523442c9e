from .members import (
    HIGHER_EDUCATION,
    Education,
    Gender,
    LeaveReason,
    Member,
    Occupation,
    age_on,
    born_on_or_before_for_age,
)
from .profiles import TownshipProfile
from .tree import ALLOWED_PARENT_LEVELS, Category, Level, Organization
from .villages import Village, VillageGroup

__all__ = [
    "ALLOWED_PARENT_LEVELS",
    "HIGHER_EDUCATION",
    "Category",
    "Education",
    "Gender",
    "LeaveReason",
    "Level",
    "Member",
    "Occupation",
    "Organization",
    "TownshipProfile",
    "Village",
    "VillageGroup",
    "age_on",
    "born_on_or_before_for_age",
]
