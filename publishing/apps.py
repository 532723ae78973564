from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.contributions import Contribution


class PublishingConfig(AppConfig):
    """The review workflow: its records (``Review``, people's notification settings), the roles,
    the emails and the back office's front page."""

    name = "publishing"
    verbose_name = _("Publishing")
    # Working copies, review states, schedules and change notes travel with the record set.
    contribution = Contribution(
        record_companions=tuple(
            f"publishing.record_set.{name}"
            for name in ("working_copies", "reviews", "schedules", "change_notes")
        )
    )

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from publishing.roles import ensure_roles_after_migrate
        from publishing.views import remember_language_at_sign_in

        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="publishing:ensure_roles")
        user_logged_in.connect(remember_language_at_sign_in, dispatch_uid="publishing:language")
