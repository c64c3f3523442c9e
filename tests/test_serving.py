"""The production configuration: hashed, compressed static files served by WhiteNoise,
the cache chosen by an environment variable, and gunicorn's settings file.

Each check runs in a fresh process with a production environment (no DEBUG), as
gunicorn's workers would; .ci/run then serves real pages through gunicorn.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parent.parent
SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='dangjian.settings'; django.setup(); "


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env = {**clean, "DJANGO_SECRET_KEY": get_random_secret_key(), **env}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)


def python(code, **env) -> str:
    result = run(["-c", SETUP + code], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """collectstatic once, as a deployment runs it (about 5 s: every admin file is hashed and gzipped)."""
    root = tmp_path_factory.mktemp("collected") / "static"
    result = run(["manage.py", "collectstatic", "--noinput", "-v", "0"], DJANGO_STATIC_ROOT=str(root))
    assert result.returncode == 0, result.stderr
    return root


def test_it_collects_static_files_under_hashed_names_with_gzip_copies(static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/app.css"]
    stem, digest, suffix = hashed.rsplit(".", 2)
    assert (stem, suffix, len(digest)) == ("css/app", "css", 12)
    assert (static_root / hashed).read_bytes() == (ROOT / "static/css/app.css").read_bytes()
    assert (static_root / f"{hashed}.gz").is_file()


def test_pages_link_the_hashed_names_and_whitenoise_serves_them_compressed_for_a_year(static_root):
    hashed = json.loads((static_root / "staticfiles.json").read_text())["paths"]["css/app.css"]
    code = (
        "from django.templatetags.static import static; from django.test import Client; "
        "url = static('css/app.css'); r = Client().get(url, headers={'accept-encoding': 'gzip'}); "
        "print(url, r.status_code, r['Content-Type'], r.get('Content-Encoding'), r['Cache-Control'], sep='|')"
    )
    output = python(code, DJANGO_STATIC_ROOT=str(static_root), DJANGO_ALLOWED_HOSTS="testserver")
    url, status, content_type, encoding, cache_control = output.split("|")
    assert url == f"/static/{hashed}"
    assert status == "200"
    assert content_type == 'text/css; charset="utf-8"'
    assert encoding == "gzip"
    assert cache_control == "max-age=315360000, public, immutable"


def test_the_cache_is_per_process_memory_unless_a_redis_url_is_given():
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION', '-'), settings.SESSION_ENGINE)"
    )
    assert python(code) == ("django.core.cache.backends.locmem.LocMemCache - django.contrib.sessions.backends.db")
    assert python(code, DJANGO_CACHE_URL="redis://cache.internal:6379/1") == (
        "django.core.cache.backends.redis.RedisCache redis://cache.internal:6379/1 "
        "django.contrib.sessions.backends.cached_db"
    )
    assert python(code, REDIS_URL="redis://other:6379/0").split(" ")[1] == "redis://other:6379/0"


def test_debug_uses_the_plain_static_storage_so_development_needs_no_collectstatic():
    code = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
    assert python(code) == "dangjian.storage.StaticStorage"
    assert python(code, DJANGO_DEBUG="1") == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_gunicorn_reads_its_settings_file():
    result = run(
        ["-m", "gunicorn", "-c", "dangjian/gunicorn.conf.py", "--print-config", "dangjian.wsgi"],
        WEB_CONCURRENCY="5",
    )
    assert result.returncode == 0, result.stderr
    config = dict(
        (key.strip(), value.strip()) for key, _, value in (line.partition("=") for line in result.stdout.splitlines())
    )
    assert config["workers"] == "5"
    assert config["worker_class"] == "gthread"
    assert config["threads"] == "4"
    assert config["bind"] == "['127.0.0.1:8000']"
    assert config["preload_app"] == "True"
