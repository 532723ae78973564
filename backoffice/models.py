"""The back office's own record: how many times each person's sessions have been ended; and
django-otp's, the groups' and django-axes' records as the back office names them."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from publishing.roles import EDITORS, PUBLISHERS, VIEWERS


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


# The accounts' records as the back office shows them (backoffice/accounts.py): proxies, so that
# each is named in the reader's language wherever the admin names it (lists, titles,
# breadcrumbs, deletions): Django names a group by its stored name, the secretariat's roles in
# English, and django-axes its records by English sentences ("Access Log for boss @ …").


# The secretariat's roles, stored in English (``ensure_roles`` finds them by name): shown in the
# reader's language.
ROLE_NAMES = {
    VIEWERS: _("Secretariat viewers"),
    EDITORS: _("Secretariat editors"),
    PUBLISHERS: _("Secretariat publishers"),
}


def group_name(name: str):
    """A group's name as shown: a role's in the reader's language, any other as stored."""
    return ROLE_NAMES.get(name, name)


class StaffGroup(Group):
    """A group, the secretariat's roles named in the reader's language (the stored name stays:
    ``ensure_roles`` finds them by it)."""

    class Meta:
        proxy = True
        ordering = ["name"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return str(group_name(self.name))


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "—"


class SignIn(AccessLog):
    class Meta:
        proxy = True
        ordering = ["-attempt_time"]
        verbose_name = _("access log")
        verbose_name_plural = _("access logs")

    def __str__(self) -> str:
        return gettext("Sign-in by %(username)s, %(time)s") % {
            "username": self.username or "—",
            "time": _when(self.attempt_time),
        }


class FailedSignIn(AccessFailureLog):
    class Meta:
        proxy = True
        ordering = ["-attempt_time"]
        verbose_name = _("access failure")
        verbose_name_plural = _("access failures")

    def __str__(self) -> str:
        return gettext("Failed sign-in as %(username)s, %(time)s") % {
            "username": self.username or "—",
            "time": _when(self.attempt_time),
        }


class FailedSignIns(AccessAttempt):
    """django-axes' count of one person's (and address's) wrong passwords in a row."""

    class Meta:
        proxy = True
        ordering = ["-attempt_time"]
        verbose_name = _("access attempt")
        verbose_name_plural = _("access attempts")

    def __str__(self) -> str:
        return gettext("Failed sign-ins as %(username)s, the last %(time)s") % {
            "username": self.username or "—",
            "time": _when(self.attempt_time),
        }
