# The packages' modules, not their classes: Django takes this app's config to be the one
# class here marked ``default``, and would count theirs.
import axes.apps
import django.apps
import django.contrib.admin.apps
import django_otp.plugins.otp_static.apps
import django_otp.plugins.otp_totp.apps
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(django.apps.AppConfig):
    """The back office: the admin's shared pieces (publication, history, safe concurrent
    editing), its words in Lao, and two-factor sign-in for staff."""

    default = True
    name = "backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from backoffice import glossary_admin
        from backoffice.two_factor.sessions import mark_password_sign_in

        glossary_admin.register()  # after the admin's autodiscovery, like every app's admin
        # Django's hook for every sign-in with a password, whichever view signs in.
        user_logged_in.connect(
            mark_password_sign_in, dispatch_uid="backoffice:mark_password_sign_in"
        )


class BackOfficeAdminConfig(django.contrib.admin.apps.AdminConfig):
    """Django's admin, with the back office's site (``backoffice/sites.py``) as ``admin.site``:
    named in ``INSTALLED_APPS`` in place of ``django.contrib.admin``."""

    default = False
    default_site = "backoffice.sites.BackOfficeSite"


# The packages' apps as the back office lists them, named in words the catalogs translate
# (their own names are English only). Django's documented way: INSTALLED_APPS names these
# subclasses of the packages' app configs in place of the packages.


class LockoutConfig(axes.apps.AppConfig):
    verbose_name = _("Sign-in lockout")


class AuthenticatorAppsConfig(django_otp.plugins.otp_totp.apps.DefaultConfig):
    verbose_name = _("Authenticator apps")


class RecoveryCodesConfig(django_otp.plugins.otp_static.apps.DefaultConfig):
    verbose_name = _("Recovery codes")
