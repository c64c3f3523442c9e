"""Shared set-up for benchmarks: a database of their own, and generated townships.

Benchmarks run against DATABASE_URL when it is set (e.g. PostgreSQL), else a
fresh SQLite file in a temporary directory, never the developer's db.sqlite3.
"""

import os
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
    """A generated township (demo/generated.py); imported here, after django_setup."""
    from demo.generated import build_generated_township

    return build_generated_township(county, name, members, seed)


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
