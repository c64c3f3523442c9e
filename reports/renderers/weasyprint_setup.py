"""WeasyPrint, imported and set up once per process, with two costs the report does not need removed.

Import WeasyPrint's names from here, never from weasyprint directly, so that this runs first.

Measured against plain WeasyPrint (bench/pdf.py, bench/README.md):

1. Importing WeasyPrint looks its C libraries up under several names each (22 lookups); every
   name it does not find costs ``ctypes.util.find_library`` a run of ``ldconfig``, ``gcc`` and
   ``ld`` (about 0.3 s of a 2 s process). During the import, lookups are answered from one read
   of the linker cache (``ldconfig -p``), which is what ``find_library`` reads on Linux anyway.
2. Each render copied every font file it used whole into Python (27 MB for Noto Serif CJK,
   89 MB for the report's four faces, about 55 ms), only to subset it from HarfBuzz's own copy
   and throw the whole one away. The whole file is now read only where WeasyPrint needs it
   (no subsetting, bitmap, variable or colour fonts, or HarfBuzz failing).

The second depends on WeasyPrint's internals, so it applies only to the pinned version; with
any other, WeasyPrint runs as it comes (slower, never wrong).
"""

import contextlib
import ctypes.util
import re
import shutil
import subprocess
import threading

PATCHED_VERSION = "70.0"


@contextlib.contextmanager
def _linker_cache_lookups():
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    try:
        listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    sonames = re.findall(r"^\s+(\S+) \(", listing, re.M)
    if not sonames:  # no linker cache (not Linux): the usual lookups
        yield
        return
    original = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        # As ctypes does on Linux: the first cached soname lib<name>.so…
        pattern = re.compile(rf"lib{re.escape(name)}\.so")
        return next((soname for soname in sonames if pattern.match(soname)), None)

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


with _linker_cache_lookups():
    import weasyprint
    from weasyprint import CSS, HTML
    from weasyprint.pdf import fonts as _fonts
    from weasyprint.pdf import stream as _stream
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = ["CSS", "HTML", "FontConfiguration", "URLFetcher", "URLFetcherResponse", "weasyprint"]


_whole_font_data = _fonts.get_hb_object_data
_constructing = threading.local()


def _font_data(hb_object, ot_color=None, glyph=None):
    if ot_color is None and getattr(_constructing, "font", False):
        return None  # the whole file: read on first use (_Font.file_content), often never
    return _whole_font_data(hb_object, ot_color, glyph)


class _Font(_fonts.Font):
    """WeasyPrint's Font, reading the whole font file only if something reads it.

    Subsetting with HarfBuzz works from HarfBuzz's face and replaces the content with the
    subset; the whole file is read only by the paths that need it (no subsetting, bitmap,
    variable and colour fonts, HarfBuzz failing).
    """

    _file_content = None

    def __init__(self, *args, **kwargs):
        _constructing.font = True
        try:
            super().__init__(*args, **kwargs)
        finally:
            _constructing.font = False

    @property
    def file_content(self) -> bytes:
        if self._file_content is None:
            self._file_content = _whole_font_data(self.hb_face)
        return self._file_content

    @file_content.setter
    def file_content(self, value: bytes | None) -> None:
        self._file_content = value


if weasyprint.__version__ == PATCHED_VERSION:
    _fonts.get_hb_object_data = _font_data
    _stream.Font = _Font
