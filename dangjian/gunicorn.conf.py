"""gunicorn settings for production: ``gunicorn -c dangjian/gunicorn.conf.py dangjian.wsgi``.

Every value can be changed by an environment variable (gunicorn's own
``GUNICORN_CMD_ARGS`` also works and wins over this file).

    GUNICORN_BIND         address to listen on (default 127.0.0.1:8000, behind a proxy)
    WEB_CONCURRENCY       worker processes (default 3)
    GUNICORN_THREADS      threads per worker (default 4)
    GUNICORN_TIMEOUT      seconds before a stuck worker is restarted (default 120)
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes, not only threads, because pages are CPU work in Python (templates,
# the report's figures) and one process runs Python on one core at a time. 3 for
# the 2-core servers this runs on: one per core plus one that takes requests
# while another waits on PostgreSQL. Raise with the cores (2 × cores + 1).
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))

# Threads let a worker take another request while one waits on the database or
# streams a file, and keep idle keep-alive connections from holding a worker
# (a sync worker serves one connection at a time, so 50 browsers with slow
# networks would queue behind each other). gthread with threads=1 is sync-like.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A 15-page report PDF takes about a second and the county's zip of every
# township's PDF a few more; 120 s only ever stops a worker that is truly stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5

# Replace each worker after about a thousand requests (jittered so they do not
# all restart together): a guard against slow growth in long-lived processes
# (WeasyPrint and its font caches), not a fix for it.
max_requests = 1000
max_requests_jitter = 100

# Load the application once in the master and fork: workers start at once and
# share the imported code's memory. Django opens no database connection at
# import, so nothing is shared that must not be.
preload_app = True

# Keep database connections for a minute: saves a connect per request, and
# each thread holds at most one (3 workers × 4 threads = 12 connections).
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "60")

# The heartbeat file on tmpfs: a worker blocked on a slow disk is not killed for it.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
# Trust X-Forwarded-* only from the reverse proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
