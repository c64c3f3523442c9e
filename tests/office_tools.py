"""Laying out a Word file with LibreOffice (Debian's libreoffice-writer, installed by ``make test``).

LibreOffice gets a profile of its own in the given directory, so that runs in
parallel never share one, and a fontconfig file that stands in for the
official fonts with the open fonts the PDF falls back to (Noto Serif CJK for
仿宋/宋体/小标宋, Noto Sans CJK for 黑体, LXGW WenKai for 楷体), as a
Linux desktop with those aliases would. Without it every missing font becomes
the same sans face and the pages are harder to check by eye.
"""

import os
import subprocess
from pathlib import Path

FONT_STAND_INS = {
    "仿宋_GB2312": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
    "楷体_GB2312": "LXGW WenKai",
}


def _fontconfig(directory: Path) -> Path:
    aliases = "".join(
        f"<alias binding='same'><family>{name}</family><prefer><family>{stand_in}</family></prefer></alias>"
        for name, stand_in in FONT_STAND_INS.items()
    )
    path = directory / "fonts.conf"
    path.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        f"<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>{aliases}</fontconfig>",
        encoding="utf-8",
    )
    return path


def docx_to_pdf(data: bytes, directory: Path) -> bytes:
    """The PDF LibreOffice makes of a .docx, converted headless in ``directory``."""
    source = directory / "report.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(directory / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(directory),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "FONTCONFIG_FILE": str(_fontconfig(directory))},
    )
    return (directory / "report.pdf").read_bytes()
