"""People's photos: what an upload must be, and the name it is stored under.

A photo is checked by what Pillow reads in it, never by its name or the browser's word: a JPEG,
PNG or WebP image of at most ``settings.PHOTO_MAX_BYTES`` (``DJANGO_PHOTO_MAX_BYTES``) and a
sensible number of pixels. It is stored under a random name whose extension is the format found,
so that whatever serves it (Django in development, nginx or S3 in production) sends the right
Content-Type, and an uploaded file's name tells nothing about the person.
"""

import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

# Pillow's format name -> the extension the stored file gets.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# A portrait needs far fewer; more is a decompression bomb in a small file.
MAX_PIXELS = 40_000_000


def photo_format(file) -> str | None:
    """The Pillow format of ``file`` if it is a whole image of an accepted kind, else None."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                found = image.format
                if found not in PHOTO_FORMATS or image.width * image.height > MAX_PIXELS:
                    return None
                image.verify()
        return found
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        return None
    finally:
        file.seek(position)


def validate_photo(value) -> None:
    """Refuse a new upload that is too large or not a JPEG, PNG or WebP image.

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
    if photo_format(value) is None:
        raise ValidationError(
            _("Upload a JPEG, PNG or WebP image. This file is not one, or it is damaged."),
            code="photo_type",
        )


def photo_path(instance, filename: str) -> str:
    """``people/<random>.<format>``: see the module's docstring."""
    found = photo_format(instance.photo)
    return f"people/{uuid.uuid4().hex}.{PHOTO_FORMATS.get(found, 'bin')}"
