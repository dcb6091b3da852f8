"""Sources: safe fetching, feeds, WARC archives and read_sources, against a real local HTTP server.

Everything is offline: a ThreadingHTTPServer on 127.0.0.1 serves the fixture pages and feeds, and
a second one on another port stands for an internal service that must never be reached. The
Fetcher under test allows only the first server ("127.0.0.1:<port>"), so each refusal below is
the Fetcher's own address check.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import random
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.utils import BUFF_SIZE  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from frontwire.errors import InputError
from frontwire.ingest.feeds import FeedEntry, feed_entries, looks_like_feed
from frontwire.ingest.fetch import DEFAULT_USER_AGENT, Fetcher, blocked_kind
from frontwire.ingest.sources import decode_page, read_sources
from frontwire.ingest.text import article_id_for
from frontwire.ingest.warc import WarcPage, warc_records
from frontwire.model import Article, Skipped

DATA = Path(__file__).parent / "data" / "sources"
PAGES = ("sahel_convoy.html", "odesa_port.html", "kivu_clashes.html")
FEEDS = {
    "wire.rss": "application/rss+xml",
    "lakes.atom": "application/xml",
    "broken.rss": "application/rss+xml",
}
TLS_PEM = DATA / "localhost-tls.pem"
BRIEF = (Path(__file__).parent / "data" / "ingest" / "english_brief.txt").read_text("utf-8")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
HUGE_BYTES = 2_000_000
CAP = 100_000  # the Fetcher's max_bytes in the size tests: the fixture pages are ~3 KB


@dataclass
class Hit:
    path: str
    host: str | None
    user_agent: str | None
    at: float


@dataclass
class Server:
    """A running test server: its base URL and every request it received."""

    base: str
    port: int
    hits: list[Hit] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]


def _handler(server: Server, other: Server | None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str, length: int | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            self.end_headers()
            self.wfile.write(body)

        def _redirect(self, status: int, location: str) -> None:
            self.send_response(status)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            server.hits.append(
                Hit(self.path, self.headers["Host"], self.headers["User-Agent"], time.monotonic())
            )
            # the client may stop reading (size cap, timeout): what those tests want
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._route(self.path.split("?", 1)[0])

        def _route(self, path: str) -> None:
            name = path.rsplit("/", 1)[-1]
            if path.startswith("/articles/") and name in PAGES:
                self._send(200, (DATA / name).read_bytes(), "text/html; charset=utf-8")
            elif path.startswith("/feeds/") and name in FEEDS:
                feed = (DATA / name).read_text("utf-8").replace("BASE_URL", server.base)
                self._send(200, feed.encode(), FEEDS[name])
            elif path == "/moved":
                self._redirect(302, "/articles/sahel_convoy.html")
            elif path == "/chain":
                self._redirect(301, f"{server.base}/moved")
            elif path == "/loop":
                self._redirect(302, "/loop")
            elif path == "/to-other-port" and other is not None:
                self._redirect(302, f"{other.base}/secret")
            elif path == "/to-private":
                self._redirect(307, "http://10.0.0.1/admin")
            elif path == "/to-metadata":
                self._redirect(302, "http://169.254.169.254/latest/meta-data/")
            elif path == "/to-localhost":
                self._redirect(302, f"http://localhost:{server.port}/articles/sahel_convoy.html")
            elif path == "/to-file":
                self._redirect(302, "file:///etc/passwd")
            elif path == "/huge":  # no Content-Length: the cap must hold while streaming
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>" + b"x" * 65_530 + b"</p>"
                for _ in range(HUGE_BYTES // len(chunk)):
                    self.wfile.write(chunk)
            elif path == "/huge-declared":
                self._send(200, b"<p>short</p>", "text/html", length=50_000_000)
            elif path == "/slow":
                time.sleep(2.0)
                self._send(200, b"<p>late</p>", "text/html")
            elif path == "/drip":  # a byte every 0.1 s: no single read ever times out
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(30):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            elif path == "/brief.txt":
                self._send(200, BRIEF.encode(), "text/plain; charset=utf-8")
            elif path == "/image.png":
                self._send(200, PNG, "image/png")
            elif path == "/secret":
                self._send(200, b"internal data", "text/plain")
            else:
                self._send(404, b"<h1>Not found</h1>", "text/html")

    return Handler


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[Server, Server]]:
    """The allowed server and an "internal" one on another loopback port."""
    running: list[ThreadingHTTPServer] = []
    made: list[Server] = []
    for _ in range(2):
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
        port = int(httpd.server_address[1])
        made.append(Server(base=f"http://127.0.0.1:{port}", port=port))
        running.append(httpd)
    site, internal = made
    running[0].RequestHandlerClass = _handler(site, internal)
    running[1].RequestHandlerClass = _handler(internal, None)
    for httpd in running:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield site, internal
    for httpd in running:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def site(servers: tuple[Server, Server]) -> Server:
    return servers[0]


@pytest.fixture
def internal(servers: tuple[Server, Server]) -> Server:
    return servers[1]


@pytest.fixture
def fetcher(site: Server) -> Iterator[Fetcher]:
    with Fetcher(allow_hosts=frozenset({f"127.0.0.1:{site.port}"}), per_host_interval=0, timeout=5) as f:
        yield f


def refusal(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(InputError) as caught:
        fetcher.get(url)
    assert caught.value.source == url
    return caught.value.reason


def only(results: list[Article | Skipped]) -> Article | Skipped:
    assert len(results) == 1, results
    return results[0]


# --- fetching ---------------------------------------------------------------------------------


def test_page_is_fetched_with_our_user_agent(fetcher: Fetcher, site: Server) -> None:
    fetched = fetcher.get(f"{site.base}/articles/kivu_clashes.html")
    assert fetched.url == f"{site.base}/articles/kivu_clashes.html"
    assert fetched.status == 200
    assert fetched.content_type == "text/html; charset=utf-8"
    assert fetched.body == (DATA / "kivu_clashes.html").read_bytes()
    hit = site.hits[-1]
    assert hit.path == "/articles/kivu_clashes.html"
    assert hit.user_agent == DEFAULT_USER_AGENT
    assert hit.host == f"127.0.0.1:{site.port}"


def test_redirects_are_followed_to_the_final_url(fetcher: Fetcher, site: Server) -> None:
    fetched = fetcher.get(f"{site.base}/chain")  # 301 -> /moved, 302 -> the page
    assert fetched.url == f"{site.base}/articles/sahel_convoy.html"
    assert fetched.body == (DATA / "sahel_convoy.html").read_bytes()
    assert site.paths()[-3:] == ["/chain", "/moved", "/articles/sahel_convoy.html"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/to-private", "redirected to http://10.0.0.1/admin: refused: 10.0.0.1 is a private address"),
        (
            "/to-metadata",
            "redirected to http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is a link-local",
        ),
        ("/to-file", "redirected to file:///etc/passwd: unsupported URL scheme file"),
    ],
)
def test_redirect_to_a_private_address_or_other_scheme_is_refused(
    fetcher: Fetcher, site: Server, path: str, expected: str
) -> None:
    assert refusal(fetcher, site.base + path).startswith(expected)


def test_redirect_to_another_loopback_port_is_refused_and_nothing_is_fetched_there(
    fetcher: Fetcher, site: Server, internal: Server
) -> None:
    before = len(internal.hits)
    reason = refusal(fetcher, f"{site.base}/to-other-port")
    assert reason.startswith(
        f"redirected to {internal.base}/secret: refused: 127.0.0.1 is a loopback address "
        "(private networks are not fetched unless frontwire ingest --allow-private is given)"
    )
    assert len(internal.hits) == before
    # the same internal server is reachable when it is allowed: the refusal above was the check's
    with Fetcher(allow_hosts=frozenset({f"127.0.0.1:{internal.port}"}), per_host_interval=0) as allowed:
        assert allowed.get(f"{internal.base}/secret").body == b"internal data"
    assert internal.paths()[before:] == ["/secret"]


def test_the_allow_list_is_by_name_and_port(fetcher: Fetcher, site: Server) -> None:
    # the same server under another name is not allowed
    assert "refused: host localhost resolves to 127.0.0.1, which is a loopback address" in refusal(
        fetcher, f"{site.base}/to-localhost"
    )
    assert site.paths()[-1] == "/to-localhost"  # and not the page it points to


class Resolver:
    """A stand-in for DNS: fixed answers for some names (counting the lookups), the system's
    resolver for the rest. It replaces socket.getaddrinfo, which both the Fetcher's check and
    httpx's connect would call."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.lookups: Counter[str] = Counter()
        self._real = socket.getaddrinfo
        monkeypatch.setattr(socket, "getaddrinfo", self)

    def __call__(self, host: object, port: object, *args: object, **kwargs: object) -> object:
        if isinstance(host, str) and host in self.answers:
            self.lookups[host] += 1
            if self.lookups[host] > 1:
                raise socket.gaierror(socket.EAI_NONAME, "looked up twice: rebinding would be possible")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in self.answers[host]]
        return self._real(host, port, *args, **kwargs)  # type: ignore[arg-type]


def test_the_connection_goes_to_the_checked_address(monkeypatch: pytest.MonkeyPatch, site: Server) -> None:
    """One lookup per request, and the connection is made to the address that was checked: a
    second lookup (where DNS rebinding would strike) fails in this resolver."""
    resolver = Resolver(monkeypatch, {"news.test": ["127.0.0.1"]})
    with Fetcher(allow_hosts=frozenset({f"news.test:{site.port}"}), per_host_interval=0) as f:
        fetched = f.get(f"http://news.test:{site.port}/articles/kivu_clashes.html")
    assert fetched.url == f"http://news.test:{site.port}/articles/kivu_clashes.html"
    assert site.hits[-1].host == f"news.test:{site.port}"
    assert resolver.lookups == Counter({"news.test": 1})


def test_every_resolved_address_is_checked_and_the_next_one_tried(
    monkeypatch: pytest.MonkeyPatch, site: Server
) -> None:
    Resolver(
        monkeypatch, {"mixed.test": ["93.184.216.34", "10.1.2.3"], "two.test": ["127.0.0.2", "127.0.0.1"]}
    )
    with Fetcher(per_host_interval=0) as default:
        assert refusal(default, "http://mixed.test/").startswith(
            "refused: host mixed.test resolves to 10.1.2.3, which is a private address"
        )
    # nothing listens on 127.0.0.2: the connection is refused there and made to 127.0.0.1
    with Fetcher(allow_hosts=frozenset({f"two.test:{site.port}"}), per_host_interval=0) as f:
        assert f.get(f"http://two.test:{site.port}/articles/kivu_clashes.html").status == 200


def test_localhost_is_refused_without_allow_private(site: Server) -> None:
    with Fetcher(per_host_interval=0) as default:
        reason = refusal(default, "http://localhost/")
        assert reason.startswith("refused: host localhost resolves to 127.0.0.1, which is a loopback address")
        before = len(site.hits)
        refusal(default, f"{site.base}/articles/kivu_clashes.html")
        assert len(site.hits) == before
    with Fetcher(per_host_interval=0, allow_private=True) as private:
        assert private.get(f"http://localhost:{site.port}/articles/kivu_clashes.html").status == 200


def test_a_pinned_name_keeps_its_host_header(site: Server) -> None:
    """The request goes to the checked address, but the server sees the name (Host header)."""
    with Fetcher(allow_hosts=frozenset({f"localhost:{site.port}"}), per_host_interval=0) as named:
        fetched = named.get(f"http://localhost:{site.port}/moved")
    assert fetched.url == f"http://localhost:{site.port}/articles/sahel_convoy.html"
    assert site.hits[-1].host == f"localhost:{site.port}"


def test_https_to_a_pinned_address_keeps_the_name_for_sni_and_the_certificate() -> None:
    """The TLS server name (and so the certificate check) is the URL's name, not the pinned IP.
    localhost-tls.pem: a self-signed test certificate for DNS:localhost only, valid until 2126."""
    names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS_PEM)
    context.sni_callback = lambda _socket, name, _context: names.append(name)
    site = Server(base="", port=0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site, None))
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    port = int(httpd.server_address[1])
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    trust = ssl.create_default_context(cafile=str(TLS_PEM))
    allow = frozenset({f"localhost:{port}", f"127.0.0.1:{port}"})
    try:
        with Fetcher(allow_hosts=allow, per_host_interval=0, ssl_context=trust) as secure:
            fetched = secure.get(f"https://localhost:{port}/articles/odesa_port.html")
            assert fetched.body == (DATA / "odesa_port.html").read_bytes()
            assert names == ["localhost"]
            assert site.hits[-1].host == f"localhost:{port}"
            # the certificate names localhost only: by IP the check fails, so it is really made
            reason = refusal(secure, f"https://127.0.0.1:{port}/articles/odesa_port.html")
            assert reason.startswith(
                "cannot connect to 127.0.0.1: connection failed: [SSL: CERTIFICATE_VERIFY_FAILED]"
            )
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://10.0.0.1/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://127.0.0.1/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:10.0.0.1]/", "private"),  # IPv4-mapped IPv6 is judged by its IPv4 address
        ("http://[fe80::1]/", "link-local"),
        ("http://[fd00::1]/", "private"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://100.64.0.1/", "non-public"),  # carrier-grade NAT, not "private" to Python
        ("https://240.0.0.1/", "reserved"),
    ],
)
def test_private_addresses_are_refused(url: str, kind: str) -> None:
    with Fetcher(per_host_interval=0) as default:
        assert f" is a {kind} address" in refusal(default, url)


@pytest.mark.parametrize(
    ("address", "kind", "via"),
    [
        # 6to4 (2002::/16): the next 32 bits are the IPv4 host the relay delivers to
        ("2002:7f00:1::", "loopback", "6to4 for 127.0.0.1"),
        ("2002:a9fe:a9fe::1", "link-local", "6to4 for 169.254.169.254"),
        ("2002:a00:1:5::9", "private", "6to4 for 10.0.0.1"),
        # NAT64's well-known prefix: the gateway delivers to the last 32 bits
        ("64:ff9b::7f00:1", "loopback", "NAT64 for 127.0.0.1"),
        ("64:ff9b::a9fe:a9fe", "link-local", "NAT64 for 169.254.169.254"),
        ("64:ff9b::c0a8:101", "private", "NAT64 for 192.168.1.1"),
        # IPv4-mapped (::ffff:a.b.c.d)
        ("::ffff:127.0.0.1", "loopback", "IPv4-mapped for 127.0.0.1"),
        ("::ffff:169.254.169.254", "link-local", "IPv4-mapped for 169.254.169.254"),
    ],
)
def test_ipv6_forms_of_private_ipv4_addresses_are_refused(address: str, kind: str, via: str) -> None:
    with Fetcher(per_host_interval=0) as default:
        reason = refusal(default, f"http://[{address}]/latest/meta-data/")
    assert reason == (
        f"refused: {address} is a {kind} address ({via}) "
        "(private networks are not fetched unless frontwire ingest --allow-private is given)"
    )


def test_the_refusal_names_an_option_that_frontwire_ingest_has() -> None:
    from frontwire.cli import build_parser
    from frontwire.ingest.fetch import ALLOW_PRIVATE_OPTION

    command, option = ALLOW_PRIVATE_OPTION.removeprefix("frontwire ").split()
    args = build_parser().parse_args([command, option, "x"])
    assert args.allow_private is True


def test_public_addresses_pass_the_check() -> None:
    import ipaddress

    for public in ("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"):
        assert blocked_kind(ipaddress.ip_address(public)) is None
    # a public IPv4 host reached through 6to4 or NAT64 is public too (IPv6-only networks use them)
    for embedding in ("2002:808:808::1", "64:ff9b::808:808", "::ffff:8.8.8.8"):
        assert blocked_kind(ipaddress.ip_address(embedding)) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/report.html", "unsupported URL scheme ftp: only http and https are fetched"),
        ("file:///etc/passwd", "unsupported URL scheme file: only http and https are fetched"),
        ("gopher://example.com/", "unsupported URL scheme gopher: only http and https are fetched"),
        ("http:///no-host", "no host in the URL"),
        ("http://no-such-host.invalid/", "cannot resolve host no-such-host.invalid:"),
    ],
)
def test_bad_urls_are_refused(fetcher: Fetcher, url: str, reason: str) -> None:
    assert refusal(fetcher, url).startswith(reason)


def test_http_errors_size_cap_and_timeouts(site: Server) -> None:
    allow = frozenset({f"127.0.0.1:{site.port}"})
    with Fetcher(allow_hosts=allow, per_host_interval=0, max_bytes=CAP, timeout=0.5) as f:
        assert refusal(f, f"{site.base}/missing") == "HTTP 404 Not Found"
        assert refusal(f, f"{site.base}/huge") == "too large: over the limit of 100,000 bytes (0.1 MB)"
        assert refusal(f, f"{site.base}/huge-declared") == (
            "too large: Content-Length is 50,000,000 bytes (50.0 MB), the limit is 100,000 bytes (0.1 MB)"
        )
        assert refusal(f, f"{site.base}/loop") == "too many redirects (more than 5)"
        started = time.monotonic()
        assert refusal(f, f"{site.base}/slow") == "timed out after 0.5 s"
        assert time.monotonic() - started < 1.5
        started = time.monotonic()
        assert refusal(f, f"{site.base}/drip") == "timed out after 0.5 s (body still arriving)"
        assert time.monotonic() - started < 1.5
        # the cap does not refuse what fits under it
        assert f.get(f"{site.base}/articles/odesa_port.html").status == 200


def test_requests_to_one_host_are_spaced(site: Server) -> None:
    allow = frozenset({f"127.0.0.1:{site.port}"})
    page = f"{site.base}/articles/kivu_clashes.html"
    with Fetcher(allow_hosts=allow, per_host_interval=0.3) as polite:
        polite.get(page + "?spaced=1")
        started = time.monotonic()
        polite.get(page + "?spaced=2")
        assert time.monotonic() - started >= 0.29
    arrivals = [hit.at for hit in site.hits if "spaced=" in hit.path]
    assert len(arrivals) == 2
    assert arrivals[1] - arrivals[0] >= 0.3
    # without the interval the same two requests come back to back: the spacing above was the limit's
    with Fetcher(allow_hosts=allow, per_host_interval=0) as eager:
        eager.get(page + "?eager=1")
        eager.get(page + "?eager=2")
    eager_arrivals = [hit.at for hit in site.hits if "eager=" in hit.path]
    assert eager_arrivals[1] - eager_arrivals[0] < 0.3


# --- feeds ------------------------------------------------------------------------------------


def test_feed_sniffing() -> None:
    assert looks_like_feed((DATA / "wire.rss").read_bytes())  # after a comment
    assert looks_like_feed((DATA / "lakes.atom").read_bytes())
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="x"></rdf:RDF>')
    assert not looks_like_feed((DATA / "sahel_convoy.html").read_bytes())
    assert not looks_like_feed(b'<?xml version="1.0"?><html><body><feed>no</feed></body></html>')
    assert not looks_like_feed(b"")


def test_rss_entries() -> None:
    entries = feed_entries((DATA / "wire.rss").read_bytes(), "wire.rss")
    assert entries[0] == FeedEntry(
        link="BASE_URL/articles/sahel_convoy.html",
        title="Gunmen ambush army convoy near Djibo, killing 14 soldiers",
        published=date(2024, 3, 12),
        summary="Suspected jihadist fighters ambushed a supply convoy in northern Burkina Faso.",
    )
    assert [e.published for e in entries] == [date(2024, 3, 12), date(2023, 9, 4), date(2023, 9, 3)]


def test_atom_entries_relative_links_resolved_against_the_feed_url() -> None:
    data = (DATA / "lakes.atom").read_bytes().replace(b"BASE_URL", b"https://lakes.example.com")
    entries = feed_entries(data, "https://lakes.example.com/feeds/lakes.atom")
    assert [e.link for e in entries] == [
        "https://lakes.example.com/articles/kivu_clashes.html",
        "https://lakes.example.com/articles/sahel_convoy.html",
    ]
    assert entries[0].published == date(2024, 2, 8)  # <published>, not <updated>
    assert entries[1].published == date(2024, 3, 12)  # only <updated>
    assert entries[1].summary is None


def test_malformed_feed_is_refused_with_the_reason() -> None:
    with pytest.raises(InputError) as caught:
        feed_entries((DATA / "broken.rss").read_bytes(), "broken.rss")
    assert str(caught.value) == "broken.rss: not an RSS or Atom feed: mismatched tag at line 8, column 29"
    with pytest.raises(InputError, match=r"^sitemap\.xml: not an RSS or Atom feed: no <rss>, <feed>"):
        feed_entries(b'<?xml version="1.0"?><urlset><url><loc>http://x/</loc></url></urlset>', "sitemap.xml")
    # an HTML page is not well-formed XML: feedparser's reason is given
    with pytest.raises(InputError, match=r"^page\.html: not an RSS or Atom feed: mismatched tag at line \d+"):
        feed_entries((DATA / "kivu_clashes.html").read_bytes(), "page.html")


def test_feed_data_is_never_taken_for_a_file_name(tmp_path: Path) -> None:
    """feedparser opens bytes that name a file; our reader must not."""
    secret = tmp_path / "secret.rss"
    secret.write_text('<rss version="2.0"><channel><item><link>http://x/</link></item></channel></rss>')
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        feed_entries(str(secret).encode(), "data")


# --- read_sources: web ------------------------------------------------------------------------


def test_url_source_becomes_an_article_with_the_final_url(fetcher: Fetcher, site: Server) -> None:
    article = only(list(read_sources([f"{site.base}/moved"], fetcher=fetcher)))
    assert isinstance(article, Article)
    final = f"{site.base}/articles/sahel_convoy.html"
    assert article.url == final
    assert article.article_id == article_id_for(final, article.text)
    assert article.origin == final
    assert article.title == "Gunmen ambush army convoy near Djibo, killing 14 soldiers"
    assert article.source == "Sahel Wire"
    assert article.published is None  # the page has no date, and none was given
    assert article.text.startswith("OUAGADOUGOU — Suspected jihadist fighters ambushed")
    assert "Most read" not in article.text and "All rights reserved" not in article.text


def test_the_fetched_url_wins_over_the_pages_canonical_link(fetcher: Fetcher, site: Server) -> None:
    url = f"{site.base}/articles/odesa_port.html"
    article = only(list(read_sources([url], fetcher=fetcher, published=date(2023, 9, 5))))
    assert isinstance(article, Article)
    assert article.url == url  # not https://blackseamonitor.example.com/... from <link rel="canonical">
    assert article.article_id == article_id_for(url, article.text)
    assert article.published == date(2023, 9, 5)  # the option overrides the page's 2023-09-04


def test_url_failures_are_skipped_not_raised(fetcher: Fetcher, site: Server) -> None:
    results = list(
        read_sources(
            [
                f"{site.base}/missing",
                f"{site.base}/image.png",
                f"{site.base}/to-metadata",
                "ftp://x.example/",
            ],
            fetcher=fetcher,
        )
    )
    assert results == [
        Skipped(f"{site.base}/missing", "HTTP 404 Not Found"),
        Skipped(f"{site.base}/image.png", "not an article page: its Content-Type is image/png"),
        Skipped(
            f"{site.base}/to-metadata",
            "redirected to http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is a "
            "link-local address (private networks are not fetched unless frontwire ingest --allow-private is "
            "given)",
        ),
        Skipped("ftp://x.example/", "unsupported URL scheme ftp: only http and https are fetched"),
    ]


def test_rss_url_entries_are_fetched_and_a_failing_one_is_skipped(fetcher: Fetcher, site: Server) -> None:
    results = list(read_sources([f"{site.base}/feeds/wire.rss"], fetcher=fetcher))
    assert len(results) == 3
    sahel, port, missing = results
    assert isinstance(sahel, Article) and isinstance(port, Article)
    assert sahel.url == f"{site.base}/articles/sahel_convoy.html"
    assert sahel.published == date(2024, 3, 12)  # the page has no date: the entry's
    assert port.url == f"{site.base}/articles/odesa_port.html"
    assert port.published == date(2023, 9, 4)  # the page's own date
    assert missing == Skipped(f"{site.base}/missing", "HTTP 404 Not Found")


def test_atom_feed_sniffed_from_a_generic_content_type(fetcher: Fetcher, site: Server) -> None:
    results = list(read_sources([f"{site.base}/feeds/lakes.atom"], fetcher=fetcher))
    assert [r.url for r in results if isinstance(r, Article)] == [
        f"{site.base}/articles/kivu_clashes.html",
        f"{site.base}/articles/sahel_convoy.html",  # the relative link, resolved against the feed
    ]
    assert len(results) == 2


def test_malformed_feed_url_is_skipped_with_the_reason(fetcher: Fetcher, site: Server) -> None:
    assert list(read_sources([f"{site.base}/feeds/broken.rss"], fetcher=fetcher)) == [
        Skipped(
            f"{site.base}/feeds/broken.rss", "not an RSS or Atom feed: mismatched tag at line 8, column 29"
        )
    ]


def test_plain_text_url_becomes_an_article(fetcher: Fetcher, site: Server) -> None:
    url = f"{site.base}/brief.txt"
    article = only(list(read_sources([url], fetcher=fetcher, published=date(2021, 5, 9))))
    assert isinstance(article, Article)
    assert article.text == BRIEF
    assert (article.url, article.published) == (url, date(2021, 5, 9))
    assert article.article_id == article_id_for(url, BRIEF)


def test_a_feed_entry_that_links_to_a_feed_is_not_followed(
    tmp_path: Path, fetcher: Fetcher, site: Server
) -> None:
    feed = tmp_path / "meta.rss"
    feed.write_text(
        f'<rss version="2.0"><channel><title>Feeds</title><item><title>Lakes</title>'
        f"<link>{site.base}/feeds/lakes.atom</link></item></channel></rss>",
        "utf-8",
    )
    assert list(read_sources([str(feed)], fetcher=fetcher)) == [
        Skipped(
            f"{site.base}/feeds/lakes.atom",
            "a feed, not an article page (feed entries are not followed into feeds)",
        )
    ]


def test_page_decoding_follows_the_declared_charset() -> None:
    page = "<p>Troops entered Kramatorsk’s suburbs — officials said.</p>"
    cp1252 = page.encode("cp1252")
    assert decode_page(cp1252, "text/html; charset=windows-1252") == page
    meta = b'<html><head><meta charset="windows-1252"></head><body>' + cp1252 + b"</body></html>"
    assert page in decode_page(meta, "text/html")  # no charset in the header: the page's <meta>
    assert decode_page(b"\xef\xbb\xbf" + page.encode(), None) == page  # a UTF-8 BOM
    # undeclared bytes that are not UTF-8 do not cost the page: they become U+FFFD
    assert decode_page(cp1252, "text/html") == page.replace("’", "\ufffd").replace("—", "\ufffd")
    assert decode_page(page.encode(), "text/html; charset=no-such-charset") == page


def _local_feed(tmp_path: Path, name: str, base: str) -> Path:
    path = tmp_path / name
    path.write_text((DATA / name).read_text("utf-8").replace("BASE_URL", base), "utf-8")
    return path


def test_local_feed_file_links_are_fetched(tmp_path: Path, fetcher: Fetcher, site: Server) -> None:
    feed = _local_feed(tmp_path, "wire.rss", site.base)
    results = list(read_sources([str(feed)], fetcher=fetcher))
    assert [type(r).__name__ for r in results] == ["Article", "Article", "Skipped"]
    xml = feed.rename(tmp_path / "wire.xml")  # .xml is sniffed
    assert len([r for r in read_sources([str(xml)], fetcher=fetcher) if isinstance(r, Article)]) == 2


def test_local_feed_without_a_fetcher_uses_a_safe_default(tmp_path: Path, site: Server) -> None:
    feed = _local_feed(tmp_path, "wire.rss", site.base)
    before = len(site.hits)
    results = list(read_sources([str(feed)]))
    assert len(results) == 3
    for result in results:
        assert isinstance(result, Skipped)
        assert "refused: 127.0.0.1 is a loopback address" in result.reason
    assert len(site.hits) == before


def test_bad_local_feeds_are_skipped(tmp_path: Path) -> None:
    not_feed = tmp_path / "sitemap.xml"
    not_feed.write_text('<?xml version="1.0"?><urlset><url><loc>http://x/</loc></url></urlset>')
    empty = tmp_path / "empty.rss"
    empty.write_text('<rss version="2.0"><channel><title>Nothing yet</title></channel></rss>')
    assert list(read_sources([str(DATA / "broken.rss"), str(not_feed), str(empty)])) == [
        Skipped(str(DATA / "broken.rss"), "not an RSS or Atom feed: mismatched tag at line 8, column 29"),
        Skipped(str(not_feed), "not an RSS or Atom feed (an .xml source must be one)"),
        Skipped(str(empty), "feed has no entries"),
    ]


# --- WARC -------------------------------------------------------------------------------------

SAHEL_URL = "https://sahelwire.example.com/2024/03/12/djibo-convoy-ambush"
KIVU_URL = "https://greatlakes.example.com/drc/2024/02/08/sake-clashes"


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
    writer.write_record(record)


def build_warc(path: Path, *, gzip_records: bool = True, padding: int = 0) -> int:
    """Two HTML responses, an image response and a request record; returns where the second HTML
    response starts in the file. `padding` bytes (an HTML comment) lengthen the second page."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    _response(writer, SAHEL_URL, (DATA / "sahel_convoy.html").read_bytes(), "text/html; charset=utf-8")
    request = writer.create_warc_record(
        SAHEL_URL, "request", payload=io.BytesIO(b"GET /2024/03/12/djibo-convoy-ambush HTTP/1.1\r\n\r\n")
    )
    writer.write_record(request)
    _response(writer, "https://sahelwire.example.com/logo.png", PNG, "image/png")
    second = buffer.tell()
    filler = b"<!--" + b" " * (padding - 7) + b"-->" if padding else b""
    _response(writer, KIVU_URL, (DATA / "kivu_clashes.html").read_bytes() + filler, "text/html")
    path.write_bytes(buffer.getvalue())
    return second


def test_warc_records_pages_only(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    build_warc(path)
    ignored: Counter[str] = Counter()
    pages = list(warc_records(path, 1_000_000, ignored=ignored))
    assert all(isinstance(p, WarcPage) for p in pages)
    assert [p.url for p in pages if isinstance(p, WarcPage)] == [SAHEL_URL, KIVU_URL]
    first = pages[0]
    assert isinstance(first, WarcPage)
    assert first.body == (DATA / "sahel_convoy.html").read_bytes()
    assert first.content_type == "text/html; charset=utf-8"
    assert first.origin.startswith(f"{path}#<urn:uuid:")
    assert ignored == Counter({"request": 1, "non-HTML response": 1})
    # a page over the cap is skipped alone
    sizes = [len((DATA / name).read_bytes()) for name in ("sahel_convoy.html", "kivu_clashes.html")]
    assert sizes[1] < 2_000 < sizes[0]
    capped = list(warc_records(path, 2_000))
    assert [type(p).__name__ for p in capped] == ["Skipped", "WarcPage"]
    assert isinstance(capped[0], Skipped)
    assert capped[0].reason == "archived page too large: over the limit of 2,000 bytes"


@pytest.mark.parametrize("gzip_records", [True, False])
def test_warc_to_articles_with_their_urls(tmp_path: Path, gzip_records: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip_records else "crawl.warc")
    build_warc(path, gzip_records=gzip_records)
    results = list(read_sources([str(path)], published=date(2024, 3, 13)))
    assert len(results) == 2
    sahel, kivu = results
    assert isinstance(sahel, Article) and isinstance(kivu, Article)
    assert (sahel.url, kivu.url) == (SAHEL_URL, KIVU_URL)
    assert sahel.article_id == article_id_for(SAHEL_URL, sahel.text)
    assert kivu.title == "M23 rebels and army clash near Sake as thousands flee toward Goma"
    assert sahel.published == kivu.published == date(2024, 3, 13)
    assert sahel.origin is not None and sahel.origin.startswith(f"{path}#<urn:uuid:")


@pytest.mark.parametrize("gzip_records", [True, False])
def test_truncated_warc_keeps_the_first_article_and_names_the_file(
    tmp_path: Path, gzip_records: bool
) -> None:
    whole = tmp_path / "whole.warc"
    second = build_warc(whole, gzip_records=gzip_records)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gzip_records else "cut.warc")
    cut.write_bytes(data[: second + (len(data) - second) // 2])  # the middle of the second page
    results = list(read_sources([str(cut)]))
    assert len(results) == 2, results
    article, skipped = results
    assert isinstance(article, Article) and article.url == SAHEL_URL
    assert isinstance(skipped, Skipped) and skipped.source == str(cut)
    if gzip_records:
        assert skipped.reason.startswith(
            "truncated or corrupt WARC.gz: record 4: the file ends inside its gzip member (after "
        )
    else:
        assert skipped.reason.startswith(f"truncated or corrupt WARC: record 4 ({KIVU_URL}, offset ")
        assert "bytes short of its Content-Length" in skipped.reason
    assert skipped.reason.endswith("; 3 records before it were read")


def test_corrupt_gzip_member_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    second = build_warc(path)
    data = bytearray(path.read_bytes())
    middle = second + (len(data) - second) // 2
    data[middle : middle + 16] = bytes(16)  # zero out compressed bytes inside the second page
    path.write_bytes(bytes(data))
    results = list(warc_records(path, 1_000_000))
    assert isinstance(results[0], WarcPage) and results[0].url == SAHEL_URL
    assert len(results) == 2
    assert isinstance(results[1], Skipped) and results[1].reason.startswith("truncated or corrupt WARC.gz: ")


def test_a_whole_archive_in_one_gzip_member_is_read(tmp_path: Path) -> None:
    plain = tmp_path / "plain.warc"
    build_warc(plain, gzip_records=False)
    single = tmp_path / "single.warc.gz"
    single.write_bytes(gzip.compress(plain.read_bytes()))
    assert [p.url for p in warc_records(single, 1_000_000) if isinstance(p, WarcPage)] == [
        SAHEL_URL,
        KIVU_URL,
    ]


def _padding_for_last_member_of(size: int, tmp_path: Path) -> int:
    """The padding that makes the last record's gzip member decompress to `size` bytes."""
    padding, path = 8, tmp_path / "probe.warc.gz"
    for _ in range(5):  # the Content-Length header may gain a digit: converge
        second = build_warc(path, padding=padding)
        got = len(gzip.decompress(path.read_bytes()[second:]))
        if got == size:
            return padding
        padding += size - got
    raise AssertionError(f"no padding gives a member of {size} bytes")


@pytest.mark.parametrize("text_before_crc", [False, True])
def test_a_page_whose_gzip_member_fails_its_crc_is_not_handed_out(
    tmp_path: Path, text_before_crc: bool
) -> None:
    """Damaged deflate data can decode without an error: only the member's CRC tells. The second
    page is the last member, so its CRC is the file's last 8 bytes but 4. With `text_before_crc`
    the page is padded so that warcio's second 16 KiB read ends 2 bytes before the member's data
    does (inside the blank lines after the record): the page's text is then read whole before
    the CRC is reached, and it must still not go out."""
    padding = _padding_for_last_member_of(2 * BUFF_SIZE + 2, tmp_path) if text_before_crc else 0
    path = tmp_path / "crc.warc.gz"
    build_warc(path, padding=padding)
    data = bytearray(path.read_bytes())
    data[-8] ^= 0xFF
    path.write_bytes(bytes(data))
    results = list(warc_records(path, 1_000_000))
    assert [type(r).__name__ for r in results] == ["WarcPage", "Skipped"]
    assert isinstance(results[0], WarcPage) and results[0].url == SAHEL_URL
    assert isinstance(results[1], Skipped)
    assert results[1].reason.startswith(
        "truncated or corrupt WARC.gz: record 4: corrupt gzip data (Error -3 while decompressing data: "
        "incorrect data check)"
    )
    build_warc(path, padding=padding)  # undamaged: both pages, whole
    pages = [p for p in warc_records(path, 1_000_000) if isinstance(p, WarcPage)]
    sizes = [len((DATA / name).read_bytes()) for name in ("sahel_convoy.html", "kivu_clashes.html")]
    assert [len(p.body) for p in pages] == [sizes[0], sizes[1] + padding]


def test_warc_cut_inside_a_record_header(tmp_path: Path) -> None:
    """warcio stops without an error at a record whose header is cut before its blank line, or
    fails on a value the cut header lacks: both are reported, after the first page."""
    whole = tmp_path / "whole.warc"
    second = build_warc(whole, gzip_records=False)
    data = whole.read_bytes()
    header_end = data.index(b"\r\n\r\n", second)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[:header_end])
    results = list(warc_records(cut, 1_000_000))
    assert [type(r).__name__ for r in results] == ["WarcPage", "Skipped"]
    assert results[1] == Skipped(
        str(cut),
        f"truncated WARC: the last {header_end - second} bytes (from offset {second}) are not a complete "
        "record; 3 records before them were read",
    )
    cut.write_bytes(data[: second + 40])  # before WARC-Target-URI
    assert list(warc_records(cut, 1_000_000))[1:] == [
        Skipped(
            str(cut),
            "truncated or corrupt WARC: record 4 cannot be read (its WARC header is incomplete); "
            "3 records before it were read",
        )
    ]


def test_a_wrong_content_length_is_reported_and_warcio_writes_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """warcio wrote "WARNING: Record not followed by newline" to stderr, and the next record then
    failed with a reason that blamed it; the Skipped names the record whose length is wrong."""
    whole = tmp_path / "whole.warc"
    build_warc(whole, gzip_records=False)
    data = whole.read_bytes()
    declared = data.index(b"Content-Length: ")
    end = data.index(b"\r\n", declared)
    length = int(data[declared + 16 : end])
    short = tmp_path / "short.warc"
    short.write_bytes(data[:declared] + b"Content-Length: %d" % (length - 40) + data[end:])
    results = list(warc_records(short, 1_000_000))
    assert results[1:] == [
        Skipped(
            str(short),
            "truncated or corrupt WARC: record 1 (offset 0) is not followed by a blank line where its "
            "Content-Length says it ends (the length is wrong); 0 records before it were read",
        )
    ]
    assert capfd.readouterr().err == ""


def _encoded_page_warc(path: Path, payload: bytes, url: str = KIVU_URL) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
    writer.write_record(record)
    path.write_bytes(buffer.getvalue())


def test_a_page_whose_gzip_encoding_breaks_off_is_skipped_not_cut_short(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """warcio wrote zlib's error to stderr and handed out the page up to the damage."""
    page = (DATA / "kivu_clashes.html").read_bytes()
    # an incompressible comment makes the compressed page span several of warcio's read blocks
    noise = random.Random(7).randbytes(4 * BUFF_SIZE).hex().encode()
    compressed = bytearray(gzip.compress(page + b"<!--" + noise + b"-->"))
    compressed[-2 * BUFF_SIZE : -2 * BUFF_SIZE + 64] = bytes(range(64))  # damage past the first block
    archive = tmp_path / "encoded.warc"
    _encoded_page_warc(archive, bytes(compressed))
    [result] = list(warc_records(archive, 10_000_000))
    assert isinstance(result, Skipped) and result.source.startswith(f"{KIVU_URL} (from {archive}#")
    assert result.reason.startswith("archived page's gzip encoding is corrupt (Error -3 while decompressing")
    assert capfd.readouterr().err == ""
    # an intact encoded page is decoded
    _encoded_page_warc(archive, gzip.compress(page))
    [intact] = list(warc_records(archive, 10_000_000))
    assert isinstance(intact, WarcPage) and intact.body == page


def test_warcio_logs_nothing_to_the_terminal(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """warcio logged "Replacing spaces in invalid WARC-Target-URI" at WARNING."""
    caplog.set_level(logging.DEBUG)
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    _response(writer, "https://news.example.com/a page with spaces", b"<p>x</p>", "text/html")
    archive = tmp_path / "spaces.warc"
    archive.write_bytes(buffer.getvalue())
    [page] = list(warc_records(archive, 1_000_000))
    assert isinstance(page, WarcPage) and page.url == "https://news.example.com/a%20page%20with%20spaces"
    assert [r for r in caplog.records if not r.name.startswith("frontwire")] == []


def test_not_a_warc_and_empty_warc(tmp_path: Path) -> None:
    fake = tmp_path / "page.warc"
    fake.write_bytes((DATA / "kivu_clashes.html").read_bytes())
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    results = list(read_sources([str(fake), str(empty)]))
    assert len(results) == 2
    assert isinstance(results[0], Skipped) and results[0].source == str(fake)
    assert results[0].reason.startswith("not a WARC file, or corrupt at its start: Unknown archive format")
    assert results[1] == Skipped(str(empty), "empty: no WARC records in it")


def test_directory_with_warc_feed_and_html_is_walked(tmp_path: Path, fetcher: Fetcher, site: Server) -> None:
    root = tmp_path / "inbox"
    (root / "crawl").mkdir(parents=True)
    build_warc(root / "crawl" / "archive.warc.gz")
    (root / "port.html").write_bytes((DATA / "odesa_port.html").read_bytes())
    _local_feed(root, "lakes.atom", site.base)
    (root / "notes.md").write_text("not a source")
    (root / ".draft.html").write_bytes((DATA / "odesa_port.html").read_bytes())
    results = list(read_sources([str(root)], fetcher=fetcher))
    assert [(type(r).__name__, r.origin if isinstance(r, Article) else r.source) for r in results][2:] == [
        ("Article", f"{site.base}/articles/kivu_clashes.html"),  # lakes.atom, entry 1
        ("Skipped", "/articles/sahel_convoy.html"),  # entry 2: a relative link in a local file
        ("Article", str(root / "port.html")),
    ]
    assert [r.url for r in results[:2] if isinstance(r, Article)] == [SAHEL_URL, KIVU_URL]
    assert isinstance(results[3], Skipped)
    assert results[3].reason == "unsupported URL scheme (none): only http and https are fetched"
    # a folder holding only an archive is not "a directory with no readable files"
    only_warc = tmp_path / "only"
    only_warc.mkdir()
    build_warc(only_warc / "a.warc.gz")
    assert [type(r).__name__ for r in read_sources([str(only_warc)])] == ["Article", "Article"]


def test_missing_and_unsupported_sources(tmp_path: Path) -> None:
    odd = tmp_path / "report.pdf"
    odd.write_bytes(b"%PDF-1.7")
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    assert list(read_sources([str(tmp_path / "nope.html"), str(odd), str(empty_dir)])) == [
        Skipped(str(tmp_path / "nope.html"), "no such file or directory"),
        Skipped(
            str(odd),
            "unsupported file type .pdf: expected .txt, .html, .htm, .jsonl, .ndjson, .csv, .rss, .atom, .xml, .warc or .warc.gz",
        ),
        Skipped(
            str(empty_dir),
            "directory has no readable files (no .txt, .html, .htm, .jsonl, .ndjson, .csv, .rss, .atom, .xml, .warc or "
            ".warc.gz below it)",
        ),
    ]
