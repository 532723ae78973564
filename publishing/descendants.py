"""The records shown under a record on the site, to every depth (each model's ``shown_with``):
what approving it publishes with it (``approval.py``), listed beside the button beforehand."""

from django.apps import apps

from core.publication import Publication, Publishable


def pending_descendants(obj: Publishable) -> list[Publishable]:
    """The records shown under ``obj`` on the site (``shown_with``), to every depth, that
    visitors do not see yet: a programme's draft legs and their draft partners. One query per
    kind of child at each depth, however many records there are."""
    found: list[Publishable] = []
    level: dict[type, set] = {type(obj): {obj.pk}}
    seen = {(type(obj), obj.pk)}
    while level:
        below: dict[type, set] = {}
        for model, name, parent in _shown_under():
            keys = set().union(*(pks for kind, pks in level.items() if issubclass(kind, parent)))
            if not keys:
                continue
            rows = model._default_manager.filter(**{f"{name}__in": keys}).order_by("pk")
            for child in rows:
                if (model, child.pk) in seen:
                    continue
                seen.add((model, child.pk))
                below.setdefault(model, set()).add(child.pk)
                if child.publication_status != Publication.PUBLISHED:
                    found.append(child)
        level = below
    return found


def _shown_under() -> list[tuple[type, str, type]]:
    """(child model, its foreign key's name, the parent model) for every ``shown_with``."""
    return [
        (model, name, model._meta.get_field(name).related_model)
        for model in apps.get_models()
        if issubclass(model, Publishable)
        for name in getattr(model, "shown_with", ())
    ]
