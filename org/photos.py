"""People's photos: what an upload must be, how it is stored, and when its file goes.

A photo is checked by what Pillow reads in it, never by its name or the browser's word: a JPEG,
PNG or WebP image of at most ``settings.PHOTO_MAX_BYTES`` (``DJANGO_PHOTO_MAX_BYTES``) and
``MAX_PIXELS`` pixels, counted from its header before anything is decoded (a small file can
claim an enormous picture). It is then stored re-encoded, never as uploaded (``reencoded``): turned
upright by its EXIF orientation, at most ``MAX_SIDE`` pixels on its longer side, in the format it
came in, with none of its metadata (camera, GPS position, comments, text chunks) and nothing
after the picture's end. Its colours are converted to sRGB by its colour profile, when that is
one LittleCMS reads and describes these pixels (a phone's Display P3, a scan's CMYK), and the
profile is then dropped with the rest: a stored photo carries pixels only, and a page shows them
as sRGB, as browsers show a picture without a profile. A profile is a file format of its own,
with free-text and private tags that may carry anything (a script, a position, a ZIP, megabytes
of junk); keeping only "small, valid" ones would still keep those tags.

It is stored under a random name whose extension is the format found, so that whatever serves it
(Django in development, nginx or S3 in production) sends the right Content-Type, and an uploaded
file's name tells nothing about the person.

A photo that is replaced or cleared, or whose person is deleted, has its file deleted once the
change is committed (``forget_on_commit``): a person who asks for their photo to be taken down is
no longer published at its old address. A rolled-back change deletes nothing.

Earlier versions in the history (django-simple-history) keep the old file's name, not the file.
Restoring a version whose file is gone gives the person no photo (``restored_photo``), rather than
a name with nothing behind it, or the current photo beside the old version's description of
another one; a publisher uploads it again. A name whose file went missing some other way (media
lost, or a database restored without them) shows as a broken image, never as an error: pages
only ever ask the storage for the file's address.
"""

import io
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

# Pillow's format name -> the extension the stored file gets.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# A portrait needs far fewer; more is a decompression bomb in a small file (and decoding even
# this many takes a worker ~160 MB for a moment, once, at upload).
MAX_PIXELS = 40_000_000
# The longer side of a stored photo: sharp on any page (it is shown at 48 px), light to load.
MAX_SIDE = 1200
# Each format's encoder settings: a good photo in few bytes.
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85},
}
# Colour models every format above can store as they are; others are converted first.
KEPT_MODES = {"JPEG": ("L", "RGB"), "PNG": ("L", "LA", "RGB", "RGBA"), "WEBP": ("RGB", "RGBA")}
# Colour models Pillow scales as they are (a palette is expanded first).
SCALED_MODES = ("L", "LA", "RGB", "RGBA", "CMYK")
# A profile's colour space -> the colour model of the pixels it describes (an alpha band aside).
PROFILE_MODES = {"RGB": "RGB", "GRAY": "L", "CMYK": "CMYK"}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
NOT_AN_IMAGE = _("Upload a JPEG, PNG or WebP image. This file is not one, or it is damaged.")
# What Pillow raises on a file it cannot read through.
UNREADABLE = (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning)


def _opened(file) -> Image.Image:
    """``file`` opened by Pillow (nothing decoded yet). Pillow's warning of a picture past its
    limit (``Image.MAX_IMAGE_PIXELS``) is not needed: ``MAX_PIXELS`` is lower, and is checked
    before anything is decoded, with the picture's size to say. Made an error, the warning once
    hid that size, and an 11000 × 11000 picture was called "not an image, or damaged". Past
    twice Pillow's limit, Pillow refuses to open it at all (``too_many_pixels_uncounted``)."""
    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(file)


def _too_many_pixels(image: Image.Image) -> ValidationError | None:
    if image.width * image.height <= MAX_PIXELS:
        return None
    return ValidationError(
        _("The photo is %(width)s × %(height)s pixels; it may have at most %(limit)s million."),
        code="photo_too_many_pixels",
        params={"width": image.width, "height": image.height, "limit": MAX_PIXELS // 1_000_000},
    )


def too_many_pixels_uncounted() -> ValidationError:
    """The error for a picture Pillow will not open for its size: more than twice
    ``Image.MAX_IMAGE_PIXELS``, far past ``MAX_PIXELS``."""
    return ValidationError(
        _(
            "The photo has more than %(pixels)s million pixels; it may have at most %(limit)s million."
        ),
        code="photo_too_many_pixels",
        params={
            "pixels": 2 * Image.MAX_IMAGE_PIXELS // 1_000_000,
            "limit": MAX_PIXELS // 1_000_000,
        },
    )


def photo_format(file) -> str | None:
    """The Pillow format of ``file`` if it is a whole image of an accepted kind, else None."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with _opened(file) as image:
            found = image.format
            if found not in PHOTO_FORMATS or _too_many_pixels(image):
                return None
            image.verify()
        return found
    except UNREADABLE:
        return None
    finally:
        file.seek(position)


def validate_photo(value) -> None:
    """Refuse a new upload that is too large, has too many pixels or is not a JPEG, PNG or WebP
    image (its pixels are decoded by ``reencoded``, from ``Person.clean_fields``).

    A photo already stored was checked when it came; it is not read again from the storage
    (S3 perhaps) each time its person is saved."""
    if not value or getattr(value, "_committed", True):
        return
    limit = settings.PHOTO_MAX_BYTES
    if value.size > limit:
        raise ValidationError(
            _("The photo is %(size)s; it may be at most %(limit)s."),
            code="photo_too_large",
            params={"size": filesizeformat(value.size), "limit": filesizeformat(limit)},
        )
    try:
        with _opened(value) as image:
            too_many = _too_many_pixels(image)
    except Image.DecompressionBombError:
        too_many = too_many_pixels_uncounted()
    except UNREADABLE:
        too_many = None
    if too_many:
        raise too_many
    if photo_format(value) is None:
        raise ValidationError(NOT_AN_IMAGE, code="photo_type")


class PhotoFormField(forms.ImageField):
    """Django's image field, first refusing a picture with too many pixels (``MAX_PIXELS``) for
    that: Django's own check opens it with Pillow, whose limit calls it "not an image or a
    corrupted image" (or warns, past 89 million pixels, on a machine where warnings are errors)."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "seek"):
            try:
                with _opened(data) as image:  # leaving it closes the picture, not the upload
                    too_many = _too_many_pixels(image)
            except Image.DecompressionBombError:
                too_many = too_many_pixels_uncounted()
            except UNREADABLE:
                too_many = None  # Django's check, then validate_photo, say what it is
            finally:
                data.seek(0)
            if too_many:
                raise too_many
        return super().to_python(data)


class Reencoded(ContentFile):
    """A photo as the site stores it (``reencoded``'s answer): not to be re-encoded again."""


def _in_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """``image`` with its colours converted to sRGB by ``profile``; as it is when there is no
    profile, or one that is not a profile or describes other pixels (sRGB is then the best
    reading, as a browser's)."""
    if not profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    except (OSError, ImageCms.PyCMSError):
        return image
    model = PROFILE_MODES.get(source.profile.xcolor_space.strip())
    if model is None or image.mode.removesuffix("A") != model:
        return image
    alpha = image.getchannel("A") if image.mode.endswith("A") else None
    try:
        converted = ImageCms.profileToProfile(
            image.convert(model) if alpha else image, source, SRGB, outputMode="RGB"
        )
    except ImageCms.PyCMSError:
        return image
    if model == "L":
        converted = converted.convert("L")  # grey stays grey: one band, not three equal ones
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _pixels(image: Image.Image, found: str) -> Image.Image:
    """The picture upright, at most ``MAX_SIDE`` on its longer side, in sRGB, in a colour model
    ``found`` stores, with no metadata and no colour profile."""
    profile = image.info.get("icc_profile")
    if found == "JPEG":
        # Decode at a fraction of the size where the JPEG allows it: less memory and time.
        image.draft(None, (MAX_SIDE, MAX_SIDE))
    image.load()
    if image.mode not in SCALED_MODES:
        # A palette's (or an unusual depth's) colours, which its profile describes as RGB.
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    # Scaled first: fewer pixels to convert. Turned upright before the colours: the converted
    # picture is a new image, without the EXIF that says which way is up.
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    ImageOps.exif_transpose(image, in_place=True)
    image = _in_srgb(image, profile)
    if image.mode not in KEPT_MODES[found]:
        alpha = image.mode.endswith("A") and "RGBA" in KEPT_MODES[found]
        image = image.convert("RGBA" if alpha else "RGB")
    image.info = {}  # encoders fall back on it for comments and profiles
    return image


def reencoded(file) -> Reencoded:
    """``file`` (an upload ``validate_photo`` accepted) re-encoded as the module's docstring
    says; a ValidationError if Pillow cannot decode it (a truncated or damaged file)."""
    try:
        with _opened(file) as opened:
            found = opened.format
            refused = _too_many_pixels(opened)
            if found not in PHOTO_FORMATS or refused:
                raise refused or ValidationError(NOT_AN_IMAGE, code="photo_type")
            image = _pixels(opened, found)
            out = io.BytesIO()
            image.save(out, found, **SAVE_OPTIONS[found])
    except Image.DecompressionBombError as error:
        raise too_many_pixels_uncounted() from error
    except UNREADABLE as error:
        raise ValidationError(NOT_AN_IMAGE, code="photo_type") from error
    finally:
        file.seek(0)
    return Reencoded(out.getvalue(), name=f"photo.{PHOTO_FORMATS[found]}")


def reencode_new_photo(person) -> None:
    """Replace a newly uploaded ``person.photo`` by its re-encoding, once (errors raised as
    the photo field's)."""
    photo = person.photo
    if not photo or photo._committed or isinstance(photo.file, Reencoded):
        return
    try:
        person.photo = reencoded(photo)
    except ValidationError as error:
        raise ValidationError({"photo": error.error_list}) from error


def stored_photo(person) -> str:
    """The name of the photo file ``person``'s row holds now ("" if none, or no row yet)."""
    if person.pk is None:
        return ""
    rows = type(person)._base_manager.filter(pk=person.pk).values_list("photo", flat=True)
    return rows.first() or ""


def restored_photo(person, stored: str) -> None:
    """A photo name coming back from an earlier version (not an upload, not the stored one)
    whose file is gone becomes no photo: see the module's docstring."""
    photo = person.photo
    if photo and photo._committed and photo.name != stored and not photo.storage.exists(photo.name):
        person.photo = ""


def forget_on_commit(model, storage, name: str) -> None:
    """Delete the photo file ``name`` once the transaction commits, unless a record of
    ``model`` refers to it still (a file shared by a copy, or a save undone meanwhile)."""
    if not name:
        return

    def forget():
        if not model._base_manager.filter(photo=name).exists():
            storage.delete(name)

    # robust: a storage that fails (S3 out of reach) is logged; the change stays saved.
    transaction.on_commit(forget, robust=True)


def forget_deleted_persons_photo(sender, instance, **kwargs) -> None:
    """post_delete receiver: a deleted person's photo goes with them (after the commit)."""
    forget_on_commit(sender, instance.photo.storage, instance.photo.name)


def photo_path(instance, filename: str) -> str:
    """``people/<random>.<format>``: see the module's docstring."""
    found = photo_format(instance.photo)
    return f"people/{uuid.uuid4().hex}.{PHOTO_FORMATS.get(found, 'bin')}"
