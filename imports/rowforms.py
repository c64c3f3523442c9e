"""A ModelForm's validation for one row after another, without building a form per row.

An importer validates each row as the web page's ModelForm would: the same fields, the
same model rules, the same messages. Building and cleaning a ModelForm per row (initial
values from the instance, a BoundField per field, the fields copied) took about 0.9 ms,
9 s of a 10,000-row roster's check and as much again on confirming. RowForm does what
``form_class(data, instance=instance).is_valid()`` does, step for step, on the form
class's own field objects (prepared once per file, see MemberImportForm.for_file):

1. BaseForm._clean_fields: each field's widget reads its value, Field.clean cleans it;
2. ModelForm._post_clean: the cleaned values are set on the instance by construct_instance's
   rule (a field with a model default that the data leaves out keeps the default), then
   Model.full_clean with ModelForm's exclusions (fields not on the form, fields that already
   failed, empty optional fields of required model fields, and the form's ``row_exclusions``),
   a model message replaced by the form field's own for the same code;
3. the form's ``row_unique_errors(instance)`` in place of validate_unique.

A form class with a hook RowForm does not run (clean_<field>, its own clean, file fields,
disabled fields) is refused, so a hook added to the form later cannot be skipped silently.
tests/test_import_rowform.py runs RowForm and the form on the same rows, good and bad, and
compares the messages.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import models
from django.forms.models import model_to_dict


@dataclass
class RowResult:
    errors: dict[str, list[str]] = field(default_factory=dict)  # field name (or "__all__") → messages
    cleaned: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class RowForm:
    def __init__(self, form_class: type[forms.ModelForm]):
        _refuse_unsupported(form_class)
        opts = form_class._meta
        self.fields: dict[str, forms.Field] = dict(form_class.base_fields)
        self.opts = opts
        self.unique_errors: Callable | None = getattr(form_class, "row_unique_errors", None)
        self.validate_constraints: bool = getattr(form_class, "validate_model_constraints", True)
        # Model fields the model never validates here, and those it validates unless they failed.
        self.excluded: set[str] = set(getattr(form_class, "row_exclusions", ()))
        self.checked: list[tuple[models.Field, forms.Field]] = []
        # Model fields construct_instance sets from the cleaned data.
        self.constructed: list[tuple[models.Field, forms.Field]] = []
        for model_field in opts.model._meta.fields:
            name = model_field.name
            if (
                name not in self.fields
                or (opts.fields and name not in opts.fields)
                or (opts.exclude and name in opts.exclude)
            ):
                self.excluded.add(name)
            elif name not in self.excluded:
                self.checked.append((model_field, self.fields[name]))
            if (
                model_field.editable
                and not isinstance(model_field, models.AutoField)
                and name in self.fields
                and (opts.fields is None or name in opts.fields)
                and not (opts.exclude and name in opts.exclude)
            ):
                self.constructed.append((model_field, self.fields[name]))

    def validate(self, data: dict, instance: models.Model) -> RowResult:
        """Clean ``data`` into ``instance`` (changed in place, as a ModelForm changes its instance)."""
        result = RowResult()
        errors, cleaned = result.errors, result.cleaned
        for name, form_field in self.fields.items():
            try:
                cleaned[name] = form_field.clean(form_field.widget.value_from_datadict(data, None, name))
            except ValidationError as error:
                errors[name] = error.messages

        exclude = set(self.excluded)
        for model_field, form_field in self.checked:
            name = model_field.name
            if name in errors or (
                not model_field.blank and not form_field.required and cleaned.get(name) in form_field.empty_values
            ):
                exclude.add(name)
        try:
            for model_field, form_field in self.constructed:
                name = model_field.name
                if name not in cleaned:
                    continue
                if (
                    model_field.has_default()
                    and form_field.widget.value_omitted_from_data(data, None, name)
                    and cleaned[name] in form_field.empty_values
                ):
                    continue
                model_field.save_form_data(instance, cleaned[name])
        except ValidationError as error:
            self._add_model_errors(error, result)
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=self.validate_constraints)
        except ValidationError as error:
            self._add_model_errors(error, result)
        if self.unique_errors is not None:
            for name, message in self.unique_errors(instance).items():
                self._add(result, name, [message])
        return result

    def initial(self, instance: models.Model) -> dict:
        """The form's initial values for ``instance`` (read before validate changes it)."""
        return model_to_dict(instance, self.opts.fields, self.opts.exclude)

    def changed(self, initial: dict, data: dict) -> list[str]:
        """Form.changed_data: the fields whose value in ``data`` differs from ``initial``."""
        changed = []
        for name, form_field in self.fields.items():
            value = initial.get(name, form_field.initial)
            if callable(value):
                value = value()
            if form_field.has_changed(value, form_field.widget.value_from_datadict(data, None, name)):
                changed.append(name)
        return changed

    def _add_model_errors(self, error: ValidationError, result: RowResult) -> None:
        # ModelForm._update_errors, then add_error(None, error).
        error_dict = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.error_list}
        for name, error_list in error_dict.items():
            if name == NON_FIELD_ERRORS and self.opts.error_messages and NON_FIELD_ERRORS in self.opts.error_messages:
                messages = self.opts.error_messages[NON_FIELD_ERRORS]
            elif name in self.fields:
                messages = self.fields[name].error_messages
            else:
                messages = {}
            for item in error_list:
                if isinstance(item, ValidationError) and item.code in messages:
                    item.message = messages[item.code]
        for name, error_list in error_dict.items():
            if name != NON_FIELD_ERRORS and name not in self.fields:
                raise ValueError(f"'{self.opts.model.__name__}' form has no field named '{name}'.")
            self._add(result, name, ValidationError(error_list).messages)

    @staticmethod
    def _add(result: RowResult, name: str, messages: list[str]) -> None:
        result.errors.setdefault(name, []).extend(messages)
        result.cleaned.pop(name, None)


def _refuse_unsupported(form_class: type[forms.ModelForm]) -> None:
    hooks = [name for name in dir(form_class) if name.startswith("clean_") and callable(getattr(form_class, name))]
    if form_class.clean is not forms.ModelForm.clean:
        hooks.append("clean")
    for name, form_field in form_class.base_fields.items():
        if form_field.disabled or isinstance(form_field, forms.FileField):
            hooks.append(f"{name} (disabled or a file)")
    if hooks:
        raise ImproperlyConfigured(f"RowForm cannot validate {form_class.__name__} as the form would: {hooks}")
