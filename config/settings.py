"""Settings for the ASEAN Department records system and public website.

One module for every environment: deploy-time values come from the environment (``DJANGO_``
prefix, plus ``DATABASE_URL``), optionally through a ``.env`` file beside ``manage.py``.
Production is a set of environment values, not a second settings file. See ``.env.example``.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.api import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401  (read by name)
from config.logs import logging_config
from config.storage import storages

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: set it to a long random string "
            "(or set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)

# The admin's path, chosen by the operator: "segment/", no leading slash.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured(
        "DJANGO_ADMIN_URL must not be empty: set it to a path such as 'admin/'."
    )

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    "backoffice.apps.BackOfficeAdminConfig",  # django.contrib.admin, with the back office's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "backoffice.apps.LockoutConfig",  # axes
    "simple_history",
    "django_otp",
    *("backoffice.apps.AuthenticatorAppsConfig", "backoffice.apps.RecoveryCodesConfig"),  # otp
    "rest_framework",
    "drf_spectacular",
    # The project's apps, lowest layer first: each may name only those listed before it
    # (ARCHITECTURE.md). Each app's contribution (navigation, ...) is read in this order.
    *("core", "translations", "pages", "records", "publishing", "backoffice", "backups"),
    *("api", "search"),
    *("org", "programmes"),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Health checks answer before host validation (a load balancer asks by IP address), and are
    # exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT), but carry the security headers.
    "core.middleware.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    # A visitor's page already in the shared cache is answered here, before sessions and the rest.
    "pages.cache.middleware.PageCacheMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: a session from before the person's reset ends (backoffice/two_factor/);
    # is the session verified with a code, and if not, hold it there.
    "backoffice.two_factor.sessions.EndResetSessionsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "backoffice.two_factor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change kept in the records' history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it locks out repeated failed sign-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# A version's reason holds a publisher's whole review comment, not its first 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The site's home page, where the brand links and a missing page offers each language's version.
HOME_URL_NAME = "org:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.site",
            ],
        },
    },
]

# Local state of a development checkout (the SQLite file, the local admin's sign-in): git-ignored.
LOCAL_STATE_DIR = BASE_DIR / "var"

if "DATABASE_URL" not in env:
    LOCAL_STATE_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{LOCAL_STATE_DIR / 'db.sqlite3'}"),
}
# Persistent connections, checked before reuse: after a database restart, requests made while it
# is down get a 503 page (core.middleware.DatabaseUnavailableMiddleware), the next ones work.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast while the server is unreachable, rather than holding a worker for a minute.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)

# Shared by every worker and machine: Redis in production (CACHE_URL=redis://host:6379/0, through
# django-redis), by default a table in the database, which every process sees too.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://django_cache")}
# How long a rendered page is kept (any save makes pages stale at once anyway), and how long one
# request's claim to re-render a stale page may hold while others get the previous copy.
PUBLIC_PAGE_CACHE_SECONDS = env.int("DJANGO_PUBLIC_PAGE_CACHE_SECONDS", default=3600)
PAGE_RENDER_CLAIM_SECONDS = env.int("DJANGO_PAGE_RENDER_CLAIM_SECONDS", default=10)
# Each worker answers a page it has just read from the page cache from its own memory for this
# long (0: never), keeping at most this many bytes of pages: see pages/cache/local.py.
PAGE_CACHE_LOCAL_SECONDS = env.float("DJANGO_PAGE_CACHE_LOCAL_SECONDS", default=1.0)
PAGE_CACHE_LOCAL_BYTES = env.int("DJANGO_PAGE_CACHE_LOCAL_BYTES", default=32 * 1024 * 1024)
# What public pages tell browsers and proxies: a shared cache (nginx) may keep a page this long,
# and serve it this much longer while it fetches a fresh copy; browsers always revalidate (304).
HTTP_SHARED_CACHE_SECONDS = env.int("DJANGO_HTTP_SHARED_CACHE_SECONDS", default=60)
HTTP_STALE_SECONDS = env.int("DJANGO_HTTP_STALE_SECONDS", default=30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first, so that a locked-out sign-in is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a user name from one address after repeated failures. Not the address alone: a ministry's
# staff often share one public IP address, and one mistyped password must not lock them all out.
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_VERBOSE, AXES_SENSITIVE_PARAMETERS = False, ["username", "ip_address", "code"]  # masked
AXES_LOCKOUT_CALLABLE = "backoffice.two_factor.lockout.lockout_page"  # the back office's design
# Behind N reverse proxies, the client's address is the Nth from the right in X-Forwarded-For,
# believed only from the proxies listed here (core.middleware.client_ip). One by default: gunicorn
# listens on 127.0.0.1, behind a proxy on the same machine. 0 where clients reach it directly.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=1)
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
try:
    TRUSTED_PROXY_NETWORKS = [ipaddress.ip_network(p, strict=False) for p in TRUSTED_PROXIES]
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DJANGO_TRUSTED_PROXIES must list addresses or networks (10.0.0.0/8): {exc}"
    ) from None
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_ip"

# -- Two-factor sign-in for staff (backoffice/two_factor/) -----------------------------------------
# A password, then a code from an authenticator app or a recovery code: required for every staff
# account unless debug is on. Off only for development, and for tests of everything else.
TWO_FACTOR_REQUIRED = env.bool("DJANGO_TWO_FACTOR_REQUIRED", default=not DEBUG)
# With it, a right password is half a sign-in: the lockout's count (wrong passwords and wrong
# codes alike) starts again only once the code is right too (backoffice/two_factor/lockout.py).
AXES_RESET_ON_SUCCESS = not TWO_FACTOR_REQUIRED
OTP_TOTP_ISSUER = "ASEAN Department records"
# No wait after a typo (django-otp's throttle): the lockout above bounds guessing, 5 per 30 min.
OTP_TOTP_THROTTLE_FACTOR = OTP_STATIC_THROTTLE_FACTOR = 0
# Superusers see people's devices in the back office, never their secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # NIST SP 800-63B (rev. 4): length, not composition rules, and no known-common passwords.
    # With a second factor required for staff, 12 characters is the floor; no upper limit below
    # Django's own, so pass phrases and password managers work.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("DJANGO_PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is the default and the fallback for content not yet in Lao. Django has no Lao locale.
LANG_INFO["lo"] = {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"}
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("lo", _("Lao"))]
# The project's own strings (kept by `make messages`; they win), then Lao for Django's and the
# packages' strings (django.po, djangojs.po), which makemessages leaves be: no code of ours has them.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "packages"]
# Date formats for each language (Django has none for Lao): "2 March 1996", "2 ມີນາ 1996".
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Vientiane"

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# `Model(name=...)` fills the English column too, so code need not spell out `name_en`.
MODELTRANSLATION_AUTO_POPULATE = "default"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=LOCAL_STATE_DIR / "static")
# Uploaded files (people's photos): a local folder, or an S3-compatible bucket (config/storage.py).
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=LOCAL_STATE_DIR / "media")
MEDIA_URL = env.str("DJANGO_MEDIA_URL", default="/media/")
PHOTO_MAX_BYTES = env.int("DJANGO_PHOTO_MAX_BYTES", default=2 * 1024 * 1024)
STORAGES, MEDIA_ORIGINS = storages(env)  # DJANGO_MEDIA_STORAGE: local or s3

# -- Backups (manage.py backup / restore; backups/) ------------------------------------------------
# Where `backup` writes its archives, and how many of the newest it keeps there.
BACKUP_DIR = env.path("DJANGO_BACKUP_DIR", default=LOCAL_STATE_DIR / "backups")
BACKUP_KEEP = env.int("DJANGO_BACKUP_KEEP", default=14)
# The most `restore` extracts from one archive, in bytes (its files together): far above this
# site's database, far below a full temporary folder. A key (32+ random characters) makes
# `backup` sign its archives and `restore` refuse any not signed with it; empty: not signed.
BACKUP_MAX_BYTES = env.int("DJANGO_BACKUP_MAX_BYTES", default=1_000_000_000)
BACKUP_KEY = env.str("DJANGO_BACKUP_KEY", default="")

# -- HTTPS behind a reverse proxy, and security headers --------------------------------------------
# Secure unless DEBUG is on; each value can be changed from the environment.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
# The admin's language switch: kept a year on that browser (public pages: in the path; `/` reads it).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # any app server serves any session
# Staff sessions end after DJANGO_SESSION_IDLE_HOURS without a request, and when the browser closes.
SESSION_COOKIE_AGE = int(env.float("DJANGO_SESSION_IDLE_HOURS", default=8) * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "backoffice.csrf.csrf_failure"  # a refused form's page keeps what was typed

# Nothing inline and nothing from other hosts: the pages and the admin need only their own files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **{name: [SELF] for name in ("default-src", "script-src", "style-src", "font-src")},
        **{name: [SELF] for name in ("connect-src", "base-uri", "form-action")},
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        **{name: [NONE] for name in ("object-src", "frame-ancestors")},
    }
}

# -- Open data API (/api/v1/, api/) ----------------------------------------------------------------
# Read-only JSON (config/api.py). Requests per client address, counted in the cache: "120/minute".
API_ANON_RATE = env.str("DJANGO_API_ANON_RATE", default="120/minute")

LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO").upper()
LOGGING = logging_config(LOG_LEVEL)  # one line per message, to standard output (config/logs.py)

# -- Email (review notifications, publishing/notifications.py) -------------------------------------
# EMAIL_URL: smtp+tls://user:password@host:587, or consolemail:// to print messages (development).
EMAIL = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
EMAIL_BACKEND = EMAIL["EMAIL_BACKEND"]
EMAIL_HOST, EMAIL_PORT = EMAIL.get("EMAIL_HOST") or "localhost", EMAIL.get("EMAIL_PORT") or 25
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = (
    EMAIL["EMAIL_HOST_USER"] or "",
    EMAIL["EMAIL_HOST_PASSWORD"] or "",
)
EMAIL_USE_TLS, EMAIL_USE_SSL = EMAIL.get("EMAIL_USE_TLS", False), EMAIL.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="webmaster@localhost")
