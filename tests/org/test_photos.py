"""People's photos as stored (org/photos.py): re-encoded without metadata or trailing bytes, at
a bounded size; their files deleted once a replacement, clearing or deletion is committed; and a
photo whose file is gone never breaking a page."""

import functools
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, PngImagePlugin

from org.models import Division, Person, StaffRole
from org.photos import MAX_SIDE
from tests.factories import AppointmentFactory, PersonFactory, StaffRoleFactory
from tests.helpers import (
    SRGB_PRIMARIES,
    admin_form_data,
    admin_url,
    errors_of,
    restore_url,
    rgb_colour_profile,
)

pytestmark = pytest.mark.django_db

GPS = {1: "N", 2: (17.0, 58.0, 0.0), 3: "E", 4: (102.0, 36.0, 0.0)}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def image_bytes(size=(8, 8), image_format="PNG", mode="RGB", **options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (0, 90, 160)).save(out, image_format, **options)
    return out.getvalue()


def jpeg_with_gps(orientation: int | None = None, size=(40, 20)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x8825] = GPS  # GPSInfo
    if orientation:
        exif[0x0112] = orientation
    return image_bytes(size, "JPEG", exif=exif.tobytes(), comment=b"taken at home")


def upload(content: bytes, name: str = "portrait.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 4, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def stored(person: Person, media_root) -> bytes:
    return (media_root / person.photo.name).read_bytes()


def add_through_the_admin(client, content: bytes, name: str = "portrait.png"):
    page = client.get(admin_url(Person, "add"))
    data = admin_form_data(page, name_en="Noy Sisavath", photo_alt_en="Portrait")
    data["photo"] = upload(content, name)
    return client.post(admin_url(Person, "add"), data)


def change_through_the_admin(client, person: Person, *, step: str = "_approve", **changes):
    """Change a person on their page and press ``step``: by default, "Save, approve and
    publish" (a published person's edit is a draft until approved: ``publishing/revisions.py``),
    so that the change, and its files' fate, reach the live record."""
    page = client.get(admin_url(Person, "change", person.pk))
    data = admin_form_data(page)
    data.pop("photo", None)  # no file chosen: the browser sends none
    data.update(changes)
    if step:
        data[step] = "1"
    return client.post(admin_url(Person, "change", person.pk), data)


def with_photo(content: bytes | None = None, name: str = "portrait.png", **fields) -> Person:
    photo = upload(content or image_bytes(), name)
    return PersonFactory(photo=photo, photo_alt_en="Portrait", **fields)


# -- Re-encoding -----------------------------------------------------------------------------------


def test_a_jpegs_camera_gps_position_and_comment_are_not_stored(admin_client, media_root):
    response = add_through_the_admin(admin_client, jpeg_with_gps(), "me.jpg")
    assert response.status_code == 302
    person = Person.objects.get(name_en="Noy Sisavath")
    content = stored(person, media_root)
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "comment" not in image.info
    assert b"SecretCameraMaker" not in content
    assert b"taken at home" not in content


def test_a_pngs_text_chunks_and_the_bytes_after_its_end_are_not_stored(media_root):
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Someone's home address")
    polyglot = image_bytes(pnginfo=text) + b"<html><script>alert(1)</script></html>"
    person = PersonFactory(photo=upload(polyglot), photo_alt_en="Portrait")  # no full_clean
    content = stored(person, media_root)
    assert content.endswith(b"IEND\xaeB`\x82")
    assert b"<script>" not in content
    assert b"home address" not in content


def test_a_photo_is_scaled_down_to_its_longest_side_limit(media_root):
    person = with_photo(image_bytes((3000, 1500)))
    with Image.open(io.BytesIO(stored(person, media_root))) as image:
        assert image.size == (MAX_SIDE, MAX_SIDE // 2)


def test_a_photo_is_turned_upright_by_its_exif_orientation(media_root):
    # 6: the camera was turned a quarter clockwise; the picture shows 40 x 20 as 20 x 40.
    person = with_photo(jpeg_with_gps(orientation=6), "me.jpg")
    with Image.open(io.BytesIO(stored(person, media_root))) as image:
        assert image.size == (20, 40)
        assert 0x0112 not in image.getexif()


def test_a_photos_colours_are_converted_to_srgb_by_its_profile_which_is_not_kept(media_root):
    red, green, blue = SRGB_PRIMARIES
    swapped = rgb_colour_profile((blue, green, red))  # its "red" is sRGB's blue
    content = io.BytesIO()
    Image.new("RGBA", (8, 8), (255, 0, 0, 128)).save(content, "PNG", icc_profile=swapped)
    person = with_photo(content.getvalue())
    with Image.open(io.BytesIO(stored(person, media_root))) as image:
        assert "icc_profile" not in image.info
        assert image.mode == "RGBA"
        assert image.getpixel((4, 4)) == (0, 0, 255, 128)


def test_a_photo_with_a_colour_profile_is_turned_upright_too(media_root):
    exif = Image.Exif()
    exif[0x0112] = 6  # a quarter clockwise
    content = image_bytes((40, 20), "JPEG", exif=exif.tobytes(), icc_profile=rgb_colour_profile())
    with Image.open(io.BytesIO(stored(with_photo(content, "me.jpg"), media_root))) as image:
        assert image.size == (20, 40)


@pytest.mark.parametrize("mode", ["RGB", "P", "L"])
def test_a_photo_whose_profile_is_not_one_keeps_its_pixels_as_they_are(media_root, mode):
    content = io.BytesIO()
    picture = Image.new("RGB", (8, 8), (0, 90, 160)).convert(mode)
    picture.save(content, "PNG", icc_profile=b"not a colour profile" * 10)
    person = with_photo(content.getvalue())
    with Image.open(io.BytesIO(stored(person, media_root))) as image:
        assert "icc_profile" not in image.info
        assert image.convert("RGB").getpixel((4, 4)) == picture.convert("RGB").getpixel((4, 4))


def test_a_truncated_jpeg_is_a_photo_field_error_not_a_server_error(admin_client):
    whole = jpeg_with_gps(size=(400, 300))
    response = add_through_the_admin(admin_client, whole[: len(whole) // 2], "cut.jpg")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"]
    assert not Person.objects.filter(name_en="Noy Sisavath").exists()


@functools.cache
def png_of_11000_by_11000() -> bytes:
    """A real PNG of 11000 × 11000 pixels, one colour: about 36 KB (1 bit a pixel while made)."""
    out = io.BytesIO()
    Image.new("1", (11000, 11000), 1).save(out, "PNG")
    return out.getvalue()


TOO_MANY_PIXELS = {
    "en": "The photo is {0} × {0} pixels; it may have at most 40 million.",
    "lo": "ຮູບຖ່າຍມີ {0} × {0} ພິກເຊວ; ສູງສຸດແມ່ນ 40 ລ້ານພິກເຊວ.",
}
# Past twice Pillow's limit (Image.MAX_IMAGE_PIXELS), Pillow will not open it to count them.
FAR_TOO_MANY_PIXELS = {
    "en": "The photo has more than 178 million pixels; it may have at most 40 million.",
    "lo": "ຮູບຖ່າຍມີຫຼາຍກວ່າ 178 ລ້ານພິກເຊວ; ສູງສຸດແມ່ນ 40 ລ້ານພິກເຊວ.",
}


@pytest.mark.parametrize("language", ["lo", "en"])
@pytest.mark.parametrize(
    ("picture", "messages"),
    [
        (lambda: png_claiming(7000, 7000), {k: m.format(7000) for k, m in TOO_MANY_PIXELS.items()}),
        # Past Pillow's warning (89 million pixels), which once hid the size: "not an image".
        (png_of_11000_by_11000, {k: m.format(11000) for k, m in TOO_MANY_PIXELS.items()}),
        (lambda: png_claiming(30000, 30000), FAR_TOO_MANY_PIXELS),
    ],
    ids=["7000", "11000", "30000"],
)
def test_a_picture_with_too_many_pixels_says_so(
    admin_client, settings, language, picture, messages
):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = add_through_the_admin(admin_client, picture(), "big.png")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"] == [messages[language]]
    assert not Person.objects.filter(name_en="Noy Sisavath").exists()


def test_a_picture_with_too_many_pixels_says_so_on_import_too():
    """The model's own check (an import, a script), without the form's."""
    person = PersonFactory.build(photo=upload(png_of_11000_by_11000()), photo_alt_en="Portrait")
    assert errors_of(person)["photo"] == [TOO_MANY_PIXELS["en"].format(11000)]


def test_a_photo_chosen_on_a_form_refused_for_another_reason_asks_to_be_chosen_again(admin_client):
    page = admin_client.get(admin_url(Person, "add"))
    data = admin_form_data(page, name_en="", photo_alt_en="Portrait")  # the name is missing
    data["photo"] = upload(image_bytes())
    response = admin_client.post(admin_url(Person, "add"), data)
    errors = response.context["adminform"].form.errors
    assert "name_en" in errors
    assert errors["photo"] == [
        "The file you chose was not kept, because of the errors on this page: choose it again "
        "before saving."
    ]
    assert not Person.objects.exists()


def test_a_photo_refused_itself_says_why_not_choose_again(admin_client):
    response = add_through_the_admin(admin_client, b"not an image", "portrait.png")
    assert "choose it again" not in " ".join(response.context["adminform"].form.errors["photo"])


# -- Deleting the files ----------------------------------------------------------------------------


def test_a_replaced_photos_file_is_deleted_once_the_change_is_committed(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    person = with_photo()
    old = media_root / person.photo.name
    with django_capture_on_commit_callbacks() as callbacks:
        response = change_through_the_admin(
            admin_client, person, photo=upload(image_bytes(image_format="WEBP"), "new.webp")
        )
    assert response.status_code == 302
    assert old.exists()  # not before the commit
    for callback in callbacks:
        callback()
    person.refresh_from_db()
    assert not old.exists()
    assert person.photo.name.endswith(".webp")
    assert (media_root / person.photo.name).exists()


def test_a_cleared_photos_file_is_deleted(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    person = with_photo()
    old = media_root / person.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = change_through_the_admin(
            admin_client, person, **{"photo-clear": "on", "photo_alt_en": ""}
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.photo
    assert not old.exists()


def test_a_deleted_persons_photo_file_is_deleted(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    person = with_photo()
    old = media_root / person.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url(Person, "delete", person.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not old.exists()


def test_people_deleted_from_the_list_lose_their_photo_files(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    people = [with_photo(), with_photo()]
    files = [media_root / person.photo.name for person in people]
    data = {
        "action": "delete_selected",
        "_selected_action": [person.pk for person in people],
        "post": "yes",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url(Person, "changelist"), data)
    assert response.status_code == 302
    assert not any(path.exists() for path in files)


def test_a_change_rolled_back_keeps_the_old_file(media_root, django_capture_on_commit_callbacks):
    person = with_photo()
    old = media_root / person.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            person.photo = upload(image_bytes())
            person.save()
            raise RuntimeError("the rest of the change failed")
        with pytest.raises(RuntimeError), transaction.atomic():
            Person.objects.get(pk=person.pk).delete()
            raise RuntimeError("the rest of the change failed")
    assert old.exists()


def test_a_file_another_person_still_shows_is_kept(media_root, django_capture_on_commit_callbacks):
    person, copy = with_photo(), PersonFactory()
    name = person.photo.name
    Person.objects.filter(pk=copy.pk).update(photo=name, photo_alt_en="Portrait")
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    assert (media_root / name).exists()


@pytest.mark.django_db(transaction=True)
def test_a_replaced_photos_file_is_gone_after_a_real_commit(admin_client, media_root):
    person = with_photo()
    old = media_root / person.photo.name
    response = change_through_the_admin(admin_client, person, photo=upload(image_bytes()))
    assert response.status_code == 302
    assert not old.exists()


# -- History and missing files ---------------------------------------------------------------------


def restore(client, person: Person, version) -> None:
    """Restore ``version`` (into the published person's draft), then approve the draft."""
    url = restore_url(Person, person.pk, version.history_id)
    data = admin_form_data(client.get(url))
    data.pop("photo", None)
    assert client.post(url, data).status_code == 302
    assert change_through_the_admin(client, person).status_code == 302


def test_restoring_a_version_whose_photo_file_was_deleted_gives_no_photo(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    person = with_photo()
    first = person.history.earliest("history_date")
    with django_capture_on_commit_callbacks(execute=True):
        change_through_the_admin(admin_client, person, photo=upload(image_bytes()))
    person.refresh_from_db()
    current = media_root / person.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        restore(admin_client, person, first)
    person.refresh_from_db()
    assert not person.photo
    assert not current.exists()  # the current photo does not stay beside the old description
    for address in [
        admin_url(Person, "change", person.pk),
        admin_url(Person, "history", person.pk),  # each version names a file now gone
        restore_url(Person, person.pk, first.history_id),
    ]:
        assert admin_client.get(address).status_code == 200, address


def test_restoring_a_version_with_the_same_photo_keeps_it(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    person = with_photo(name_en="First name")
    first = person.history.earliest("history_date")
    with django_capture_on_commit_callbacks(execute=True):
        change_through_the_admin(admin_client, person, name_en="Second name")
        restore(admin_client, person, first)
    person.refresh_from_db()
    assert person.name_en == "First name"
    assert (media_root / person.photo.name).exists()


def test_a_photo_whose_file_is_missing_breaks_no_page(admin_client, client, seeded):
    division = Division.objects.get(slug="general-affairs")
    role = StaffRoleFactory(department=None, division=division, title_en="Head of Division")
    person = with_photo()
    AppointmentFactory(role=role, person=person)
    AppointmentFactory(role=StaffRole.objects.get(title_en="Director-General"), person=person)
    person.photo.storage.delete(person.photo.name)
    version = person.history.earliest("history_date")
    for address in [
        "/en/structure/",
        "/lo/structure/",
        division.get_absolute_url(),
        f"/api/v1/persons/{person.slug}/",
    ]:
        assert client.get(address).status_code == 200, address
    for address in [
        admin_url(Person, "changelist"),
        admin_url(Person, "change", person.pk),
        admin_url(Person, "history", person.pk),
        restore_url(Person, person.pk, version.history_id),
    ]:
        assert admin_client.get(address).status_code == 200, address
    response = change_through_the_admin(admin_client, person, name_en="Renamed")
    assert response.status_code == 302


def test_a_photo_replaced_in_a_draft_leaves_the_published_one_until_approved(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    person = with_photo()
    old = media_root / person.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        saved = change_through_the_admin(
            admin_client, person, step="", photo=upload(image_bytes(image_format="WEBP"), "n.webp")
        )
    assert saved.status_code == 302
    person.refresh_from_db()
    assert old.exists() and media_root / person.photo.name == old  # visitors still see it
    with django_capture_on_commit_callbacks(execute=True):
        change_through_the_admin(admin_client, person)  # approved
    person.refresh_from_db()
    assert person.photo.name.endswith(".webp") and not old.exists()
