"""The rate limit for API clients: every client is anonymous (the API has no sign-in)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from core.middleware import client_ip


class AnonymousClientThrottle(AnonRateThrottle):
    """``API_ANON_RATE`` requests per client address, counted in the Django cache (shared by
    every worker). The address is the one the sign-in lockout believes
    (``core.middleware.client_ip``): X-Forwarded-For only from a trusted proxy, so a client
    cannot escape the limit by writing a header. Answers 429 with Retry-After."""

    def get_rate(self) -> str:
        # Read at each request rather than once at import, so that the setting can change.
        return settings.API_ANON_RATE

    def get_ident(self, request) -> str:
        return client_ip(request) or "unknown"

    def allow_request(self, request, view) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
