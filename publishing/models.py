"""The review workflow's own records: where each record stands in review, and each person's
notification settings. Content stays in the apps' models; these point to it by content type."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AboutARecord(models.Model):
    """A row about one content record, named by its kind and key (the content apps are above
    this one: no foreign key to them)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record"))

    class Meta:
        abstract = True


class Review(AboutARecord):
    """The latest review step of one content record: who submitted it, what was decided and the
    comment that goes with it. One row per record, updated at each step; every step is also a
    version in the record's own history, with the comment as its reason.

    Kept apart from the content models; the record set carries it after the content, naming
    people by user name (``publishing/record_set/``)."""

    class State(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        SENT_BACK = "sent_back", _("Sent back")
        APPROVED = "approved", _("Approved")
        SCHEDULED = "scheduled", _("Approved for later")
        UNPUBLISHED = "unpublished", _("Unpublished")
        DISCARDED = "discarded", _("Draft discarded")

    # The record's name when last reviewed, so that lists of reviews cost one query.
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(_("review"), max_length=12, choices=State.choices)
    comment = models.TextField(_("comment"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_review_each")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display()})"


class StaffPreferences(models.Model):
    """What one member of staff wants to be told, and in which language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_preferences",
        verbose_name=_("user"),
    )
    email_on_review = models.BooleanField(
        _("email me about reviews"),
        default=True,
        help_text=_(
            "Publishers: when something is submitted for review. Editors: when what you "
            "submitted is approved or sent back."
        ),
    )
    language = models.CharField(
        _("language of the emails"),
        max_length=8,
        choices=[("", _("the language I last used in the back office")), *settings.LANGUAGES],
        default="",
        blank=True,
    )
    # Kept by ``publishing.views.remember_backoffice_language``: the emails' language for anyone
    # who has not chosen one.
    backoffice_language = models.CharField(
        _("language last used in the back office"), max_length=8, blank=True, editable=False
    )

    class Meta:
        ordering = ["user"]
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class Revision(AboutARecord):
    """The working copy of a published record: the next version, waiting for a publisher.

    Visitors read the record's own row (its live version); an edit of a published record is kept
    here instead (``publishing/revisions.py``), as two snapshots of the record with its rows (the
    model's ``draft_rows``): ``base``, the live version the edit started from, and ``content``,
    the working copy. Approving applies the difference to the live version. At most one per record.
    """

    title = models.CharField(_("title"), max_length=300)
    base = models.JSONField(_("live version it started from"))
    content = models.JSONField(_("working copy"))
    # Raised at every save: a step names the number of the version the person saw.
    number = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    updated_at = models.DateTimeField(_("last saved at"))

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("draft of a published record")
        verbose_name_plural = _("drafts of published records")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_revision_each")
        ]

    def __str__(self) -> str:
        return self.title


class ScheduledStep(AboutARecord):
    """A publisher's approval that takes effect later: the record (with its working copy, if it
    has one) goes live at ``go_live_at``; and, with ``unpublish_at``, leaves the site then.
    ``publish_scheduled`` carries both out (``publishing/scheduling.py``)."""

    title = models.CharField(_("title"), max_length=300)
    go_live_at = models.DateTimeField(_("go live at"), null=True, blank=True, db_index=True)
    unpublish_at = models.DateTimeField(_("unpublish at"), null=True, blank=True, db_index=True)
    # The working copy's version approved (0: the record itself, never published).
    revision_number = models.PositiveIntegerField(_("version approved"), default=0)
    lao_reviewed = models.BooleanField(_("Lao reviewed with it"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    note_en = models.TextField(_("change note [en]"), blank=True)
    note_lo = models.TextField(_("change note [lo]"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        ordering = ["go_live_at", "unpublish_at"]
        verbose_name = _("scheduled publication")
        verbose_name_plural = _("scheduled publications")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_schedule_each"),
            models.CheckConstraint(
                condition=models.Q(go_live_at__isnull=False) | models.Q(unpublish_at__isnull=False),
                name="schedule_says_when",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ChangeNote(AboutARecord):
    """A public note of a major change, shown on the record's page and in the feed: "Updated 3
    February 2027: …". Minor changes have none; changes before a record was first public none."""

    published_at = models.DateTimeField(_("published at"), db_index=True)
    note_en = models.TextField(_("note [en]"))
    note_lo = models.TextField(_("note [lo]"), blank=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")
        indexes = [models.Index(fields=["content_type", "object_id"], name="change_note_record")]

    def __str__(self) -> str:
        return self.note_en

    def text(self, language: str) -> str:
        """The note in ``language``: its Lao for Lao readers when written, else its English."""
        return self.note_lo if language == "lo" and self.note_lo else self.note_en
