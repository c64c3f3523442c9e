"""Unique constraints that a race trips after the form said yes.

Forms check uniqueness before saving, but two tabs (or two clerks) saving the
same new name at once both pass that check, and the second insert then fails on
the database's unique constraint. ``save_or_form_error`` runs the save in a
savepoint; on an IntegrityError it rolls back, puts the instances back as they
were, and re-runs the uniqueness checks, which now see the other row, so the
clerk gets the usual Chinese message on the form instead of a 500.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

T = TypeVar("T")

CONFLICT_MESSAGE = "保存时与其他人刚刚保存的数据冲突（例如名称重复），没有保存任何内容。请刷新页面核对后再保存。"


def _forms_of(items: Iterable) -> list[forms.BaseForm]:
    out = []
    for item in items:
        if isinstance(item, forms.BaseForm):
            out.append(item)
        else:  # a formset
            out.extend(f for f in item.forms if f.has_changed() or getattr(f.instance, "pk", None))
    return out


def _instances_of(items: Iterable) -> list:
    instances = []
    for item in items:
        if isinstance(item, forms.BaseForm):
            instances.append(getattr(item, "instance", None))
        else:
            instances.append(getattr(item, "instance", None))
            instances.extend(getattr(f, "instance", None) for f in item.forms)
    return [i for i in instances if i is not None and hasattr(i, "_state")]


def _recheck(form: forms.BaseForm) -> bool:
    """Run the model's uniqueness checks again; True if one failed (its message is on the form)."""
    instance = getattr(form, "instance", None)
    if instance is None or not form.has_changed() and instance._state.adding:
        return False
    found = False
    for check in (instance.validate_unique, instance.validate_constraints):
        try:
            check()
        except ValidationError as error:
            found = True
            for field, messages in error.message_dict.items():
                target = field if field in form.fields and field != NON_FIELD_ERRORS else None
                for message in messages:
                    if message not in form.errors.get(target or NON_FIELD_ERRORS, []):
                        form.add_error(target, message)
    return found


def save_or_form_error(save: Callable[[], T], *items, message: str = CONFLICT_MESSAGE) -> T | None:
    """``save()`` atomically; on a unique-constraint violation, None and the reason on the form.

    ``items`` are the forms and formsets whose data is being saved; the first one
    gets the general message when no single field can be blamed.
    """
    instances = _instances_of(items)
    before = [(instance, instance.pk, instance._state.adding) for instance in instances]
    try:
        with transaction.atomic():
            return save()
    except ValidationError as error:
        # A service's own check (a full_clean) that the race got past the form's check.
        _restore(before)
        _put_on(items[0], error)
        return None
    except IntegrityError:
        _restore(before)
        found = False
        for form in _forms_of(items):
            found = _recheck(form) or found
        if not found:
            _put_on(items[0], ValidationError(message))
        return None


def _restore(before) -> None:
    for instance, pk, adding in before:
        instance.pk, instance._state.adding = pk, adding


def _put_on(item, error: ValidationError) -> None:
    if isinstance(item, forms.BaseForm):
        for field, messages in (error.message_dict if hasattr(error, "error_dict") else {None: error.messages}).items():
            target = field if field in item.fields else None
            for message in messages:
                item.add_error(target, message)
    else:  # a formset: its errors above the rows
        item._non_form_errors = item.error_class([*item.non_form_errors(), *error.messages], error_class="nonform")
