"""DRF throttles that key on the real client (kyky.core.clients), not on whatever X-Forwarded-For says.

DRF's own throttles read X-Forwarded-For from anyone when NUM_PROXIES is set, and REMOTE_ADDR (the proxy)
otherwise. A throttle of the API derives from these classes.
No endpoint throttles by address alone: a school's NAT is one address for everyone (see the login limits).
"""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, SimpleRateThrottle, UserRateThrottle

from kyky.core.clients import client_ip


class ClientIdentMixin:
    """The throttle's notion of "who" for anonymous requests: the client's address as our proxies tell it."""

    def get_ident(self, request) -> str:
        return client_ip(request)


class ClientRateThrottle(ClientIdentMixin, SimpleRateThrottle):
    """Base class for KYKY's own throttles."""


class AnonThrottle(ClientIdentMixin, AnonRateThrottle):
    pass


class UserThrottle(ClientIdentMixin, UserRateThrottle):
    pass


class ScopedThrottle(ClientIdentMixin, ScopedRateThrottle):
    pass
