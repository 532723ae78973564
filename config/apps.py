from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site-wide machinery: publication, page cache, roles, record set, health, sitemap.

    An app of its own so that it can hold commands and template tags, the review workflow's two
    models and two-factor sign-in's session generations (``config/models.py``).
    """

    name = "config"
    label = "site"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks
        from django.db.models.signals import post_migrate

        from config.backoffice import name_the_words
        from config.naturalkeys import check_natural_keys
        from config.pagecache import connect_invalidation
        from config.roles import ensure_roles_after_migrate
        from config.two_factor.sessions import mark_password_sign_in

        checks.register(check_natural_keys)
        name_the_words()
        connect_invalidation()
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="site:ensure_roles")
        # Django's hook for every sign-in with a password, whichever view signs in.
        user_logged_in.connect(mark_password_sign_in, dispatch_uid="site:mark_password_sign_in")
