from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from audit.display import ACTIONS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        full_name = user.get_full_name()
        return f"{full_name}（{user.username}）" if full_name else user.username


class AuditFilterForm(forms.Form):
    """Filters of the log page; an invalid value is flagged and ignored, the others still apply."""

    q = forms.CharField(label="对象名称", required=False, max_length=100)
    actor = UserChoiceField(label="操作人", queryset=get_user_model().objects.none(), required=False)
    kind = forms.ChoiceField(label="对象类型", required=False)
    action = forms.ChoiceField(
        label="操作", choices=[("", "不限"), *((str(int(a)), label) for a, label in ACTIONS.items())], required=False
    )
    date_from = forms.DateField(label="从", required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label="到", required=False, widget=DATE_WIDGET)

    def __init__(self, *args, entries, audited: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        # People who appear in the entries this user may see, so nobody outside the scope is named.
        self.fields["actor"].queryset = (
            get_user_model().objects.filter(pk__in=entries.order_by().values("actor").distinct()).order_by("username")
        )
        models = [apps.get_model(label) for label in audited]
        types = ContentType.objects.get_for_models(*models)
        self.fields["kind"].choices = [("", "不限")] + [
            (str(types[model].pk), str(model._meta.verbose_name)) for model in models
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-sm-6 col-lg"),
                Column("actor", css_class="col-sm-6 col-lg"),
                Column("kind", css_class="col-sm-6 col-lg"),
                Column("action", css_class="col-sm-6 col-lg"),
                Column("date_from", css_class="col-sm-6 col-lg"),
                Column("date_to", css_class="col-sm-6 col-lg"),
            )
        )
        self.helper.add_input(Submit("", "筛选"))

    def filter(self, entries):
        self.is_valid()
        data = {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}
        if q := (data.get("q") or "").strip():
            entries = entries.filter(object_repr__contains=q)
        if data.get("actor"):
            entries = entries.filter(actor=data["actor"])
        if data.get("kind"):
            entries = entries.filter(content_type_id=int(data["kind"]))
        if data.get("action"):
            entries = entries.filter(action=int(data["action"]))
        if data.get("date_from"):
            entries = entries.filter(timestamp__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(timestamp__date__lte=data["date_to"])
        return entries
