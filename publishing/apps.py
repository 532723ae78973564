from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """The review workflow: its records (``Review``, people's notification settings), the roles,
    the emails and the back office's front page."""

    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from publishing.roles import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="publishing:ensure_roles")
