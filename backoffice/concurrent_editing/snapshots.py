"""What a change form is based on: a snapshot of the record and its inline rows, and the signed
token that carries it in the form (see the package's docstring for why)."""

import json

from django.core import signing
from django.db.models import Max
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from publishing import revisions

# A stored record's values as a snapshot holds them: the working copies' own (one definition).
from publishing.revisions import values as _values

REVISION_MARK = "publishing.revision"
TOKEN_FIELD = "version_token"  # noqa: S105 - a field name, not a secret
SALT = "backoffice.concurrent_editing"


def foreign_key(parent, child, fk_name=None):
    """The field of ``child`` an inline of it under ``parent`` hangs from (as Django finds it)."""
    keys = [
        field
        for field in child._meta.fields
        if field.many_to_one
        and field.related_model is not None
        and (field.related_model is parent or field.related_model in parent._meta.parents)
        and (fk_name is None or field.name == fk_name)
    ]
    return keys[0] if len(keys) == 1 else None


def writes_rows(inline, request, obj) -> bool:
    """Whether the form saves anything through ``inline``. A read-only inline (a post's holders,
    listed for reference and edited elsewhere; or one the person may only view) writes nothing,
    so a row changed there in between cannot be overwritten, and must not refuse the save."""
    return bool(
        inline.has_change_permission(request, obj)
        or inline.has_add_permission(request, obj)
        or (inline.can_delete and inline.has_delete_permission(request, obj))
    )


def relations(model_admin, request, obj) -> dict[str, tuple]:
    """Each inline's (child model, foreign key, inline), by a key naming the relation: the
    inlines the form writes through (``writes_rows``)."""
    found = {}
    for inline in model_admin.get_inline_instances(request, obj):
        if not writes_rows(inline, request, obj):
            continue
        fk = foreign_key(model_admin.model, inline.model, inline.fk_name)
        if fk is not None:
            found[f"{inline.model._meta.label_lower}.{fk.name}"] = (inline.model, fk, inline)
    return found


def take_snapshot(model_admin, request, pk, *, lock: bool) -> dict | None:
    """The record's stored values and its inline rows' (``None`` if it is gone). With ``lock``,
    the record, then its rows, are locked until the transaction ends."""
    records = model_admin.model._default_manager.filter(pk=pk)
    obj = (records.select_for_update() if lock else records).first()
    if obj is None:
        return None
    rows = {}
    for key, (child, fk, _inline) in relations(model_admin, request, obj).items():
        children = child._default_manager.filter(**{fk.name: obj.pk}).order_by("pk")
        if lock:
            children = children.select_for_update()
        rows[key] = {str(row.pk): _values(row, many_to_many=False) for row in children}
    # Through JSON, as the token will be: the snapshot taken now compares equal to a token's.
    return json.loads(json.dumps({"record": _values(obj, many_to_many=True), "rows": rows}))


def history_model(model):
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def _history_marks(model_admin, request, obj) -> dict[str, int]:
    """How far each history table involved had got: later entries were saved after this."""
    models = [model_admin.model] + [
        child for child, _fk, _inline in relations(model_admin, request, obj).values()
    ]
    # A published record's working copy is kept as its revision, not in the history
    # (``publishing/revisions.py``): how far it had got, too.
    revision = revisions.revision_of(obj) if obj is not None else None
    marks = {REVISION_MARK: revision.number if revision is not None else 0}
    for model in models:
        history = history_model(model)
        if history is not None:
            marks[model._meta.label_lower] = (
                history._default_manager.aggregate(last=Max("pk"))["last"] or 0
            )
    return marks


def _salt(model_admin, pk) -> str:
    return f"{SALT}:{model_admin.model._meta.label_lower}:{pk}"


def make_token(model_admin, request, pk, snapshot=...) -> str:
    """The token of the record as stored now (or as in ``snapshot``, just taken). The history
    marks are taken first: a save between the two is then attributed, never missed."""
    obj = model_admin.model._default_manager.filter(pk=pk).first()
    marks = _history_marks(model_admin, request, obj) if obj is not None else {}
    if snapshot is ...:
        snapshot = take_snapshot(model_admin, request, pk, lock=False)
    return signing.dumps(
        {"snapshot": snapshot, "marks": marks}, salt=_salt(model_admin, pk), compress=True
    )


def read_token(model_admin, pk, token) -> dict | None:
    """The token's content, or ``None`` if it is missing, damaged or made for another record."""
    if not isinstance(token, str) or not token:
        return None
    try:
        content = signing.loads(token, salt=_salt(model_admin, pk))
    except signing.BadSignature:
        return None
    # A record being restored from its history after deletion has no snapshot: None.
    if not (isinstance(content, dict) and isinstance(content.get("snapshot"), dict | None)):
        return None
    return content
