"""Upload → preview → confirm. Previews belong to their uploader: anyone else gets 404."""

from collections.abc import Iterator

from django.contrib import messages
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from accounts.decorators import scoped
from accounts.scoping import get_visible_or_404, visible
from dangjian.downloads import XLSX, attachment
from imports.base import CREATED, UPDATED, Outcome
from imports.forms import UploadForm
from imports.kinds import IMPORTERS, can_import, importer_class
from imports.models import ImportRecord, ImportStatus
from imports.reader import MAX_UPLOAD_BYTES
from imports.services import (
    ImportClosed,
    check_file,
    check_file_steps,
    expire_old_previews,
    import_record_confirm,
    import_record_create,
)
from imports.workbooks import column_notes, template_rows, write_book

# A 10,000-row file lists its actions page-free; errors are shown up to this many.
SHOWN = 500
# Files bigger than this (about 2,000 roster rows) are checked on a page that shows progress.
# A 10,000-row roster takes about 5 s of CPU (bench/import.py), within the 10 s goal, but on a
# busy 2-core server the wall time can reach 8 s: the rows checked so far are worth showing.
STREAM_ABOVE_BYTES = 200 * 1024
DONE_PAGES = {"members": "member_list", "organizations": "organization_list"}


def _kinds() -> list[dict]:
    return [{"key": key, "label": importer.label, "available": can_import(key)} for key, importer in IMPORTERS.items()]


@scoped(write=True)
def import_index(request):
    records = (
        visible(ImportRecord, request.user).filter(status=ImportStatus.DONE).select_related("user", "township")[:20]
    )
    return render(request, "imports/index.html", {"kinds": _kinds(), "records": records})


@scoped()
def import_template(request, kind: str):
    importer = importer_class(kind)
    if importer is None:
        raise Http404
    instructions = list(importer.instructions)
    for spec in importer.sheets:
        instructions += ["", *column_notes(spec)]
        examples = importer.examples.get(spec.key, [])
        if examples:
            instructions += ["", f"【{spec.name}】示例（请在「{spec.name}」工作表中按同样格式填写）："]
            instructions += ["　".join(column.header for column in spec.columns)]
            instructions += ["　".join(str(v) or "（空）" for v in row) for row in template_rows(spec, examples)]
    body = write_book(f"{importer.label}导入模板", [(spec, []) for spec in importer.sheets], instructions)
    return attachment(body, XLSX, f"{importer.label}导入模板.xlsx")


@scoped(write=True)
def import_upload(request, kind: str):
    if not can_import(kind):
        raise Http404
    importer = importer_class(kind)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    context = {"form": form, "kind": kind, "label": importer.label, "limit_mb": MAX_UPLOAD_BYTES // 1024 // 1024}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        township = form.cleaned_data["township"]
        if upload.size > MAX_UPLOAD_BYTES:
            context["problems"] = [
                f"文件太大（{upload.size / 1024 / 1024:.1f} MB），上限是 {context['limit_mb']} MB。请分成几个文件导入。"
            ]
            return render(request, "imports/upload.html", context)
        data = upload.read()
        if len(data) > STREAM_ABOVE_BYTES:
            return StreamingHttpResponse(_checking(request, kind, township, upload.name, data))
        checked = check_file(kind=kind, township=township, user=request.user, data=data)
        if not checked.outcome.ok:
            # Nothing is stored for a refused file: the database stays exactly as it was.
            context["problems"] = [str(problem) for problem in checked.outcome.problems[:SHOWN]]
            context["problem_total"] = len(checked.outcome.problems)
            context["file_name"] = upload.name
            return render(request, "imports/upload.html", context)
        record = import_record_create(
            kind=kind, township=township, user=request.user, file_name=upload.name, data=data, checked=checked
        )
        return redirect("import_preview", token=record.token)
    return render(request, "imports/upload.html", context)


def _checking(request, kind: str, township, file_name: str, data: bytes) -> Iterator[str]:
    """A big file's check as a page that grows: rows checked so far, then the preview or the errors.

    Streamed from the request itself (no background worker): the check runs as the page is sent.
    """
    marker = "<!--rows-->"
    page = render_to_string(
        "imports/checking.html",
        {"file_name": file_name, "kind": kind, "stream_marker": marker},
        request=request,
    )
    head, tail = page.split(marker, 1)
    yield head
    steps = check_file_steps(kind=kind, township=township, user=request.user, data=data)
    while True:
        try:
            progress = next(steps)
        except StopIteration as done:
            checked = done.value
            break
        if progress.total:
            yield f"<script>importProgress({progress.done}, {progress.total})</script>\n"
    if checked.outcome.ok:
        record = import_record_create(
            kind=kind, township=township, user=request.user, file_name=file_name, data=data, checked=checked
        )
        url = escape(reverse("import_preview", args=[record.token]))
        yield f'<p id="import-done"><a href="{url}">检查通过，打开预览</a></p><script>location.replace("{url}")</script>'
    else:
        problems = checked.outcome.problems
        yield render_to_string(
            "imports/_problems.html",
            {"file_name": file_name, "problems": [str(p) for p in problems[:SHOWN]], "problem_total": len(problems)},
        )
    yield tail


@scoped(write=True)
def import_preview(request, token: str):
    expire_old_previews()
    # Only the uploader's own previews: anyone else's answers 404, as if it did not exist.
    record = get_visible_or_404(
        ImportRecord.objects.select_related("township"), request.user, token=token, user=request.user
    )
    if request.method == "POST":
        try:
            outcome = import_record_confirm(record=record, user=request.user)
        except ImportClosed as closed:
            messages.error(request, str(closed))
            return redirect("import_preview", token=record.token)
        if outcome.ok:
            messages.success(
                request,
                f"已导入「{record.file_name}」：新建 {outcome.created} 条，更新 {outcome.updated} 条，"
                f"未变 {outcome.unchanged} 条。",
            )
            return redirect(DONE_PAGES.get(record.kind, "import_index"))
        record.refresh_from_db()
        context = {"record": record, "problems": [str(p) for p in outcome.problems[:SHOWN]]}
        context["problem_total"] = len(outcome.problems)
        return render(request, "imports/preview.html", context)
    context = {"record": record}
    if record.status == ImportStatus.PENDING:
        outcome = Outcome.from_json(record.data["outcome"])
        changes = [a for a in outcome.actions if a.what in (CREATED, UPDATED)]
        context.update(
            outcome=outcome,
            changes=changes[:SHOWN],
            hidden_changes=max(0, len(changes) - SHOWN),
            confirm_url=reverse("import_preview", args=[record.token]),
        )
    return render(request, "imports/preview.html", context)
