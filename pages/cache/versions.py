"""The content version: one value in the shared cache that every stored page is checked against.

Saving or deleting any content record (from the admin, ``load_seed`` or ``import_records``; each
app's ``contribution.content_models``) sets a new version once the transaction commits, and a
page stored under another version is stale, on every worker on every machine.
``invalidate_pages`` (the command of that name, run by ``make serve``) does the same for a release
whose templates or static files changed.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from core.contributions import content_models
from pages.cache.local import local_pages

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"


def new_version() -> str:
    """A content version: when it was made (whole seconds) and a random part."""
    return f"{int(time.time())}-{uuid.uuid4().hex}"


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        fresh = new_version()
        cache.add(VERSION_KEY, fresh, timeout=None)
        # A cache that keeps nothing (the dummy backend, or one that just evicted the key)
        # gets a version no page has been stored under: never a stale page.
        version = cache.get(VERSION_KEY) or fresh
    return version


def invalidate_pages() -> None:
    """Make every cached page stale now, and forget this worker's own copies (after the new
    version is set: a copy read meanwhile, of the old version, is not kept either)."""
    try:
        cache.set(VERSION_KEY, new_version(), timeout=None)
    except Exception:
        # The save has committed; failing the request now would not undo it. Said loudly, since
        # cached pages stay as they were until the cache is back and a page is saved again.
        logger.exception("Could not mark cached public pages as stale")
    local_pages.clear()


def mark_content_changed() -> None:
    """Make every cached page stale, once the current transaction (if any) has committed.

    After the commit, not before: a request in between would cache the old records under the
    new version.
    """
    transaction.on_commit(invalidate_pages)


def _content_changed(sender, **kwargs) -> None:
    mark_content_changed()


def connect_invalidation() -> None:
    """Called from ``PagesConfig.ready``: any write to a content model (each app's
    ``contribution.content_models``) makes pages stale."""
    for model in content_models():
        dispatch = f"public-pages:{model._meta.label}"
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"{dispatch}:save")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"{dispatch}:delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{dispatch}:{field.name}",
            )
