"""The check in the change form, and the ``ModelAdmin`` mixin that puts it there."""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backoffice.concurrent_editing.changes import describe_changes, saved_by
from backoffice.concurrent_editing.merging import merge, merge_rows
from backoffice.concurrent_editing.snapshots import (
    TOKEN_FIELD,
    make_token,
    read_token,
    take_snapshot,
)
from backoffice.history import restoring_a_version


class VersionedFormMixin:
    """A change form that knows which version of its record it was based on (see the package's
    docstring). Made by ``ConcurrentEditingAdmin.get_form`` with the admin, request and key."""

    concurrent_admin = None
    concurrent_request = None
    concurrent_pk = None
    concurrent_rows = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # The record is locked while its page reads it (``ConcurrentEditingAdmin._reading``).
            self.fields[TOKEN_FIELD].initial = make_token(
                self.concurrent_admin, self.concurrent_request, self.concurrent_pk
            )

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned

    def check_version(self) -> None:
        admin, request, pk = self.concurrent_admin, self.concurrent_request, self.concurrent_pk
        content = read_token(admin, pk, self.data.get(self.add_prefix(TOKEN_FIELD)))
        current = take_snapshot(admin, request, pk, lock=True)
        based_on = content["snapshot"] if content is not None else None
        if not self.concurrent_rows and based_on is not None and current is not None:
            based_on = {**based_on, "rows": current["rows"]}
        if content is not None and based_on == current:
            return
        if current is None:
            raise ValidationError(
                _("Not saved: this record was deleted after you opened it."), code="deleted"
            )
        self.data = self.data.copy()
        self.data[self.add_prefix(TOKEN_FIELD)] = make_token(admin, request, pk, current)
        if content is None:
            raise ValidationError(
                _(
                    "Not saved: this form does not say which version of the record it was based "
                    "on (it is damaged, or from an earlier page), so saving it could overwrite "
                    "someone else's changes. Your input is kept, and the form now refers to the "
                    "record as stored now: check it, then save again."
                ),
                code="no_version",
            )
        raise ValidationError(self._conflict_messages(content, based_on, current), code="conflict")

    def _conflict_messages(self, content, old, new) -> list[str]:
        admin, request = self.concurrent_admin, self.concurrent_request
        obj = admin.model._default_manager.get(pk=self.concurrent_pk)
        kept = {}
        lines = []
        if old is not None:
            kept[None] = merge(self, old["record"], new["record"])
            if self.concurrent_rows:
                merge_rows(admin, request, obj, old, new, kept)
            lines = describe_changes(admin, request, obj, old, new, kept)
        return [
            gettext("Not saved: this record was changed after you opened it, by %(people)s.")
            % {"people": saved_by(admin, request, obj, content.get("marks") or {})},
            *(lines or [gettext("What changed cannot be shown: open the record again to see it.")]),
            gettext(
                "Your input is kept. Fields you had not changed now show what is stored; check "
                "the form, then save again."
            ),
        ]


class ConcurrentEditingAdmin:
    """A ``ModelAdmin`` mixin: change forms (and history restores) refuse a save based on an
    older version of the record or of its inline rows. See the package's docstring."""

    def _guards(self, request, obj) -> bool:
        return obj is not None and obj.pk is not None and self.has_change_permission(request, obj)

    def _reading(self, request, object_id, view):
        """Run a page that shows the record (a GET) with the record locked until the page has
        read it: its token (made with the form) and its fields are of one version. Its rows are
        read later, when the page is drawn: a row saved in between shows newer values than the
        token, and saving the page is refused (a needless refusal, never a lost change)."""
        try:
            pk = self.model._meta.pk.to_python(unquote(str(object_id)))
        except ValidationError:
            return view()
        with transaction.atomic(using=router.db_for_write(self.model)):
            self.model._default_manager.select_for_update().filter(pk=pk).exists()
            return view()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        view = super().change_view
        if request.method == "GET":
            return self._reading(
                request, object_id, lambda: view(request, object_id, form_url, extra_context)
            )
        return view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        view = super().history_form_view
        if request.method != "POST":
            return self._reading(
                request, object_id, lambda: view(request, object_id, version_id, extra_context)
            )
        # simple-history saves outside a transaction; the check's lock needs one.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return view(request, object_id, version_id, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._guards(request, obj) or TOKEN_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], TOKEN_FIELD]}), *rest]

    def get_form(self, request, obj=None, **kwargs):
        # The token is the form's own field, not the model's: never asked of the model form.
        fields = kwargs["fields"] if "fields" in kwargs else self.get_fieldsets(request, obj)
        if "fields" not in kwargs:
            fields = flatten_fieldsets(fields)
        if fields is not None:
            kwargs["fields"] = [name for name in fields if name != TOKEN_FIELD]
        form = super().get_form(request, obj, **kwargs)
        if not self._guards(request, obj):
            return form
        attrs = {
            TOKEN_FIELD: forms.CharField(
                label=_("version of the record"), required=False, widget=forms.HiddenInput
            ),
            "concurrent_admin": self,
            "concurrent_request": request,
            "concurrent_pk": obj.pk,
            # Restoring changes only the record (the page has no inlines): only it counts.
            "concurrent_rows": not restoring_a_version(request),
        }
        return type(form)(form.__name__, (VersionedFormMixin, form), attrs)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        formset_kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in formset_kwargs:
            # The data each formset will read: a refused save merges into it (``merge_rows``).
            request.__dict__.setdefault("_concurrent_editing_formsets", []).append(
                (inline, formset_kwargs)
            )
        return formset_kwargs
