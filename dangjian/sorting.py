"""排序 (sort_order) everywhere: optional on every form; left blank, the row goes last.

A number is simpler than drag and drop and works without JavaScript; the help text says
what it does.
"""

from django.db.models import Max

SORT_HELP = "数字小的排在前面；留空则排在最后。"


class FillsSortOrder:
    """Model mixin: a ``sort_order`` of None on save becomes the largest among the siblings + 1.

    ``sort_siblings`` names the fields (attnames) that define the siblings.
    """

    sort_siblings: tuple[str, ...] = ()

    def save(self, *args, **kwargs):
        if self.sort_order is None:
            siblings = type(self)._default_manager.filter(**{name: getattr(self, name) for name in self.sort_siblings})
            if self.pk is not None:
                siblings = siblings.exclude(pk=self.pk)
            largest = siblings.aggregate(largest=Max("sort_order"))["largest"]
            self.sort_order = 0 if largest is None else largest + 1
        super().save(*args, **kwargs)


class OptionalSortOrder:
    """ModelForm mixin: 排序 (optional and explained by the model field, so in the admin too)
    starts blank on a new row, not at the model's default 0, which would put the row first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("sort_order")
        if field is not None and self.instance.pk is None:
            field.initial = None
            self.initial.pop("sort_order", None)
