"""Control characters from outside never reach forms, queries or the database.

PostgreSQL refuses NUL in text (a 500 before this), and no clerk means to type
the other control characters: they come from pasted binary or from probing.
One middleware handles every request:

- form data (POST): control characters are removed from every name and value.
  Tab, line feed and carriage return are kept, because narrative textareas need
  their line breaks and text pasted from Word brings tabs; the rest is removed.
- query parameters (GET): a control character answers 400 with a Chinese page
  (a link the application made never contains one).
"""

import re

from django.http import QueryDict
from django.shortcuts import render

# C0 controls except \t \n \r, DEL, and the C1 controls.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def _has_control_characters(data: QueryDict) -> bool:
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values)
        for key, values in data.lists()
    )


def _stripped(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(strip_control_characters(key), [strip_control_characters(v) for v in values])
    cleaned._mutable = False
    return cleaned


class ControlCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_control_characters(request.GET):
            return render(request, "400.html", {"message": "网址中含有无效的控制字符，请检查后重试。"}, status=400)
        if request.method == "POST" and request.content_type in FORM_TYPES and _has_control_characters(request.POST):
            request.POST = _stripped(request.POST)
        return self.get_response(request)
