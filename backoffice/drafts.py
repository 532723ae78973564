"""The change page of a published record edits its working copy (``publishing/revisions.py``).

``DraftAdmin.change_view`` runs the page as for any record, inside ``working_copy``: the form,
its inlines, its checks and the concurrent-editing token all see the working copy; a successful
save is kept as the new working copy (``revisions.save_draft``), the live version untouched, and
the step asked for is then taken (``review_admin.take_step``), all in one transaction. The page
shows a banner: who published the live version and when, what the draft changes (old → new),
the two side by side, and whether the live version changed since the draft was started.
``preview_view`` shows the working copy on the public design. Restoring an old version from the
history is a save like any other: for a published record it writes the working copy, reviewed
like any other.
"""

import dataclasses

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.urls import path, resolve
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backoffice.concurrent_editing.snapshots import history_model
from backoffice.history import field_of, shown_change, translated_originals
from backoffice.labels import field_label
from core.admin_urls import admin_url
from core.history import author
from core.publication import Publishable
from publishing import review, revisions
from publishing.step_form import STEP_FIELDS, StepFields, children_seen, step_asked, take_step

REDIRECTS = (301, 302, 303)


@dataclasses.dataclass
class Change:
    where: str  # "" for the record itself, else the row ("Partner “UNDP”")
    field: str
    live: str
    draft: str
    kind: str = "changed"  # or "added", "deleted": a whole row


def _row_label(model, values: dict) -> str:
    kwargs = {}
    for name, value in values.items():
        field = field_of(model, name) or next(
            (f for f in model._meta.concrete_fields if f.attname == name), None
        )
        if field is not None and field.concrete and not field.many_to_many:
            try:
                kwargs[field.attname] = None if value is None else field.to_python(value)
            except Exception:  # noqa: S112 - a label is a nicety
                continue
    try:
        text = str(model(**kwargs))
    except Exception:  # a row whose name fails is still listed
        text = "…"
    return gettext("%(model)s “%(name)s”") % {"model": model._meta.verbose_name, "name": text}


def _fields(model, old: dict, new: dict, where: str) -> list[Change]:
    originals = translated_originals(model)
    found = []
    for name, value in new.items():
        if name in old and revisions.same(old[name], value):
            continue
        field = field_of(model, name) or next(
            (f for f in model._meta.concrete_fields if f.attname == name), None
        )
        if field is None or field.name in originals or not field.editable:
            continue
        live, draft = shown_change(field, old.get(name), value)
        found.append(Change(where, capfirst(field_label(field)), live, draft))
    return found


def compare(model, live: dict, draft: dict) -> list[Change]:
    """What the working copy changes, field by field, row by row."""
    changes = _fields(model, live["record"], draft["record"], "")
    for key, (child, _fk) in revisions.row_relations(model).items():
        before, after = live["rows"].get(key, {}), draft["rows"].get(key, {})
        for pk in before.keys() - after.keys():
            label = _row_label(child, before[pk])
            changes.append(Change(label, gettext("deleted"), label, "—", "deleted"))
        for pk, values in after.items():
            label = _row_label(child, values)
            if pk not in before:
                changes.append(Change(label, gettext("added"), "—", label, "added"))
            else:
                changes += _fields(child, before[pk], values, label)
    return changes


def last_publication(obj):
    """The history version in which the live version was last published (who, when), if any."""
    history = history_model(type(obj))
    if history is None:
        return None
    versions = history._default_manager.filter(**{obj._meta.pk.attname: obj.pk}).select_related(
        "history_user"
    )
    approved = versions.filter(
        history_change_reason__regex=r"^(Approved and published|Published with)"
    ).order_by("-history_date", "-pk")
    # Else the first version that was published (loaded published by a command, say).
    first = versions.filter(publication_status="published").order_by("history_date", "pk")
    return approved.first() or first.first()


class DraftAdmin:
    """A ``ModelAdmin`` mixin for publishable records: see the module's docstring."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def _live(self, request, object_id) -> Publishable | None:
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        return obj if obj is not None and obj.is_published else None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self._live(request, object_id)
        if obj is None:
            return super().change_view(request, object_id, form_url, extra_context)
        with transaction.atomic(using=self.model._default_manager.db):
            return self._working_copy_view(
                request,
                obj,
                lambda banner: super(DraftAdmin, self).change_view(
                    request, object_id, form_url, {**(extra_context or {}), **banner}
                ),
            )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self._live(request, object_id)
        if obj is None:
            return super().history_form_view(request, object_id, version_id, extra_context)
        with transaction.atomic(using=self.model._default_manager.db):
            return self._working_copy_view(
                request,
                obj,
                lambda banner: super(DraftAdmin, self).history_form_view(
                    request, object_id, version_id, {**(extra_context or {}), **banner}
                ),
            )

    def _working_copy_view(self, request, obj, view):
        """Run ``view`` on the working copy; keep what a successful save left as the new copy,
        then take the step asked for (see the module's docstring)."""
        with revisions.working_copy(self.model, obj.pk) as copy:
            response = view(self._banner(obj, copy))
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # now, while the page's queries see the working copy
            saved = request.method == "POST" and response.status_code in REDIRECTS
            if saved:
                stored = self.model._default_manager.get(pk=obj.pk)
                content = revisions.snapshot(stored)
                shown_with = children_seen(stored)
        if not saved:
            return response
        before = copy.revision.number if copy.revision is not None else 0
        revision = revisions.save_draft(obj, live=copy.live, content=content, by=request.user)
        if revision is not None and revision.number != before and review.cancel_go_live(obj):
            self.message_user(
                request,
                _("The draft changed, so its approval for later is withdrawn: approve it again."),
                messages.WARNING,
            )
        step = step_asked(request)
        fields = StepFields(request.POST)
        fields.is_valid()  # validated with the change form already
        values = {name: fields.cleaned_data.get(name) for name in STEP_FIELDS}
        if revision is None and step is None and copy.revision is None:
            self.message_user(request, _("Nothing changed."), messages.INFO)
            return response
        take_step(self, request, obj, step, values, shown_with=shown_with)
        return response

    def _banner(self, obj, copy: revisions.WorkingCopy) -> dict:
        """The draft banner's context: the live version's publication, what the working copy
        changes, and whether the live version changed since the copy was started."""
        draft = {
            "revision": copy.revision,
            "preview": admin_url(self.model, "preview", obj.pk),
            "published": (published := last_publication(obj)),
            "published_by": author(published) if published is not None else "",
        }
        if copy.revision is not None:
            draft["changes"] = compare(self.model, copy.live, copy.revision.content)
            draft["live_changed"] = revisions.changed(copy.revision.base, copy.live)
        return {"draft": draft}

    def preview_view(self, request, object_id):
        """The record's public page as its working copy would show it, for staff."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        url, _hash, _fragment = obj.get_absolute_url().partition("#")
        match = resolve(url)
        request.GET = request.GET.copy()
        request.GET["preview"] = "1"
        request.path = request.path_info = url
        database = self.model._default_manager.db
        with transaction.atomic(using=database), revisions.working_copy(self.model, obj.pk):
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response["Cache-Control"] = "private, no-store"
        return response
