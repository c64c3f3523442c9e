"""The audit log, kept by django-auditlog.

django-auditlog rather than django-simple-history: one table of entries with
actor, time, object and the changed fields before and after is what the audit
page shows, and it needs no shadow table per model. Each audited model says in
``get_additional_data`` which organization path it belongs under, so the page
can be scoped to a reviewer's county with one prefix filter.
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps

from accounts.scoping import visible

# Members' ID and phone numbers are masked in the log by the same functions as everywhere else.
AUDITED = {
    "organizations.Organization": {"exclude_fields": ["path", "created_at", "updated_at"]},
    "organizations.Village": {},
    "organizations.VillageGroup": {},
    "organizations.Member": {
        "exclude_fields": ["created_at", "updated_at"],
        "mask_fields": ["id_number", "phone"],
        "mask_callable": "organizations.masking.mask_personal_value",
    },
    "organizations.TownshipProfile": {"exclude_fields": ["updated_at"]},
    "organizations.VillageYear": {},
    "assessments.Assessment": {},
    "assessments.Rectification": {},
    "assessments.Pairing": {},
    "assessments.CommitteePost": {},
    "planning.WorkArea": {},
    "planning.KeyTask": {"exclude_fields": ["updated_at"]},
    "development.Candidate": {
        "exclude_fields": ["created_at", "updated_at"],
        "mask_fields": ["id_number"],
        # Without it auditlog's own mask keeps the last 9 characters: the birth date's month and day.
        "mask_callable": "organizations.masking.mask_id_number",
    },
    "development.StepRecord": {"exclude_fields": ["created_at"]},
    "development.ProbationChange": {"exclude_fields": ["created_at"]},
    "activities.Meeting": {"exclude_fields": ["created_at", "updated_at"]},
    "activities.Training": {"exclude_fields": ["created_at", "updated_at"]},
    "reports.Report": {"exclude_fields": ["created_at", "updated_at"]},
    "reports.ReportSection": {},
    "reports.ReportVersion": {"exclude_fields": ["data"]},
    "reports.ReviewDecision": {},
    "imports.ImportRecord": {"exclude_fields": ["data", "token"]},
}


def register_models() -> None:
    for label, options in AUDITED.items():
        model = apps.get_model(label)
        if not auditlog.contains(model):
            # Reverse relations are not the object's data (they were logged as 「reports.Report.None」).
            reverse = [f.name for f in model._meta.get_fields() if not f.concrete]
            options = options | {"exclude_fields": [*options.get("exclude_fields", []), *reverse]}
            auditlog.register(model, **options)


def log_download(instance, user, kind: str) -> LogEntry:
    """Downloads change nothing, so auditlog does not see them: record them as accesses."""
    return LogEntry.objects.log_create(
        instance,
        action=LogEntry.Action.ACCESS,
        changes={"下载": ["", kind.upper()]},
        actor=user,
        force_log=True,
    )


def visible_entries(user):
    """Entries under the user's scope, through the path each audited object recorded."""
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    return visible(entries, user, path_field="additional_data__path")
