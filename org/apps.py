from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from org.caching import connect_invalidation
        from org.roles import ensure_roles_after_migrate

        connect_invalidation()
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="org:ensure_roles")
