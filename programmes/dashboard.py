"""The programmes' list on the back office's front page: legs whose dates need attention (a
tentative period that ended unconfirmed, or a start within 30 days), as ``schedule_report``
finds them."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_urls import change_url
from core.permissions import may
from programmes.models import Leg
from programmes.selectors import get_schedule_attention
from publishing.dashboard import Entry, Section

WITHIN_DAYS = 30


def legs_needing_attention(request) -> Section | None:
    if not may(request.user, "view", Leg):
        return None
    attention = get_schedule_attention(today=timezone.localdate(), within_days=WITHIN_DAYS)
    entries = [
        Entry(
            str(leg),
            change_url(leg),
            _("%(timing)s: %(schedule)s") % {"timing": note, "schedule": leg.schedule_summary()},
        )
        for legs, note in (
            (attention.lapsed, Leg.Timing.LAPSED.label),
            (attention.starting_soon, _("Starts within 30 days")),
        )
        for leg in legs
    ]
    return Section(
        "legs-attention",
        _("Legs needing attention"),
        entries,
        _("No leg's dates need attention."),
    )
