"""
WSGI config for dangjian project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")

application = get_wsgi_application()

# Load every view module now, then move what start-up made (~170,000 objects: modules, classes,
# templates' code, fonts' tables) out of the garbage collector's reach: a full collection then
# scans only what requests create. A report PDF renders about 6% faster (bench/README.md).
# With preload_app (dangjian/gunicorn.conf.py) this runs in the master before the fork, which
# also keeps those pages shared between the workers.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
gc.freeze()
