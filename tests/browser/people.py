"""People in post and contact points on top of the seed, for the checks of every public page.

The seed names no one and gives no contact details, so on its own it leaves the holders' and
contact points' markup unrendered: `add_holders_and_contacts` adds what makes every part of it
render, in English and in reviewed Lao. Test data, not the Department's: the names and numbers
are made up.
"""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from org.models import Department, Division, StaffRole
from tests.browser.support import public_paths
from tests.factories import (
    AppointmentFactory,
    ContactPointFactory,
    PersonFactory,
    StaffRoleFactory,
)
from translations.state import mark_lao_reviewed

# The states of the site the public pages are checked in (the `content` fixture).
CONTENTS = ["seed", "with-people"]
# The Division whose page shows holders (acting, past) and a contact point.
DIVISION_SLUG = "economic-community"
# The pages where the holders and contact points show, which the checks must visit.
PATHS = [
    f"/{language}/{page}/"
    for page in ("structure", "contact", f"divisions/{DIVISION_SLUG}")
    for language in ("en", "lo")
]
# Every page whose text the people and contact points change: those, and the home page's chart.
# The others read as with the seed alone (base.html names no one), which the seed's sweep checks.
PEOPLE_PAGES = [*PATHS, "/en/", "/lo/"]


def portrait_png() -> bytes:
    """A small real PNG: a head and shoulders on a blue ground."""
    image = Image.new("RGB", (96, 96), (0, 90, 160))
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 14, 66, 50), fill=(230, 200, 170))
    draw.ellipse((14, 56, 82, 120), fill=(40, 40, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def reviewed(*records):
    """Mark each record's Lao as reviewed, so that a visitor to a /lo/ page reads it."""
    for record in records:
        mark_lao_reviewed(record, reason="Lao reviewed")
    return records


def add_holders_and_contacts() -> None:
    """A Director-General with a photo; a Division Director's past holder and acting holder; and
    contact points for the Department and one Division. Call after the seed is loaded, with
    ``MEDIA_ROOT`` set to a temporary folder: the photo is written through the storage."""
    today = timezone.localdate()
    days = datetime.timedelta(days=1)
    department = Department.objects.get()
    division = Division.objects.get(slug=DIVISION_SLUG)

    director_general = PersonFactory(
        name_en="Khamla Phommavong",
        name_lo="ຄຳຫຼ້າ ພົມມະວົງ",
        honorific_en="H.E.",
        honorific_lo="ທ່ານ",
        photo=ContentFile(portrait_png(), name="portrait.png"),
        photo_alt_en="Portrait of the Director-General",
        photo_alt_lo="ຮູບຂອງຫົວໜ້າກົມ",
    )
    AppointmentFactory(
        person=director_general,
        role=StaffRole.objects.get(department=department, title_en="Director-General"),
        start_date=today - 400 * days,
    )

    director, deputy = reviewed(
        StaffRoleFactory(
            department=None,
            division=division,
            title_en="Division Director",
            title_lo="ຫົວໜ້າພະແນກ",
            seniority=30,
            headcount=1,
        ),
        StaffRoleFactory(
            department=None,
            division=division,
            title_en="Deputy Director",
            title_lo="ຮອງຫົວໜ້າພະແນກ",
            seniority=40,
        ),
    )
    past = PersonFactory(name_en="Bounmy Vongsa", name_lo="ບຸນມີ ວົງສາ", honorific_lo="ທ່ານ ນາງ")
    acting = PersonFactory(
        name_en="Noy Sisavath", name_lo="ນ້ອຍ ສີສະຫວາດ", honorific_en="Mr", honorific_lo="ທ່ານ"
    )
    deputy_holder = PersonFactory(
        name_en="Souksavanh Keobounphanh",
        name_lo="ສຸກສະຫວັນ ແກ້ວບຸນພັນ",
        honorific_lo="ທ່ານ ນາງ",
    )
    reviewed(director_general, past, acting, deputy_holder)
    AppointmentFactory(
        person=past, role=director, start_date=today - 1500 * days, end_date=today - 60 * days
    )
    AppointmentFactory(person=acting, role=director, start_date=today - 59 * days, acting=True)
    AppointmentFactory(person=deputy_holder, role=deputy, start_date=today - 700 * days)

    reviewed(
        ContactPointFactory(
            department=department,
            contact_type_en="General enquiries",
            contact_type_lo="ສອບຖາມທົ່ວໄປ",
            street_address_en="1 Example Road, Sisattanak District",
            street_address_lo="ເລກທີ 1 ຖະໜົນຕົວຢ່າງ, ເມືອງສີສັດຕະນາກ",
            locality_en="Vientiane",
            locality_lo="ນະຄອນຫຼວງວຽງຈັນ",
            region_en="Vientiane Capital",
            region_lo="ນະຄອນຫຼວງວຽງຈັນ",
            postal_code="0100",
            country="LA",
            telephone="+856 21 000 001",
            email="asean-department@example.org",
            office_hours_en="Monday to Friday, 08:00–12:00 and 13:30–16:30",
            office_hours_lo="ວັນຈັນ ຫາ ວັນສຸກ, 08:00–12:00 ແລະ 13:30–16:30",
        ),
        ContactPointFactory(
            department=None,
            division=division,
            contact_type_en="Division office",
            contact_type_lo="ຫ້ອງການພະແນກ",
            street_address_en="1 Example Road, second floor",
            street_address_lo="ເລກທີ 1 ຖະໜົນຕົວຢ່າງ, ຊັ້ນ 2",
            locality_en="Vientiane",
            locality_lo="ນະຄອນຫຼວງວຽງຈັນ",
            postal_code="0100",
            country="LA",
            telephone="+856 21 000 002",
            email="economic-division@example.org",
            office_hours_en="Monday to Friday, 08:00–16:30",
            office_hours_lo="ວັນຈັນ ຫາ ວັນສຸກ, 08:00–16:30",
        ),
    )


def paths_with(content: str) -> list[str]:
    """The public pages' paths once ``content``'s records are added to the loaded seed; fails the
    test unless the sitemap lists pages, and with people, the pages that show them."""
    if content == "with-people":
        add_holders_and_contacts()
    paths = public_paths()
    if not paths:
        pytest.fail("/sitemap.xml lists no pages", pytrace=False)
    if content == "with-people" and (missing := [path for path in PATHS if path not in paths]):
        pytest.fail(f"/sitemap.xml does not list {missing}", pytrace=False)
    return paths
