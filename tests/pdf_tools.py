"""Reading a PDF back with poppler's command-line tools (installed by ``make test``)."""

import re
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape


def _with_file(data: bytes, *command: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(
            [*command, f.name, "-"] if command[0] != "pdffonts" else [*command, f.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def pdf_text(data: bytes) -> str:
    """The running text, whitespace and page numbers removed, so a sentence that
    crosses a page break reads as one (letter-spacing makes pdftotext insert spaces)."""
    return "".join(re.sub(r"—\d+—$", "", page) for page in page_texts(data))


def page_texts(data: bytes) -> list[str]:
    return [re.sub(r"\s+", "", page) for page in _with_file(data, "pdftotext", "-enc", "UTF-8").split("\f")[:-1]]


def pdf_fonts(data: bytes) -> list[dict[str, str]]:
    lines = _with_file(data, "pdffonts").splitlines()[2:]
    return [{"name": line.split()[0], "emb": line.split()[-5], "sub": line.split()[-4]} for line in lines]


@dataclass
class Word:
    page: int
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]


def pdf_layout(data: bytes) -> list[Page]:
    """Pages with their size and every word's box, in points from the top left."""
    html = _with_file(data, "pdftotext", "-bbox", "-enc", "UTF-8")
    pages = []
    for number, match in enumerate(
        re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S), 1
    ):
        words = [
            Word(number, float(a), float(b), float(c), float(d), unescape(text))
            for a, b, c, d, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', match[3]
            )
        ]
        pages.append(Page(float(match[1]), float(match[2]), words))
    return pages
