from django.urls import path, register_converter

from pages.public import public_page
from programmes import feeds, views
from programmes.models import LEG_NUMBERS, leg_number


class LegNumberConverter:
    """A leg's number, as ``leg_number`` reads it: anything else is no address (404)."""

    regex = f"[0-9]{{1,{len(str(LEG_NUMBERS[-1]))}}}"

    def to_python(self, value: str) -> int:
        return leg_number(value)  # a ValueError is the URL resolver's "no match"

    def to_url(self, value: int) -> str:
        if int(value) not in LEG_NUMBERS:
            raise ValueError(value)
        return str(value)


register_converter(LegNumberConverter, "leg")

app_name = "programmes"

urlpatterns = [
    path("", public_page(views.ProgrammeListView.as_view()), name="programme_list"),
    path("calendar.ics", public_page(views.all_legs_ics), name="all_legs_ics"),
    path("feed/", public_page(feeds.changes_feed), name="changes_feed"),
    path(
        "schedule-changes/feed/",
        public_page(feeds.schedule_changes_feed),
        name="schedule_changes_feed",
    ),
    path("<slug:slug>/feed/", public_page(feeds.changes_feed), name="programme_changes_feed"),
    path(
        "<slug:slug>/schedule-changes/feed/",
        public_page(feeds.schedule_changes_feed),
        name="programme_schedule_changes_feed",
    ),
    path(
        "<slug:slug>/legs/<leg:number>/",
        public_page(views.LegDetailView.as_view()),
        name="leg_detail",
    ),
    path(
        "<slug:slug>/legs/<leg:number>/calendar.ics",
        public_page(views.leg_ics),
        name="leg_ics",
    ),
]
