"""Writes that span several records of the programmes app."""

from django.db import transaction

from programmes.models import Leg, ScheduleChange


@transaction.atomic
def save_leg_with_schedule_change(*, leg: Leg, note_en: str, note_lo: str = "") -> ScheduleChange:
    """Save a leg whose schedule or status changed, keeping the schedule it had before (read
    from the database) with the public note that explains the change, and raising its calendar
    sequence past the saved one, so that calendar programs replace the old event."""
    saved = Leg.objects.select_for_update().get(pk=leg.pk)
    leg.sequence = saved.sequence + 1
    leg.save()
    return ScheduleChange.objects.create(
        leg=leg, note_en=note_en, note_lo=note_lo or None, **saved.schedule_values()
    )
