"""Admin addresses of every shape with hostile parts: a record's change, history and delete
pages with malformed keys, autocomplete, and the admin's own query parameters. Each answers
(404, 400, a redirect, the page), never a server error, and changes nothing."""

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from org.models import Division
from programmes.models import Leg
from tests.hostile.probe import Probe, encode, exported_records
from tests.hostile.values import CORE, VALUES, chosen

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
# A publishable record with inlines, a leg (its own change view), Django's user admin.
CHANGE_PAGES = [Division, Leg, get_user_model()]
RECORD_VIEWS = ["change/", "history/", "delete/", "history/1/", ""]
AUTOCOMPLETE = {
    "term": "",
    "app_label": "org",
    "model_name": "division",
    "field_name": "department",
}


def segment(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def base(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


@pytest.mark.parametrize("name", chosen(CORE))
def test_admin_addresses_with_a_hostile_part_answer(staff, records, name):
    value = VALUES[name]
    probe = Probe(staff)
    before = exported_records()
    for model in MODELS:
        first = model._default_manager.order_by("pk").first()
        for view in RECORD_VIEWS:
            probe.send("GET", f"{base(model)}{segment(value)}/{view}")
        if first is not None:
            probe.send("GET", f"{base(model)}{first.pk}/history/{segment(value)}/")
        # The admin's own parameters, on each add page and on the change page of one record of
        # each kind of admin (those differ only in their forms, which other tests cover).
        pages = ["add/"] + ([f"{first.pk}/change/"] if model in CHANGE_PAGES and first else [])
        for page in pages:
            for parameter in ["_changelist_filters", "_popup", "_to_field"]:
                probe.send("GET", base(model) + page, query=encode([(parameter, value)]))
    for parameter in AUTOCOMPLETE:
        query = encode({**AUTOCOMPLETE, parameter: value}.items())
        probe.send("GET", "/admin/autocomplete/", query=query)
    probe.send("GET", f"/admin/{segment(value)}/")
    probe.send("GET", f"/admin/org/{segment(value)}/")
    # "View on site" from the admin: /admin/r/<content type>/<key>/.
    probe.send("GET", f"/admin/r/{segment(value)}/1/")
    probe.send("GET", f"/admin/r/1/{segment(value)}/")
    assert exported_records() == before
    probe.check()
