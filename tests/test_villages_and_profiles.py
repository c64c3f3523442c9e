"""Villages with their groups edited inline, and the township profile per year."""

import pytest
from django.urls import reverse

from organizations.models import TownshipProfile, Village, VillageGroup
from tests.factories import make_village


def village_data(name="一村", groups=(), existing=()):
    data = {
        "name": name,
        "sort_order": 0,
        "groups-TOTAL_FORMS": len(existing) + len(groups),
        "groups-INITIAL_FORMS": len(existing),
        "groups-MIN_NUM_FORMS": 0,
        "groups-MAX_NUM_FORMS": 1000,
    }
    for i, (group, delete) in enumerate(existing):
        data.update({f"groups-{i}-id": group.pk, f"groups-{i}-name": group.name, f"groups-{i}-sort_order": 0})
        if delete:
            data[f"groups-{i}-DELETE"] = "on"
    for j, name in enumerate(groups, len(existing)):
        data.update({f"groups-{j}-name": name, f"groups-{j}-sort_order": j})
    return data


def test_staff_create_a_village_with_its_groups_in_their_township(staff_client, township):
    response = staff_client.post(reverse("village_create"), village_data(groups=["一组", "二组"]))
    assert response.status_code == 302
    village = Village.objects.get(name="一村")
    assert village.township == township
    assert sorted(village.groups.values_list("name", flat=True)) == ["一组", "二组"]


def test_groups_are_added_and_removed_on_edit(staff_client, township):
    village = make_village(township, "一村", ["一组", "二组"])
    one, two = village.groups.order_by("name")
    data = village_data(groups=["三组"], existing=[(one, False), (two, True)])
    assert staff_client.post(reverse("village_edit", args=[village.pk]), data).status_code == 302
    assert sorted(village.groups.values_list("name", flat=True)) == ["一组", "三组"]


def test_duplicate_group_names_are_refused_and_nothing_is_saved(staff_client, township):
    response = staff_client.post(reverse("village_create"), village_data(groups=["一组", "一组"]))
    assert "村民小组名称重复：一组。" in response.content.decode()
    assert not Village.objects.exists() and not VillageGroup.objects.exists()


def test_a_duplicate_village_name_is_refused(staff_client, township):
    make_village(township, "一村")
    response = staff_client.post(reverse("village_create"), village_data())
    assert "本乡镇已有同名村委会。" in response.content.decode()
    assert Village.objects.count() == 1


def profile_data(**changes):
    data = {
        "location": "位于测试县西北部",
        "area_km2": "413",
        "natural_villages": 87,
        "other_units": "",
        "households": 6158,
        "population": 23082,
        "minority_population": 20182,
        "ethnic_groups": "汉、壮、苗",
    }
    data.update(changes)
    return data


def test_staff_fill_in_the_profile_for_a_year_and_edit_it_again(staff_client, township):
    url = reverse("profile_edit", args=[township.pk, 2020])
    assert staff_client.post(url, profile_data()).status_code == 302
    assert staff_client.post(url, profile_data(households=6200)).status_code == 302
    profile = TownshipProfile.objects.get(township=township, year=2020)
    assert (profile.households, profile.ethnic_group_list) == (6200, ["汉", "壮", "苗"])


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"minority_population": 30000}, "少数民族人口不能多于总人口。"),
        ({"area_km2": "-1"}, "确保该值大于或等于0"),
        ({"households": "很多"}, "输入整数"),
    ],
)
def test_bad_profile_input_is_refused(staff_client, township, changes, message):
    response = staff_client.post(reverse("profile_edit", args=[township.pk, 2020]), profile_data(**changes))
    assert message in response.content.decode()
    assert not TownshipProfile.objects.exists()


def test_a_year_out_of_range_answers_404(staff_client, township):
    assert staff_client.get(reverse("profile_edit", args=[township.pk, 1900])).status_code == 404
