"""The project's settings without the ``programmes`` app: ``org`` must stand on its own
(dependencies run one way). Used by tests/test_architecture.py."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "programmes"]
