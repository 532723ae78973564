"""django-csp's middleware with the policy built once.

django-csp builds the ``Content-Security-Policy`` header anew for every response (deep-copying
the settings, turning a dataclass into a dict, joining the directives), twice counting the
report-only one: profiled, a sixth of the time it takes to answer a page from the page cache.
This site's policy is the same for every response (no nonces, no per-view policies), so it is
built once per setting and reused; a response or request that does carry something of its own
(a nonce was asked for, a view decorated with ``csp_update`` and the like) goes to django-csp's
own code as before.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# Attributes django-csp's decorators set on a response to change its policy.
PER_RESPONSE = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)  # fmt: skip
_built: dict[bool, str] = {}


def _policy(report_only: bool) -> str:
    if report_only not in _built:
        _built[report_only] = build_policy(report_only=report_only)
    return _built[report_only]


@receiver(setting_changed)
def _forget_policies(*, setting, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in PER_RESPONSE
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages, as django-csp leaves them
        for header, report_only, setting in (
            (HEADER, False, "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, True, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            policy = _policy(report_only)
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and not request.path_info.startswith(tuple(excluded))
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
