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
from organizations.masking import mask_id_number, mask_phone
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


ROSTER_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "occupation",
    "organization_id",
    "village_group_id",
    "joined_on",
    "full_on",
    "is_floating",
    "floating_to",
    "is_college_village_official",
    "id_number",
    "phone",
    "left_on",
    "leave_reason",
    "leave_note",
)


def roster_rows(members, tree: TownshipTree, groups: VillageGroups):
    """One row per member, in MEMBER_SHEET's column order, from plain tuples (no model instances).

    The organizations and village groups come from ``tree`` and ``groups``, which hold
    everything under the export's root, so each is named once, not once per member.
    """
    org_names = {pk: tree.reference(org) for pk, org in tree.by_pk.items()}
    group_names = {pk: groups.reference(group) for pk, group in groups.by_pk.items()}
    for (
        name,
        gender,
        ethnicity,
        birth_date,
        education,
        occupation,
        organization_id,
        village_group_id,
        joined_on,
        full_on,
        is_floating,
        floating_to,
        is_college_village_official,
        id_number,
        phone,
        left_on,
        leave_reason,
        leave_note,
    ) in members.values_list(*ROSTER_FIELDS).iterator(chunk_size=2000):
        yield [
            name,
            GENDERS[gender],
            ETHNICITIES[ethnicity],
            birth_date,
            EDUCATIONS[education],
            OCCUPATIONS[occupation],
            org_names[organization_id],
            group_names.get(village_group_id, ""),
            joined_on,
            full_on,
            _yes_no(is_floating),
            floating_to,
            _yes_no(is_college_village_official),
            mask_id_number(id_number),
            mask_phone(phone),
            left_on,
            LEAVE_REASONS.get(leave_reason, ""),
            leave_note,
        ]


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
