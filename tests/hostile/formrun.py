"""Posting one hostile value into every field of one admin form, and settling each field.

Posting into one field at a time costs a rendered page per field and value; that is thousands
of pages. So the value goes into many fields at once, and only what that cannot settle is
narrowed down: a refused form names the fields it refused, and each of those is then posted
alone (the rest as the page rendered them); errors that name no field split the fields in two.
Each field thus ends either accepted (with others, which is a harder test) or refused alone.
"""

from config.concurrent_editing import TOKEN_FIELD
from tests.hostile.forms import Form, errors_of, freshen, with_values
from tests.hostile.probe import Probe, database_state, encode


class FormRun:
    """One admin form (a change or an add form) and one hostile value."""

    def __init__(self, probe: Probe, *, model, url: str, pairs, value: str, add: bool) -> None:
        self.probe, self.model, self.url, self.value, self.add = probe, model, url, value, add
        self.pairs = list(pairs)
        self.serial = 0
        self.state = database_state()

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
        for name in named_here:
            self.settle([name])
        rest = [name for name in fields if name not in named_here]
        if unplaced or not named_here:
            self.split(rest)
        else:
            self.settle(rest)

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
        response = self.probe.send(
            "POST", self.url, body=encode(with_values(pairs, fields, self.value)), what=what
        )
        if response is None:
            self.state = database_state()
            return None, None
        if response.status_code == 302:
            # Accepted: what the form took stays in the fields posted next.
            self.pairs = with_values(self.pairs, fields, self.value)
            self.state = database_state()
            if not self.add:
                self.refresh_version()
            return response, None
        now = database_state()
        if now != self.state:
            self.probe.failures.append(f"POST {self.url} {what}: refused, yet the data changed")
            self.state = now
        if response.status_code != 200:
            return response, (set(), True)
        return response, errors_of(response.content.decode())

    def refresh_version(self) -> None:
        """After a save, the next post is based on the version just saved, as a person's would
        be after the page reloads: else it would be refused as based on an older version
        (``config/concurrent_editing/``), and no later value would reach the database."""
        if not any(key == TOKEN_FIELD for key, _v in self.pairs):
            return
        response = self.probe.send("GET", self.url, what="the form page after a save")
        if response is None or response.status_code != 200:
            return
        fresh = [pair for pair in Form(response.content.decode()).pairs if pair[0] == TOKEN_FIELD]
        if fresh:
            self.pairs = [pair for pair in self.pairs if pair[0] != TOKEN_FIELD] + fresh
