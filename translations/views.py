"""The back office's Translations page (``<admin>/translations/``): per model, how many records'
Lao is reviewed, draft, missing or outdated, each figure a link to the list filtered to it, and
every record needing work linked. Staff only; one query per model. The admin site gives it
its address."""

from django.contrib.admin.utils import quote
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from translations.overview import all_figures
from translations.state import LaoState


def _row(figures) -> dict:
    opts = figures.model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    change = f"admin:{opts.app_label}_{opts.model_name}_change"
    return {
        "name": opts.verbose_name_plural,
        "changelist": changelist,
        "counts": [
            {"number": figures.counts[state], "url": f"{changelist}?lao={state.value}"}
            for state in LaoState
        ],
        "needing_work": [
            {"name": str(obj), "state": state.label, "url": reverse(change, args=[quote(obj.pk)])}
            for obj, state in figures.needing_work
        ],
    }


def translations_view(request, site):
    def may_view(model) -> bool:
        opts = model._meta
        return request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    rows = [_row(figures) for figures in all_figures() if may_view(figures.model)]
    context = {
        **site.each_context(request),
        "title": _("Translations"),
        "states": [state.label for state in LaoState],
        "rows": rows,
    }
    return TemplateResponse(request, "admin/translations.html", context)
