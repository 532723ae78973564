"""Carry out the publishers' approvals for later that are due (``publishing/scheduling.py``)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from publishing.scheduling import publish_scheduled


class Command(BaseCommand):
    help = (
        "Publish the records approved to go live by now, and unpublish those due to leave the "
        "site. Safe to run every minute, on several app servers at once."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--at",
            help="Act as if it were this time (ISO 8601, Vientiane time unless it says): for a "
            "test or to catch up. Default: now.",
        )

    def handle(self, *args, at=None, **options) -> None:
        now = timezone.now()
        if at:
            parsed = parse_datetime(at)
            if parsed is None:
                raise CommandError(f"--at {at!r} is not a date and time, e.g. 2027-02-03T09:00.")
            now = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        done = publish_scheduled(now=now)
        for result in done:
            line = f"{result.step}: {result.title}" + (
                f" ({result.reason})" if result.reason else ""
            )
            (self.stderr if result.step == "dropped" else self.stdout).write(line)
        if options["verbosity"] > 1 or not done:
            self.stdout.write(f"{len(done)} scheduled step(s) carried out.")
