import json

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from org.selectors import get_staffing_summary

MESSAGES = {
    "agrees": "the stated headcounts add up to the stated total.",
    "incomplete": (
        "the stated headcounts account for {allocated} of {total} members; the other {rest} are in "
        "roles whose headcount is not stated ({not_stated} role(s))."
    ),
    "over": "the stated headcounts add up to {allocated}, more than the stated total of {total}.",
    "short": "every headcount is stated, but they add up to {allocated}, not the stated total of {total}.",
    "no-total": "the Department's total staff is not stated, so the {allocated} allocated cannot be checked.",
}


class Command(BaseCommand):
    help = (
        "Report staffing: per Department and Division and role, the stated headcount, the sum of "
        "what is allocated and what is not stated, against the Department's stated total. "
        "--strict exits non-zero unless they agree."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print JSON for machines instead of text.",
        )
        parser.add_argument(
            "--strict", action="store_true", help="Exit with status 1 unless the figures agree."
        )

    def handle(self, *args, as_json: bool, strict: bool, **options):
        try:
            summary = get_staffing_summary()
        except Http404:
            raise CommandError(
                "No department is recorded yet: run load_seed or import_records first."
            ) from None
        total = summary.stated_total
        message = MESSAGES[summary.status].format(
            allocated=summary.allocated,
            total=total,
            rest=(total or 0) - summary.allocated,
            not_stated=summary.roles_not_stated,
        )
        if as_json:
            self.stdout.write(self._as_json(summary, message))
        else:
            self._as_text(summary, message)
        if strict and summary.status != "agrees":
            raise CommandError(f"Staffing figures do not agree: {message}", returncode=1)

    def _as_text(self, summary, message: str) -> None:
        write = self.stdout.write
        total = summary.stated_total
        write(f"Staffing of the {summary.department.name}")
        write(f"Stated total: {'not stated' if total is None else f'{total} members'}")
        for group in summary.groups:
            write("")
            write(group.name + (" (Department-wide roles)" if group.scope == "department" else ""))
            if not group.roles:
                write("  no roles recorded")
            for role in group.roles:
                count = "not stated" if role.headcount is None else str(role.headcount)
                write(f"  {role.title:<40} {count}")
        write("")
        write(f"Allocated in stated headcounts: {summary.allocated}")
        write(f"Roles with no stated headcount: {summary.roles_not_stated}")
        write(f"Result: {summary.status} — {message}")

    @staticmethod
    def _as_json(summary, message: str) -> str:
        data = {
            "department": summary.department.name,
            "stated_total": summary.stated_total,
            "allocated": summary.allocated,
            "roles_not_stated": summary.roles_not_stated,
            "status": summary.status,
            "message": message,
            "groups": [
                {
                    "scope": group.scope,
                    "name": group.name,
                    "slug": group.slug,
                    "allocated": group.allocated,
                    "roles_not_stated": group.not_stated,
                    "roles": [
                        {"title": role.title, "headcount": role.headcount} for role in group.roles
                    ],
                }
                for group in summary.groups
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
