"""What ``load_seed`` wrote, so a re-run can tell staff edits from source changes."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SeedRecord(models.Model):
    """Which record ``load_seed`` made from which entry of the seed file, and the values it wrote.

    Comparing a record with the fingerprint of what the seed last wrote tells whether staff have
    edited it since, so that a re-run never overwrites their work unless asked to (``--force``).
    """

    key = models.CharField(_("seed key"), max_length=120, unique=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    record = GenericForeignKey("content_type", "object_id")
    fingerprint = models.CharField(_("fingerprint of the values written"), max_length=64)
    applied_at = models.DateTimeField(_("last applied"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("seed record")
        verbose_name_plural = _("seed records")

    def __str__(self) -> str:
        return self.key
