"""``reverse`` remembered: the public pages and the sitemap reverse the same few hundred
addresses on every render, and Django's ``reverse`` costs tens of microseconds each (a quarter
of the sitemap's time, profiled uncached at 20x the seed).

An address depends only on the view, its arguments, the active language (the ``/en/`` or
``/lo/`` prefix), the script prefix and the URLconf, so those are the key. The memory is per
process and bounded; it is emptied when the URLconf setting changes (as Django empties its own
resolver caches), and a release restarts the processes.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.translation import get_language


@functools.lru_cache(maxsize=16384)
def _reverse(viewname: str, kwargs: tuple, _language, _prefix, urlconf) -> str:
    return django_reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def reverse(viewname: str, *, kwargs: dict | None = None) -> str:
    """Django's ``reverse`` for a named view with keyword arguments, remembered."""
    items = tuple(sorted(kwargs.items())) if kwargs else ()
    return _reverse(viewname, items, get_language(), get_script_prefix(), get_urlconf())


@receiver(setting_changed)
def _forget_on_urlconf_change(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
