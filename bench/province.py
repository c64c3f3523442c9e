"""A province on PostgreSQL: 40 counties × 30 townships, 2,000,000 members.

Generates the province with COPY (minutes, not hours) unless the database has it
already, then prints for one township and one county picked at random: report
statistics (time, queries), the report HTML preview, the member list, the
dashboard and the county roll-up, and EXPLAIN for the subtree queries.

    DATABASE_URL=postgres://…/province .venv/bin/python bench/province.py
    DATABASE_URL=postgres://…/small .venv/bin/python bench/province.py --counties 1   # the small database

Every township has the same shape and about the same size (members ÷ townships),
so a township's and a county's figures should be the same on the small database
(1 county) and the province: the cost follows the township, not the database.
Run it on a database created with a Chinese or English collation (production
databases usually are) to see the prefix queries use the varchar_pattern_ops index.
"""

import argparse
import datetime
import io
import random
import statistics
import time

from setup import cpu_seconds, django_setup

DAY = datetime.date(2020, 11, 15)
NULL = "\\N"  # COPY's text format
MEMBER_COLUMNS = (
    "name, gender, ethnicity, birth_date, education, occupation, organization_id, joined_on, full_on, "
    "is_floating, floating_to, is_college_village_official, phone, leave_reason, leave_note, created_at, updated_at"
)


def median_ms(fn, runs=10):
    """Median wall milliseconds, and mean CPU milliseconds of this process and its
    database backend (a mean: the backend's CPU clock ticks in 10 ms steps)."""
    times = []
    start_cpu = cpu_seconds()
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), (cpu_seconds() - start_cpu) * 1000 / runs


def copy(cursor, table: str, columns: str, rows: list[str]) -> None:
    cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO("".join(rows)))


def next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def generate(counties: int, townships_per_county: int, members: int) -> None:
    """The province through COPY with ids assigned here, so paths are known before inserting."""
    from django.db import connection, transaction

    per_township = members // (counties * townships_per_county)
    villages_per_township = max(1, per_township // 250)
    now = "2020-01-01 00:00:00+00"
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as c:
        cursor = c.cursor  # psycopg2's own cursor, for copy_expert
        org_id, village_id = next_id(cursor, "organizations_organization"), next_id(cursor, "organizations_village")
        group_id = next_id(cursor, "organizations_villagegroup")
        orgs, villages, groups, member_rows = [], [], [], []

        def org(name, level, category, parent_path, parent_id, village=None):
            nonlocal org_id
            pk, org_id = org_id, org_id + 1
            path = f"{parent_path}{pk}/"
            orgs.append(
                f"{pk}\t{name}\t{level}\t{category}\t{path}\t\\N\t\t0\t{now}\t{now}\t"
                f"{parent_id or NULL}\t{village or NULL}\n"
            )
            return pk, path

        for county_no in range(counties):
            for rows in (orgs, villages, groups, member_rows):
                rows.clear()

            county_pk, county_path = org(f"省级基准第{county_no + 1:02d}县", "county", "general", "/", None)
            for t in range(townships_per_county):
                seed = county_no * townships_per_county + t
                rng = random.Random(seed)
                name = f"第{county_no + 1:02d}县第{t + 1:02d}乡"
                township_pk, township_path = org(name, "township", "general", county_path, county_pk)
                branches = []
                for v in range(villages_per_township):
                    vpk, village_id = village_id, village_id + 1
                    villages.append(f"{vpk}\t{name}第{v + 1}村\t{v}\t{township_pk}\n")
                    for g in range(10):
                        groups.append(f"{group_id}\t第{g + 1}组\t{g}\t{vpk}\n")
                        group_id += 1
                    gb_pk, gb_path = org(
                        f"{name}第{v + 1}村党总支", "general_branch", "rural", township_path, township_pk, vpk
                    )
                    branches += [
                        org(f"{name}第{v + 1}村第{b + 1}党支部", "branch", "rural", gb_path, gb_pk)[0]
                        for b in range(10)
                    ]
                branches.append(org(f"{name}机关党支部", "branch", "organ", township_path, township_pk)[0])
                for i in range(per_township):
                    birth = datetime.date(1935 + rng.randrange(65), rng.randint(1, 12), rng.randint(1, 28))
                    joined = birth.replace(
                        year=birth.year + 18 + rng.randrange(max(1, min(40, DAY.year - birth.year - 18)))
                    )
                    joined = min(joined, DAY)
                    full = (
                        NULL if rng.random() < 0.03 else joined.replace(year=joined.year + 1, day=min(joined.day, 28))
                    )
                    floating = rng.random() < 0.05
                    member_rows.append(
                        f"党员{i}\t{rng.choice('MMMF')}\t{rng.choice(['01', '01', '08', '06', '07'])}\t{birth}\t"
                        f"{rng.choice(['junior_or_below', 'high_school', 'college', 'bachelor'])}\t"
                        f"{rng.choice(['farmer', 'farmer', 'worker', 'other'])}\t{rng.choice(branches)}\t{joined}\t"
                        f"{full}\t{'t' if floating else 'f'}\t{'广东省' if floating else ''}\tf\t\t\t\t{now}\t{now}\n"
                    )
            copy(
                cursor,
                "organizations_organization",
                "id, name, level, category, path, founded_on, secretary, sort_order, created_at, updated_at, "
                "parent_id, village_id",
                orgs,
            )
            copy(cursor, "organizations_village", "id, name, sort_order, township_id", villages)
            copy(cursor, "organizations_villagegroup", "id, name, sort_order, village_id", groups)
            copy(cursor, "organizations_member", MEMBER_COLUMNS, member_rows)
            print(
                f"  county {county_no + 1}/{counties}: {len(orgs)} organizations, {len(member_rows)} members "
                f"({time.perf_counter() - start:.0f} s)",
                flush=True,
            )
        for table in ("organizations_organization", "organizations_village", "organizations_villagegroup"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    generate_tasks()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated in {time.perf_counter() - start:.0f} s", flush=True)


def generate_tasks() -> None:
    """Seven work areas × 5 key tasks per township for 2020 (the roll-up's completion rate)."""
    from organizations.models import Organization
    from planning.models import DEFAULT_AREAS, KeyTask, TaskStatus, WorkArea

    townships = list(Organization.objects.townships().filter(name__startswith="第").values_list("id", flat=True))
    areas = WorkArea.objects.bulk_create(
        (
            WorkArea(township_id=t, year=2020, name=n, sort_order=a)
            for t in townships
            for a, n in enumerate(DEFAULT_AREAS)
        ),
        batch_size=5000,
    )
    KeyTask.objects.bulk_create(
        (
            KeyTask(
                area=area,
                title=f"{area.name}任务{t + 1}",
                target_value=10,
                unit="个",
                achieved_value=t,
                status=TaskStatus.DONE if (area.pk + t) % 3 else TaskStatus.IN_PROGRESS,
                deadline=datetime.date(2020, 12, 31),
            )
            for area in areas
            for t in range(5)
        ),
        batch_size=5000,
    )


def explain(queryset) -> list[str]:
    return [line for line in queryset.explain().splitlines() if "Scan" in line or "Join" in line or "Loop" in line]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=40)
    parser.add_argument("--townships", type=int, default=30, help="townships per county")
    parser.add_argument("--members", type=int, default=None, help="members in all (default 1,667 per township)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    members = args.members or args.counties * args.townships * 1667

    database = django_setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import Profile, Role
    from organizations.models import Level, Member, Organization
    from reports.rollup import county_rollup
    from reports.services import report_create
    from reports.statistics import member_counts_by_organization, township_statistics

    assert connection.vendor == "postgresql", "bench/province.py is for PostgreSQL (set DATABASE_URL)"
    if not Organization.objects.filter(name="省级基准第01县").exists():
        print(f"generating {args.counties} counties × {args.townships} townships, {members:,} members …", flush=True)
        generate(args.counties, args.townships, members)

    with connection.cursor() as cursor:
        cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
        collation = cursor.fetchone()[0]
    rng = random.Random(args.seed)
    counties = list(Organization.objects.filter(level=Level.COUNTY, name__startswith="省级基准").order_by("path"))
    county = rng.choice(counties)
    township = rng.choice(list(Organization.objects.subtree(county).townships().order_by("path")))
    print(f"database: {database} (collation {collation})")
    print(
        f"{Organization.objects.count():,} organizations, {Member.objects.count():,} members, "
        f"{len(counties)} counties; picked {county.name} and {township.name}"
    )

    def user(name, role, scope):
        account, created = User.objects.get_or_create(username=name)
        if created:
            Profile.objects.create(user=account, role=role, scope=scope)
        client = Client()
        client.force_login(account)
        return client

    staff = user(f"bench-staff-{township.pk}", Role.TOWNSHIP_STAFF, township)
    reviewer = user(f"bench-reviewer-{county.pk}", Role.COUNTY_REVIEWER, county)
    report = township.reports.filter(year=2020).first() or report_create(township=township, year=2020, today=DAY)

    def timed(label, fn):
        fn()  # warm caches (templates, the plan cache) as a long-lived worker has them
        ms, cpu = median_ms(fn)
        with CaptureQueriesContext(connection) as captured:
            fn()
        print(f"{label:<44} {ms:>8.1f} {cpu:>8.1f} {len(captured):>8}")

    def page(client, url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    members_now = Member.objects.under(township).active_on(DAY).count()
    county_members = Member.objects.under(county).active_on(DAY).count()
    print(f"{township.name}: {members_now:,} members on {DAY}; {county.name}: {county_members:,}")
    last_page = -(-Member.objects.under(township).active_on(datetime.date.today()).count() // 50)
    print(f"{'(10 runs each)':<44} {'wall ms':>8} {'cpu ms':>8} {'queries':>8}")
    timed("report statistics (township_statistics)", lambda: township_statistics(township, DAY))
    timed("report HTML preview (GET, township staff)", page(staff, reverse("report_preview", args=[report.pk])))
    timed("member list, page 1 (township staff)", page(staff, reverse("member_list")))
    timed("member list, last page (township staff)", page(staff, reverse("member_list") + f"?page={last_page}"))
    timed("dashboard (township staff)", page(staff, reverse("dashboard")))
    timed("dashboard (county reviewer)", page(reviewer, reverse("dashboard")))
    townships = Organization.objects.subtree(county).townships()
    timed("county roll-up (county_rollup)", lambda: county_rollup(townships, title="基准", year=2020, day=DAY))
    timed("county roll-up page (GET, county reviewer)", page(reviewer, reverse("rollup", args=[2020])))

    print("\nEXPLAIN, subtree queries:")
    plans = {
        "organizations under the township": Organization.objects.subtree(township),
        "members under the township (member list)": Member.objects.under(township),
        "report's member counts per organization": None,
    }
    for label, queryset in plans.items():
        if queryset is None:
            with CaptureQueriesContext(connection) as captured:
                member_counts_by_organization(Organization.objects.subtree(township), DAY)
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + captured[0]["sql"])
                lines = [row[0] for row in cursor.fetchall()]
            lines = [line for line in lines if "Scan" in line or "Join" in line or "Loop" in line]
        else:
            lines = explain(queryset)
        print(f"  {label}:")
        for line in lines:
            print(f"    {line.strip()}")
    # The member list's last page sorts the whole township by branch and name: the
    # cost of comparing text under the database's collation shows here.
    last = (
        Member.objects.under(township)
        .active_on(datetime.date.today())
        .select_related("organization")
        .order_by("organization__path", "name", "id")[(last_page - 1) * 50 : last_page * 50]
    )
    print("  member list, last page (EXPLAIN ANALYZE):")
    for line in last.explain(analyze=True).splitlines():
        if "Sort Method" in line or "Execution Time" in line:
            print(f"    {line.strip()}")


if __name__ == "__main__":
    main()
