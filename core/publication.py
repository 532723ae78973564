"""Publication: what every record the public site shows has in common.

A record starts as a draft; an editor submits it for review, and a publisher approves (publishes)
or sends it back (``publishing/review.py``); visitors see it only once published. Which records an
audience may see is decided once per model, by its queryset's ``visible_to(audience)``: published
records whose parents (the model's ``shown_with``) are visible too, so a draft programme hides its
legs from every output alike. Pages, the API, feeds, the sitemap and calendars all read through
it (in the apps' selectors); templates and views receive only what they may show. Each concrete
model has a ``publish_<model>`` permission beside Django's four (its ``Meta`` extends
``Publishable.Meta``): publishing, unpublishing and deleting published
records are for publishers (see ``publishing/roles.py``).
"""

import enum

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.naturalkeys import NaturalKeyed, NaturalKeyManager
from core.plaintext import PlainTextMixin

SAME_NAME_MESSAGE = _(
    "Another record here already has this name, differing at most in capital letters or spaces."
)


def unique_ignoring_case(*scope: str, field: str, name: str) -> models.UniqueConstraint:
    """Names unique within ``scope`` whatever their capitals: "External Partners Division" and
    "external partners division" are one name (runs of spaces are stored as one, see
    ``core/plaintext.py``). The admin's inline formsets check it across their rows too."""
    return models.UniqueConstraint(
        *scope, Lower(field), name=name, violation_error_message=SAME_NAME_MESSAGE
    )


def compared_ignoring_case(constraint) -> tuple[tuple[str, ...], str] | None:
    """(scope fields, name field) of a constraint made by ``unique_ignoring_case``, else None."""
    expressions = getattr(constraint, "expressions", ())
    if not expressions or not isinstance(expressions[-1], Lower):
        return None
    scope = tuple(e.name for e in expressions[:-1] if isinstance(e, F))
    return scope, expressions[-1].source_expressions[0].name


class _ErrorOnField:
    """A constraint whose violation is reported on one field (see the mixin below)."""

    def __init__(self, constraint, field: str) -> None:
        self.constraint = constraint
        self.field = field

    def __getattr__(self, name):
        return getattr(self.constraint, name)

    def validate(self, model, instance, exclude=None, using=None) -> None:
        try:
            self.constraint.validate(model, instance, exclude=exclude, using=using)
        except ValidationError as exc:
            if exclude and self.field in exclude:
                raise
            raise ValidationError({self.field: exc.error_list}) from None


class ConstraintErrorsOnFieldsMixin:
    """Report validation errors beside the form field a person has to change, and never on a
    field the form does not show.

    Django reports a unique constraint over several fields, and any check constraint, as an error
    of the whole form. A secretary needs it on the field: a unique constraint's error goes to its
    last field (its parent comes first), and ``constraint_error_fields`` names the field for a
    check constraint. Conversely, an error ``clean()`` raises on a field the form leaves out (an
    inline shows only some fields) would make Django fail with a server error: it goes to the
    form as a whole, named by its field.
    """

    constraint_error_fields: dict[str, str] = {}

    def get_constraints(self):
        placed = []
        for model_class, constraints in super().get_constraints():
            wrapped = []
            for constraint in constraints:
                fields = getattr(constraint, "fields", ())
                field = self.constraint_error_fields.get(constraint.name)
                if field is None and len(fields) > 1:
                    field = fields[-1]
                if field is None and (compared := compared_ignoring_case(constraint)):
                    field = compared[1]
                wrapped.append(_ErrorOnField(constraint, field) if field else constraint)
            placed.append((model_class, wrapped))
        return placed

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        try:
            super().full_clean(exclude, validate_unique, validate_constraints)
        except ValidationError as exc:
            if not exclude or not hasattr(exc, "error_dict"):
                raise
            errors: dict[str, list] = {}
            for name, field_errors in exc.error_dict.items():
                if name in exclude:
                    label = self._meta.get_field(name).verbose_name
                    errors.setdefault(NON_FIELD_ERRORS, []).extend(
                        # Its code kept: a form may know better (programmes/admin.py).
                        ValidationError(f"{label}: {message}", code=error.code)
                        for error in field_errors
                        for message in error.messages
                    )
                else:
                    errors.setdefault(name, []).extend(field_errors)
            raise ValidationError(errors) from None


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # Submitted by an editor, awaiting a publisher's decision: still hidden from visitors.
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class Audience(enum.Enum):
    """Who records are selected for: what they may see of them (``visible_to``)."""

    VISITOR = "visitor"  # published records only, and only Lao a publisher reviewed
    PREVIEW = "preview"  # staff previewing a page, or reading a report: drafts too, marked


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_status=Publication.PUBLISHED)

    def visible_to(self, audience: Audience) -> QuerySet:
        """The records ``audience`` may see: for visitors the published ones, in a preview all;
        in both, only those whose parents named in the model's ``shown_with`` are visible too
        (a parent left empty, as a Department-wide post's Division, asks nothing). A model with
        a rule of its own (the one Department the site is about) refines this."""
        records = self.all()
        if audience is Audience.VISITOR and issubclass(self.model, Publishable):
            records = records.published()
        for name in getattr(self.model, "shown_with", ()):
            field = self.model._meta.get_field(name)
            parents = field.related_model._default_manager.visible_to(audience)
            rule = Q(**{f"{name}__in": parents})
            records = records.filter(rule | Q(**{f"{name}__isnull": True}) if field.null else rule)
        return records


class Publishable(NaturalKeyed, ConstraintErrorsOnFieldsMixin, PlainTextMixin, models.Model):
    """A record the public site shows only once it is published; new records start as drafts.
    Its text fields hold plain text (``core/plaintext.py``)."""

    publication_status = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.DRAFT,
        db_index=True,
        help_text=_("Visitors see only published records. Publishers publish."),
    )

    objects = NaturalKeyManager.from_queryset(PublishableQuerySet)()
    # The parents (foreign keys) without which a record is not shown: ``visible_to``.
    shown_with: tuple[str, ...] = ()
    # The rows (reverse relations) edited with the record, which a draft of it carries with it
    # while the record is published (``publishing/revisions.py``): a leg's partners.
    draft_rows: tuple[str, ...] = ()

    class Meta:
        abstract = True
        # Inherited by each model's ``class Meta(Publishable.Meta)``: ``publish_<model>``.
        default_permissions = ("add", "change", "delete", "view", "publish")

    @property
    def is_published(self) -> bool:
        return self.publication_status == Publication.PUBLISHED


def shown(obj: Publishable | None, audience: Audience) -> Publishable | None:
    """``obj`` if ``audience`` may see it (or a link to it), else ``None``: for a record reached
    through a link that does not hide its holder (a related body's parent, a partner's body)."""
    if obj is None or not (audience is Audience.PREVIEW or obj.is_published):
        return None
    return obj


def related_or_none(obj, name: str):
    """The record ``obj.<name>`` points to, or ``None`` if it has been deleted since: a version in
    the history of a role outlives its Division, and must still be named and shown."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None
