"""The back office's own record: how many times each person's sessions have been ended."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionGeneration(models.Model):
    """How many times all of a person's sessions have been ended (``reset_two_factor``). Each
    session keeps the number it signed in under; one whose number is behind has been ended
    (``backoffice/two_factor/sessions.py``). A person never reset has no row: the number is 0."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    number = models.PositiveIntegerField(_("number"), default=0)

    class Meta:
        ordering = ["user"]
        verbose_name = _("session generation")
        verbose_name_plural = _("session generations")

    def __str__(self) -> str:
        return f"{self.user} ({self.number})"
