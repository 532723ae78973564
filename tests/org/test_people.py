"""People in post: who holds each post, since when, and how visitors see it."""

import datetime
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from PIL import Image

from org.models import Appointment, Division, Person, StaffRole
from tests.factories import AppointmentFactory, PersonFactory, StaffRoleFactory
from tests.helpers import admin_form_data, admin_url, errors_of, run_manage, today
from translations.state import mark_lao_reviewed

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
STRUCTURE = "/en/structure/"


def png_bytes(size=(8, 8), image_format="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 90, 160)).save(out, image_format)
    return out.getvalue()


def upload(content: bytes, name: str = "portrait.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def director_general(seeded):
    return StaffRole.objects.get(title_en="Director-General")


# -- The models ------------------------------------------------------------------------------------


def test_a_person_is_named_with_their_honorific():
    assert str(PersonFactory(name_en="Khamla Phommavong", honorific_en="H.E.")) == (
        "H.E. Khamla Phommavong"
    )
    assert str(PersonFactory(name_en="Noy Sisavath", honorific_en="")) == "Noy Sisavath"


def test_a_person_is_named_across_databases_by_their_slug():
    person = PersonFactory(slug="khamla-phommavong")
    assert person.natural_key() == ("khamla-phommavong",)
    assert Person.objects.get_by_natural_key("khamla-phommavong") == person


def test_an_appointment_is_current_from_its_start_through_its_end_day():
    appointment = AppointmentFactory.build(start_date=today(), end_date=today())
    assert appointment.is_current
    assert not AppointmentFactory.build(start_date=today() + DAY).is_current
    assert not AppointmentFactory.build(
        start_date=today() - 9 * DAY, end_date=today() - DAY
    ).is_current
    assert AppointmentFactory.build(start_date=today() - 9 * DAY, end_date=None).is_current


def test_an_appointment_ending_before_it_starts_is_an_end_date_error():
    appointment = AppointmentFactory.build(
        person=PersonFactory(), role=StaffRoleFactory(), start_date=today(), end_date=today() - DAY
    )
    assert "end_date" in errors_of(appointment)


def test_the_database_refuses_an_appointment_ending_before_it_starts():
    appointment = AppointmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.filter(pk=appointment.pk).update(end_date=today() - 400 * DAY)


def test_a_second_holder_of_a_single_post_for_overlapping_dates_is_refused(director_general):
    AppointmentFactory(role=director_general, start_date=today() - 100 * DAY)
    second = AppointmentFactory.build(
        person=PersonFactory(), role=director_general, start_date=today() - 10 * DAY
    )
    assert "start_date" in errors_of(second)


def test_a_successor_after_the_holder_left_is_accepted(director_general):
    AppointmentFactory(
        role=director_general, start_date=today() - 900 * DAY, end_date=today() - DAY
    )
    AppointmentFactory.build(
        person=PersonFactory(), role=director_general, start_date=today()
    ).full_clean()


def test_an_acting_holder_beside_the_holder_is_accepted(director_general):
    AppointmentFactory(role=director_general, start_date=today() - 100 * DAY)
    AppointmentFactory.build(
        person=PersonFactory(), role=director_general, start_date=today(), acting=True
    ).full_clean()


def test_a_post_with_a_headcount_of_two_takes_two_holders_at_once_but_not_three():
    role = StaffRoleFactory(headcount=2)
    AppointmentFactory(role=role)
    AppointmentFactory.build(person=PersonFactory(), role=role).full_clean()
    AppointmentFactory(role=role)
    assert "start_date" in errors_of(AppointmentFactory.build(person=PersonFactory(), role=role))


def test_a_photo_needs_a_description():
    person = PersonFactory.build(photo=upload(png_bytes()), photo_alt_en="")
    assert "photo_alt_en" in errors_of(person)


def test_the_database_refuses_a_photo_without_a_description():
    person = PersonFactory(photo=upload(png_bytes()), photo_alt_en="Portrait")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(photo_alt_en="")


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_a_photo_is_stored_under_a_random_name_with_the_extension_of_its_format(image_format):
    content = png_bytes(image_format=image_format)
    person = PersonFactory(photo=upload(content, name="My Name.gif"), photo_alt_en="Portrait")
    person.full_clean()
    extension = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[image_format]
    assert re.fullmatch(rf"people/[0-9a-f]{{32}}\.{extension}", person.photo.name)
    with Image.open(person.photo) as stored:  # re-encoded (tests/org/test_photos.py)
        assert stored.format == image_format


@pytest.mark.parametrize(
    "content",
    [b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", b"GIF89a..."],
)
def test_a_file_that_is_not_a_jpeg_png_or_webp_is_refused_whatever_its_name(content):
    person = PersonFactory.build(photo=upload(content), photo_alt_en="Portrait")
    assert "photo" in errors_of(person)


def test_a_gif_image_is_refused():
    person = PersonFactory.build(photo=upload(png_bytes(image_format="GIF")), photo_alt_en="A")
    assert "photo" in errors_of(person)


def test_a_photo_larger_than_the_setting_allows_is_refused(settings):
    settings.PHOTO_MAX_BYTES = 100
    person = PersonFactory.build(photo=upload(png_bytes((64, 64))), photo_alt_en="Portrait")
    assert any("at most" in message for message in errors_of(person)["photo"])


# -- The back office -------------------------------------------------------------------------------


def test_a_publisher_records_the_director_generals_appointment_with_a_photo(
    admin_client, director_general
):
    page = admin_client.get(admin_url(Person, "add"))
    data = admin_form_data(
        page,
        honorific_en="H.E.",
        name_en="Khamla Phommavong",
        photo_alt_en="Portrait of the Director-General",
        **{
            "appointments-TOTAL_FORMS": "1",
            "appointments-0-role": director_general.pk,
            "appointments-0-start_date": (today() - 30 * DAY).isoformat(),
            "appointments-0-publication_status": "published",
        },
    )
    data["photo"] = upload(png_bytes())
    response = admin_client.post(admin_url(Person, "add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    person = Person.objects.get(name_en="Khamla Phommavong")
    assert person.slug == "khamla-phommavong"
    assert person.photo.name.endswith(".png")
    assert person.appointments.get().role == director_general


def test_a_fake_png_upload_is_a_photo_field_error(admin_client, seeded):
    page = admin_client.get(admin_url(Person, "add"))
    data = admin_form_data(page, name_en="Noy Sisavath", photo_alt_en="Portrait")
    data["photo"] = upload(b"not an image at all, only text", name="fake.png")
    response = admin_client.post(admin_url(Person, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]
    assert not Person.objects.filter(name_en="Noy Sisavath").exists()


def test_two_rows_giving_one_post_to_two_people_at_once_are_refused(admin_client, director_general):
    person = PersonFactory()
    page = admin_client.get(admin_url(Person, "change", person.pk))
    start = (today() - 30 * DAY).isoformat()
    data = admin_form_data(
        page,
        **{
            "appointments-TOTAL_FORMS": "2",
            "appointments-0-role": director_general.pk,
            "appointments-0-start_date": start,
            "appointments-0-publication_status": "draft",
            "appointments-1-role": director_general.pk,
            "appointments-1-start_date": (today() - 20 * DAY).isoformat(),
            "appointments-1-publication_status": "draft",
        },
    )
    data.pop("photo")  # no file chosen: the browser sends none
    response = admin_client.post(admin_url(Person, "change", person.pk), data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "start_date" in formset.forms[1].errors
    assert not Appointment.objects.exists()


def test_the_post_page_in_the_back_office_shows_its_holders(admin_client, director_general):
    AppointmentFactory(role=director_general, person=PersonFactory(name_en="Khamla Phommavong"))
    page = admin_client.get(admin_url(StaffRole, "change", director_general.pk))
    assert "Khamla Phommavong" in page.content.decode()


@pytest.mark.parametrize("model", [Person, Appointment])
def test_the_lists_of_people_and_appointments_answer(admin_client, model):
    AppointmentFactory()
    for params in ({}, {"q": "Person"}, {"current": "yes"} if model is Appointment else {}):
        assert admin_client.get(admin_url(model, "changelist"), params).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 200


# -- Public pages ----------------------------------------------------------------------------------


def test_the_structure_page_names_no_one_when_no_one_is_recorded(client, seeded):
    html = client.get(STRUCTURE).content.decode()
    assert "Held by" not in html
    assert '"employee"' not in html


def test_the_structure_page_shows_the_current_holder_with_photo_and_acting_mark(
    client, director_general
):
    person = PersonFactory(
        honorific_en="H.E.",
        name_en="Khamla Phommavong",
        photo=upload(png_bytes()),
        photo_alt_en="Portrait of the Director-General",
    )
    AppointmentFactory(role=director_general, person=person)
    deputy = StaffRole.objects.get(title_en="Deputy Director-General")
    AppointmentFactory(role=deputy, person=PersonFactory(name_en="Noy Sisavath"), acting=True)
    html = client.get(STRUCTURE).content.decode()
    assert "H.E. Khamla Phommavong" in re.sub(r"<[^>]+>", "", html)
    assert f'src="{person.photo.url}" alt="Portrait of the Director-General"' in html
    assert re.search(r"Sisavath</span></span> <span class=\"acting\">\(acting\)", html)


def test_a_post_with_two_holders_lists_them_with_a_comma_in_either_language(
    client, director_general
):
    AppointmentFactory(
        role=director_general, person=PersonFactory(name_en="First Holder", honorific_en="")
    )
    AppointmentFactory(
        role=director_general,
        person=PersonFactory(name_en="Second Holder", honorific_en=""),
        acting=True,
    )
    with translation.override("lo"):
        held_by_in_lao = translation.gettext("Held by")
    assert held_by_in_lao != "Held by"
    for path, held_by in ((STRUCTURE, "Held by"), ("/lo/structure/", held_by_in_lao)):
        chart = client.get(path).content.decode()
        chart = chart[chart.index('<figure class="org-chart"') : chart.index("</figure>")]
        text = re.sub(r"<[^>]+>", "", chart)
        # Substantive holders first; no space before the comma.
        assert f"{held_by} First Holder, Second Holder (" in text, path


def test_a_holders_name_wraps_only_between_its_words_and_stays_escaped(client, director_general):
    """Chromium would break a Lao surname between syllables; each word is kept whole."""
    person = PersonFactory(
        honorific_en="H.E.", name_en="Khamla <b>Phommavong</b>", name_lo="ຄຳຫຼ້າ ພົມມະວົງ"
    )
    mark_lao_reviewed(person, reason="Lao reviewed")
    AppointmentFactory(role=director_general, person=person)
    english = client.get(STRUCTURE).content.decode()
    assert (
        '<span class="holder-name"><span class="word">H.E.</span> <span class="word">Khamla'
        '</span> <span class="word">&lt;b&gt;Phommavong&lt;/b&gt;</span></span>'
    ) in english
    lao = client.get("/lo/structure/").content.decode()
    # The honorific has no Lao: English, marked so, its word kept whole inside the mark.
    assert '<span lang="en"><span class="word">H.E.</span></span>' in lao
    assert '<span class="word">ຄຳຫຼ້າ</span> <span class="word">ພົມມະວົງ</span>' in lao


def test_past_and_future_holders_are_not_shown_as_current(client, director_general):
    AppointmentFactory(
        role=director_general,
        person=PersonFactory(name_en="Former Holder"),
        start_date=today() - 900 * DAY,
        end_date=today() - DAY,
    )
    AppointmentFactory(
        role=director_general, person=PersonFactory(name_en="Next Holder"), start_date=today() + DAY
    )
    html = client.get(STRUCTURE).content.decode()
    chart = html[html.index('<figure class="org-chart"') : html.index("</figure>")]
    assert "Former Holder" not in chart and "Next Holder" not in chart
    assert "Held by" not in html


def test_the_structure_page_shows_the_department_wide_posts_history(client, director_general):
    AppointmentFactory(
        role=director_general,
        person=PersonFactory(name_en="Former Holder", honorific_en=""),
        start_date=datetime.date(2010, 3, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    text = " ".join(re.sub(r"<[^>]+>", " ", client.get(STRUCTURE).content.decode()).split())
    assert "Holders of its posts Director-General Holder From To" in text
    assert "Former Holder 1 March 2010 31 December 2019" in text


@pytest.mark.parametrize("draft", ["person", "appointment"])
def test_drafts_are_hidden_from_visitors_and_shown_in_a_staff_preview(
    client, admin_client, director_general, draft
):
    person = PersonFactory(name_en="Draft Holder", draft=draft == "person")
    AppointmentFactory(role=director_general, person=person, draft=draft == "appointment")
    assert "Draft Holder" not in client.get(STRUCTURE).content.decode()
    assert "Draft Holder" in admin_client.get(STRUCTURE, {"preview": "1"}).content.decode()


def test_the_structure_pages_json_ld_lists_holders_as_people(client, director_general):
    AppointmentFactory(
        role=director_general,
        person=PersonFactory(honorific_en="H.E.", name_en="Khamla </script> Phommavong"),
    )
    html = client.get(STRUCTURE).content.decode()
    assert "</script> Phommavong" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    (employee,) = json.loads(block.group(1))["employee"]
    assert employee == {
        "@type": "Person",
        "name": "Khamla </script> Phommavong",
        "jobTitle": "Director-General",
        "honorificPrefix": "H.E.",
    }


def test_the_division_page_shows_each_posts_holders_with_dates(client, seeded):
    division = Division.objects.get(slug="general-affairs")
    role = StaffRoleFactory(department=None, division=division, title_en="Head of Division")
    AppointmentFactory(
        role=role,
        person=PersonFactory(name_en="Former Head"),
        start_date=datetime.date(2015, 1, 5),
        end_date=datetime.date(2020, 6, 30),
    )
    AppointmentFactory(
        role=role,
        person=PersonFactory(name_en="Current Head"),
        start_date=datetime.date(2020, 7, 1),
    )
    html = client.get(division.get_absolute_url()).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Holders of its posts" in text
    assert "Current Head 1 July 2020 Still in post" in text
    assert "Former Head 5 January 2015 30 June 2020" in text
    assert text.index("Current Head 1 July") < text.index("Former Head 5 January")


def test_a_holder_appointed_from_a_later_date_is_not_yet_in_post(client, seeded):
    division = Division.objects.get(slug="general-affairs")
    role = StaffRoleFactory(department=None, division=division, title_en="Deputy Head")
    starts = timezone.localdate() + datetime.timedelta(days=25)
    AppointmentFactory(role=role, person=PersonFactory(name_en="Next Deputy"), start_date=starts)
    html = client.get(division.get_absolute_url()).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Next Deputy" in text and "Not yet in post" in text
    assert "Still in post" not in text


def test_a_division_page_without_holders_has_no_holders_section(client, seeded):
    division = Division.objects.get(slug="general-affairs")
    assert "Holders of its posts" not in client.get(division.get_absolute_url()).content.decode()


def test_a_saved_appointment_shows_at_once_on_the_cached_structure_page(
    client, director_general, django_capture_on_commit_callbacks
):
    client.get(STRUCTURE)
    with django_capture_on_commit_callbacks(execute=True):
        AppointmentFactory(role=director_general, person=PersonFactory(name_en="New Holder"))
    assert "New Holder" in client.get(STRUCTURE).content.decode()


# -- Storage ---------------------------------------------------------------------------------------


def test_photos_go_to_the_local_media_folder_by_default(settings):
    from django.conf import settings as live

    assert live.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_the_s3_setting_selects_django_storages_s3_backend_from_the_environment():
    code = (
        "from django.conf import settings; from django.core.files.storage import storages;"
        "media = storages['default'];"
        "print(type(media).__module__, media.bucket_name, media.url('people/a.png'),"
        " settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        DJANGO_SECRET_KEY="test-only",
        DJANGO_MEDIA_STORAGE="s3",
        DJANGO_S3_BUCKET="asean-photos",
        DJANGO_S3_REGION="ap-southeast-1",
        DJANGO_S3_CUSTOM_DOMAIN="media.example.org",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "storages.backends.s3",
        "asean-photos",
        "https://media.example.org/people/a.png",
        "https://media.example.org",
    ]


def test_an_unknown_media_storage_is_a_clear_configuration_error():
    result = run_manage("check", DJANGO_SECRET_KEY="test-only", DJANGO_MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert 'DJANGO_MEDIA_STORAGE must be "local" or "s3"' in result.stderr


def test_a_persons_page_is_that_of_the_post_they_last_held(seeded):
    division = Division.objects.get(slug="general-affairs")
    role = StaffRoleFactory(department=None, division=division)
    appointment = AppointmentFactory(role=role)
    assert appointment.person.get_absolute_url() == division.get_absolute_url()
    assert PersonFactory.build().get_absolute_url() == STRUCTURE


@pytest.mark.parametrize("page", ["structure", "division"])
def test_pages_cost_the_same_queries_with_one_holder_or_many(client, seeded, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    division = Division.objects.get(slug="general-affairs")
    url = STRUCTURE if page == "structure" else division.get_absolute_url()

    def add_holders(count: int) -> int:
        for _ in range(count):
            role = StaffRoleFactory(department=None, division=division)
            AppointmentFactory(role=role, person=PersonFactory(photo_alt_en="Portrait"))
            AppointmentFactory(
                role=role, start_date=today() - 900 * DAY, end_date=today() - 500 * DAY
            )
        cache_clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert add_holders(1) == add_holders(15)


def cache_clear() -> None:
    from django.core.cache import cache

    cache.clear()


def test_an_editors_draft_person_and_appointment_are_on_their_back_office_front_page(
    client, director_general
):
    from publishing.roles import EDITORS
    from tests.helpers import staff_member

    editor = staff_member(EDITORS, username="editor")
    person = PersonFactory.build(name_en="Drafted Person", draft=True)
    person._history_user = editor
    person.save()
    appointment = AppointmentFactory.build(person=person, role=director_general, draft=True)
    appointment._history_user = editor
    appointment.save()
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    own = html[html.index('id="dashboard-own-work"') :]
    assert f'href="{admin_url(Person, "change", person.pk)}"' in own
    assert f'href="{admin_url(Appointment, "change", appointment.pk)}"' in own
