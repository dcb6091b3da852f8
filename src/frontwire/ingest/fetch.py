"""Safe HTTP fetching: the only place frontwire talks to the network.

A crawler that reads URLs from feeds and redirects is a server-side request forgery risk: a
feed entry or a redirect can point at http://169.254.169.254/ (cloud metadata), a router's admin
page or a database on the local network. So every hop is checked before anything is sent to it:

- only http and https URLs;
- the host name is resolved once, and every address it resolves to must be a public one (not
  private, loopback, link-local, shared, reserved, multicast or unspecified; an IPv6 address
  that carries packets to an IPv4 one, IPv4-mapped, 6to4 or NAT64, is judged by that IPv4
  address), unless `allow_private` is set (`frontwire ingest --allow-private`) or the host is in
  `allow_hosts` (as "host:port" or "host");
- redirects are followed here, hop by hop, not by httpx, so that each hop is checked the same way.

DNS rebinding: if httpx resolved the host name again when connecting, a hostile DNS server could
answer the check with a public address and the connection with a private one. To close that gap
the request is sent to the checked address itself (the URL's host is replaced by the IP, the Host
header and the TLS server name (SNI, also used for certificate checking) keep the real name), so
no second lookup happens. What remains: environment proxies are not used (`trust_env=False`: a
proxy would resolve and connect on our behalf, out of reach of the check); connections are not
kept alive (a pooled connection to one name must not carry a request for another name that
shares its address); and `socket.getaddrinfo` has no timeout of its own (the system resolver's
applies).

Politeness and limits: at least `per_host_interval` seconds between the end of one request to a
host and the start of the next (redirect hops included); a body over `max_bytes` is refused (from
Content-Length when the server sends it, else while streaming: reading stops past the cap);
`timeout` bounds each network operation (httpx's) and also the whole of one hop's response, so
that a server dripping a byte at a time cannot hold a worker forever. Certificates are checked
against certifi's CA bundle (httpx's default) unless an `ssl_context` is given.

Every failure is an `InputError(url, reason)` naming the URL that was asked for; the reason names
the hop when a redirect led there.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Self
from urllib.parse import urljoin

import httpx

from frontwire import __version__
from frontwire.errors import InputError
from frontwire.ingest.files import DEFAULT_MAX_BYTES

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"frontwire/{__version__} (+https://github.com/frontwire/frontwire; research crawler)"
SCHEMES = ("http", "https")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# What the refusal tells the user to give: the option of `frontwire ingest` (cli.py) that sets
# Fetcher(allow_private=True).
ALLOW_PRIVATE_OPTION = "frontwire ingest --allow-private"


@dataclass(frozen=True)
class Fetched:
    """A fetched page: the final URL (after redirects), its status, Content-Type and body."""

    url: str
    status: int
    content_type: str | None
    body: bytes


@dataclass(frozen=True)
class _Hop:
    """One checked request target: the URL as asked, and the addresses that passed the check."""

    url: httpx.URL
    host: str
    addresses: tuple[str, ...]


def _size(n: int) -> str:
    return f"{n:,} bytes ({n / 1_000_000:.1f} MB)"


# NAT64's well-known prefix (RFC 6052): 64:ff9b::a.b.c.d is translated to a.b.c.d by the gateway.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def embedded_ipv4(address: IPAddress) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 address reaches, with the mechanism's name: IPv4-mapped
    (::ffff:a.b.c.d), 6to4 (2002:AABB:CCDD::/48) and NAT64 (64:ff9b::a.b.c.d); None otherwise.
    Each of these carries packets to the embedded IPv4 host, so that is the address to judge."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return "IPv4-mapped", address.ipv4_mapped
    if address.sixtofour is not None:
        return "6to4", address.sixtofour
    if address in _NAT64:
        return "NAT64", ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def blocked_kind(address: IPAddress) -> str | None:
    """Why `address` must not be fetched ("loopback", "private", ...), or None for a public one.

    An IPv6 address that embeds an IPv4 one (see `embedded_ipv4`) is judged by the IPv4 address:
    2002:7f00:1:: reaches 127.0.0.1. `is_global` covers what `is_private` misses (100.64.0.0/10
    shared address space, 192.0.0.0/24); multicast is tested first because Python counts some
    multicast ranges as global."""
    embedded = embedded_ipv4(address)
    if embedded is not None:
        address = embedded[1]
    for kind, flag in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if flag:
            return kind
    return None if address.is_global else "non-public"


class Fetcher:
    """Fetches http(s) pages safely (see the module docstring). One instance per run: it holds the
    connection client and the per-host clock. Use it as a context manager, or call close()."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        user_agent: str = DEFAULT_USER_AGENT,
        per_host_interval: float = 1.0,
        allow_private: bool = False,
        allow_hosts: frozenset[str] = frozenset(),
        max_redirects: int = 5,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.per_host_interval = per_host_interval
        self.allow_private = allow_private
        self.allow_hosts = frozenset(h.strip().lower() for h in allow_hosts)
        self.max_redirects = max_redirects
        self._last_request: dict[str, float] = {}
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": user_agent, "Accept": _ACCEPT},
            limits=httpx.Limits(max_keepalive_connections=0),
            # None: httpx's default (certifi's CA bundle); a context to trust a private CA
            verify=ssl_context if ssl_context is not None else True,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def get(self, url: str) -> Fetched:
        """GET `url`, following up to `max_redirects` redirects; InputError(url, reason) on failure."""
        current = url
        for _ in range(self.max_redirects + 1):
            where = "" if current == url else f"redirected to {current}: "
            hop = self._check(url, current, where)
            fetched = self._request(url, hop, where)
            if fetched.status not in REDIRECT_STATUSES:
                return fetched
            current = fetched.url
        raise InputError(url, f"too many redirects (more than {self.max_redirects})")

    # --- checks -------------------------------------------------------------------------------

    def _allowed(self, host: str, port: int) -> bool:
        if self.allow_private:
            return True
        names = {host, f"{host}:{port}", f"[{host}]:{port}"}
        return not self.allow_hosts.isdisjoint(names)

    def _check(self, url: str, current: str, where: str) -> _Hop:
        """Parse, check the scheme, resolve and check every address of one hop."""
        try:
            parsed = httpx.URL(current)
        except httpx.InvalidURL as exc:
            raise InputError(url, f"{where}not a valid URL: {exc}") from None
        if parsed.scheme not in SCHEMES:
            scheme = parsed.scheme or "(none)"
            raise InputError(url, f"{where}unsupported URL scheme {scheme}: only http and https are fetched")
        host = parsed.raw_host.decode("ascii").lower()  # IDNA-encoded: what DNS and SNI take
        if not host:
            raise InputError(url, f"{where}no host in the URL")
        port = parsed.port or _DEFAULT_PORTS[parsed.scheme]
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except socket.gaierror as exc:
            raise InputError(url, f"{where}cannot resolve host {host}: {exc.strerror}") from None
        except UnicodeError:
            raise InputError(url, f"{where}invalid host name {host!r}") from None
        # sockaddr[0] is the address; an IPv6 one may carry a "%scope" zone that ipaddress rejects
        addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
        if not addresses:
            raise InputError(url, f"{where}cannot resolve host {host}: no addresses")
        if not self._allowed(host, port):
            for address in addresses:
                ip = ipaddress.ip_address(address.split("%", 1)[0])
                kind = blocked_kind(ip)
                if kind is not None:
                    said = host if host == address else f"host {host} resolves to {address}, which"
                    embedded = embedded_ipv4(ip)
                    via = f" ({embedded[0]} for {embedded[1]})" if embedded else ""
                    raise InputError(
                        url,
                        f"{where}refused: {said} is a {kind} address{via} (private networks are not "
                        f"fetched unless {ALLOW_PRIVATE_OPTION} is given)",
                    )
        return _Hop(url=parsed, host=host, addresses=addresses)

    # --- requests -----------------------------------------------------------------------------

    def _wait_turn(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.per_host_interval - time.monotonic()
            if wait > 0:
                log.debug("waiting %.2f s before the next request to %s", wait, host)
                time.sleep(wait)

    def _request(self, url: str, hop: _Hop, where: str) -> Fetched:
        """One request to the hop's checked addresses (the first that accepts a connection)."""
        self._wait_turn(hop.host)
        try:
            error: httpx.TransportError | None = None
            for address in hop.addresses:
                try:
                    return self._send(url, hop, address, where)
                except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                    error = exc  # this address refused or is unreachable: try the next one
            kind = "timed out" if isinstance(error, httpx.ConnectTimeout) else f"failed: {error}"
            raise InputError(url, f"{where}cannot connect to {hop.host}: connection {kind}")
        finally:
            self._last_request[hop.host] = time.monotonic()

    def _send(self, url: str, hop: _Hop, address: str, where: str) -> Fetched:
        # The request goes to the checked address; Host and SNI keep the name (see the docstring).
        pinned = hop.url.copy_with(host=address.split("%", 1)[0], fragment=None)
        headers = {"Host": hop.url.netloc.decode("ascii")}
        shown = str(hop.url.copy_with(fragment=None))
        deadline = time.monotonic() + self.timeout
        try:
            with self._client.stream(
                "GET", pinned, headers=headers, extensions={"sni_hostname": hop.host}
            ) as response:
                status = response.status_code
                content_type = response.headers.get("content-type")
                if status in REDIRECT_STATUSES:
                    location = response.headers.get("location")
                    if not location:
                        raise InputError(url, f"{where}redirect (HTTP {status}) without a Location header")
                    return Fetched(urljoin(shown, location.strip()), status, content_type, b"")
                if status >= 400 or status < 200:
                    raise InputError(url, f"{where}HTTP {status} {response.reason_phrase}".rstrip())
                if 300 <= status < 400:
                    raise InputError(
                        url, f"{where}HTTP {status} {response.reason_phrase}: not a page".rstrip()
                    )
                declared = response.headers.get("content-length")
                if declared is not None and declared.strip().isdigit() and int(declared) > self.max_bytes:
                    raise InputError(
                        url,
                        f"{where}too large: Content-Length is {_size(int(declared))}, "
                        f"the limit is {_size(self.max_bytes)}",
                    )
                return Fetched(shown, status, content_type, self._body(url, response, deadline, where))
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.ConnectTimeout):
                raise  # the caller tries the next address
            raise InputError(url, f"{where}timed out after {self.timeout:g} s") from None
        except httpx.ConnectError:
            raise
        except httpx.HTTPError as exc:
            raise InputError(url, f"{where}fetch failed: {exc or type(exc).__name__}") from None

    def _body(self, url: str, response: httpx.Response, deadline: float, where: str) -> bytes:
        """Stream the (decoded) body, stopping past the cap or the deadline. A server that drips
        one byte at a time would never trip httpx's per-read timeout: the deadline bounds it."""
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > self.max_bytes:
                raise InputError(url, f"{where}too large: over the limit of {_size(self.max_bytes)}")
            if time.monotonic() > deadline:
                raise InputError(url, f"{where}timed out after {self.timeout:g} s (body still arriving)")
            chunks.append(chunk)
        return b"".join(chunks)
