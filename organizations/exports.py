"""The roster and the organization tree as .xlsx, in the import templates' layout.

Export → edit in Excel → import is a round trip: the columns, closed-list
labels and the way organizations and village groups are named are the ones
the importer reads (organizations/imports.py). ID and phone numbers are
masked, as everywhere but the member's own form; the importer keeps the
stored number for a masked cell and matches such rows by name, birth date and
organization.
"""

from imports.workbooks import write_book
from organizations.ethnicities import Ethnicity
from organizations.imports import (
    MEMBER_SHEET,
    ORGANIZATION_SHEET,
    VILLAGE_SHEET,
    TownshipTree,
    VillageGroups,
)
from organizations.masking import mask_phone
from organizations.models import Education, Gender, LeaveReason, Level, Member, Occupation, Organization, Village
from organizations.selectors import in_tree_order

# Labels by value, looked up directly: get_FOO_display() costs more than the rest of a row.
GENDERS = dict(Gender.choices)
ETHNICITIES = dict(Ethnicity.choices)
EDUCATIONS = dict(Education.choices)
OCCUPATIONS = dict(Occupation.choices)
LEAVE_REASONS = dict(LeaveReason.choices)


def _yes_no(flag: bool) -> str:
    return "是" if flag else "否"


def roster_rows(members, tree: TownshipTree, groups: VillageGroups):
    """One row per member, in MEMBER_SHEET's column order. ``members`` is iterated once, in chunks."""
    keys = [column.key for column in MEMBER_SHEET.columns]
    for m in members.select_related("organization", "village_group__village").iterator(chunk_size=2000):
        org = tree.by_pk.get(m.organization_id) or m.organization
        values = {
            "name": m.name,
            "gender": GENDERS[m.gender],
            "ethnicity": ETHNICITIES[m.ethnicity],
            "birth_date": m.birth_date,
            "education": EDUCATIONS[m.education],
            "occupation": OCCUPATIONS[m.occupation],
            "organization": tree.reference(org) if org.pk in tree.by_pk else org.name,
            "village_group": groups.reference(m.village_group) if m.village_group_id else "",
            "joined_on": m.joined_on,
            "full_on": m.full_on,
            "is_floating": _yes_no(m.is_floating),
            "floating_to": m.floating_to,
            "is_college_village_official": _yes_no(m.is_college_village_official),
            "id_number": m.masked_id_number,
            "phone": mask_phone(m.phone),
            "left_on": m.left_on,
            "leave_reason": LEAVE_REASONS.get(m.leave_reason, ""),
            "leave_note": m.leave_note,
        }
        yield [values[key] for key in keys]


def roster_xlsx(members, root: Organization | None) -> bytes:
    """``members`` (already scoped and filtered) as a workbook; names are made unique within ``root``."""
    return write_book("党员名册", [(MEMBER_SHEET, roster_rows(members, TownshipTree(root), VillageGroups(root)))])


def tree_xlsx(township: Organization) -> bytes:
    """The township's villages and organizations (the township itself left out), parents before children."""
    tree = TownshipTree(township)
    orgs = [org for org in in_tree_order(list(tree.by_pk.values())) if org.pk != township.pk]
    villages = {v.pk: v for v in Village.objects.filter(township=township).prefetch_related("groups")}
    village_rows = []
    for village in villages.values():
        groups = list(village.groups.all())
        village_rows += [[village.name, group.name] for group in groups] or [[village.name, ""]]
    org_rows = []
    for org in orgs:
        parent = tree.by_pk.get(org.parent_id)
        org_rows.append(
            [
                org.name,
                "" if parent is None or parent.pk == township.pk else tree.reference(parent),
                org.get_level_display() if org.level != Level.COUNTY else "",
                org.get_category_display(),
                villages[org.village_id].name if org.village_id in villages else "",
                org.secretary,
                org.founded_on,
                org.sort_order,
            ]
        )
    return write_book("党组织和村委会", [(VILLAGE_SHEET, village_rows), (ORGANIZATION_SHEET, org_rows)])


__all__ = ["Member", "roster_xlsx", "tree_xlsx"]
