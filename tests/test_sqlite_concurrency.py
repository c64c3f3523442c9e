"""SQLite, the embedded default, takes parallel writers without 「database is locked」.

The test database of the suite is in memory, so this runs bench/concurrency.py in a
child process on a fresh SQLite file, configured by dangjian/settings.py exactly as
a real installation is (whatever database the rest of the suite runs on).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_parallel_submits_and_reviews_on_a_sqlite_file_give_no_errors(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'parallel.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "concurrency.py"), "8"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    lines = [line for line in result.stdout.splitlines() if not line.startswith("database:")]
    assert lines == [
        "review: 3 approve + 3 return at once → 1 decision(s) stored, 0 error(s)",
        "review: 6 approve + 0 return at once → 1 decision(s) stored, 0 error(s)",
        "submit: 8 submits at once → 1 version(s) stored, 0 error(s)",
        "mixed: 16 reads + 16 writes at once → 16 member(s) added, 0 error(s)",
    ]
