"""Settings come from the environment; production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.utils import get_random_secret_key
from django.utils.formats import date_format

ROOT = Path(__file__).resolve().parent.parent


def run(code_or_args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, *code_or_args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_production_settings_pass_check_deploy():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=get_random_secret_key() + get_random_secret_key(),
        DJANGO_ALLOWED_HOSTS="dangjian.example.org",
        DJANGO_HTTPS="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "issues" in result.stdout


def test_debug_is_off_unless_asked_for():
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='dangjian.settings'; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    assert run(["-c", code]).stdout.strip() == "False"
    assert run(["-c", code], DJANGO_DEBUG="1").stdout.strip() == "True"


def test_database_url_selects_postgresql():
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='dangjian.settings'; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    assert run(["-c", code], DATABASE_URL="postgres://u@h/db").stdout.strip() == "django.db.backends.postgresql"
    assert run(["-c", code]).stdout.strip() == "django.db.backends.sqlite3"


def test_the_ui_is_simplified_chinese_in_shanghai_time():
    import datetime

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert date_format(datetime.date(2020, 11, 15)) == "2020年11月15日"
