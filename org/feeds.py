"""The Atom feed of people in post: an entry each time someone took up or left a post of the
Department, with the post and the date (``selectors.list_post_events``).

Like every feed (``pages/feeds.py``), served through ``pages.public.public_page``: cached for
visitors, made stale by any content save and at midnight (an appointment whose first day has
come appears that day; one starting later is not in post yet and is not listed), in the language
of the URL with Lao only where a publisher reviewed it. It reads what visitors see
(``Appointment.objects.visible_to``): a draft appointment, or one of a draft person or post, is
absent, even for staff previewing.
"""

import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from org import selectors
from org.selectors import PostEvent
from pages.feeds import AtomFeed


class PeopleInPostFeed(AtomFeed):
    def title(self) -> str:
        return _("People in post: appointments")

    def subtitle(self) -> str:
        return _("Each time someone took up or left a post of the Department, with the date.")

    def link(self) -> str:
        return reverse("org:structure")

    def items(self) -> list[PostEvent]:
        return selectors.list_post_events(language=get_language(), today=timezone.localdate())

    def item_title(self, event: PostEvent) -> str:
        appointment = event.appointment
        names = {"person": appointment.person, "post": appointment.role}
        if event.left:
            if appointment.acting:
                return _("%(person)s left the post of %(post)s (acting)") % names
            return _("%(person)s left the post of %(post)s") % names
        if appointment.acting:
            return _("%(person)s took up the post of %(post)s (acting)") % names
        return _("%(person)s took up the post of %(post)s") % names

    # Plain text escaped for HTML (the Atom writer marks summaries type="html"), as the
    # programmes' feeds do.
    def item_description(self, event: PostEvent) -> str:
        appointment = event.appointment
        start = date_format(appointment.start_date, "DATE_FORMAT")
        if event.left:
            end = date_format(appointment.end_date, "DATE_FORMAT")
            text = _("In post from %(start)s to %(end)s.") % {"start": start, "end": end}
        else:
            text = _("In post from %(start)s.") % {"start": start}
        return escape(text)

    def item_link(self, event: PostEvent) -> str:
        return event.appointment.get_absolute_url()

    def item_guid(self, event: PostEvent) -> str:
        # From the appointment's natural key (person, post, start date): the same across an
        # export and import of the records.
        appointment = event.appointment
        role = appointment.role
        post = slugify(role.title_en) or "post"
        if role.division_id:
            post = f"{role.division.slug}/{post}"
        path = f"people/{appointment.person.slug}/posts/{post}/{appointment.start_date}"
        return self.tag(f"{path}/{'left' if event.left else 'took-up'}")

    item_guid_is_permalink = False

    def item_pubdate(self, event: PostEvent) -> datetime.datetime:
        return event.when

    def item_updateddate(self, event: PostEvent) -> datetime.datetime:
        return event.when


# A new feed object for each request: the object keeps the request (for the tag URIs' host).
def people_in_post_feed(request: HttpRequest):
    return PeopleInPostFeed()(request)
