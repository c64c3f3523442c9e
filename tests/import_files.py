"""Building the workbooks the import tests upload, good and bad, with openpyxl directly."""

import datetime
import hashlib
import io
import zipfile

from auditlog.models import LogEntry
from openpyxl import Workbook

from imports.models import ImportRecord
from organizations.idcard import check_digit
from organizations.models import Member, Organization, Village, VillageGroup

MEMBER_HEADERS = ["姓名", "性别", "民族", "出生日期", "学历", "工作岗位", "所在党组织", "入党日期", "转正日期"]
ORG_HEADERS = ["组织名称", "上级组织", "组织层级", "组织类别", "所在村委会"]


def id_number(birth: str, sequence: str, region: str = "532699") -> str:
    """A valid ID number; the last digit of ``sequence`` is odd for men, even for women."""
    first17 = region + birth + sequence
    return first17 + check_digit(first17)


def member_row(**overrides) -> dict:
    row = {
        "姓名": "王芳",
        "性别": "女",
        "民族": "汉族",
        "出生日期": "1985-03-12",
        "学历": "大学本科",
        "工作岗位": "管理人员",
        "所在党组织": "甲乡机关党支部",
        "入党日期": "2010-07-01",
        "转正日期": "2011-07-01",
    }
    row.update(overrides)
    return row


def workbook_bytes(
    rows: list[dict],
    headers: list[str] | None = None,
    sheet: str = "党员名册",
    extra=None,
) -> bytes:
    """One sheet: ``headers`` (default: the keys of the first row) then the rows. ``extra(ws)`` may alter it."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    headers = headers if headers is not None else (list(rows[0]) if rows else list(MEMBER_HEADERS))
    ws.append(headers)
    for row in rows:
        ws.append([row.get(header) for header in headers])
    if extra:
        extra(ws)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def roster(*rows: dict, **kwargs) -> bytes:
    return workbook_bytes(list(rows), **kwargs)


def org_book(org_rows: list[dict], village_rows: list[dict] | None = None) -> bytes:
    workbook = Workbook()
    villages = workbook.active
    villages.title = "村委会"
    villages.append(["村委会名称", "村民小组"])
    for row in village_rows or []:
        villages.append([row.get("村委会名称"), row.get("村民小组")])
    orgs = workbook.create_sheet("党组织")
    orgs.append(ORG_HEADERS)
    for row in org_rows:
        orgs.append([row.get(header) for header in ORG_HEADERS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def with_shared_strings(data: bytes, rich: dict[str, str] | None = None) -> bytes:
    """The workbook as Excel saves it: every text cell in the shared strings table, not inline.

    openpyxl writes inline strings; Excel and WPS write a table. ``rich`` gives, for some
    texts, the <si> body to store instead (rich-text runs, phonetic guides).
    """
    from lxml import etree

    source = zipfile.ZipFile(io.BytesIO(data))
    strings: list[str] = []
    parts = {}
    for name in source.namelist():
        part = source.read(name)
        if name.startswith("xl/worksheets/"):
            root = etree.fromstring(part)
            for cell in root.iter(f"{{{MAIN_NS}}}c"):
                if cell.get("t") == "inlineStr":
                    text = "".join(cell.itertext())
                    for child in list(cell):
                        cell.remove(child)
                    cell.set("t", "s")
                    etree.SubElement(cell, f"{{{MAIN_NS}}}v").text = str(len(strings))
                    strings.append(text)
            part = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        elif name == "[Content_Types].xml":
            override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
            part = part.replace(b"</Types>", override.encode() + b"</Types>")
        parts[name] = part
    items = []
    for text in strings:
        body = (rich or {}).get(text)
        if body is None:
            escaped = text.replace("&", "&amp;").replace("<", "&lt;")
            body = f'<t xml:space="preserve">{escaped}</t>'
        items.append(f"<si>{body}</si>")
    table = f'<sst xmlns="{MAIN_NS}" count="{len(items)}" uniqueCount="{len(items)}">{"".join(items)}</sst>'
    parts["xl/sharedStrings.xml"] = table.encode()
    return zip_bytes(parts)


def database_state() -> dict:
    """Row counts of everything an import could touch, and a checksum of the member table."""
    members = Member.objects.order_by("pk").values_list()
    digest = hashlib.sha256(repr(list(members)).encode()).hexdigest()
    return {
        "organizations": Organization.objects.count(),
        "organization_paths": hashlib.sha256(
            repr(list(Organization.objects.order_by("pk").values_list())).encode()
        ).hexdigest(),
        "villages": Village.objects.count(),
        "village_groups": VillageGroup.objects.count(),
        "members": Member.objects.count(),
        "member_checksum": digest,
        "import_records": ImportRecord.objects.count(),
        "log_entries": LogEntry.objects.count(),
    }


TODAY = datetime.date.today()
