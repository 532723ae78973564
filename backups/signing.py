"""Signing a backup archive, for a deployment that needs to know an archive is its own.

The checksums in an archive find damage (a bad disk, a copy cut short), but anyone who can write
an archive can write checksums that match it, and ``restore`` hands the database copy to
``pg_restore``. With ``DJANGO_BACKUP_KEY`` set, ``backup`` adds ``manifest.hmac`` to the archive:
an HMAC-SHA256, under that key, of the manifest exactly as stored, which names every file's
SHA-256; ``restore`` then refuses an archive that is unsigned or signed with another key, before
anything is extracted. The key is kept where the archives are not (the server's environment,
not the backup disk), so that whoever can write to the backup disk cannot sign.
"""

import hashlib
import hmac

from backups.engines import UNCHANGED, BackupError

SIGNATURE = "manifest.hmac"
# What a signature is of: never mistaken for an HMAC the same key made for something else.
CONTEXT = b"asean-department-backup manifest v1\n"
# A key a person could guess is no key: 32 characters of `secrets.token_urlsafe` or the like.
MIN_KEY_LENGTH = 32
SIGNATURE_LENGTH = 64  # hexadecimal SHA-256


def check_key(key: str) -> None:
    """Refuse a key too short to be secret (an empty key: archives are not signed)."""
    if key and len(key) < MIN_KEY_LENGTH:
        raise BackupError(
            f"DJANGO_BACKUP_KEY is {len(key)} characters; use at least {MIN_KEY_LENGTH} random "
            "ones (python -c 'import secrets; print(secrets.token_urlsafe(32))')."
        )


def signature(key: str, manifest: bytes) -> bytes:
    return hmac.new(key.encode("utf-8"), CONTEXT + manifest, hashlib.sha256).hexdigest().encode()


def check_signature(path, key: str, manifest: bytes, given: bytes | None) -> bool:
    """Whether the archive's signature was checked: False when no key is set; a BackupError
    when a key is set and the archive is unsigned or signed with another key."""
    if not key:
        return False
    if given is None:
        raise BackupError(
            f"{path} is not signed, and DJANGO_BACKUP_KEY is set: only archives signed with that "
            "key are restored. Restore one made with the key, or, if you know where this one "
            f"comes from, restore it with DJANGO_BACKUP_KEY unset. {UNCHANGED}"
        )
    if not hmac.compare_digest(given.strip(), signature(key, manifest)):
        raise BackupError(
            f"{path} is not signed with DJANGO_BACKUP_KEY: it was changed after the backup, or "
            f"signed with another key. Use another backup, or the key it was made with. {UNCHANGED}"
        )
    return True
