"""Settings for 党建工作汇报系统.

Everything that differs between a laptop and a server comes from the
environment; the defaults are safe for development and never insecure in
production (DEBUG is off unless asked for, the secret key is never a constant).

    DATABASE_URL          sqlite:///... (default: db.sqlite3) or postgres://...
    DJANGO_DEBUG          1 to turn debug on (``make run`` does)
    DJANGO_SECRET_KEY     secret key; without it one is generated once into .secret_key
    DJANGO_ALLOWED_HOSTS  comma separated, default 127.0.0.1,localhost
    DJANGO_HTTPS          1 behind HTTPS: secure cookies, HSTS, redirect to https
    DJANGO_MEDIA_ROOT     where submitted report files are stored (default media/)
    DJANGO_STATIC_ROOT    where collectstatic writes (default staticfiles/)
    DJANGO_CONN_MAX_AGE   seconds to keep database connections open (default 0)
    DJANGO_CACHE_URL      redis://host:6379/0 for a cache shared by several servers
                          (REDIS_URL is read too); default: local memory per process
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    # A generated per-installation key rather than a constant: a forgotten
    # environment variable must not leave a server with a key from the repository.
    if key := os.environ.get("DJANGO_SECRET_KEY"):
        return key
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_flag("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "auditlog",
    "axes",
    "accounts",
    "organizations",
    "planning",
    "development",
    "activities",
    "assessments",
    "reports",
    "audit",
    "demo",
    "imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the worker, before sessions and the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dangjian.control_characters.ControlCharacterMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dangjian.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.user_scope",
            ],
        },
    },
]

WSGI_APPLICATION = "dangjian.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections are a production tuning; off by default so test
        # threads (the browser tests' live server) leave no session behind.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")) > 0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. WAL lets readers go on while someone writes;
    # BEGIN IMMEDIATE takes the write lock when a transaction starts, so a second
    # writer waits (up to the timeout) instead of failing with 「database is locked」
    # when it tries to upgrade a read lock mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out user name + address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.ScopeLoadingBackend"]

# Login throttling: 5 wrong passwords for one user name from one address lock that
# pair out for 30 minutes (other users and addresses are unaffected). Administrators
# unlock earlier in /admin/ (delete the access attempt) or with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))

# Submitted report files. Not served as /media/: every download goes through a
# scoped view. For S3-compatible storage install django-storages and set the
# "default" backend to "storages.backends.s3.S3Storage" with its OPTIONS.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Without DEBUG: `collectstatic` writes content-hashed, gzipped copies that
    # WhiteNoise serves with a one-year immutable Cache-Control. The tests run
    # without DEBUG but with the plain storage (tests/conftest.py), so they need
    # no collectstatic; tests/test_serving.py checks the production storage.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "dangjian.storage.StaticStorage"
    },
}

# One cache per process unless a shared one is named: with several servers (or
# to share across gunicorn workers) set DJANGO_CACHE_URL=redis://host:6379/0.
_cache_url = os.environ.get("DJANGO_CACHE_URL") or os.environ.get("REDIS_URL")
if _cache_url:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
    # Sessions read from the shared cache, written through to the database. Not
    # with the per-process default: a logout in one worker would leave the
    # session alive in another worker's memory.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# How many decimals every share (占比) in pages and reports is shown with.
SHARE_DECIMALS = int(os.environ.get("DANGJIAN_SHARE_DECIMALS", "2"))

# Committee terms (换届): 5 years in village and community organizations, 3 elsewhere;
# a term falling due within TERM_DUE_WARNING_MONTHS is flagged before it does.
COMMITTEE_TERM_YEARS = {"village": 5, "other": 3}
TERM_DUE_WARNING_MONTHS = 6

if env_flag("DJANGO_HTTPS"):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
