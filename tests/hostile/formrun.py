"""Posting one hostile value into every field of one admin form, and settling each field.

Posting into one field at a time costs a rendered page per field and value; that is thousands
of pages. So the value goes into many fields at once, and only what that cannot settle is
narrowed down: a refused form names the fields it refused; errors that name no field split the
fields in two. Each field thus ends either accepted (with others, which is a harder test) or
refused on its own.

A named field whose own checks refuse the value (its form field's ``clean()``, or the model's
``clean_fields()`` for that field alone, read from the refused form itself) is refused whatever
the other fields hold. Those are posted once more together, the other fields as the page
rendered them: the form must refuse and name each again (and is redrawn beside valid values); one
it does not name is posted alone. Only a field refused by a rule that reads other fields (the
form's ``clean_<name>()`` or ``clean()``, the model's ``clean()``) is posted alone at once. It
proves what posting every named field alone proved (every value a form accepts is stored
somewhere; every refusal changes nothing and is drawn without error) with a third to a half of
the posts (measured for three values: 264 → 129 posts for ``html``, 378 → 257 for ``crlf``,
377 → 114 for ``long``, before the model's own checks were read too).

A refused post must write nothing: the statements it ran are read (``probe.writes_in``), not the
tables' sizes, so an update that keeps a size is caught too.
"""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection
from django.forms import FileField
from django.test.utils import CaptureQueriesContext

from backoffice.concurrent_editing import TOKEN_FIELD
from tests.hostile.forms import Form, errors_of, freshen, with_values
from tests.hostile.probe import Probe, encode, writes_in


def _refuses(form, bound) -> bool:
    """Whether the field's own checks refuse what was posted in it, whatever the others hold:
    its form field's ``clean()``, then the model's ``clean_fields()`` for that field alone."""
    try:
        cleaned = bound.field.clean(bound.data)
    except ValidationError:
        return True
    model = getattr(getattr(form, "_meta", None), "model", None)
    try:
        model_field = model._meta.get_field(bound.name) if model else None
    except FieldDoesNotExist:
        model_field = None
    if model_field is None or model_field.is_relation or not model_field.concrete:
        return False
    instance = model()
    setattr(instance, model_field.attname, cleaned)
    others = [f.name for f in model._meta.concrete_fields if f.name != model_field.name]
    try:
        instance.clean_fields(exclude=others)
    except ValidationError:
        return True
    return False


def refused_on_their_own(response, names: list[str]) -> list[str]:
    """Of ``names``, the fields whose own checks refuse what was posted in them, read from the
    bound forms of the refused page (the main form and each inline form)."""
    context = getattr(response, "context_data", None) or {}
    forms = []
    if "adminform" in context:
        forms.append(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        forms.extend(inline.formset.forms)
    bound = {field.html_name: (form, field) for form in forms for field in form}
    return [
        name
        for name in names
        if name in bound
        and not isinstance(bound[name][1].field, FileField)
        and _refuses(*bound[name])
    ]


class FormRun:
    """One admin form (a change or an add form) and one hostile value."""

    def __init__(self, probe: Probe, *, model, url: str, pairs, value: str, add: bool) -> None:
        self.probe, self.model, self.url, self.value, self.add = probe, model, url, value, add
        self.pairs = list(pairs)
        self.serial = 0

    def settle(self, fields: list[str]) -> None:
        """Post the value into ``fields`` together, then narrow down what that left open."""
        if not fields:
            return
        response, refused = self.post(fields)
        if len(fields) == 1 or (response is not None and refused is None):
            return  # posted alone, or accepted together
        if response is None:
            self.split(fields)  # a server error: find the field behind it
            return
        named, unplaced = refused
        named_here = [name for name in fields if name in named]
        on_their_own = refused_on_their_own(response, named_here)
        if on_their_own:
            self.post_refused(on_their_own)
        for name in named_here:
            if name not in on_their_own:
                self.settle([name])
        rest = [name for name in fields if name not in named_here]
        if unplaced or not named_here:
            self.split(rest)
        else:
            self.settle(rest)

    def post_refused(self, fields: list[str]) -> None:
        """Post fields each refused on its own together, the others as the page rendered them.
        The form must name each again; one it does not name is settled alone after all."""
        response, refused = self.post(fields)
        if response is None:
            self.split(fields)
            return
        if refused is None:
            return  # accepted together after all: stored, as any accepted value
        named, _unplaced = refused
        for name in fields:
            if name not in named:
                self.settle([name])

    def split(self, fields: list[str]) -> None:
        half = len(fields) // 2
        if half == 0:
            self.settle(fields)
            return
        self.settle(fields[:half])
        self.settle(fields[half:])

    def post(self, fields: list[str]):
        """Post the value into ``fields``: the response, and what was refused (``None`` if the
        form was accepted)."""
        self.serial += 1
        pairs = self.pairs
        if self.add:
            pairs = freshen(self.model, pairs, self.serial, keep=fields)
        what = f"{self.model._meta.label}{'+' if self.add else ''} {','.join(fields)[:120]}"
        with CaptureQueriesContext(connection) as queries:
            response = self.probe.send(
                "POST", self.url, body=encode(with_values(pairs, fields, self.value)), what=what
            )
        if response is None:
            return None, None
        if response.status_code == 302:
            # Accepted: what the form took stays in the fields posted next.
            self.pairs = with_values(self.pairs, fields, self.value)
            if not self.add:
                self.refresh_version()
            return response, None
        written = writes_in(queries.captured_queries)
        if written:
            self.probe.failures.append(
                f"POST {self.url} {what}: refused, yet it wrote:\n" + "\n".join(written[:3])
            )
        if response.status_code != 200:
            return response, (set(), True)
        return response, errors_of(response.content.decode())

    def refresh_version(self) -> None:
        """After a save, the next post is based on the version just saved, as a person's would
        be after the page reloads: else it would be refused as based on an older version
        (``backoffice/concurrent_editing/``), and no later value would reach the database."""
        if not any(key == TOKEN_FIELD for key, _v in self.pairs):
            return
        response = self.probe.send("GET", self.url, what="the form page after a save")
        if response is None or response.status_code != 200:
            return
        fresh = [pair for pair in Form(response.content.decode()).pairs if pair[0] == TOKEN_FIELD]
        if fresh:
            self.pairs = [pair for pair in self.pairs if pair[0] != TOKEN_FIELD] + fresh
