from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from accounts.scoping import visible
from organizations.models import Organization


class UploadForm(forms.Form):
    township = forms.ModelChoiceField(label="导入到乡镇", queryset=Organization.objects.none())
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        allow_empty_file=True,  # the reader says 文件是空的, like every other refusal
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        townships = visible(Organization.objects.townships(), user)
        self.fields["township"].queryset = townships
        if len(townships) == 1:
            # A disabled field takes its value from the initial data, never from the request.
            self.initial["township"] = townships[0].pk
            self.fields["township"].disabled = True
            self.fields["township"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("submit", "上传并检查"))
