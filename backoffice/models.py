"""The back office's own record: how many times each person's sessions have been ended; and
django-otp's records as the back office names them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


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


# django-otp's models as the back office shows them (backoffice/two_factor/admin.py): proxies,
# so that they have names the catalogs translate (django-otp's are English only) without
# changing django-otp's models.


class AuthenticatorApp(TOTPDevice):
    class Meta:
        proxy = True
        ordering = ["user", "name"]
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")


class RecoveryCodes(StaticDevice):
    class Meta:
        proxy = True
        ordering = ["user", "name"]
        verbose_name = _("set of recovery codes")
        verbose_name_plural = _("sets of recovery codes")


class RecoveryCode(StaticToken):
    class Meta:
        proxy = True
        ordering = ["device", "pk"]
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
