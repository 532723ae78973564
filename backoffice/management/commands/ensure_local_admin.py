import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Make sure a local superuser exists for development and print how to sign in. "
        "Creates it with a random password saved in var/local-admin.txt (git-ignored)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Account name (default: admin).")
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000",
            help="Address the site is served at, for the sign-in hint (default: %(default)s).",
        )

    def handle(self, *args, username: str, url: str, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_local_admin is for local development only (DJANGO_DEBUG=1). "
                "In production create accounts with: python manage.py createsuperuser"
            )
        credentials = settings.LOCAL_STATE_DIR / "local-admin.txt"
        user_model = get_user_model()
        sign_in = f"{url.rstrip('/')}/{settings.ADMIN_URL}"
        if user_model.objects.filter(username=username).exists():
            where = (
                f"password in {credentials}"
                if credentials.exists()
                else f"reset its password with: python manage.py changepassword {username}"
            )
            self.stdout.write(
                f"Local admin account '{username}' exists. Sign in at {sign_in} ({where})."
            )
            self.say_two_factor()
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email="", password=password)
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text(f"username: {username}\npassword: {password}\n", encoding="utf-8")
        credentials.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created local admin account. Sign in at {sign_in} as '{username}' with password "
                f"{password} (saved in {credentials})."
            )
        )
        self.say_two_factor()

    def say_two_factor(self) -> None:
        if settings.TWO_FACTOR_REQUIRED:
            self.stdout.write(
                "Two-factor sign-in is on: at the first sign-in, set up an authenticator app."
            )
        else:
            self.stdout.write(
                "Two-factor sign-in is off here (development): a password alone signs in. "
                "Whenever debug is off it is required (DJANGO_TWO_FACTOR_REQUIRED)."
            )
