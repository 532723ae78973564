"""Hostile files and hostile text through the commands that write and read files: record sets
and PO files keyed by text a form accepts, backup archives that lie about their size, photos
carrying more than pixels, PO files with malformed lines. Each attack once, cheaply: the
features' own tests say how each part behaves."""

import hashlib
import io
import json
import tarfile
import zipfile

import polib
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.db import connection
from django.utils import timezone
from PIL import Image

from backups.archive import write_archive
from backups.engines import BackupError
from backups.reading import read_archive
from org.models import (
    Appointment,
    ContactPoint,
    Department,
    Division,
    Person,
    RelatedBody,
    StaffRole,
)
from tests import factories
from tests.helpers import command_output, rgb_colour_profile
from tests.hostile.values import VALUES

pytestmark = pytest.mark.django_db

# -- Natural keys ---------------------------------------------------------------------------------

# Titles a form accepts, each case's given to Department-wide roles and contact points beside a
# Division "political-security-community" whose own role and contact point are "Director".
KEYED_TITLES = {
    "a division's role's path": "political-security-community/Director",
    "a path and its escaped spelling": (
        "political-security-community/Director",
        "political-security-community%2FDirector",
    ),
    "slashes": "/a//b/",
    "backslashes": "a\\b\\",
    "an escaped slash": "%2F and %2f",
    "the escape character": "100 % sure %",
    "an escaped escape": "%25",
    "a msgctxt's separator": "org.division:x:name",
    "lao": "ຜູ້ອຳນວຍການ/ຮອງຜູ້ອຳນວຍການ",
    "long": ("ຮອງ/%" * 30)[:120],
    **{name: VALUES[name] for name in ("html", "printf", "ical", "template", "rtl-override")},
}
KEYED_TITLES = {name: (t,) if isinstance(t, str) else t for name, t in KEYED_TITLES.items()}
# Text a form refuses in a title: it never reaches a key.
REFUSED_TITLES = ["a\x01b", "a\tb", "a\nb", "a\u2028b", "a\x85b"]


@pytest.fixture
def keyed_records(db):
    department = factories.DepartmentFactory(slug="asean-department")
    division = factories.DivisionFactory(department=department, slug="political-security-community")
    factories.StaffRoleFactory(department=None, division=division, title_en="Director")
    factories.ContactPointFactory(department=None, division=division, contact_type_en="Director")
    return department


def empty_the_records() -> None:
    for model in (Appointment, Person, ContactPoint, StaffRole, Division, Department):
        model.objects.all().delete()
    RelatedBody.objects.filter(part_of__isnull=False).delete()
    RelatedBody.objects.all().delete()


def keyed_by(department, titles) -> None:
    """Each title stored as a form stores it (checked, and normalised: core/plaintext.py)."""
    for title in titles:
        role = factories.StaffRoleFactory(department=department, title_en=title)
        role.full_clean()
        role.save()
        factories.AppointmentFactory(role=role)
        contact = factories.ContactPointFactory(department=department, contact_type_en=title)
        contact.full_clean()
        contact.save()


@pytest.mark.parametrize("titles", KEYED_TITLES.values(), ids=KEYED_TITLES.keys())
def test_records_keyed_by_any_title_a_form_accepts_survive_export_and_import(
    keyed_records, tmp_path, titles
):
    keyed_by(keyed_records, titles)
    path = tmp_path / "records.json"
    command_output("export_records", str(path))
    before = path.read_text(encoding="utf-8")
    empty_the_records()
    command_output("import_records", str(path))
    assert command_output("export_records") == before


def in_lao(english: str) -> str:
    """A stand-in translation as long as the English, keeping its placeholders."""
    return f"{english[:-1]}ລ"


@pytest.mark.parametrize("titles", KEYED_TITLES.values(), ids=KEYED_TITLES.keys())
def test_lao_for_records_keyed_by_any_title_reaches_each_record_through_a_po_file(
    keyed_records, tmp_path, titles
):
    keyed_by(keyed_records, titles)
    path = tmp_path / "lao.po"
    command_output("export_translations", str(path))
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = in_lao(entry.msgid)
    path.write_text(str(po) + "\n", encoding="utf-8")
    command_output("import_translations", str(path))
    for role in StaffRole.objects.all():
        assert role.title_lo == in_lao(role.title_en)
    for point in ContactPoint.objects.all():
        assert point.contact_type_lo == in_lao(point.contact_type_en)


@pytest.mark.parametrize("title", REFUSED_TITLES)
def test_a_title_with_a_control_character_never_reaches_a_key(keyed_records, title):
    with pytest.raises(ValidationError):
        StaffRole(department=keyed_records, title_en=title).full_clean()


# -- PO files -------------------------------------------------------------------------------------

# A division's msgstr line as a translator's tool or a hand edit may leave it: (lines, which of
# them is at fault, why).
MALFORMED_MSGSTR = {
    "unterminated": ('msgstr "ພະແນກ', 0, "not closed"),
    "an escaped final quote": ('msgstr "ພະແນກ\\"', 0, "not closed"),
    "text after the string": ('msgstr "ພະແນກ" x', 0, "text follows the closing quote"),
    "a quote inside": ('msgstr "ພະ"ແນກ"', 0, "text follows the closing quote"),
    "no quotes": ("msgstr ພະແນກ", 0, "a quoted string"),
    "an unknown escape": ('msgstr "ພະ\\qແນກ"', 0, "not an escape"),
    "an octal escape": ('msgstr "ພະ\\101"', 0, "not an escape"),
    "a line separator": ('msgstr "ພະ\u2028ແນກ"', 0, "not closed"),
    "an unknown keyword": ('msgstrx "ພະແນກ"', 0, "not PO syntax"),
    "a plural msgstr": ('msgstr[0] "ພະແນກ"', 0, "msgstr[0] must follow msgid_plural"),
    "no msgstr": ("", 0, "without its msgstr"),
    "a string after a gap": ('msgstr ""\n\n"ພະແນກ"', 2, "must directly follow"),
    "two msgstr": ('msgstr "ພະແນກ"\nmsgstr "ກົມ"', 1, "msgstr must follow msgid"),
    "stray text": ('msgstr "ພະແນກ"\nພະແນກ', 1, "not PO syntax"),
}


@pytest.mark.parametrize(
    ("line", "at_fault", "why"), MALFORMED_MSGSTR.values(), ids=MALFORMED_MSGSTR.keys()
)
def test_a_malformed_po_line_is_refused_with_its_number_and_changes_nothing(
    keyed_records, tmp_path, line, at_fault, why
):
    division = Division.objects.get()
    path = tmp_path / "lao.po"
    command_output("export_translations", str(path))
    lines = path.read_text(encoding="utf-8").split("\n")
    context = f'msgctxt "org.division:{division.natural_key_text()}:name"'
    number = lines.index(context) + 3  # msgctxt, msgid, msgstr
    assert lines[number - 1] == 'msgstr ""'
    lines[number - 1] = line
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was changed") as refused:
        command_output("import_translations", str(path))
    assert f"problem(s):\n  line {number + at_fault}: " in str(refused.value)
    assert why in str(refused.value)
    assert not Division.objects.get().name_lo


# -- Photos ---------------------------------------------------------------------------------------


def zip_file() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("x.js", "alert(1)")
    return out.getvalue()


# What a photo's colour profile may carry instead of colours, and bytes that show it stayed.
PAYLOAD = b"<script>alert(1)</script>GPSLatitude=17.9757N " + zip_file()
JUNK = bytes(range(256)) * 6000  # 1.5 MB
PROFILES = {
    "a 240-byte payload": PAYLOAD.ljust(240, b"\0"),
    "1.5 MB of junk": JUNK,
    "a valid profile with payload tags": rgb_colour_profile(
        extra={b"cprt": b"text\0\0\0\0<script>alert(1)</script>\0", b"zzzz": PAYLOAD}
    ),
}
LEFTOVERS = [b"<script>", b"GPSLatitude", b"PK\x03\x04", b"PK\x05\x06", JUNK[1000:1064]]


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("profile", PROFILES.values(), ids=PROFILES.keys())
def test_a_photo_is_stored_with_nothing_of_its_colour_profile_or_refused(
    settings, tmp_path, image_format, profile
):
    settings.MEDIA_ROOT = tmp_path
    upload = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 90, 160)).save(upload, image_format, icc_profile=profile)
    photo = SimpleUploadedFile(f"me.{image_format.lower()}", upload.getvalue())
    try:
        person = factories.PersonFactory(photo=photo, photo_alt_en="Portrait")
    except ValidationError:  # Pillow refuses a PNG whose profile inflates past 1 MB
        assert list(tmp_path.rglob("*.*")) == []
        return
    content = (tmp_path / person.photo.name).read_bytes()
    assert [leftover for leftover in LEFTOVERS if leftover in content] == []
    with Image.open(io.BytesIO(content)) as stored:
        assert (stored.format, stored.info.get("icc_profile")) == (image_format, None)


# -- Backup archives ------------------------------------------------------------------------------


def archive_of(folder, files: dict[str, bytes], *, claimed: dict[str, int] | None = None):
    """A backup archive of ``files`` whose manifest gives each file's checksum and the size
    ``claimed`` for it (its real size otherwise): checksums prove nothing about who made it."""
    dump = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    files = {dump if name == "database" else name: content for name, content in files.items()}
    entries = {
        name: {
            "sha256": hashlib.sha256(content).hexdigest(),
            "bytes": (claimed or {}).get(name, len(content)),
        }
        for name, content in files.items()
    }
    manifest = {"format": "asean-department-backup", "version": 1, "engine": connection.vendor}
    manifest |= {"created": "2025-01-01T02:00:00+00:00", "database": dump, "files": entries}
    path = folder / "asean-backup-20250101T020000Z.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, content in {"manifest.json": json.dumps(manifest).encode(), **files}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


def bytes_in(folder) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def test_a_file_larger_than_its_manifest_says_is_refused_before_a_byte_past_it_is_written(
    tmp_path,
):
    out = tmp_path / "out"
    out.mkdir()
    archive = archive_of(
        tmp_path,
        {"database": bytes(20_000_000), "records.json": b"{}"},
        claimed={"database.sqlite3": 10, "database.pgdump": 10},
    )
    with pytest.raises(BackupError, match=r"is 20000000 bytes, .* says 10"):
        read_archive(archive, out)
    assert bytes_in(out) <= 10


def test_an_archive_larger_than_the_limit_is_refused_before_anything_is_written(settings, tmp_path):
    settings.BACKUP_MAX_BYTES = 1_000_000
    out = tmp_path / "out"
    out.mkdir()
    archive = archive_of(tmp_path, {"database": bytes(2_000_000), "records.json": b"{}"})
    with pytest.raises(BackupError, match="DJANGO_BACKUP_MAX_BYTES"):
        read_archive(archive, out)
    assert bytes_in(out) == 0


@pytest.mark.parametrize("signed_with", ["", "another key, as long as the deployment's is"])
def test_a_self_consistent_archive_not_signed_with_the_key_is_refused(
    keyed_records, settings, tmp_path, signed_with
):
    settings.BACKUP_KEY = "the deployment's own backup key, 32 characters or more"
    (tmp_path / "database").write_bytes(b"DROP TABLE org_division;")
    (tmp_path / "records.json").write_text("{}")
    dump = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    archive = tmp_path / "asean-backup-20250101T020000Z.tar.gz"
    files = {dump: tmp_path / "database", "records.json": tmp_path / "records.json"}
    write_archive(
        archive, engine=connection.vendor, created=timezone.now(), files=files, key=signed_with
    )
    with pytest.raises(CommandError, match=r"DJANGO_BACKUP_KEY.*Nothing was changed"):
        command_output("restore", str(archive), "--force")
    assert Division.objects.exists()
