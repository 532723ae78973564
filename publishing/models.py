"""The review workflow's own records: where each record stands in review, and each person's
notification settings. Content stays in the apps' models; these point to it by content type."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Review(models.Model):
    """The latest review step of one content record: who submitted it, what was decided and the
    comment that goes with it. One row per record, updated at each step; every step is also a
    version in the record's own history, with the comment as its reason.

    Kept apart from the content models so that the record set (export, import, seed) carries
    content only, never people's accounts."""

    class State(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        SENT_BACK = "sent_back", _("Sent back")
        APPROVED = "approved", _("Approved")
        UNPUBLISHED = "unpublished", _("Unpublished")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record"))
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
        _("language of the emails"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        ordering = ["user"]
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)
