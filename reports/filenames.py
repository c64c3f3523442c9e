"""File names shown to users (downloads, zip entries), made from titles clerks typed.

A title is free text: it may hold ``/``, ``..`` or control characters. Stored
paths never use it (they come from ids, see ``reports.models.review``); names
offered for download pass through ``safe_filename``.
"""

import re

SEPARATORS = re.compile(r"[/\\]+")
# Control characters (C0, DEL, C1) and what Windows refuses in a file name.
UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f:*?"<>|]')
MAX_LENGTH = 150


def safe_filename(name: str, fallback: str = "汇报") -> str:
    """``name`` as a single file name: separators become ``-``; control and reserved characters go."""
    name = UNSAFE.sub("", SEPARATORS.sub("-", name))
    # No leading dots (hidden files, ``..``) and no dangling separators or spaces.
    name = name.strip(" .-")[:MAX_LENGTH].strip(" .-")
    return name or fallback
