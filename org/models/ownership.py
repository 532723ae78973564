"""Records that belong to the Department as a whole or to one of its Divisions: staff roles and
contact points.

The rule is written once, as the table ``OWNERS``: it makes the two foreign keys
(``owner_field``), the check that exactly one of them is set, the uniqueness of a record's name
among its owner's records (``owner_constraints``) and the form field that shows a broken rule
(``OwnedByDepartmentOrDivision``). ``full_clean`` (the admin) and the database check the same
constraints, so a form and a shell meet the same rule.
"""

import functools
import operator

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.publication import related_or_none, unique_ignoring_case

# The owners a record may have (the field, the model it points to, the field's label), the wider
# first.
OWNERS = {
    "department": ("org.Department", _("department")),
    "division": ("org.Division", _("division")),
}
# Where a form shows the error of a record with no owner or two: beside the last of them.
ERROR_FIELD = "division"
# Named after the model, as the constraints always were: ``staffrole_in_department_or_division``.
EXACTLY_ONE_OWNER = "%(class)s_in_department_or_division"


def owner_field(owner: str, *, related_name: str, help_text: Promise) -> models.ForeignKey:
    """The foreign key to one of the ``OWNERS``, empty when the other owns the record."""
    model, verbose_name = OWNERS[owner]
    return models.ForeignKey(
        model,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        help_text=help_text,
    )


def exactly_one_owner() -> models.Q:
    """One of the ``OWNERS`` set and every other empty."""
    each = (
        models.Q(**{f"{other}__isnull": other != owner for other in OWNERS}) for owner in OWNERS
    )
    return functools.reduce(operator.or_, each)


def owner_constraints(*, name_field: str, unique_name: str) -> list[models.BaseConstraint]:
    """Exactly one owner, and ``name_field`` unique whatever its capitals among each owner's
    records (constraints ``<unique_name>_in_department`` and ``<unique_name>_in_division``)."""
    return [
        models.CheckConstraint(
            condition=exactly_one_owner(),
            name=EXACTLY_ONE_OWNER,
            violation_error_message=_("Choose either the Department or one Division, not both."),
        ),
        # Without conditions, so that formsets check them too; the empty owner of a record of
        # the other kind never clashes (NULLs are distinct on SQLite and PostgreSQL).
        *(
            unique_ignoring_case(owner, field=name_field, name=f"{unique_name}_in_{owner}")
            for owner in OWNERS
        ),
    ]


class OwnedByDepartmentOrDivision(models.Model):
    """A record with one owner among ``OWNERS``. The model declares the foreign keys with
    ``owner_field`` (each with its own ``related_name``) and its constraints with
    ``owner_constraints``; it lists this class before ``Publishable``, whose empty
    ``constraint_error_fields`` would otherwise hide the one below."""

    class Meta:
        abstract = True

    @property
    def constraint_error_fields(self) -> dict[str, str]:
        name = EXACTLY_ONE_OWNER % {"class": self._meta.model_name}
        return {name: ERROR_FIELD}

    @property
    def owner(self) -> models.Model | None:
        """The Division or the Department the record belongs to; ``None`` when it has been
        deleted since (a version in the history outlives it)."""
        for name in reversed(OWNERS):
            if getattr(self, f"{name}_id") is not None:
                return related_or_none(self, name)
        return None
