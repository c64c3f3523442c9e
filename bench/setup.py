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
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"].split("@")[-1]


def make_township(county, name: str, members: int, seed: int = 0):
    """A generated township (demo/generated.py); imported here, after django_setup."""
    from demo.generated import build_generated_township

    return build_generated_township(county, name, members, seed)
