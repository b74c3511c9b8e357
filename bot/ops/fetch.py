"""The one way the service fetches a URL it was given (announcement images,
release files, CKAN portals) or posts to one (partners' webhooks): HTTPS only; the host's addresses checked after
resolving and the connection made to the address checked (no private,
loopback, link-local or otherwise non-public address, so DNS cannot point it
inside); each redirect checked the same way; a cap on size and on total time;
the content type checked against what the caller expects.

`FETCH_ALLOWED_HOSTS` names hosts exempt from the address check (an intranet
portal, the tests' local servers) and `FETCH_CA_BUNDLE` a CA file for them;
neither lifts the HTTPS rule."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3

from bot.config import Settings, redacted_url

__all__ = ["FetchError", "FetchPolicy", "Fetched", "fetch", "post", "redacted_url"]

REDIRECTS = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "oie-indicators-bot"


class FetchError(Exception):
    """A fetch refused or failed; the message is safe to show to staff (no
    response body). `retryable`: it may pass later (unreachable, slow, 5xx)."""

    def __init__(self, message: str, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class FetchPolicy:
    allowed_hosts: frozenset[str] = frozenset()
    ca_bundle: str | None = None
    max_bytes: int = 5 * 1024 * 1024
    timeout_seconds: float = 30.0
    max_redirects: int = 3

    @classmethod
    def from_settings(cls, settings: Settings, timeout_seconds: float = 30.0) -> FetchPolicy:
        return cls(
            allowed_hosts=settings.fetch_allowed_hosts,
            ca_bundle=settings.FETCH_CA_BUNDLE.strip() or None,
            timeout_seconds=timeout_seconds,
        )


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    content: bytes
    content_type: str
    headers: Mapping[str, str] = field(default_factory=dict)


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def checked_address(url: str, policy: FetchPolicy) -> tuple[str, str, int]:
    """(host, address to connect to, port) of an https URL the policy allows."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "https":
        raise FetchError(f"only https:// addresses are fetched, not {parts.scheme or 'a relative address'}")
    if parts.username or parts.password:
        raise FetchError("addresses with a user name or password are not fetched")
    host = (parts.hostname or "").lower()
    if not host:
        raise FetchError("the address has no host")
    port = parts.port or 443
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"{host} could not be resolved", retryable=True) from error
    addresses = [str(entry[4][0]) for entry in found]
    if host not in policy.allowed_hosts and not all(_public(address) for address in addresses):
        raise FetchError(f"{host} is not a public Internet address; it is not fetched")
    return host, addresses[0], port


def fetch(
    url: str,
    policy: FetchPolicy,
    accept: Collection[str] = (),
    headers: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
) -> Fetched:
    """GET `url` under the policy. 200 and 304 come back; other statuses raise
    FetchError. `accept`: the media types a 200 may have (empty: any)."""
    deadline = time.monotonic() + policy.timeout_seconds
    limit = max_bytes or policy.max_bytes
    for _ in range(policy.max_redirects + 1):
        host, address, port = checked_address(url, policy)
        response = _open("GET", url, (host, address, port), policy, headers or {}, deadline)
        try:
            if response.status in REDIRECTS and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status not in (200, 304):
                raise FetchError(f"{host} answered HTTP {response.status}", retryable=response.status >= 500)
            content_type = response.headers.get("Content-Type", "")
            media = content_type.split(";")[0].strip().lower()
            if response.status == 200 and accept and media not in accept:
                raise FetchError(f"{host} sent {media or 'no content type'}, not {' or '.join(sorted(accept))}")
            content = _read(response, limit, deadline, host) if response.status == 200 else b""
            return Fetched(url, response.status, content, content_type, dict(response.headers))
        finally:
            response.release_conn()
    raise FetchError(f"more than {policy.max_redirects} redirects")


def post(url: str, body: bytes, policy: FetchPolicy, headers: Mapping[str, str]) -> int:
    """POST `body` to `url` under the same checks; the answer's status. No
    redirect is followed (a receiver answers where it was registered) and the
    answer's body is not read. Unreachable or too slow: FetchError, retryable."""
    deadline = time.monotonic() + policy.timeout_seconds
    target = checked_address(url, policy)
    response = _open("POST", url, target, policy, headers, deadline, body)
    try:
        return response.status
    finally:
        response.close()


def _open(
    method: str,
    url: str,
    target: tuple[str, str, int],
    policy: FetchPolicy,
    headers: Mapping[str, str],
    deadline: float,
    body: bytes | None = None,
) -> urllib3.BaseHTTPResponse:
    host, address, port = target
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"{host} took longer than {policy.timeout_seconds:g} s", retryable=True)
    # Connect to the address checked above (not a second lookup), verifying the certificate for the host's name.
    pool = urllib3.HTTPSConnectionPool(
        address,
        port,
        server_hostname=host,
        assert_hostname=host,
        cert_reqs="CERT_REQUIRED",
        ca_certs=policy.ca_bundle or certifi.where(),
        timeout=urllib3.Timeout(connect=min(10.0, left), read=min(30.0, left)),
        retries=False,
        maxsize=1,
    )
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host_header = host if port == 443 else f"{host}:{port}"
    try:
        return pool.urlopen(
            method,
            path,
            body=body,
            headers={"Host": host_header, "User-Agent": USER_AGENT, **headers},
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"{host} could not be reached ({type(error).__name__})", retryable=True) from error


def _read(response: urllib3.BaseHTTPResponse, limit: int, deadline: float, host: str) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"{host} sent more than {_size(limit)}")
    chunks: list[bytes] = []
    size = 0
    try:
        # read1: at most one socket read per call, so a server that trickles is stopped at the deadline.
        while chunk := response.read1(64 * 1024, decode_content=True):
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{host} sent more than {_size(limit)}")
            if time.monotonic() > deadline:
                raise FetchError(f"{host} took too long to send", retryable=True)
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"{host} broke off ({type(error).__name__})", retryable=True) from error
    return b"".join(chunks)


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
