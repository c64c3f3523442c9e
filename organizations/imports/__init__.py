"""Importing the member roster (党员花名册) and the organization tree with its villages from Excel.

Each row goes through the web pages' own forms (MemberForm, OrganizationForm)
and so through the models' ``clean``: a row the web form would refuse is
refused with the same Chinese message, placed at the row and column.

Personal data: ID and phone numbers appear whole only on the member's own
form; the roster export masks them (530323**********1234, 138****5678). So an
exported file can be edited and imported again, a value containing * means
"keep what is stored", and a row whose ID is masked or empty is matched to an
existing member by name + birth date + organization instead. A new member
whose ID is masked is created without an ID number (the preview says so).
"""

from organizations.imports.columns import (
    CATEGORIES,
    EDUCATIONS,
    ETHNICITIES,
    GENDERS,
    LEVELS,
    MEMBER_SHEET,
    OCCUPATIONS,
    ORGANIZATION_SHEET,
    VILLAGE_SHEET,
)
from organizations.imports.lookups import TownshipTree, VillageGroups
from organizations.imports.members import MemberImporter, MemberImportForm
from organizations.imports.tree import OrganizationImporter

__all__ = [
    "CATEGORIES",
    "EDUCATIONS",
    "ETHNICITIES",
    "GENDERS",
    "LEVELS",
    "MEMBER_SHEET",
    "OCCUPATIONS",
    "ORGANIZATION_SHEET",
    "VILLAGE_SHEET",
    "MemberImportForm",
    "MemberImporter",
    "OrganizationImporter",
    "TownshipTree",
    "VillageGroups",
]
