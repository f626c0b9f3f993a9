"""Throttling of anonymous API clients."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from apps.core.middleware import client_ip


class AnonThrottle(AnonRateThrottle):
    """DRF's AnonRateThrottle, with two changes.

    - The rate is read when a request comes, not when the class is imported, so that a changed setting
      (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"], as the tests do) takes effect.
    - The client is told apart by the same address as the sign-in limits (apps.core.middleware.client_ip):
      DRF's own choice trusts any X-Forwarded-For header unless NUM_PROXIES is set, so a client could
      escape the limit by inventing one.
    """

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_ident(self, request) -> str:
        return client_ip(request)
