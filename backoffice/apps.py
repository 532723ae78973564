from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The back office: the admin's shared pieces (publication, history, safe concurrent
    editing), its words in Lao, and two-factor sign-in for staff."""

    name = "backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from backoffice.labels import name_the_words
        from backoffice.two_factor.sessions import mark_password_sign_in

        name_the_words()
        # Django's hook for every sign-in with a password, whichever view signs in.
        user_logged_in.connect(
            mark_password_sign_in, dispatch_uid="backoffice:mark_password_sign_in"
        )
