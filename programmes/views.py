"""Public pages about training programmes and their legs, and their iCalendar feeds."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.publication import Audience
from pages.preview import audience_of
from programmes import selectors
from programmes.calendar import calendar_for
from programmes.models import Leg

# schema.org has no "tentative": a tentative leg is EventScheduled and says so in words.
EVENT_STATUS = {
    Leg.Status.PLANNED: "https://schema.org/EventScheduled",
    Leg.Status.HELD: "https://schema.org/EventScheduled",
    Leg.Status.POSTPONED: "https://schema.org/EventPostponed",
    Leg.Status.CANCELLED: "https://schema.org/EventCancelled",
}


def leg_jsonld(leg: Leg, request: HttpRequest) -> dict:
    """The leg as a schema.org EducationEvent with its organizers, place and honest status."""
    data = {
        "@context": "https://schema.org",
        "@type": "EducationEvent",
        "name": leg.full_title_with_theme(),
        "url": request.build_absolute_uri(leg.get_absolute_url()),
        "description": leg.schedule_summary(),
        "superEvent": {"@type": "EventSeries", "name": leg.programme.title},
        "organizer": [
            {
                "@type": "GovernmentOrganization",
                "name": partner.name,
                "description": partner.role_label,
            }
            for partner in leg.partners.all()
        ],
    }
    # A tentative period that ended unconfirmed is neither scheduled nor known to have happened:
    # schema.org has no status for that, so none is claimed.
    if leg.timing(timezone.localdate()) != Leg.Timing.LAPSED:
        data["eventStatus"] = EVENT_STATUS[leg.status]
    if leg.period_start:
        # ISO 8601 dates of the precision known: "2021-07" to "2021-09" for a quarter.
        iso = {Leg.Precision.DAY: "%Y-%m-%d", Leg.Precision.YEAR: "%Y"}.get(
            leg.date_precision, "%Y-%m"
        )
        data["startDate"] = leg.period_start.strftime(iso)
        data["endDate"] = leg.period_end.strftime(iso)
    if leg.host_country:
        data["location"] = {
            "@type": "Place",
            "name": ", ".join(filter(None, [leg.venue, leg.host_country])),
            "address": {
                "@type": "PostalAddress",
                "addressCountry": leg.host_country_code or leg.host_country,
            },
        }
    return data


class ProgrammeListView(TemplateView):
    template_name = "programmes/trainingprogramme_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        programmes = selectors.list_programmes(today=today, audience=audience_of(self.request))
        return super().get_context_data(programmes=programmes, **kwargs)


class LegDetailView(TemplateView):
    template_name = "programmes/leg_detail.html"

    def get_context_data(self, **kwargs):
        leg = selectors.get_leg(
            programme_slug=self.kwargs["slug"],
            number=self.kwargs["number"],
            audience=audience_of(self.request),
        )
        return super().get_context_data(
            leg=leg,
            timing=leg.timing(timezone.localdate()),
            jsonld=leg_jsonld(leg, self.request),
            **kwargs,
        )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def leg_ics(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    leg = selectors.get_leg(programme_slug=slug, number=number, audience=audience_of(request))
    content = calendar_for(
        [(leg, request.build_absolute_uri(leg.get_absolute_url()))],
        host=request.get_host(),
        name=str(leg),
    )
    return _ics_response(content, f"{leg.programme.slug}-leg-{leg.number}.ics")


def all_legs_ics(request: HttpRequest) -> HttpResponse:
    # Published legs only, even to staff previewing: a calendar program shows no draft mark.
    legs = [
        (leg, request.build_absolute_uri(leg.get_absolute_url()))
        for leg in selectors.list_legs(audience=Audience.VISITOR)
    ]
    content = calendar_for(
        legs, host=request.get_host(), name=_("ASEAN Department: training programmes")
    )
    return _ics_response(content, "asean-department-programmes.ics")
