"""A change form saved after someone else changed its record and rows, with a hostile value in
every field: refused as based on an older version, never a server error, nothing stored.

The refusal reads the posted values to merge them with what is stored now (see
``backoffice/concurrent_editing/``), so it meets every hostile value the form itself does.
"""

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models import Case, Value, When
from django.test.utils import CaptureQueriesContext

from backoffice.concurrent_editing import ConcurrentEditingAdmin
from core.publication import Publication
from tests.hostile.forms import with_values
from tests.hostile.probe import Probe, encode, writes_in
from tests.hostile.test_admin_forms import admin_url, record_to_change, rendered_form
from tests.hostile.values import CORE, VALUES, chosen, machinery

pytestmark = pytest.mark.django_db

GUARDED = sorted(
    (
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ConcurrentEditingAdmin)
    ),
    key=lambda model: model._meta.label,
)


def change_behind_the_form(model, obj) -> None:
    """Someone else's change to the record and to its child rows (their publication, which
    every content record has; a schedule change's note otherwise)."""
    related = [(model, "pk")] + [
        (relation.related_model, relation.field.name)
        for relation in model._meta.related_objects
        if relation.one_to_many
    ]
    for target, key in related:
        rows = target._default_manager.filter(**{key: obj.pk})
        if any(field.name == "publication_status" for field in target._meta.fields):
            rows.update(
                publication_status=Case(
                    When(publication_status=Publication.DRAFT, then=Value(Publication.PUBLISHED)),
                    default=Value(Publication.DRAFT),
                )
            )
        elif target is model:
            rows.update(note_en="Changed by someone else.")


def post_stale_forms(probe: Probe, values: list[str], *, hidden: bool) -> None:
    """Each model's change form, opened once, changed behind it once, then posted with each
    value (a refused post changes nothing, so the form stays stale)."""
    for model in GUARDED:
        obj = record_to_change(model)
        if obj is None:
            continue
        url = admin_url(model, "change", obj.pk)
        form = rendered_form(probe, url)
        names = form.hidden if hidden else form.visible
        change_behind_the_form(model, obj)
        for value in values:
            what = f"{model._meta.label} stale, {'hidden' if hidden else 'visible'} fields"
            body = encode(with_values(form.pairs, names, value))
            with CaptureQueriesContext(connection) as queries:
                response = probe.send("POST", url, body=body, what=what)
            if response is None:
                continue
            if response.status_code == 302 or writes_in(queries.captured_queries):
                probe.failures.append(f"POST {url} {what}: a stale form was saved")
            elif response.status_code == 200 and "Not saved:" not in response.content.decode():
                probe.failures.append(
                    f"POST {url} {what} {value[:20]!r}: refused, not as an older version"
                )


def test_a_stale_form_with_a_hostile_value_everywhere_is_refused(staff, records):
    probe = Probe(staff)
    post_stale_forms(probe, [VALUES[name] for name in chosen(CORE)], hidden=False)
    probe.check()


def test_a_stale_form_with_tampered_hidden_fields_is_refused(staff, records):
    probe = Probe(staff)
    names = machinery()  # as the hidden fields' test of every form
    post_stale_forms(probe, [VALUES[name] for name in names], hidden=True)
    probe.check()
