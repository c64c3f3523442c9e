"""Things a clerk tripped over on the forms: 排序 optional everywhere, many village groups at
once, a new year's profile starting from last year's, and a report banner that names the
failing parts."""

import datetime

import pytest
from django.urls import reverse

from dangjian.sorting import SORT_HELP
from organizations.models import Level, Organization, TownshipProfile, Village, VillageGroup
from planning.models import KeyTask, WorkArea
from reports.models import ReportSection
from reports.services import report_create
from tests.factories import make_org, make_village
from tests.test_organizations import form_data as organization_data
from tests.test_report_html import edit_data
from tests.test_villages_and_profiles import profile_data, village_data

YEAR = 2020


class TestSortOrder:
    @pytest.mark.parametrize(
        "url_name, args",
        [
            ("organization_create", lambda t, a: []),
            ("village_create", lambda t, a: []),
            ("plan_areas_edit", lambda t, a: [t.pk, YEAR]),
            ("task_create", lambda t, a: [t.pk, YEAR]),
        ],
    )
    def test_every_form_explains_it_and_leaves_it_blank_on_a_new_row(self, staff_client, township, url_name, args):
        # The existing area's own number (7) is shown; new rows are blank, not 0.
        area = WorkArea.objects.create(township=township, year=YEAR, name="组织建设", sort_order=7)
        response = staff_client.get(reverse(url_name, args=args(township, area)))
        html = response.content.decode()
        assert SORT_HELP in html
        assert 'name="sort_order" value="0"' not in html and '-sort_order" value="0"' not in html

    def test_an_organization_without_it_goes_after_its_siblings(self, staff_client, township):
        make_org(township, Level.BRANCH, "一支部", sort_order=5)
        make_org(township, Level.BRANCH, "二支部", sort_order=2)
        response = staff_client.post(reverse("organization_create"), organization_data(township, sort_order=""))
        assert response.status_code == 302
        assert Organization.objects.get(name="新支部").sort_order == 6

    def test_a_village_and_its_groups_without_it_go_last(self, staff_client, township):
        make_village(township, "老村").__class__.objects.filter(name="老村").update(sort_order=3)
        data = village_data(name="新村", groups=["一组", "二组"])
        data.update({"sort_order": "", "groups-0-sort_order": "", "groups-1-sort_order": ""})
        assert staff_client.post(reverse("village_create"), data).status_code == 302
        village = Village.objects.get(name="新村")
        assert village.sort_order == 4
        assert sorted(village.groups.values_list("name", "sort_order")) == [("一组", 0), ("二组", 1)]

    def test_work_areas_and_tasks_without_it_go_last(self, staff_client, township):
        area = WorkArea.objects.create(township=township, year=YEAR, name="组织建设", sort_order=7)
        KeyTask.objects.create(area=area, title="甲", sort_order=4)
        data = {
            "areas-TOTAL_FORMS": 2,
            "areas-INITIAL_FORMS": 1,
            "areas-MIN_NUM_FORMS": 0,
            "areas-MAX_NUM_FORMS": 1000,
            "areas-0-id": area.pk,
            "areas-0-name": "组织建设",
            "areas-0-sort_order": 7,
            "areas-1-name": "政治建设",
            "areas-1-sort_order": "",
        }
        assert staff_client.post(reverse("plan_areas_edit", args=[township.pk, YEAR]), data).status_code == 302
        assert WorkArea.objects.get(name="政治建设").sort_order == 8
        task = {"area": area.pk, "title": "乙", "status": "not_started", "sort_order": ""}
        assert staff_client.post(reverse("task_create", args=[township.pk, YEAR]), task).status_code == 302
        assert KeyTask.objects.get(title="乙").sort_order == 5

    def test_a_new_report_section_without_it_goes_last(self, staff_client, township):
        report = report_create(township=township, year=YEAR, today=datetime.date(2020, 11, 15))
        last = max(report.sections.values_list("sort_order", flat=True))
        data = edit_data(report)
        n = data["sections-TOTAL_FORMS"]
        data.update(
            {"sections-TOTAL_FORMS": n + 1, f"sections-{n}-heading": "新的一节", f"sections-{n}-sort_order": ""}
        )
        assert staff_client.post(reverse("report_edit", args=[report.pk]), data).status_code == 302
        assert ReportSection.objects.get(heading="新的一节").sort_order == last + 1

    def test_the_admin_does_not_require_it_either(self, admin_client_, township):
        village = make_village(township, "一村", ["一组", "二组"])
        data = {"village": village.pk, "name": "三组", "sort_order": ""}
        response = admin_client_.post(reverse("admin:organizations_villagegroup_add"), data)
        assert response.status_code == 302
        # The factory leaves both at the default 0: the new one is 0 + 1.
        assert dict(village.groups.values_list("name", "sort_order")) == {"一组": 0, "二组": 0, "三组": 1}


class TestManyVillageGroups:
    def test_groups_are_added_one_per_line(self, staff_client, township):
        names = [f"{i}组" for i in range(1, 13)]
        data = village_data(groups=["零组"]) | {"bulk_groups": "\n".join(["", *names, "  "])}
        assert staff_client.post(reverse("village_create"), data).status_code == 302
        groups = list(Village.objects.get().groups.order_by("sort_order").values_list("name", flat=True))
        assert groups == ["零组", *names]

    @pytest.mark.parametrize(
        "bulk, message",
        [
            ("三组\n一组", "本村委会已有同名村民小组：一组。"),
            ("三组\n三组", "村民小组名称重复：三组。"),
            ("组" * 101, "村民小组名称最多100个字"),
        ],
    )
    def test_repeated_or_overlong_names_are_refused_and_nothing_saved(self, staff_client, township, bulk, message):
        village = make_village(township, "一村", ["一组"])
        [one] = village.groups.all()
        data = village_data(existing=[(one, False)]) | {"bulk_groups": bulk}
        response = staff_client.post(reverse("village_edit", args=[village.pk]), data)
        assert message in response.content.decode()
        assert list(VillageGroup.objects.values_list("name", flat=True)) == ["一组"]


class TestNewYearsProfile:
    def test_it_starts_from_the_latest_earlier_years_values(self, staff_client, township):
        TownshipProfile.objects.create(township=township, year=2018, population=100)
        TownshipProfile.objects.create(township=township, year=2019, population=23082, ethnic_groups="汉、壮")
        response = staff_client.get(reverse("profile_edit", args=[township.pk, 2021]))
        form = response.context["form"]
        assert (form["population"].value(), form["ethnic_groups"].value()) == (23082, "汉、壮")
        assert "2021年还没有填写，已按2019年的基本情况预填" in response.content.decode()
        assert not TownshipProfile.objects.filter(year=2021).exists()

    def test_a_year_already_filled_in_shows_its_own_values(self, staff_client, township):
        TownshipProfile.objects.create(township=township, year=2019, population=23082)
        TownshipProfile.objects.create(township=township, year=2020, population=23500)
        response = staff_client.get(reverse("profile_edit", args=[township.pk, 2020]))
        assert response.context["form"]["population"].value() == 23500
        assert "预填" not in response.content.decode()

    def test_saving_the_prefilled_form_stores_the_new_year(self, staff_client, township):
        TownshipProfile.objects.create(township=township, year=2019, population=23082)
        url = reverse("profile_edit", args=[township.pk, 2020])
        assert staff_client.post(url, profile_data(population=23100)).status_code == 302
        assert dict(TownshipProfile.objects.values_list("year", "population")) == {2019: 23082, 2020: 23100}


def test_the_report_banner_names_the_parts_that_failed(staff_client, township):
    report = report_create(township=township, year=YEAR, today=datetime.date(2020, 11, 15))
    sections = list(report.sections.all())
    data = edit_data(report, as_of="2021-01-01", **{"sections-1-heading": ""})
    response = staff_client.post(reverse("report_edit", args=[report.pk]), data)
    html = response.content.decode()
    assert f"有误的部分：统计截止日期、第2节「{sections[1].heading}」。" in html
