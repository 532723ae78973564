"""Atom feeds (RFC 4287) of what changed in the training programmes, site-wide and per programme:
new or changed programmes and legs, and schedule changes.

Served through ``pages.public.public_page`` like every page: cached for visitors, made stale by
any content save, and in the language of the URL (/en/… or /lo/…) with Lao only where a
publisher reviewed it. Feeds read what visitors see (``Audience.VISITOR`` in the selectors), even
for staff previewing: a feed reader shows no draft banner. Every programmes feed lives here
because it covers only the programmes app's records: no site-wide hook in ``config`` is needed.
What every feed shares (ids, links, author) is ``pages.feeds.AtomFeed``.
"""

import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pages.feeds import AtomFeed
from programmes import selectors
from programmes.models import Leg, ScheduleChange, TrainingProgramme


class _ProgrammesFeed(AtomFeed):
    """Site-wide, or of one programme (``slug``)."""

    def get_object(self, request, slug: str | None = None):
        return selectors.published_programme(slug=slug) if slug else None

    def link(self, obj) -> str:
        return reverse("programmes:programme_list") + (
            f"#programme-{obj.slug}" if obj is not None else ""
        )


class ChangesFeed(_ProgrammesFeed):
    """New or changed programmes and legs."""

    def title(self, obj: TrainingProgramme | None) -> str:
        if obj is None:
            return _("Training programmes: new and changed")
        return _("%(programme)s: new and changed") % {"programme": obj.title}

    def subtitle(self, obj) -> str:
        return _("Programmes and legs as they are published or changed.")

    def items(self, obj) -> list[selectors.FeedEntry]:
        return selectors.list_changed_records(programme=obj, language=get_language())

    def item_title(self, entry: selectors.FeedEntry) -> str:
        record = entry.record
        if isinstance(record, Leg):
            return record.full_title_with_theme()
        return record.title

    # Django's Atom writer marks summaries type="html": plain text is escaped for HTML here, and
    # the XML writer then escapes that for XML, so a "<b>" typed by staff stays text.
    def item_description(self, entry: selectors.FeedEntry) -> str:
        return escape(self._summary(entry))

    def _summary(self, entry: selectors.FeedEntry) -> str:
        record = entry.record
        if isinstance(record, Leg):
            status = record.get_status_display()
            text = _("Schedule: %(schedule)s (%(status)s).") % {
                "schedule": record.schedule_summary(),
                "status": status,
            }
        else:
            text = record.summary or record.title
        if entry.note is not None:
            updated = _("Updated %(date)s: %(note)s") % {
                "date": date_format(timezone.localtime(entry.note.published_at), "DATE_FORMAT"),
                "note": entry.note.text(get_language()),
            }
            text = f"{updated}\n\n{text}"
        return text

    def item_link(self, entry: selectors.FeedEntry) -> str:
        return entry.record.get_absolute_url()

    def item_guid(self, entry: selectors.FeedEntry) -> str:
        record = entry.record
        if isinstance(record, Leg):
            return self.tag(f"programmes/{record.programme.slug}/legs/{record.number}")
        return self.tag(f"programmes/{record.slug}")

    item_guid_is_permalink = False

    def item_pubdate(self, entry: selectors.FeedEntry) -> datetime.datetime | None:
        return entry.published

    def item_updateddate(self, entry: selectors.FeedEntry) -> datetime.datetime:
        # Atom requires <updated>; a record without history (loaded in bulk) is "now".
        return entry.updated or timezone.now()


class ScheduleChangesFeed(_ProgrammesFeed):
    """Each change of a leg's schedule, with the public note that explains it."""

    def title(self, obj: TrainingProgramme | None) -> str:
        if obj is None:
            return _("Training programmes: schedule changes")
        return _("%(programme)s: schedule changes") % {"programme": obj.title}

    def subtitle(self, obj) -> str:
        return _("Each change of a leg's dates or status, with the reason given.")

    def items(self, obj):
        return selectors.list_schedule_changes(programme=obj)

    def item_title(self, change: ScheduleChange) -> str:
        return _("%(leg)s: schedule changed") % {"leg": change.leg.full_title()}

    def item_description(self, change: ScheduleChange) -> str:
        return escape(self._summary(change))

    def _summary(self, change: ScheduleChange) -> str:
        return _("%(note)s Was: %(was)s. Now: %(now)s.") % {
            "note": change.note,
            "was": change.schedule_summary(),
            "now": change.leg.schedule_summary(),
        }

    def item_link(self, change: ScheduleChange) -> str:
        return change.leg.get_absolute_url()

    def item_guid(self, change: ScheduleChange) -> str:
        leg = change.leg
        when = change.recorded_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        return self.tag(
            f"programmes/{leg.programme.slug}/legs/{leg.number}/schedule-changes/{when}"
        )

    item_guid_is_permalink = False

    def item_pubdate(self, change: ScheduleChange) -> datetime.datetime:
        return change.recorded_at

    def item_updateddate(self, change: ScheduleChange) -> datetime.datetime:
        return change.recorded_at


# A new feed object for each request: the object keeps the request (for the tag URIs' host).
def changes_feed(request: HttpRequest, slug: str | None = None):
    return ChangesFeed()(request, slug=slug)


def schedule_changes_feed(request: HttpRequest, slug: str | None = None):
    return ScheduleChangesFeed()(request, slug=slug)
