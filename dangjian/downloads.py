"""The one way a file is handed to the browser: an attachment with an RFC 5987 file name."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    """``body`` as a download; Chinese file names become filename*=utf-8''… with an ASCII fallback."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
