"""The back office's Translations page (``<admin>/translations/``): per model, how many records'
Lao is reviewed, draft, missing or outdated, each figure a link to the list filtered to it,
every record needing work linked, and what the glossary warns of, field by field. Staff only;
one query per model and one for the glossary. The admin site gives it its address."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.admin_urls import admin_url, change_url
from core.permissions import may
from translations.models import GlossaryTerm
from translations.overview import all_figures
from translations.state import LaoState


def _row(figures) -> dict:
    changelist = admin_url(figures.model, "changelist")
    return {
        "name": figures.model._meta.verbose_name_plural,
        "changelist": changelist,
        "counts": [
            {"number": figures.counts[state], "url": f"{changelist}?lao={state.value}"}
            for state in LaoState
        ],
        "needing_work": [
            {"name": str(obj), "state": state.label, "url": change_url(obj)}
            for obj, state in figures.needing_work
        ],
        "glossary": [
            {
                "name": str(obj),
                "url": change_url(obj),
                "field": obj._meta.get_field(name).verbose_name,
                "warning": warning.message(),
            }
            for obj, name, warning in figures.glossary
        ],
    }


def translations_view(request, site):
    rows = [
        _row(figures)
        for figures in all_figures(with_glossary=True)
        if may(request.user, "view", figures.model)
    ]
    context = {
        **site.each_context(request),
        "title": _("Translations"),
        "states": [state.label for state in LaoState],
        "rows": rows,
        "glossary_warnings": sum(len(row["glossary"]) for row in rows),
        "glossary_url": admin_url(GlossaryTerm, "changelist")
        if may(request.user, "view", GlossaryTerm)
        else "",
    }
    return TemplateResponse(request, "admin/translations.html", context)
