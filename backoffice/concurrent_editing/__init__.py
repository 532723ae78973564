"""Safe concurrent editing in the back office: a save based on an older version is refused.

Two people open the same record; the first saves; the second's save would silently put back
everything the first changed. Instead it is refused, saying who saved in between and when, and
what changed (old → new, as stored now), with the person's own input kept on the form.

**The design: a snapshot token.** The change form carries a hidden field holding a signed,
compressed snapshot of what the form was based on: the record's stored values (and its
many-to-many choices), the rows of each of its inlines, and where each history table stood. On
saving, in the admin's transaction, the record and its inline rows are locked
(``SELECT ... FOR UPDATE``), the snapshot is taken again, and any difference refuses the save.

Why a snapshot rather than a version number column on every model:

- Every writer is covered without taking part: ``load_seed``, ``import_records``, the admin's
  actions, a child's own change page, a shell, even ``QuerySet.update()``. A counter would have
  to be bumped by each of them (logic in ``save()``, which the house style keeps out), and would
  still miss a row changed on its own page unless every child bumped its parent.
- Inlines come for free: a row changed or deleted by someone else, or a row added, is a
  difference in the snapshot.
- No schema change: no migration, no extra column in the history (where every save would show
  "version: 7 → 8"), none in the record-set export, whose round trip must stay exact.
- The snapshot is what the person saw, so the refusal can say what changed, old → new, and the
  form can be merged: fields the person did not touch take the stored value, their own input
  stays. History is used only to say who saved in between (it need not be complete: a change
  made without history is still caught, only not attributed).

Signed (``django.core.signing``, with the record in the salt), so a tampered or missing token is
a form error, never a server error, and never a way to skip the check. Changing a value and
changing it back in between is not a conflict: nothing would be lost.

**Atomic.** ``ModelAdmin.changeform_view`` runs a POST in one transaction; the check locks the
record before reading it, then its inline rows, so two concurrent saves cannot both pass on
PostgreSQL: the second waits for the first to commit, then sees its change. Locks are taken
parent first, then children, in key order, as every change page does, so pages cannot deadlock.
(SQLite has no row locks; it lets one writer at a time through anyway.) Restoring a version from
the history is a save too, checked the same way against the record as stored.

**Cost and limits.** A change page reads the record and its rows once more, before rendering
(so a save landing in between can only cause a needless refusal, never a lost change), and
carries a token of a few KB. Only change forms are guarded: no admin here edits in its list
(``list_editable``), and actions change publication alone, on the records ticked.

``snapshots.py``: the snapshot and its token; ``changes.py``: what changed and who saved;
``merging.py``: the person's input kept, merged with what is stored; ``admin.py``: the check in
the form and the ``ModelAdmin`` mixin that adds it.
"""

from backoffice.concurrent_editing.admin import ConcurrentEditingAdmin, VersionedFormMixin
from backoffice.concurrent_editing.snapshots import TOKEN_FIELD

__all__ = ["TOKEN_FIELD", "ConcurrentEditingAdmin", "VersionedFormMixin"]
