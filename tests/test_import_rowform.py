"""RowForm validates a row exactly as the import's ModelForm does: for each kind of good and
bad row, the same messages on the same fields, the same values on the instance, the same
changed fields, and the message the web form gives."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.forms.models import model_to_dict

from imports.rowforms import RowForm
from organizations.idcard import check_digit
from organizations.imports import MemberImportForm, TownshipTree, VillageGroups
from organizations.models import Gender, Level, Member
from tests.factories import make_member, make_org, make_village

pytestmark = pytest.mark.django_db


def valid_id(birth: str, serial: str) -> str:
    first17 = f"530323{birth}{serial}"
    return first17 + check_digit(first17)


WANG_ID = valid_id("19900305", "122")  # a woman born 1990-03-05
TAKEN_ID = valid_id("19800501", "011")


@pytest.fixture
def world(township, branch, other_township):
    committee = make_org(township, Level.GENERAL_BRANCH, "甲村党总支")
    village = make_village(township, "甲村委会", ["甲一组"])
    foreign = make_village(other_township, "乙村委会", ["乙一组"])
    holder = make_member(branch, name="李强", id_number=TAKEN_ID)
    tree = TownshipTree(township)
    groups = VillageGroups(township)
    # The foreign group is offered too, so that Member.clean (not the lookup) refuses it.
    choices = {
        "organization": tree.by_pk,
        "village_group": {**groups.by_pk, foreign.groups.get().pk: foreign.groups.get()},
    }
    form_class = MemberImportForm.for_file(choices, {TAKEN_ID: holder.pk})
    return {
        "form_class": form_class,
        "branch": branch,
        "township": township,
        "committee": committee,
        "group": village.groups.get(),
        "foreign_group": foreign.groups.get(),
        "holder": holder,
    }


def row(world, **changes) -> dict:
    """A row as the importer passes it: Python values (dates, booleans, primary keys)."""
    data = {
        "name": "王芳",
        "gender": Gender.FEMALE,
        "ethnicity": "08",
        "birth_date": datetime.date(1990, 3, 5),
        "education": "bachelor",
        "occupation": "farmer",
        "organization": world["branch"].pk,
        "joined_on": datetime.date(2015, 7, 1),
        "full_on": datetime.date(2016, 7, 1),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def both(world, data, instance_for=Member):
    """The form's errors and instance, and RowForm's, each on its own fresh instance."""
    form_class = world["form_class"]
    form = form_class(data, instance=instance_for())
    form_errors = {name: list(messages) for name, messages in form.errors.items()}
    instance = instance_for()
    result = RowForm(form_class).validate(data, instance)
    return form_errors, form.instance, result, instance


TODAY = datetime.date.today()

CASES = [
    ("empty name", {"name": ""}, "name", "这个字段是必填项。"),
    ("name too long", {"name": "王" * 51}, "name", "确保该变量包含不超过 50 字符 (目前字符数 51)。"),
    ("unknown gender", {"gender": "X"}, "gender", "选择一个有效的选项。 X 不在可用的选项中。"),
    ("no ethnicity", {"ethnicity": None}, "ethnicity", "这个字段是必填项。"),
    ("no birth date", {"birth_date": None}, "birth_date", "这个字段是必填项。"),
    ("born tomorrow", {"birth_date": TODAY + datetime.timedelta(days=1)}, "birth_date", "出生日期不能晚于今天。"),
    ("birth date as bad text", {"birth_date": "1990-02-30"}, "birth_date", "输入一个有效的日期。"),
    (
        "joined before 1921",
        {"joined_on": datetime.date(1920, 1, 1), "full_on": None},
        "joined_on",
        "入党日期不能早于1921年7月1日",
    ),
    ("joined at 17", {"joined_on": datetime.date(2008, 3, 4), "full_on": None}, "joined_on", "入党时必须年满18周岁"),
    ("full before joined", {"full_on": datetime.date(2015, 6, 30)}, "full_on", "转正日期不能早于入党日期。"),
    ("left without a reason", {"left_on": datetime.date(2020, 1, 1)}, "leave_reason", "请选择离开原因。"),
    ("a reason without leaving", {"leave_reason": "deceased"}, "left_on", "请填写离开日期。"),
    (
        "left before joining",
        {"left_on": datetime.date(2014, 1, 1), "leave_reason": "deceased"},
        "left_on",
        "离开日期不能早于入党日期。",
    ),
    ("unknown leave reason", {"leave_reason": "vanished"}, "leave_reason", "选择一个有效的选项。"),
    ("floating nowhere", {"is_floating": True}, "floating_to", "流动党员请填写流动去向。"),
    ("short id", {"id_number": WANG_ID[:17]}, "id_number", "身份证号码应为18位"),
    ("wrong check digit", {"id_number": WANG_ID[:17] + "0"}, "id_number", "身份证号码校验位不正确"),
    ("id of another birth date", {"id_number": valid_id("19900306", "122")}, "id_number", "身份证号码中的出生日期"),
    ("id of a man", {"id_number": valid_id("19900305", "121")}, "id_number", "身份证号码中的性别（第17位）"),
    ("id held by another member", {"id_number": TAKEN_ID}, "id_number", "这个身份证号码已经登记在另一名党员名下。"),
    ("phone too long", {"phone": "1" * 21}, "phone", "确保该变量包含不超过 20 字符 (目前字符数 21)。"),
    (
        "unknown organization",
        {"organization": 999_999},
        "organization",
        "选择一个有效的选项： 该选择不在可用的选项中。",
    ),
    ("no organization", {"organization": None}, "organization", "这个字段是必填项。"),
]


@pytest.mark.parametrize("changes, field, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_row_gets_the_forms_messages(world, changes, field, message):
    form_errors, _form_instance, result, _instance = both(world, row(world, **changes))
    assert any(message in text for text in result.errors[field]), result.errors
    assert result.errors == form_errors


def test_a_member_in_a_committee_gets_the_forms_message(world):
    form_errors, _, result, _ = both(world, row(world, organization=world["committee"].pk))
    assert result.errors["organization"] == ["党员只能编入党支部，不能直接编入党委、党总支或党小组。"]
    assert result.errors == form_errors


def test_a_village_group_of_another_township_gets_the_forms_message(world):
    form_errors, _, result, _ = both(world, row(world, village_group=world["foreign_group"].pk))
    assert result.errors["village_group"] == ["所在村民小组必须属于党员所在的乡镇。"]
    assert result.errors == form_errors


def test_several_faults_in_one_row_are_listed_in_the_forms_order(world):
    data = row(world, name="", full_on=datetime.date(2015, 6, 30), id_number=WANG_ID[:17] + "0", phone="1" * 21)
    form_errors, _, result, _ = both(world, data)
    assert list(result.errors) == ["name", "phone", "full_on", "id_number"]
    assert result.errors == form_errors


def test_a_good_row_sets_the_same_values_as_the_form(world):
    data = row(
        world,
        id_number=WANG_ID.lower(),
        phone="13812345678",
        village_group=world["group"].pk,
        is_floating=True,
        floating_to="广东省东莞市",
    )
    form_errors, form_instance, result, instance = both(world, data)
    assert result.errors == form_errors == {}
    assert model_to_dict(instance) == model_to_dict(form_instance)
    assert instance.organization == world["branch"]
    assert instance.id_number == WANG_ID
    assert instance.is_floating is True


def test_a_left_out_field_with_a_default_keeps_the_default_as_in_the_form(world):
    data = row(world)
    del data["ethnicity"]
    form_class = world["form_class"]
    form_class.base_fields["ethnicity"].required = False  # as if optional on the form
    try:
        form_errors, form_instance, result, instance = both(world, data)
    finally:
        form_class.base_fields["ethnicity"].required = True
    assert result.errors == form_errors == {}
    assert instance.ethnicity == form_instance.ethnicity == "01"


def test_an_existing_member_gets_the_forms_changed_fields(world):
    member = make_member(
        world["branch"],
        name="王芳",
        gender=Gender.FEMALE,
        ethnicity="08",
        birth_date=datetime.date(1990, 3, 5),
        education="bachelor",
        occupation="farmer",
        joined_on=datetime.date(2015, 7, 1),
        full_on=datetime.date(2016, 7, 1),
    )
    data = row(world, phone="13812345678", full_on=datetime.date(2016, 8, 1))
    form = world["form_class"](data, instance=Member.objects.get(pk=member.pk))
    rows = RowForm(world["form_class"])
    instance = Member.objects.get(pk=member.pk)
    initial = rows.initial(instance)
    result = rows.validate(data, instance)
    assert form.is_valid() and result.ok
    assert rows.changed(initial, data) == form.changed_data == ["phone", "full_on"]
    assert rows.changed(rows.initial(Member.objects.get(pk=member.pk)), row(world)) == []


def test_the_holder_of_an_id_may_keep_it(world):
    holder = world["holder"]
    data = row(
        world,
        name=holder.name,
        gender=holder.gender,
        birth_date=holder.birth_date,
        id_number=TAKEN_ID,
        joined_on=holder.joined_on,
        full_on=holder.full_on,
    )
    result = RowForm(world["form_class"]).validate(data, Member.objects.get(pk=holder.pk))
    assert result.errors == {}


def test_a_form_with_a_hook_rowform_does_not_run_is_refused(world):
    hooked = type("HookedForm", (world["form_class"],), {"clean_name": lambda self: self.cleaned_data["name"]})
    with pytest.raises(ImproperlyConfigured, match="clean_name"):
        RowForm(hooked)


def test_the_prepared_choice_fields_accept_exactly_what_the_forms_accept(world):
    prepared = world["form_class"].base_fields
    checked = 0
    for name, original in MemberImportForm.base_fields.items():
        if not hasattr(original, "valid_value") or name in ("organization", "village_group"):
            continue
        candidates = [str(key) for key, _label in original.choices] + ["", "X", "男", "01 ", "han", "99"]
        for value in candidates:
            assert prepared[name].valid_value(value) == original.valid_value(value), (name, value)
            checked += 1
    # Choices: gender 3 and education 7 (with the blank), ethnicity 56 (a default, no blank),
    # occupation 9, leave reason 6 (with the blank); and 6 strangers for each of the five fields.
    assert checked == 3 + 56 + 7 + 9 + 6 + 5 * 6
