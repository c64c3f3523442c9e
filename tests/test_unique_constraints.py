"""Every unique constraint a form can hit answers with a Chinese form error, never a 500.

"Another tab" is simulated faithfully: the conflicting row is committed right after
this request's form has passed its own checks, and before it saves.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.integrity import CONFLICT_MESSAGE
from organizations.forms import BaseVillageGroupFormSet, MemberForm, TownshipProfileForm, VillageForm
from organizations.models import Member, TownshipProfile, Village, VillageGroup
from planning.forms import BaseWorkAreaFormSet, KeyTaskForm
from planning.models import KeyTask, WorkArea
from reports.forms import ReportCreateForm
from reports.models import Report
from tests.factories import make_member, make_village
from tests.test_member_validation import valid_id
from tests.test_villages_and_profiles import profile_data, village_data

YEAR = 2020


@pytest.fixture
def raising_client(staff):
    """A client that lets a server error surface as an exception, so a 500 cannot pass unnoticed."""
    client = Client(raise_request_exception=True)
    client.force_login(staff)
    return client


def another_tab_saves_after_checks(monkeypatch, cls, method: str, create) -> None:
    """Run ``create`` (the other tab's save) once, right after ``cls.method`` has validated."""
    original = getattr(cls, method)
    done = []

    def wrapped(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        if not done:
            done.append(True)
            create()
        return result

    monkeypatch.setattr(cls, method, wrapped)


class TestVillageGroups:
    def test_swapping_two_group_names_in_one_save_is_refused_in_chinese(self, raising_client, township):
        village = make_village(township, "一村", ["一组", "二组"])
        one, two = village.groups.order_by("name")
        data = village_data(existing=[(one, False), (two, False)])
        data["groups-0-name"], data["groups-1-name"] = "二组", "一组"
        response = raising_client.post(reverse("village_edit", args=[village.pk]), data)
        assert response.status_code == 200
        assert "「二组」现在是另一个村民小组的名称，不能在同一次保存中互换或接续改名" in response.content.decode()
        assert dict(VillageGroup.objects.values_list("pk", "name")) == {one.pk: "一组", two.pk: "二组"}

    def test_a_group_may_take_the_name_of_one_deleted_in_the_same_save(self, raising_client, township):
        village = make_village(township, "一村", ["一组", "二组"])
        one, two = village.groups.order_by("name")
        data = village_data(existing=[(two, False), (one, True)])
        data["groups-0-name"] = "一组"
        assert raising_client.post(reverse("village_edit", args=[village.pk]), data).status_code == 302
        assert list(VillageGroup.objects.values_list("pk", "name")) == [(two.pk, "一组")]

    def test_a_group_added_meanwhile_in_another_tab_gives_a_form_error(self, raising_client, monkeypatch, township):
        village = make_village(township, "一村", ["一组"])
        [one] = village.groups.all()
        another_tab_saves_after_checks(
            monkeypatch, BaseVillageGroupFormSet, "clean", lambda: village.groups.create(name="二组")
        )
        data = village_data(groups=["二组"], existing=[(one, False)])
        response = raising_client.post(reverse("village_edit", args=[village.pk]), data)
        assert response.status_code == 200
        assert "本村委会已有同名村民小组。" in response.content.decode()
        assert village.groups.count() == 2

    def test_a_village_created_meanwhile_in_another_tab_gives_a_form_error(self, raising_client, monkeypatch, township):
        another_tab_saves_after_checks(
            monkeypatch, VillageForm, "validate_unique", lambda: Village.objects.create(township=township, name="一村")
        )
        response = raising_client.post(reverse("village_create"), village_data(groups=["一组"]))
        assert response.status_code == 200
        assert "本乡镇已有同名村委会。" in response.content.decode()
        assert Village.objects.count() == 1 and not VillageGroup.objects.exists()


def test_a_work_area_added_meanwhile_in_another_tab_gives_a_form_error(raising_client, monkeypatch, township):
    another_tab_saves_after_checks(
        monkeypatch,
        BaseWorkAreaFormSet,
        "clean",
        lambda: WorkArea.objects.create(township=township, year=YEAR, name="政治建设"),
    )
    data = {
        "areas-TOTAL_FORMS": 1,
        "areas-INITIAL_FORMS": 0,
        "areas-MIN_NUM_FORMS": 0,
        "areas-MAX_NUM_FORMS": 1000,
        "areas-0-name": "政治建设",
        "areas-0-sort_order": 0,
    }
    response = raising_client.post(reverse("plan_areas_edit", args=[township.pk, YEAR]), data)
    assert response.status_code == 200
    assert "本年度已有同名工作领域。" in response.content.decode()
    assert WorkArea.objects.count() == 1


def test_a_profile_saved_meanwhile_for_the_same_year_gives_a_form_error(raising_client, monkeypatch, township):
    another_tab_saves_after_checks(
        monkeypatch,
        TownshipProfileForm,
        "validate_unique",
        lambda: TownshipProfile.objects.create(township=township, year=YEAR, population=1),
    )
    response = raising_client.post(reverse("profile_edit", args=[township.pk, YEAR]), profile_data())
    assert response.status_code == 200
    assert "该乡镇这一年度的基本情况已经填写过。" in response.content.decode()
    assert list(TownshipProfile.objects.values_list("population", flat=True)) == [1]


def test_a_report_created_meanwhile_for_the_same_year_gives_a_form_error(raising_client, monkeypatch, township):
    another_tab_saves_after_checks(
        monkeypatch,
        ReportCreateForm,
        "clean",
        lambda: Report.objects.create(
            township=township, year=YEAR, **Report.defaults_for(township, YEAR, datetime.date(2020, 6, 1))
        ),
    )
    response = raising_client.post(reverse("report_new"), {"township": township.pk, "year": YEAR})
    assert response.status_code == 400
    assert "这个乡镇这一年度的汇报已经建立" in response.content.decode()
    assert Report.objects.count() == 1


class TestKeyTaskTitles:
    @pytest.fixture
    def area(self, township):
        return WorkArea.objects.create(township=township, year=YEAR, name="组织建设")

    def data(self, area, title="创建示范党支部"):
        return {"area": area.pk, "title": title, "status": "not_started", "sort_order": 0}

    def test_a_duplicate_title_in_one_area_is_refused(self, raising_client, township, area):
        KeyTask.objects.create(area=area, title="创建示范党支部")
        response = raising_client.post(reverse("task_create", args=[township.pk, YEAR]), self.data(area))
        assert response.status_code == 200
        assert "本工作领域已有同名任务" in response.content.decode()
        assert KeyTask.objects.count() == 1

    def test_the_same_title_in_another_area_is_fine(self, raising_client, township, area):
        other = WorkArea.objects.create(township=township, year=YEAR, name="政治建设")
        KeyTask.objects.create(area=other, title="创建示范党支部")
        response = raising_client.post(reverse("task_create", args=[township.pk, YEAR]), self.data(area))
        assert response.status_code == 302
        assert KeyTask.objects.count() == 2

    def test_a_task_added_meanwhile_in_another_tab_gives_a_form_error(
        self, raising_client, monkeypatch, township, area
    ):
        another_tab_saves_after_checks(
            monkeypatch,
            KeyTaskForm,
            "validate_unique",
            lambda: KeyTask.objects.create(area=area, title="创建示范党支部"),
        )
        response = raising_client.post(reverse("task_create", args=[township.pk, YEAR]), self.data(area))
        assert response.status_code == 200
        assert "本工作领域已有同名任务" in response.content.decode()
        assert KeyTask.objects.count() == 1


def test_an_id_number_registered_meanwhile_in_another_tab_gives_a_form_error(raising_client, monkeypatch, branch):
    number = valid_id(datetime.date(1990, 3, 5), female=True)
    another_tab_saves_after_checks(
        monkeypatch,
        MemberForm,
        "validate_unique",
        lambda: make_member(branch, name="另一人", gender="F", birth_date=datetime.date(1990, 3, 5), id_number=number),
    )
    data = {
        "name": "王玥",
        "gender": "F",
        "ethnicity": "08",
        "birth_date": "1990-03-05",
        "id_number": number,
        "education": "bachelor",
        "occupation": "farmer",
        "phone": "",
        "organization": branch.pk,
        "village_group": "",
        "joined_on": "2015-07-01",
        "full_on": "2016-07-01",
        "floating_to": "",
    }
    response = raising_client.post(reverse("member_create"), data)
    assert response.status_code == 200
    assert "这个身份证号码已经登记在另一名党员名下。" in response.content.decode()
    assert list(Member.objects.values_list("name", flat=True)) == ["另一人"]


class TestTwoTabsOneAfterTheOther:
    """Both tabs were opened before either saved; the second save repeats the first's new name."""

    def test_the_same_village_group(self, raising_client, township):
        village = make_village(township, "一村", ["一组"])
        [one] = village.groups.all()
        data = village_data(groups=["二组"], existing=[(one, False)])
        url = reverse("village_edit", args=[village.pk])
        assert raising_client.post(url, data).status_code == 302
        response = raising_client.post(url, data)
        assert response.status_code == 200
        assert "本村委会已有同名村民小组。" in response.content.decode()
        assert sorted(village.groups.values_list("name", flat=True)) == ["一组", "二组"]

    def test_the_same_work_area(self, raising_client, township):
        data = {
            "areas-TOTAL_FORMS": 1,
            "areas-INITIAL_FORMS": 0,
            "areas-MIN_NUM_FORMS": 0,
            "areas-MAX_NUM_FORMS": 1000,
            "areas-0-name": "政治建设",
            "areas-0-sort_order": 0,
        }
        url = reverse("plan_areas_edit", args=[township.pk, YEAR])
        assert raising_client.post(url, data).status_code == 302
        response = raising_client.post(url, data)
        assert response.status_code == 200
        assert "本年度已有同名工作领域。" in response.content.decode()
        assert WorkArea.objects.count() == 1


def test_a_candidate_saved_meanwhile_with_the_same_id_number_gives_a_form_error(raising_client, monkeypatch, branch):
    from development.models import Candidate

    number = valid_id(datetime.date(1999, 5, 2), female=True)
    other = Candidate(
        name="另一人",
        gender="F",
        birth_date=datetime.date(1999, 5, 2),
        education="college",
        occupation="farmer",
        organization=branch,
        id_number=number,
    )
    # The other tab's insert lands after this request's last check: the service's full_clean,
    # the second one (the form's own is the first). Made here on this connection, it lands inside
    # the request's savepoint and is rolled back with it, so the request cannot name the other
    # row: it gives the general conflict message, and nothing is saved.
    original, calls = Candidate.full_clean, []

    def full_clean(self, *args, **kwargs):
        original(self, *args, **kwargs)
        calls.append(self)
        if len(calls) == 2:
            Candidate.objects.bulk_create([other])

    monkeypatch.setattr(Candidate, "full_clean", full_clean)
    data = {
        "name": "新申请",
        "gender": "F",
        "ethnicity": "07",
        "birth_date": "1999-05-02",
        "id_number": number,
        "education": "college",
        "occupation": "farmer",
        "organization": branch.pk,
        "applied_on": "2024-03-01",
    }
    response = raising_client.post(reverse("candidate_create"), data)
    assert response.status_code == 200
    assert CONFLICT_MESSAGE in response.content.decode()
    assert not Candidate.objects.exists()
