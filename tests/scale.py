"""Grow the seeded records to a multiple of their size, for query-count and load tests."""

import datetime

from django.utils import timezone

from org.models import Appointment, Department, Division, Mandate, Person, RelatedBody, StaffRole
from programmes.models import Leg, LegPartner, TrainingProgramme

PUBLISHED = "published"


def grow_records(factor: int) -> None:
    """Add (factor - 1) copies of the seed's divisions, roles, mandates, bodies and legs, and
    people holding the copied posts (a current holder and a past one; an acting one).

    Copies belong to the seeded Department and are published, so every public page shows more
    rows.
    """
    department = Department.objects.get()
    mandates = list(Mandate.objects.filter(department=department))
    for copy in range(1, factor):
        RelatedBody.objects.create(
            publication_status=PUBLISHED,
            name_en=f"Related body copy {copy}",
            slug=f"related-body-copy-{copy}",
            kind=RelatedBody.Kind.OTHER,
            relation=RelatedBody.Relation.OTHER,
            part_of=RelatedBody.objects.order_by("pk").first(),
            order=100 + copy,
        )
        for index in range(5):
            division = Division.objects.create(
                publication_status=PUBLISHED,
                department=department,
                name_en=f"Division copy {copy}.{index}",
                slug=f"division-copy-{copy}-{index}",
                order=10 * copy + index,
            )
            director = StaffRole.objects.create(
                publication_status=PUBLISHED, division=division, title_en="Director", headcount=1
            )
            _hold(director, f"{copy}-{index}")
            StaffRole.objects.create(
                publication_status=PUBLISHED, division=division, title_en="Desk Officer"
            )
            for mandate in mandates[:2]:
                mandate.divisions.add(division)
        for index in range(5):
            adviser = StaffRole.objects.create(
                publication_status=PUBLISHED,
                department=department,
                title_en=f"Adviser {copy}.{index}",
                seniority=60,
            )
            _hold(adviser, f"adviser-{copy}-{index}")
        for index in range(6):
            mandate = Mandate.objects.create(
                publication_status=PUBLISHED,
                department=department,
                order=10 * copy + index,
                slug=f"mandate-copy-{copy}-{index}",
                title_en=f"Mandate copy {copy}.{index}",
                text_en="To carry out further work.",
            )
            mandate.divisions.add(Division.objects.filter(department=department).first())
        programme = TrainingProgramme.objects.create(
            publication_status=PUBLISHED,
            title_en=f"Programme copy {copy}",
            slug=f"programme-copy-{copy}",
        )
        leg = Leg.objects.create(
            publication_status=PUBLISHED,
            programme=programme,
            number=1,
            theme_en=f"Theme {copy}",
            date_precision=Leg.Precision.YEAR,
            period_year=2030,
        )
        LegPartner.objects.create(
            publication_status=PUBLISHED,
            leg=leg,
            name_en=f"Partner {copy}",
            role=LegPartner.Role.HOST,
        )
        seeded_programme = TrainingProgramme.objects.order_by("pk").first()
        seeded_leg = Leg.objects.create(
            publication_status=PUBLISHED,
            programme=seeded_programme,
            number=10 + copy,
            theme_en=f"Another theme {copy}",
            date_precision=Leg.Precision.QUARTER,
            period_year=2021,
            period_quarter=1,
        )
        LegPartner.objects.create(
            publication_status=PUBLISHED,
            leg=seeded_leg,
            name_en=f"Co-proponent {copy}",
            role="co-proponent",
            rank=1,
        )


def _hold(role: StaffRole, name: str) -> None:
    """A past holder of ``role``, a current one (with a photo description) and an acting one."""
    today = timezone.localdate()
    days = datetime.timedelta
    for number, (start, end, acting) in enumerate(
        [
            (today - days(2000), today - days(700), False),
            (today - days(699), None, False),
            (today - days(30), None, True),
        ]
    ):
        person = Person.objects.create(
            publication_status=PUBLISHED,
            name_en=f"Holder {name}.{number}",
            honorific_en="H.E.",
            slug=f"holder-{name}-{number}",
        )
        Appointment.objects.create(
            publication_status=PUBLISHED,
            person=person,
            role=role,
            start_date=start,
            end_date=end,
            acting=acting,
        )
