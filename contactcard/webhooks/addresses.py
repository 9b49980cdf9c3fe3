"""Where a webhook may point: http(s) URLs of public hosts. A URL whose host resolves to a loopback,
private, link-local, multicast or reserved address is refused (the API must not be a way into the network
it runs in), unless `CONTACTCARD_WEBHOOKS_ALLOW_PRIVATE=1` (tests, a private deployment). Checked when the
webhook is saved and again before each delivery (a name may resolve elsewhere later)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

MAX_URL = 2000


async def refusal(url: str, *, allow_private: bool) -> str | None:
    """Why `url` may not receive deliveries, or None."""
    if len(url) > MAX_URL:
        return f"at most {MAX_URL} characters"
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "not a URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "an http or https URL with a host"
    if parts.username or parts.password:
        return "credentials in the URL are not accepted (sign with the secret instead)"
    try:
        found = await asyncio.get_running_loop().getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return f"the host {parts.hostname!r} does not resolve"
    for *_, address in found:
        ip = ipaddress.ip_address(address[0])
        inner = ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
        if not allow_private and (inner or ip.is_reserved or ip.is_unspecified):
            return f"the host resolves to {ip}, a loopback or private address"
    return None
