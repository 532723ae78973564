"""Every admin list, every filter and list parameter, every hostile value: an answer (a list,
a redirect to the list with ``?e=1``, a 400), never a server error, and nothing changed.

A list reads all its parameters on every request, each by its own code (a filter, the search, the
ordering, the page), so they go together, and one at a time only where the list refuses them
together (``send_until_drawn``): a list drawn with every parameter hostile has read each of
them. "Show all" goes alone: it makes the list skip the page number."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import (
    ALL_VAR,
    IS_FACETS_VAR,
    IS_POPUP_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
    TO_FIELD_VAR,
)
from django.test import RequestFactory

from tests.hostile.probe import Probe, database_state, encode, send_until_drawn
from tests.hostile.values import CORE, VALUES, chosen

pytestmark = pytest.mark.django_db

LIST_PARAMETERS = [SEARCH_VAR, ORDER_VAR, PAGE_VAR, ALL_VAR, IS_POPUP_VAR, TO_FIELD_VAR]
NONEXISTENT = ["no_such_parameter", "pk__in", "publication_status__regex"]


def changelist_parameters(model_admin, user) -> list[str]:
    """Every parameter the list reads: its filters' (as the list builds them), the date
    hierarchy's, the list's own, and some it does not know."""
    request = RequestFactory().get("/")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return [*names, *LIST_PARAMETERS, IS_FACETS_VAR, *NONEXISTENT]


# A date typed into a date filter's address is naive; Django warns, and reads it in the site's
# time zone. The suite turns that warning into an error; a visitor never sees one.
@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning")
@pytest.mark.parametrize("name", chosen(CORE))
def test_admin_lists_answer_any_parameter_with_a_hostile_value(staff, superuser, records, name):
    probe = Probe(staff)
    before = database_state()
    for model, model_admin in sorted(admin.site._registry.items(), key=lambda i: str(i[0])):
        opts = model._meta
        path = f"/admin/{opts.app_label}/{opts.model_name}/"
        parameters = changelist_parameters(model_admin, superuser)
        together = [parameter for parameter in parameters if parameter != ALL_VAR]
        send_until_drawn(probe, path, together, VALUES[name])
        probe.send("GET", path, query=encode([(ALL_VAR, VALUES[name])]), what=ALL_VAR)
    assert database_state() == before
    probe.check()
