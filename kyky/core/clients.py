"""The client's address, also behind a reverse proxy or load balancer.

`X-Forwarded-For` is read only when the request comes from a network named in KYKY_TRUSTED_PROXIES (the
``TRUSTED_PROXIES`` setting); anyone else could write anything in it. The proxies append each hop to the
right, so the first address from the right that is not one of our proxies is the client: addresses further
left were written by the client itself and are not trusted.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"KYKY_TRUSTED_PROXIES: {value!r} is not an IP address or network (CIDR such as 10.0.0.0/8)."
            ) from exc
    return tuple(networks)


@lru_cache(maxsize=8)
def _networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent the request, or "unknown"."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return "unknown"
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    client = remote
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:  # garbage in the chain: stop at the last address a proxy vouched for
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
