"""WeasyPrint as the project sets it up: fonts read whole only where they are embedded whole."""

from weasyprint.pdf import stream

from reports.renderers.weasyprint_setup import HTML, PATCHED_VERSION, _Font, weasyprint
from tests.pdf_tools import pdf_fonts


def test_the_font_patch_is_in_use_with_the_pinned_weasyprint():
    # requirements.txt pins WeasyPrint; a new version means checking the patch against it.
    assert weasyprint.__version__ == PATCHED_VERSION
    assert stream.Font is _Font


def test_a_font_embedded_whole_is_read_whole():
    pdf = HTML(string="<p style=\"font-family: 'Noto Serif CJK SC'\">汉字</p>").write_pdf(full_fonts=True)
    # pdffonts calls it a subset from WeasyPrint's name prefix; the size says it is whole.
    assert [f["emb"] for f in pdf_fonts(pdf)] == ["yes"]
    assert len(pdf) > 10_000_000  # the whole Noto Serif CJK collection, not an empty font


def test_a_subset_font_is_a_subset():
    pdf = HTML(string="<p style=\"font-family: 'Noto Serif CJK SC'\">汉字</p>").write_pdf()
    assert [(f["emb"], f["sub"]) for f in pdf_fonts(pdf)] == [("yes", "yes")]
    assert len(pdf) < 100_000
