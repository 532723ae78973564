"""The glossary's page in the back office: its list (searched, filtered by review state and by
whether a term has variants to avoid), its form, and "Confirm as the Department's term" for
publishers. The back office registers it with its history pages (``backoffice/glossary_admin.py``:
this app is below the back office's and names none of it)."""

from django.contrib import admin, messages
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.permissions import may_publish
from core.plaintext import multi_line_form_field
from translations.glossary import UNCONFIRMED, confirm_terms, unconfirm_if_changed


class ReviewStateFilter(admin.SimpleListFilter):
    title = _("review state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", _("Draft term")), ("confirmed", _("Confirmed"))]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(confirmed_at__isnull=True)
        if self.value() == "confirmed":
            return queryset.filter(confirmed_at__isnull=False)
        return queryset


class VariantsFilter(admin.SimpleListFilter):
    title = _("variants to avoid")
    parameter_name = "variants"

    def lookups(self, request, model_admin):
        return [("yes", _("Has variants to avoid")), ("no", _("No variants to avoid"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(avoid="")
        if self.value() == "no":
            return queryset.filter(avoid="")
        return queryset


class GlossaryAdmin(admin.ModelAdmin):
    list_display = ["english", "lao", "variants_shown", "review_state"]
    list_filter = [ReviewStateFilter, VariantsFilter]
    search_fields = ["english", "lao", "avoid", "note"]
    ordering = ["english"]
    fields = ["english", "lao", "avoid", "note", "review_state"]
    readonly_fields = ["review_state"]
    actions = ["confirm"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(
            db_field, request, **multi_line_form_field(db_field, kwargs)
        )

    def has_confirm_permission(self, request) -> bool:
        return may_publish(request.user, self.model)

    @admin.display(description=_("Lao variants to avoid"))
    def variants_shown(self, term) -> str:
        return ", ".join(term.variants)

    @admin.display(description=_("review state"), ordering="confirmed_at")
    def review_state(self, term) -> str:
        if term is None or not term.is_confirmed:
            return gettext("Draft term: the Department has not confirmed it yet.")
        return gettext("Confirmed by %(person)s, %(when)s") % {
            "person": term.confirmed_by,
            "when": date_format(localtime(term.confirmed_at), "DATETIME_FORMAT"),
        }

    def save_model(self, request, obj, form, change: bool) -> None:
        if change and unconfirm_if_changed(obj, form.changed_data):
            obj._change_reason = UNCONFIRMED
            self.message_user(
                request,
                gettext("The term changed: it is a draft until the Department confirms it again."),
                messages.WARNING,
            )
        super().save_model(request, obj, form, change)

    @admin.action(permissions=["confirm"], description=_("Confirm as the Department's term"))
    def confirm(self, request, queryset) -> None:
        person = request.user.get_full_name() or request.user.get_username()
        count = confirm_terms(queryset, by=person)
        self.message_user(
            request,
            ngettext(
                "%(count)d term confirmed as the Department's.",
                "%(count)d terms confirmed as the Department's.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
