"""The flow every import goes through: read → apply in a transaction → keep (confirm) or roll back (preview)."""

import hashlib
from collections.abc import Generator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Profile, Role
from imports.base import Importer, Outcome
from imports.cells import Problem
from imports.kinds import importer_class
from imports.models import ImportRecord, ImportStatus
from imports.reader import Book, FileRefused, read_book


class ImportClosed(Exception):
    """The preview can no longer be confirmed; the message says why, in Chinese."""


@dataclass
class Checked:
    """An uploaded file read and tried: its rows (None if the file was refused) and what applying them did."""

    book: Book | None
    outcome: Outcome
    sha256: str
    plan: dict | None = None  # what confirming will write (Importer.plan), for a clean file


@dataclass
class Progress:
    done: int  # rows checked so far
    total: int | None  # None while the file is being read


def check_file(*, kind: str, township, user, data: bytes) -> Checked:
    """Read ``data`` and apply it in a transaction that is always rolled back: the preview."""
    return finish(check_file_steps(kind=kind, township=township, user=user, data=data))


def check_file_steps(*, kind: str, township, user, data: bytes) -> Generator[Progress, None, Checked]:
    """check_file, yielding Progress on the way (a big file's page shows rows checked so far)."""
    digest = hashlib.sha256(data).hexdigest()
    importer = importer_class(kind)(township=township, user=user)
    yield Progress(0, None)
    try:
        book = read_book(data, importer.sheets)
    except FileRefused as refusal:
        return Checked(None, Outcome([Problem("", None, "", str(refusal))]), digest)
    outcome = yield from run_steps(importer, book, commit=False)
    return Checked(book, outcome, digest, importer.plan() if outcome.ok else None)


def run(importer: Importer, book: Book, *, commit: bool) -> Outcome:
    """Apply every row in one transaction; keep it only if ``commit`` and the whole file was clean."""
    return finish(run_steps(importer, book, commit=commit))


def run_steps(importer: Importer, book: Book, *, commit: bool) -> Generator[Progress, None, Outcome]:
    outcome = Outcome(list(book.problems))
    importer.commit = commit
    # An abandoned generator (the browser went away) closes the block with GeneratorExit: rolled back.
    with transaction.atomic():
        for done in importer.steps(book, outcome):
            yield Progress(done, book.row_count)
        if not outcome.ok or not commit:
            transaction.set_rollback(True)
    return outcome


def apply(importer: Importer, book: Book, plan: dict | None, previewed: Outcome) -> Outcome:
    """Write what the preview showed.

    The preview's plan is written as it is when nothing it was checked against has changed
    since (Importer.apply_plan compares a digest of it): checking the same rows against the
    same data again would find the same. Otherwise the rows are checked again against the
    data as it is now, and written only if they are still all clean.
    """
    if plan is not None:
        outcome = Outcome([], list(previewed.actions))
        with transaction.atomic():
            if importer.apply_plan(book, plan, outcome):
                if not outcome.ok:
                    transaction.set_rollback(True)
                return outcome
    return run(importer, book, commit=True)


def finish(steps: Generator):
    """Run ``steps`` to the end and return what it returns."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def import_record_create(*, kind: str, township, user, file_name: str, data: bytes, checked: Checked) -> ImportRecord:
    """Keep a clean preview server-side, for its uploader, until it is confirmed or expires."""
    expire_old_previews()
    return ImportRecord.objects.create(
        kind=kind,
        township=township,
        user=user,
        file_name=file_name[:255],
        file_size=len(data),
        sha256=checked.sha256,
        rows=checked.book.row_count,
        problem_count=len(checked.outcome.problems),
        data={"book": checked.book.to_json(), "outcome": checked.outcome.to_json(), "plan": checked.plan},
    )


def import_record_confirm(*, record: ImportRecord, user) -> Outcome:
    """Apply the stored preview for real: its plan, or the rows checked again if the township's data changed."""
    expire_old_previews()
    with transaction.atomic():
        return _confirm(record, user)


def _confirm(record: ImportRecord, user) -> Outcome:
    record = ImportRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != ImportStatus.PENDING:
        raise ImportClosed(f"这次导入{record.get_status_display()}，不能再确认。请重新上传文件。")
    importer = importer_class(record.kind)(township=record.township, user=user)
    previewed = Outcome.from_json(record.data["outcome"])
    outcome = apply(importer, Book.from_json(record.data["book"]), record.data.get("plan"), previewed)
    record.problem_count = len(outcome.problems)
    if outcome.ok:
        record.rows_created, record.rows_updated = outcome.created, outcome.updated
        record.confirmed_at = timezone.now()
        _close(record, ImportStatus.DONE)
    else:
        _close(record, ImportStatus.REFUSED)
    return outcome


def import_file(*, kind: str, township, user, file_name: str, data: bytes, dry_run: bool, source: str) -> Outcome:
    """Check and, unless ``dry_run``, import in one go (the command line)."""
    checked = check_file(kind=kind, township=township, user=user, data=data)
    if dry_run or not checked.outcome.ok:
        return checked.outcome
    with transaction.atomic():
        importer = importer_class(kind)(township=township, user=user)
        outcome = apply(importer, checked.book, checked.plan, checked.outcome)
        if outcome.ok:
            ImportRecord.objects.create(
                kind=kind,
                township=township,
                user=user if user.pk else None,
                source=source,
                file_name=file_name[:255],
                file_size=len(data),
                sha256=checked.sha256,
                status=ImportStatus.DONE,
                rows=checked.book.row_count,
                rows_created=outcome.created,
                rows_updated=outcome.updated,
                confirmed_at=timezone.now(),
                expires_at=timezone.now(),
            )
    return outcome


def township_operator(township):
    """Who the command line acts as: township staff of ``township`` (an unsaved user, never stored).

    The forms scope their choices by user; this gives the command line exactly
    the rights the township's staff have on the web pages, no more.
    """
    user = get_user_model()(username="命令行")
    user.profile = Profile(user=user, role=Role.TOWNSHIP_STAFF, scope=township)
    return user


def expire_old_previews() -> None:
    # Personal data in unconfirmed previews is not kept past their hour.
    ImportRecord.objects.filter(status=ImportStatus.PENDING, expires_at__lte=timezone.now()).update(
        status=ImportStatus.EXPIRED, data={}
    )


def _close(record: ImportRecord, status: str) -> None:
    record.status = status
    record.data = {}
    record.save()
