"""Where uploaded files (people's photos) are kept, from the environment: ``STORAGES`` for
settings, and the origins pages' images may then come from (the CSP's ``img-src``).

``DJANGO_MEDIA_STORAGE=local`` (the default): a folder, ``MEDIA_ROOT``, served by nginx at /media/
(by Django when DEBUG is on). ``s3``: an S3-compatible bucket, read by browsers from its own
address, for several app servers (docs/operators.md lists the ``DJANGO_S3_*`` values).
"""

import environ
from django.core.exceptions import ImproperlyConfigured

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Hashed names and pre-compressed copies, served by WhiteNoise with far-future cache headers.
STATIC = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


def s3_options(env: environ.Env) -> dict:
    optional = {
        "endpoint_url": "DJANGO_S3_ENDPOINT_URL",
        "region_name": "DJANGO_S3_REGION",
        "access_key": "DJANGO_S3_ACCESS_KEY_ID",
        "secret_key": "DJANGO_S3_SECRET_ACCESS_KEY",
        "custom_domain": "DJANGO_S3_CUSTOM_DOMAIN",
    }
    return {
        "bucket_name": env.str("DJANGO_S3_BUCKET"),
        **{option: env.str(name, default="") or None for option, name in optional.items()},
        # Plain addresses: a signed one would expire while a cached page still shows it. Photos
        # have random names; the bucket (or its domain) must let anyone read people/.
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=86400"},
    }


def storages(env: environ.Env) -> tuple[dict, list[str]]:
    """``STORAGES``, and where pages' images may come from besides the site."""
    kind = env.str("DJANGO_MEDIA_STORAGE", default="local")
    if kind == "local":
        return {"default": LOCAL, "staticfiles": STATIC}, []
    if kind != "s3":
        raise ImproperlyConfigured('DJANGO_MEDIA_STORAGE must be "local" or "s3".')
    s3 = s3_options(env)
    origin = (
        f"https://{s3['custom_domain']}"
        if s3["custom_domain"]
        else s3["endpoint_url"] or f"https://{s3['bucket_name']}.s3.amazonaws.com"
    )
    media = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3}
    return {"default": media, "staticfiles": STATIC}, [origin]
