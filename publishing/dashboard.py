"""The back office's front page, for the person signed in: what awaits their review (publishers),
their own drafts and what was sent back to them (editors), sections the apps contribute (legs
needing attention), Lao translations needing work, and recent changes by others; each entry a
link to the record.

A fixed number of queries, however many records there are: each list is one ``UNION`` over the
content models (``core/contributions.py``), never a query per model or per record. An entry is
named by the record's own name column (``name``, ``title`` or ``theme``: the reader's language's,
else English) with its kind, so that naming one needs no further query.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, F, QuerySet, TextField, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.admin_urls import admin_url
from core.contributions import content_models, contributing_apps
from core.history import command_author
from core.permissions import may, may_publish
from core.publication import Publication, Publishable
from publishing import review
from publishing.models import Review, Revision, ScheduledStep
from translations.overview import NEEDS_WORK, all_figures, translatable_models

# How many entries each list shows, and how much of a comment sent back.
LIMIT = 10
COMMENT_SHOWN = 120
# Recent changes read this many versions per record listed, to list each record once.
VERSIONS_PER_RECORD = 5
NAME_COLUMNS = ("name", "title", "theme")


@dataclass(frozen=True)
class Entry:
    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    entries: list[Entry] = field(default_factory=list)
    empty: str = ""


def publishable_models() -> list[type[Publishable]]:
    return [model for model in content_models() if issubclass(model, Publishable)]


def _name(model):
    """The record's name, from its name column: in the reader's language where the record has
    it, else in English (the language every record has)."""
    columns = {f.name for f in model._meta.concrete_fields}
    name = next((name for name in NAME_COLUMNS if name in columns), None)
    if name is None:
        return Value("", output_field=TextField())
    if f"{name}_en" not in columns:
        return Cast(F(name), TextField())
    english = Cast(F(f"{name}_en"), TextField())
    language = get_language()
    if language == "en" or f"{name}_{language}" not in columns:
        return english
    own = Cast(F(f"{name}_{language}"), TextField())
    return Coalesce(
        NullIf(own, Value("", output_field=TextField())), english, output_field=TextField()
    )


def _tagged(queryset: QuerySet, model, *columns: str) -> QuerySet:
    """``queryset``'s rows as (kind, key, name, *columns), ready to be joined by ``UNION``."""
    if hasattr(queryset, "rewrite"):
        # modeltranslation's querysets put values_list's columns in an order of their own; a
        # UNION needs every part's in the order asked, as for an untranslated model (a person's
        # appointment): without rewriting (the name column is named in English already).
        queryset = queryset.rewrite(False)
    return (
        queryset.order_by()
        .annotate(
            record_kind=Value(model._meta.label_lower, output_field=CharField()),
            record_label=_name(model),
        )
        .values_list(
            "record_kind", "pk" if queryset.model is model else "id", "record_label", *columns
        )
    )


def _union(parts: list[QuerySet], *order: str, limit: int = LIMIT) -> list[tuple]:
    if not parts:
        return []
    first, *rest = parts
    return list(first.union(*rest, all=True).order_by(*order)[:limit])


def _entry(kind: str, key, label: str, note: str = "", view: str = "change") -> Entry:
    model = next(m for m in content_models() if m._meta.label_lower == kind)
    url = admin_url(model, view, key)
    return Entry(f"{model._meta.verbose_name.capitalize()}: {label or key}", url, note)


def awaiting_review(user) -> Section | None:
    models = [m for m in publishable_models() if may_publish(user, m)]
    if not models:
        return None
    rows = _union(
        [
            _tagged(m._default_manager.filter(publication_status=Publication.IN_REVIEW), m)
            for m in models
        ],
        "record_kind",
        "record_label",
    )
    entries = [_entry(*row) for row in rows]
    # Drafts of published records submitted for review (the record itself stays published).
    kinds = {ContentType.objects.get_for_model(m).pk: m for m in models}
    drafts = set(
        Revision.objects.filter(content_type__in=list(kinds)).values_list(
            "content_type", "object_id"
        )
    )
    for row in Review.objects.filter(state=Review.State.IN_REVIEW, content_type__in=list(kinds)):
        if (row.content_type_id, row.object_id) in drafts:
            model = kinds[row.content_type_id]
            note = _("Draft of a published record")
            entries.append(_draft_entry(model, row.object_id, row.title, note))
    return Section(
        "awaiting-review",
        _("Awaiting your review"),
        entries[:LIMIT],
        _("Nothing is waiting for review."),
    )


def _draft_entry(model, key, title: str, note) -> Entry:
    label = f"{model._meta.verbose_name.capitalize()}: {title or key}"
    return Entry(label, admin_url(model, "change", key), str(note))


def drafts_of_published(user) -> list[Entry]:
    """The person's working copies of published records (``publishing/revisions.py``)."""
    found = []
    for revision in Revision.objects.filter(updated_by=user).select_related("content_type")[:LIMIT]:
        model = revision.content_type.model_class()
        if model is not None:
            found.append(
                _draft_entry(
                    model, revision.object_id, revision.title, _("Draft of a published record")
                )
            )
    return found


def scheduled(user) -> Section | None:
    """What publishers approved for later: go-live and unpublish times (Vientiane time)."""
    kinds = [m for m in publishable_models() if may(user, "view", m)]
    if not kinds:
        return None
    steps = ScheduledStep.objects.filter(
        content_type__in=[ContentType.objects.get_for_model(m) for m in kinds]
    ).select_related("content_type")[:LIMIT]
    entries = []
    for step in steps:
        model = step.content_type.model_class()
        when = step.go_live_at or step.unpublish_at
        text = _("Goes live %(when)s") if step.go_live_at else _("Leaves the site %(when)s")
        note = text % {"when": date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT")}
        entries.append(_draft_entry(model, step.object_id, step.title, note))
    return Section("scheduled", _("Scheduled"), entries, _("Nothing is scheduled."))


def own_work(user) -> Section | None:
    """Drafts and records in review the person has saved, marked when sent back to them."""
    models = [m for m in publishable_models() if review.may_submit(user, m)]
    if not models:
        return None
    parts = [
        _tagged(
            m._default_manager.filter(
                publication_status__in=[Publication.DRAFT, Publication.IN_REVIEW],
                pk__in=m.history.filter(history_user=user).values("id"),
            ),
            m,
            "publication_status",
        )
        for m in models
    ]
    rows = _union(parts, "record_kind", "record_label")
    sent_back = {
        (f"{r.content_type.app_label}.{r.content_type.model}", r.object_id): r.comment
        for r in Review.objects.filter(
            submitted_by=user, state=Review.State.SENT_BACK
        ).select_related("content_type")
    }
    entries = []
    for kind, key, label, status in rows:
        comment = sent_back.get((kind, key)) if status == Publication.DRAFT else None
        if comment is not None:
            # The whole comment is on the record's page.
            comment = Truncator(" ".join(comment.split())).chars(COMMENT_SHOWN)
            note = _("Sent back: %(comment)s") % {"comment": comment}
        else:
            note = Publication(status).label
        entries.append(_entry(kind, key, label, note))
    entries += drafts_of_published(user)
    return Section(
        "own-work", _("Your drafts and items sent back"), entries, _("You have no drafts.")
    )


def recent_changes_by_others(user) -> Section:
    models = [m for m in content_models() if hasattr(m, "history")]
    parts = [
        _tagged(
            m.history.exclude(history_user=user),
            m,
            "history_date",
            "history_type",
            "history_user__username",
            "history_user__first_name",
            "history_user__last_name",
            "history_change_reason",
        )
        for m in models
        if may(user, "view", m)
    ]
    kinds = {"+": _("added"), "~": _("changed"), "-": _("deleted")}
    entries = []
    # Each record once, at its latest change (a record saved four times is one line), from the
    # latest versions: enough of them for LIMIT records in all but a burst of saves of one.
    latest = {}
    for row in _union(parts, "-history_date", limit=LIMIT * VERSIONS_PER_RECORD):
        latest.setdefault(row[:2], row)
    rows = list(latest.values())[:LIMIT]
    for kind, key, label, when, change, username, first, last, reason in rows:
        # Named as the history names them: the full name, else the user name.
        person = " ".join(filter(None, (first, last))) or username
        note = _("%(change)s by %(person)s, %(when)s") % {
            "change": kinds.get(change, change),
            "person": person or command_author(reason) or _("a command or script"),
            "when": date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT"),
        }
        # A deleted record has no page of its own any more, but its history stays.
        view = "history" if change == "-" else "change"
        entries.append(_entry(kind, key, label, note, view))
    return Section(
        "recent-changes", _("Recent changes by others"), entries, _("No changes by others yet.")
    )


def translations_needing_work(user) -> Section | None:
    """Records whose Lao is outdated, a draft or missing, outdated first (one query per
    translatable model, as on the Translations page)."""
    if not any(may(user, "view", m) for m in translatable_models()):
        return None
    pairs = sorted(
        (pair for figures in all_figures() for pair in figures.needing_work),
        key=lambda pair: NEEDS_WORK.index(pair[1]),
    )
    entries = [
        _entry(obj._meta.label_lower, obj.pk, str(obj), note=state.label)
        for obj, state in pairs[:LIMIT]
    ]
    title = _("Lao translations needing work (%(count)d)") % {"count": len(pairs)}
    return Section(
        "translations", title, entries, _("Every record's Lao is reviewed and up to date.")
    )


def contributed_sections() -> list[Callable]:
    return [
        import_string(path)
        for _app, contribution in contributing_apps()
        for path in contribution.dashboard_sections
    ]


def dashboard(request) -> list[Section]:
    user = request.user
    sections = [awaiting_review(user), own_work(user), scheduled(user)]
    sections += [section(request) for section in contributed_sections()]
    sections += [translations_needing_work(user), recent_changes_by_others(user)]
    return [section for section in sections if section is not None]
