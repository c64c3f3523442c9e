"""How long seed_demo takes (the demo county: 清水乡 and 长岭乡, about 760 members).

.venv/bin/python bench/seed_demo.py
"""

import io
import time

from setup import django_setup


def main():
    database = django_setup()
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("seed_demo", "--with-report", stdout=io.StringIO())
    print(f"database: {database}")
    print(f"seed_demo --with-report: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
