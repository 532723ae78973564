"""Every admin form, every field, every hostile value: refused or stored, never a server error.

The other fields hold what the page renders (see ``formrun.py`` for how fields are settled).
A refused form changes nothing. No value a form accepts may later break a page: once every
admin form has taken the value, every public page is requested.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from core.admin_urls import admin_url
from tests.hostile.formrun import FormRun
from tests.hostile.forms import Form, add_form_data
from tests.hostile.probe import Probe, visit_public_pages
from tests.hostile.values import FORM_CORE, VALUES, chosen, machinery

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
PASSPHRASE = "A long enough passphrase"
# What an add form needs that no change form shows.
ADD_EXTRAS = {"auth.User": [("password1", PASSPHRASE), ("password2", PASSPHRASE)]}
# A leg's schedule changes only with a public note: a valid one, so that a schedule the form
# accepts is stored.
CHANGE_EXTRAS = {"programmes.Leg": [("change_note_en", "Moved.")]}


def record_to_change(model):
    """The model's first record; for users, not the one signed in (who would sign out)."""
    records = model._default_manager.order_by("pk")
    if model is get_user_model():
        records = records.exclude(is_superuser=True)
    return records.first()


def rendered_form(probe: Probe, url: str) -> Form:
    response = probe.send("GET", url, what="the form page")
    if response is None or response.status_code != 200:
        return Form()
    return Form(response.content.decode())


def forms_of(probe: Probe, model):
    """(url, data, form, is_add) for the model's change form and its add form."""
    obj = record_to_change(model)
    if obj is None:
        return
    label = model._meta.label
    change_url = admin_url(model, "change", obj.pk)
    change = rendered_form(probe, change_url)
    yield change_url, change.pairs + CHANGE_EXTRAS.get(label, []), change, False
    add_url = admin_url(model, "add")
    add = rendered_form(probe, add_url)
    data = add_form_data(add.pairs + ADD_EXTRAS.get(label, []), add.visible, change.pairs)
    yield add_url, data, add, True


# An inline's MIN_NUM_FORMS and MAX_NUM_FORMS are written for the page's scripts: the server reads
# them only as integers of the same management form as TOTAL_FORMS and INITIAL_FORMS, which the
# sweep tampers with in every inline. A third of the hidden fields, and of the sweep's time.
CLIENT_SIDE_ONLY = ("-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def post_into_every_form(probe: Probe, value: str, *, hidden: bool) -> None:
    for model in MODELS:
        for url, data, form, add in forms_of(probe, model):
            run = FormRun(probe, model=model, url=url, pairs=data, value=value, add=add)
            if hidden:
                for name in form.hidden:
                    if not name.endswith(CLIENT_SIDE_ONLY):
                        run.settle([name])
            else:
                run.settle(form.visible)


@pytest.mark.parametrize("name", chosen(FORM_CORE))
def test_admin_forms_refuse_or_store_a_hostile_value(staff, visitor, records, name):
    probe = Probe(staff)
    post_into_every_form(probe, VALUES[name], hidden=False)
    visit_public_pages(Probe(visitor, failures=probe.failures))
    probe.check()


@pytest.mark.parametrize("name", machinery())
def test_tampered_hidden_form_fields_are_refused_or_ignored(staff, visitor, records, name):
    probe = Probe(staff)
    post_into_every_form(probe, VALUES[name], hidden=True)
    visit_public_pages(Probe(visitor, failures=probe.failures))
    probe.check()
