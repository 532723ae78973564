"""People in post: a person (Popolo Person) and their appointments to the Department's posts
(Popolo Membership of a Post; GOV.UK's role appointment).

A post is a ``StaffRole``; a person holds it from a start date to an end date (open while they
still hold it), substantively or acting. An appointment is *current* from its start date through
its end date, both included, judged on the Department's calendar (``timezone.localdate()``).

A post has one substantive holder at a time, or as many as its stated headcount where that is
more than one (a post of five desk officers); acting appointments (standing in while the holder
is away, or until one is appointed) may overlap anything. ``Appointment.clean`` refuses a
substantive appointment that would make, on some day, one holder more than the post has seats.

The rule is written once, in ``over_capacity``: the model's check and the person's form (whose
new rows are not in the database for the model to see) both call it through
``Appointment.clash``. The check locks the post's row (``SELECT … FOR UPDATE``, ``lock_posts``)
until the transaction ends, as the back office's concurrent-editing check locks the record it
guards (``backoffice/concurrent_editing/``): the admin validates and saves in one transaction, so two
people giving one post a holder at the same moment are checked one after the other, and the
second sees the first's appointment (a form error, never a second holder). Without a transaction
(a shell's ``full_clean``) the check runs unlocked.
"""

import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.publication import Publishable, related_or_none
from org import photos
from org.models.department import StaffRole
from org.photos import photo_path, validate_photo
from pages.reversing import reverse
from translations.state import LaoTranslatable
from translations.visibility import VisibleManager


class Person(Publishable, LaoTranslatable):
    """Someone who holds or held a post of the Department."""

    name = models.CharField(_("name"), max_length=200)
    honorific = models.CharField(
        _("honorific"),
        max_length=40,
        blank=True,
        help_text=_('As it is written before the name, e.g. "H.E.", "Mr", "Ms". May be empty.'),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    photo = models.ImageField(
        _("photo"),
        upload_to=photo_path,
        blank=True,
        validators=[validate_photo],
        help_text=_("Optional. A JPEG, PNG or WebP image."),
    )
    photo_alt = models.CharField(
        _("photo description"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the photo shows, for people who cannot see it, e.g. "
            '"Portrait of the Director-General". Required with a photo.'
        ),
    )

    natural_key_fields = ("slug",)
    objects = VisibleManager()
    draft_rows = ("appointments",)

    class Meta(Publishable.Meta):
        ordering = ["name_en"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt_en=""),
                name="person_photo_has_description",
                violation_error_message=_("Describe the photo for people who cannot see it."),
            ),
        ]

    constraint_error_fields = {"person_photo_has_description": "photo_alt_en"}

    def __str__(self) -> str:
        return f"{self.honorific} {self.name}" if self.honorific else self.name

    def get_absolute_url(self) -> str:
        """The page of the post they last held, where their name appears."""
        appointment = None
        if self.pk:
            latest = self.appointments.select_related("role__division").order_by("-start_date")
            appointment = latest.first()
        return appointment.get_absolute_url() if appointment else reverse("org:structure")

    def clean_fields(self, exclude=None):
        """The fields' checks, then a new photo re-encoded as it will be stored
        (``org/photos.py``): a file Pillow cannot decode is the photo field's error."""
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "photo" not in errors and "photo" not in (exclude or ()):
            try:
                photos.reencode_new_photo(self)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        """A photo is stored re-encoded (scripts and imports skip ``clean_fields``), and the file
        of one replaced or cleared is deleted after the commit (``org/photos.py``)."""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "photo" not in update_fields:
            return super().save(*args, **kwargs)
        photos.reencode_new_photo(self)
        stored = photos.stored_photo(self)
        photos.restored_photo(self, stored)
        super().save(*args, **kwargs)
        if stored != self.photo.name:
            photos.forget_on_commit(Person, self.photo.storage, stored)


post_delete.connect(
    photos.forget_deleted_persons_photo, sender=Person, dispatch_uid="org:person_photo_deleted"
)


def current_q(today: datetime.date, prefix: str = "") -> Q:
    """Appointments current on ``today``."""
    return Q(**{f"{prefix}start_date__lte": today}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})
    )


class Tenure(NamedTuple):
    """A substantive holding of a post: by whom (None for a form's row not saved yet), from a
    day, to a day (None while it lasts)."""

    person: "Person | None"
    start: datetime.date
    end: datetime.date | None


def seats(role: StaffRole | None) -> int:
    """How many substantive holders a post may have at a time: its headcount, at least one."""
    return max(role.headcount or 1, 1) if role is not None else 1


def over_capacity(
    start: datetime.date, end: datetime.date | None, others: Iterable[Tenure], places: int
) -> Tenure | None:
    """The overlap rule, written once. Of ``others`` (the other substantive holdings of one
    post), one held on a day from ``start`` through ``end`` (None: open) on which ``places``
    or more of them are held, leaving no seat for one more; None when every day has room.

    The busiest day of the span is its first or the first day of one of the others."""
    others = list(others)
    days = [
        start,
        *(o.start for o in others if start < o.start and (end is None or o.start <= end)),
    ]
    for day in days:
        held = [o for o in others if o.start <= day and (o.end is None or day <= o.end)]
        if len(held) >= places:
            return held[0]
    return None


def lock_posts(role_ids: Iterable[int]) -> dict[int, StaffRole]:
    """The posts by key, locked until the transaction ends when there is one (the rows in key
    order, so that two saves naming the same posts cannot deadlock)."""
    using = router.db_for_write(StaffRole)
    posts = StaffRole.objects.using(using).filter(pk__in=set(role_ids)).order_by("pk")
    if not transaction.get_autocommit(using):
        posts = posts.select_for_update()
    return {post.pk: post for post in posts}


def holder_message(person) -> str:
    return _(
        "%(person)s holds this post (not acting) during these dates: "
        "a post has one holder at a time, or as many as its headcount. End "
        "the other appointment first, or tick “acting”."
    ) % {"person": person}


class Appointment(Publishable):
    """A person's appointment to a post, substantive or acting, from a date to a date."""

    # Who held a post is a record worth keeping: deleting a post, or a person, who has
    # appointments is refused (the admin names them); delete the appointments first, each on
    # purpose and each kept in the deleted records. A deleted appointment comes back only after
    # its person and post (its form then says so).
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("person")
    )
    role = models.ForeignKey(
        StaffRole, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("post")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty while they hold the post.")
    )
    acting = models.BooleanField(
        _("acting"),
        default=False,
        help_text=_("Tick when they hold the post in an acting capacity."),
    )

    natural_key_fields = ("person", "role", "start_date")
    objects = VisibleManager()
    shown_with = ("person", "role")

    class Meta(Publishable.Meta):
        ordering = ["role", "-start_date", "person"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="appointment_ends_after_it_starts",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["role", "person", "start_date"],
                name="appointment_unique_start",
                violation_error_message=_(
                    "This person's appointment to this post from this date is already recorded."
                ),
            ),
        ]

    constraint_error_fields = {
        "appointment_ends_after_it_starts": "end_date",
        "appointment_unique_start": "start_date",
    }

    def __str__(self) -> str:
        person = related_or_none(self, "person") if self.person_id else None
        role = related_or_none(self, "role") if self.role_id else None
        text = _("%(person)s as %(post)s from %(start)s") % {
            "person": person or "—",
            "post": role or "—",
            "start": date_format(self.start_date) if self.start_date else "—",
        }
        return f"{text} ({_('acting')})" if self.acting else str(text)

    def get_absolute_url(self) -> str:
        role = related_or_none(self, "role") if self.role_id else None
        return role.get_absolute_url() if role else reverse("org:structure")

    def is_current_on(self, today: datetime.date) -> bool:
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)

    @property
    def has_started(self) -> bool:
        """Whether the appointment's first day has come (today, in the Department's time)."""
        return self.start_date <= timezone.localdate()

    @property
    def is_current(self) -> bool:
        return self.is_current_on(timezone.localdate())

    def overlapping(self) -> models.QuerySet:
        """The other substantive appointments to the same post whose dates meet this one's."""
        others = Appointment.objects.filter(role_id=self.role_id, acting=False).exclude(pk=self.pk)
        others = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
        if self.end_date is not None:
            others = others.filter(start_date__lte=self.end_date)
        return others

    def clash(self, *, unsaved: Iterable[Tenure] = (), replaced: Iterable[int] = ()):
        """The holding that leaves this appointment no seat (``over_capacity``), or None: among
        the post's stored appointments but the ``replaced`` ones (rows a form is changing), and
        the ``unsaved`` ones of a form. Locks the post's row until the transaction ends."""
        if self.acting or not self.role_id or not self.start_date:
            return None
        if self.end_date is not None and self.end_date < self.start_date:
            return None  # the constraint's error says what to change
        role = lock_posts([self.role_id]).get(self.role_id)
        stored = self.overlapping().exclude(pk__in=[pk for pk in replaced if pk is not None])
        others = [
            Tenure(a.person, a.start_date, a.end_date) for a in stored.select_related("person")
        ]
        return over_capacity(self.start_date, self.end_date, [*unsaved, *others], seats(role))

    def clean(self) -> None:
        super().clean()
        clash = self.clash()
        if clash is not None:
            raise ValidationError({"start_date": holder_message(clash.person)})
