from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from backoffice.two_factor.sessions import reset_two_factor


class Command(BaseCommand):
    help = (
        "Reset a person's two-factor sign-in (a lost phone and lost recovery codes): removes "
        "their authenticator app and recovery codes, and ends every session they are signed in "
        "with, a lost phone's included. They sign in again with their password and set up an "
        "authenticator app again. Logged, as one line, in the log backoffice.two_factor."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The person's user name, as they sign in with it.")

    def handle(self, *args, username: str, **options):
        user_model = get_user_model()
        with transaction.atomic():
            try:
                user = user_model._default_manager.get_by_natural_key(username)
            except user_model.DoesNotExist:
                raise CommandError(
                    f"No user named {username!r}; nothing was changed. User names are "
                    "case-sensitive: check the spelling in the back office's Users list."
                ) from None
            removed = reset_two_factor(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {removed} two-factor device(s) of {username!r} and ended all their "
                "sessions. They sign in again with their password, set up an authenticator app "
                "again and get new recovery codes."
            )
        )
