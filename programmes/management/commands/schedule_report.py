import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from programmes.selectors import get_schedule_attention


def leg_entry(leg) -> dict:
    return {
        "leg": leg.full_title(),
        "theme": leg.theme,
        "schedule": leg.schedule_summary(),
        "status": leg.status,
        "period_start": leg.period_start.isoformat() if leg.period_start else None,
        "period_end": leg.period_end.isoformat() if leg.period_end else None,
        "admin_path": f"programmes/leg/{leg.pk}/change/",
    }


class Command(BaseCommand):
    help = (
        "Report legs whose dates need attention: tentative periods that have passed without "
        "confirmation, and legs starting within N days. --strict exits non-zero when there is "
        "any (for a cron job)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--within",
            type=int,
            default=30,
            metavar="DAYS",
            help="Look this many days ahead (default 30).",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="Report as of this day instead of today.",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print JSON for machines."
        )
        parser.add_argument(
            "--strict", action="store_true", help="Exit with status 1 when any leg needs attention."
        )

    def handle(
        self,
        *args,
        within: int,
        today: datetime.date | None,
        as_json: bool,
        strict: bool,
        **options,
    ):
        if not 0 <= within <= 36500:
            raise CommandError("--within must be between 0 and 36500 days.")
        try:
            report = get_schedule_attention(today=today or timezone.localdate(), within_days=within)
        except OverflowError:
            raise CommandError(
                "--today plus --within goes past the last date there is (year 9999)."
            ) from None
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "today": report.today.isoformat(),
                        "within_days": within,
                        "needs_attention": report.needs_attention,
                        "lapsed_tentative": [leg_entry(leg) for leg in report.lapsed],
                        "starting_soon": [leg_entry(leg) for leg in report.starting_soon],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            self._as_text(report)
        if strict and report.needs_attention:
            count = len(report.lapsed) + len(report.starting_soon)
            raise CommandError(f"{count} leg(s) need attention.", returncode=1)

    def _as_text(self, report) -> None:
        write = self.stdout.write
        write(f"Schedule report for {report.today.isoformat()}")
        write("")
        write(f"Tentative periods that have passed without confirmation: {len(report.lapsed)}")
        for leg in report.lapsed:
            write(
                f"  {leg.full_title()}: {leg.schedule_summary()} (ended {leg.period_end.isoformat()})"
            )
            write("    Confirm its dates, or record it as held, postponed or cancelled.")
        write("")
        write(f"Legs starting within {report.within_days} days: {len(report.starting_soon)}")
        for leg in report.starting_soon:
            write(
                f"  {leg.full_title()}: {leg.schedule_summary()} (from {leg.period_start.isoformat()})"
            )
        if not report.needs_attention:
            write("")
            write("Nothing needs attention.")
