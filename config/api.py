"""The open data API's framework settings (Django REST framework and drf-spectacular), fixed in
the code: read-only JSON for everyone, no sign-in, no browsable HTML (its inline scripts break the
CSP). What an operator sets, the request rate per client address, is in settings
(``API_ANON_RATE``)."""

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["api.caching.CompactJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousClientThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "ASEAN Department open data API",
    "DESCRIPTION": "Published records of the ASEAN Department, Ministry of Foreign Affairs of "
    "the Lao PDR. Read-only; ?lang=lo gives reviewed Lao text, English otherwise.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
