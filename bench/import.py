"""Time a 10,000-row roster import (check/preview, then confirm) and a 30,000-member export.

.venv/bin/python bench/import.py            # fresh SQLite in a temp dir
DATABASE_URL=postgres://… .venv/bin/python bench/import.py

Targets (issue 11): import ≤ 10 s for each request (better: both together) and ≤ 300 MB
peak memory; export ≤ 5 s. Peak memory is the process's peak resident set (ru_maxrss),
Django included. Each step prints wall and CPU time: on a shared machine the CPU time is
the steadier figure.

Steps: the check and preview of a clerk's 10,000-row roster (every column, dates in mixed
forms, synonyms); confirming it, which writes the preview's plan since nothing changed in
between; confirming a second preview of the same file made before the first was confirmed,
which finds the data changed and checks all 10,000 rows again (each now an unchanged
member); the roster export of a generated 30,000-member township. See bench/README.md
("Import and export") for the figures.
"""

import datetime
import io
import os
import random
import resource
import time

from setup import django_setup, make_township

ROWS = 10_000
EXPORT_MEMBERS = 30_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def roster_file(township, rows: int, seed: int = 11) -> bytes:
    """A clerk's roster: every column, ID numbers and phones, dates in mixed forms, synonyms."""
    from openpyxl import Workbook

    from imports.workbooks import cell_for
    from organizations.idcard import check_digit
    from organizations.imports import MEMBER_SHEET
    from organizations.models import Level, Organization, VillageGroup

    rng = random.Random(seed)
    branches = list(Organization.objects.subtree(township).filter(level=Level.BRANCH).select_related("village"))
    groups = list(VillageGroup.objects.filter(village__township=township).select_related("village"))
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("党员名册")
    ws.append([column.header for column in MEMBER_SHEET.columns])
    forms = ("{:%Y-%m-%d}", "{:%Y/%m/%d}", "{:%Y.%m.%d}", "{0.year}年{0.month}月{0.day}日", "{:%Y%m%d}")
    used: set[str] = set()
    for i in range(rows):
        female = rng.random() < 0.25
        birth = datetime.date(1940 + rng.randrange(60), rng.randint(1, 12), rng.randint(1, 28))
        joined = datetime.date(birth.year + 19 + rng.randrange(max(1, min(40, 2018 - birth.year - 19))), 7, 1)
        first17 = f"532699{birth:%Y%m%d}{i % 100:02d}" + str((i // 100) % 5 * 2 + (0 if female else 1))
        while first17 in used:  # ID numbers are unique
            birth += datetime.timedelta(days=1)
            first17 = f"532699{birth:%Y%m%d}{first17[14:]}"
        used.add(first17)
        group = rng.choice(groups)
        values = [
            f"党员{i}",
            "女性" if female else "男",
            rng.choice(["汉", "汉族", "壮族", "苗族", "彝族"]),
            rng.choice(forms).format(birth),
            rng.choice(["大专", "大学本科", "高中", "初中", "中专"]),
            rng.choice(["农民", "农牧渔民", "工人", "其他"]),
            rng.choice(branches).name,
            f"{group.village.name}/{group.name}",
            joined,  # an Excel date cell
            rng.choice(forms).format(joined.replace(year=joined.year + 1)),
            "否",
            "",
            "否",
            first17 + check_digit(first17),
            f"13{rng.randrange(10**9):09d}",
            None,
            None,
            None,
        ]
        ws.append([cell_for(ws, v) if isinstance(v, str) else v for v in values])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def empty_township(county, name: str, villages: int):
    """A township's tree as make_township builds it (10 groups and a general branch of 10 branches per village)."""
    from organizations.models import Category, Level, Organization, Village, VillageGroup

    township = Organization.objects.create(name=name, level=Level.TOWNSHIP, category=Category.GENERAL, parent=county)
    for v in range(villages):
        village = Village.objects.create(township=township, name=f"{name}第{v + 1}村委会")
        VillageGroup.objects.bulk_create(VillageGroup(village=village, name=f"第{g + 1}组") for g in range(10))
        committee = Organization.objects.create(
            name=f"{village.name}党总支", level=Level.GENERAL_BRANCH, category=Category.RURAL, parent=township
        )
        for b in range(10):
            Organization.objects.create(
                name=f"{village.name}第{b + 1}党支部", level=Level.BRANCH, category=Category.RURAL, parent=committee
            )
    return township


def main() -> None:
    where = django_setup()
    from django.contrib.auth.models import User

    from accounts.models import Profile, Role
    from imports.services import check_file, import_record_confirm, import_record_create
    from organizations.exports import roster_xlsx
    from organizations.models import Category, Level, Member, Organization

    county = Organization.objects.create(name="基准县", level=Level.COUNTY, category=Category.GENERAL)
    township = empty_township(county, "导入乡", villages=ROWS // 250)
    user = User.objects.create_user("bench")
    Profile.objects.create(user=user, role=Role.TOWNSHIP_STAFF, scope=township)

    started = time.perf_counter()
    data = roster_file(township, ROWS)
    generated = time.perf_counter() - started
    print(f"database: {where}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"roster file: {ROWS} rows, {len(data) / 1024 / 1024:.1f} MB, generated in {generated:.1f} s")

    started, cpu = time.perf_counter(), time.process_time()
    checked = check_file(kind="members", township=township, user=user, data=data)
    checked_s = time.perf_counter() - started
    assert checked.outcome.ok, [str(p) for p in checked.outcome.problems[:5]]
    record = import_record_create(
        kind="members", township=township, user=user, file_name="bench.xlsx", data=data, checked=checked
    )
    preview_s, preview_cpu = time.perf_counter() - started, time.process_time() - cpu
    # A second preview of the same file, confirmed after the first: by then the data has changed.
    second = import_record_create(
        kind="members", township=township, user=user, file_name="bench.xlsx", data=data, checked=checked
    )
    print(
        f"check and preview (read, validate every row, store the preview): {preview_s:.1f} s "
        f"(CPU {preview_cpu:.1f} s; checking {checked_s:.1f} s), {checked.outcome.created} rows to create"
    )

    started, cpu = time.perf_counter(), time.process_time()
    outcome = import_record_confirm(record=record, user=user)
    confirm_s, confirm_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert outcome.ok and outcome.created == ROWS
    count = Member.objects.filter(organization__path__startswith=township.path).count()
    print(
        f"confirm (the preview's plan written): {confirm_s:.1f} s (CPU {confirm_cpu:.1f} s), "
        f"{count} members in the township"
    )
    print(
        f"upload to imported: {preview_s + confirm_s:.1f} s (CPU {preview_cpu + confirm_cpu:.1f} s) "
        "in two requests (target ≤ 10 s each)"
    )
    print(f"peak memory of the process so far: {peak_mb():.0f} MB (target ≤ 300 MB)")

    started, cpu = time.perf_counter(), time.process_time()
    again = import_record_confirm(record=second, user=user)
    again_s, again_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert again.ok and again.unchanged == ROWS
    print(
        f"confirm after the data changed (every row checked again, {again.unchanged} unchanged): "
        f"{again_s:.1f} s (CPU {again_cpu:.1f} s)"
    )

    big = make_township(county, "大乡", EXPORT_MEMBERS, seed=3)
    members = Member.objects.filter(organization__path__startswith=big.path)
    started, cpu = time.perf_counter(), time.process_time()
    body = roster_xlsx(members, big)
    export_s, export_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"export of {members.count()} members: {export_s:.1f} s (CPU {export_cpu:.1f} s), "
        f"{len(body) / 1024 / 1024:.1f} MB (target ≤ 5 s)"
    )
    print(f"peak memory of the process: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
