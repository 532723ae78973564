from django.core.management.base import BaseCommand

from publishing.roles import ensure_roles


class Command(BaseCommand):
    help = (
        "Create the Secretariat viewers, editors and publishers groups and set their permissions "
        "to exactly what each role needs. Safe to run again; migrate runs it too."
    )

    def handle(self, *args, **options):
        for name, count in ensure_roles().items():
            self.stdout.write(f"{name}: {count} permissions")
