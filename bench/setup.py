"""Shared set-up for benchmarks: a database of their own, and generated townships.

Benchmarks run against DATABASE_URL when it is set (e.g. PostgreSQL), else a
fresh SQLite file in a temporary directory, never the developer's db.sqlite3.
"""

import datetime
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup() -> str:
    sys.path.insert(0, str(ROOT))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    # The test client's host, and stored files kept out of the project's media/.
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp())
    os.environ.setdefault("DJANGO_STATIC_ROOT", tempfile.mkdtemp())
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Pages link static files by plain names here, as in the tests: without DEBUG
    # the production storage would want a collectstatic manifest first.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"].split("@")[-1]


def make_township(county, name: str, members: int, seed: int = 0):
    """A township with village committees, 1 branch per ~25 members, village groups and key tasks."""
    from organizations.models import Category, Level, Member, Organization, Village, VillageGroup
    from planning.models import DEFAULT_AREAS, KeyTask, TaskStatus, WorkArea

    rng = random.Random(seed)
    township = Organization.objects.create(name=name, level=Level.TOWNSHIP, category=Category.GENERAL, parent=county)
    branches = []
    for v in range(max(1, members // 250)):
        village = Village.objects.create(township=township, name=f"{name}第{v + 1}村委会")
        VillageGroup.objects.bulk_create(VillageGroup(village=village, name=f"第{g + 1}组") for g in range(10))
        committee = Organization.objects.create(
            name=f"{village.name}党总支",
            level=Level.GENERAL_BRANCH,
            category=Category.RURAL,
            parent=township,
            village=village,
        )
        branches += [
            Organization.objects.create(
                name=f"{village.name}第{b + 1}党支部", level=Level.BRANCH, category=Category.RURAL, parent=committee
            )
            for b in range(10)
        ]
    branches.append(
        Organization.objects.create(
            name=f"{name}机关党支部", level=Level.BRANCH, category=Category.ORGAN, parent=township
        )
    )
    day = datetime.date(2020, 11, 15)
    rows = []
    for i in range(members):
        birth = datetime.date(1935 + rng.randrange(65), rng.randint(1, 12), rng.randint(1, 28))
        joined = birth.replace(year=birth.year + 18 + rng.randrange(max(1, min(40, day.year - birth.year - 18))))
        joined = min(joined, day)
        rows.append(
            Member(
                name=f"党员{i}",
                gender=rng.choice("MMMF"),
                ethnicity=rng.choice(["01", "01", "08", "06", "07"]),
                birth_date=birth,
                education=rng.choice(["junior_or_below", "high_school", "college", "bachelor"]),
                occupation=rng.choice(["farmer", "farmer", "worker", "other"]),
                organization=rng.choice(branches),
                joined_on=joined,
                full_on=None
                if rng.random() < 0.03
                else joined.replace(year=joined.year + 1)
                if joined.month != 2 or joined.day != 29
                else joined,
                is_floating=rng.random() < 0.05,
                floating_to="广东省",
            )
        )
    Member.objects.bulk_create(rows, batch_size=1000)
    for a, area_name in enumerate(DEFAULT_AREAS):
        area = WorkArea.objects.create(township=township, year=2020, name=area_name, sort_order=a)
        KeyTask.objects.bulk_create(
            KeyTask(
                area=area,
                title=f"{area_name}任务{t + 1}",
                target_value=10,
                unit="个",
                achieved_value=t,
                status=rng.choice([TaskStatus.DONE, TaskStatus.IN_PROGRESS]),
                deadline=datetime.date(2020, 12, 31),
            )
            for t in range(5)
        )
    return township


_backend = {}


def cpu_seconds() -> float:
    """CPU time used so far by this process and, on PostgreSQL on this machine, by its
    database backend: steadier than wall time on a machine shared with other work."""
    import time

    from django.db import connection

    total = time.process_time()
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        key = id(connection.connection)
        if key not in _backend:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                _backend.clear()
                _backend[key] = cursor.fetchone()[0]
        try:
            with open(f"/proc/{_backend[key]}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:  # the database runs elsewhere: this process only
            pass
    return total
