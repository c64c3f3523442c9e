"""Every figure of a township's report on a date, composed from the domains' figures.

Each domain computes its own figures (organizations/figures.py,
planning/figures.py, development/figures.py, activities/figures.py); this module only gathers them for one township, so the
report, the dashboard and the county roll-up share one definition per figure.
Renderers (HTML, PDF, Excel) only lay the result out.
"""

import datetime
from dataclasses import dataclass, field

from activities.figures import MeetingFigures, TrainingFigures, meeting_figures, training_figures
from activities.models import Meeting, Training
from assessments.figures import AssessmentFigures, assessment_figures
from development.figures import DevelopmentFigures, development_figures
from organizations.figures import (
    MemberFigures,
    OrganizationFigures,
    VillageFigures,
    member_figures,
    organization_figures,
    village_figures,
)
from organizations.models import Member, Organization, TownshipProfile
from planning.figures import TaskSummary, plan_areas, task_summaries
from planning.models import WorkArea


@dataclass
class TownshipStatistics:
    township: str
    as_of: datetime.date
    members: MemberFigures
    organizations: OrganizationFigures
    villages: VillageFigures
    profile: TownshipProfile | None
    tasks: list[TaskSummary] = field(default_factory=list)
    assessments: AssessmentFigures | None = None
    development: DevelopmentFigures | None = None
    meetings: MeetingFigures | None = None
    trainings: TrainingFigures | None = None

    @property
    def task_total(self) -> TaskSummary:
        return TaskSummary.total_of(self.tasks)


def township_statistics(
    township: Organization,
    day: datetime.date,
    year: int | None = None,
    *,
    subtree: list[Organization] | None = None,
    areas: list[WorkArea] | None = None,
) -> TownshipStatistics:
    """Everything the report says about ``township`` on ``day`` (key tasks of ``year``, default ``day.year``).

    ``subtree`` and ``areas`` may be passed when the caller has loaded them already
    (the report document does, for its registers), so nothing is loaded twice.
    """
    year = year or day.year
    subtree = list(Organization.objects.subtree(township)) if subtree is None else subtree
    areas = plan_areas(township, year) if areas is None else areas
    villages = village_figures(township, day)
    members = member_figures(Member.objects.under(township), day)
    return TownshipStatistics(
        township=township.name,
        as_of=day,
        members=members,
        organizations=organization_figures(subtree, township, day),
        villages=villages,
        assessments=assessment_figures(township, day, year, subtree=subtree, villages=villages),
        profile=TownshipProfile.objects.filter(township=township, year__lte=year).order_by("-year").first(),
        tasks=task_summaries(areas, day),
        development=development_figures(township, day, year),
        meetings=meeting_figures(Meeting.objects.under(township), subtree, year, day),
        trainings=training_figures(
            Training.objects.under(township), Member.objects.under(township), year, day, members.total
        ),
    )
