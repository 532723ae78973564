from django.urls import path, register_converter

from config.pages import public_page
from programmes import views


class LegNumberConverter:
    """1 to 9999: a longer number cannot be a leg, and must not reach the database's smallint."""

    regex = "[1-9][0-9]{0,3}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(LegNumberConverter, "leg")

app_name = "programmes"

urlpatterns = [
    path("", public_page(views.ProgrammeListView.as_view()), name="programme_list"),
    path("calendar.ics", public_page(views.all_legs_ics), name="all_legs_ics"),
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
