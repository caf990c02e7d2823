"""Server-side request forgery guard for webhook URLs.

A webhook URL is checked when an admin registers it and again before every delivery
(DNS may have changed): only https (plain http too when WEBHOOKS_ALLOW_PRIVATE_NETWORKS is
on, for local runs and tests), and every address the host name resolves to must be public
unless that setting is on. The delivery
then connects to the address that was checked, so DNS cannot change between the check
and the connection.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings

from palantrix.errors import DomainError

PATH_SAFE = "/%:@!$&'()*+,;=-._~"
QUERY_SAFE = PATH_SAFE + "?"


class UnsafeUrl(DomainError):
    """The URL is not http(s) or points at a private, loopback or otherwise internal address."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    address: str  # the checked IP address to connect to
    path: str


# IPv6 ranges that carry or translate to IPv4 (and so can reach private IPv4 networks),
# and the old site-local range, which some networks still route internally.
_TUNNELS = (
    ipaddress.IPv6Network("2002::/16"),  # 6to4
    ipaddress.IPv6Network("2001::/32"),  # Teredo
    ipaddress.IPv6Network("64:ff9b::/96"),  # NAT64
    ipaddress.IPv6Network("64:ff9b:1::/48"),  # local-use NAT64
    ipaddress.IPv6Network("fec0::/10"),  # site-local
    ipaddress.IPv6Network("::/96"),  # IPv4-compatible
)


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            address = address.ipv4_mapped
        elif (
            address.sixtofour
            or address.teredo
            or address.is_site_local
            or any(address in network for network in _TUNNELS)
        ):
            return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def check_url(url: str) -> Target:
    """Resolve and check the URL; raise UnsafeUrl with a plain reason."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeUrl("That is not a valid URL.") from error
    if parts.scheme not in {"http", "https"}:
        raise UnsafeUrl("Use an http:// or https:// URL.")
    private_allowed = settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS
    if parts.scheme == "http" and not private_allowed:
        raise UnsafeUrl("Use an https:// URL: events and their signatures travel encrypted.")
    if not parts.hostname:
        raise UnsafeUrl("The URL has no host name.")
    if parts.username or parts.password:
        raise UnsafeUrl("Leave credentials out of the URL; the signature proves who sends.")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeUrl(f"{parts.hostname} does not resolve to an address.") from error
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    # The message never names the address: the delivery log must not become a way to map
    # what an internal host name resolves to.
    if not private_allowed and not all(_is_public(address) for address in addresses):
        raise UnsafeUrl(
            "The URL's host resolves to a private or internal address: "
            "webhooks go to public addresses only."
        )
    # The request line is ASCII: anything else in the path or query is percent-encoded
    # (UTF-8), and escapes already there are kept.
    path = quote(parts.path or "/", safe=PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=QUERY_SAFE)
    return Target(parts.scheme, parts.hostname, port, str(addresses[0]), path)
