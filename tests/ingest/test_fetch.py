"""The HTTP fetcher: SSRF guard, robots.txt, limits, decompression caps, retries, validators.

All HTTP is faked with ``httpx.MockTransport`` (plus one real server on 127.0.0.1)."""

from __future__ import annotations

import gzip
import http.server
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import httpx
import pytest

from newsweave.errors import InputError, UnsafeInputError
from newsweave.ingest.fetch import (
    USER_AGENT,
    Fetcher,
    FetchPolicy,
    FetchState,
    decode_content,
    read_url_list,
    refused_address,
)

PUBLIC = "93.184.216.34"
PAGE = b"<html><body><p>Hello</p></body></html>"

Handler = Callable[[httpx.Request], httpx.Response]


def _fetcher(
    handler: Handler,
    *,
    resolver: Callable[[str, int], list[str]] | None = None,
    sleeps: list[float] | None = None,
    state: FetchState | None = None,
    **policy: object,
) -> Fetcher:
    defaults: dict[str, object] = {"min_interval": 0.0, "backoff": 0.5}
    defaults.update(policy)
    return Fetcher(
        policy=FetchPolicy(**defaults),  # type: ignore[arg-type]
        transport=httpx.MockTransport(handler),
        resolver=resolver or (lambda host, port: [PUBLIC]),
        sleep=(sleeps.append if sleeps is not None else lambda s: None),
        state=state,
    )


class _Body(httpx.SyncByteStream):
    """A streamed body: httpx reads a ``content=bytes`` response eagerly (and decodes its
    gzip), which would hide what the fetcher does with the raw stream."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks


def _resp(
    status: int, body: bytes | Iterable[bytes] = b"", headers: dict[str, str] | None = None
) -> Callable[[], httpx.Response]:
    def make() -> httpx.Response:
        chunks = [body] if isinstance(body, bytes) else body
        return httpx.Response(status, headers=headers, stream=_Body(chunks))

    return make


def _site(
    pages: dict[str, Callable[[], httpx.Response]], seen: list[httpx.Request] | None = None
) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return pages.get(request.url.path, _resp(404))()

    return handler


def test_sends_user_agent_and_returns_content() -> None:
    seen: list[httpx.Request] = []
    f = _fetcher(_site({"/a": _resp(200, PAGE)}, seen))
    result = f.get("https://news.example/a")
    assert result.content == PAGE and result.status == 200
    assert [r.url.path for r in seen] == ["/robots.txt", "/a"]
    assert seen[1].headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("newsweave/") and "(+https://" in USER_AGENT


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "100.64.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert refused_address(address) is not None
    f = _fetcher(_site({"/": _resp(200, PAGE)}), resolver=lambda h, p: [address])
    with pytest.raises(UnsafeInputError, match="allow-private") as info:
        f.get("http://innocent.example/")
    assert info.value.code == "private_address"


def test_public_addresses_pass() -> None:
    for address in (PUBLIC, "8.8.8.8", "2606:4700:4700::1111"):
        assert refused_address(address) is None


def test_every_resolved_address_is_checked() -> None:
    f = _fetcher(_site({}), resolver=lambda h, p: [PUBLIC, "10.0.0.1"])
    with pytest.raises(UnsafeInputError, match="10.0.0.1"):
        f.get("https://mixed.example/")


def test_ip_literal_urls_are_checked_without_dns() -> None:
    def no_dns(host: str, port: int) -> list[str]:
        raise AssertionError("an IP literal must not be resolved")

    f = _fetcher(_site({}), resolver=no_dns)
    with pytest.raises(UnsafeInputError):
        f.get("http://[::1]:8080/x")
    with pytest.raises(UnsafeInputError):
        f.get("http://169.254.169.254/latest/meta-data/")


def test_allow_private_lets_local_hosts_through() -> None:
    f = _fetcher(
        _site({"/a": _resp(200, PAGE)}),
        resolver=lambda h, p: ["127.0.0.1"],
        allow_private=True,
    )
    assert f.get("http://localhost/a").content == PAGE


def test_redirect_to_a_private_address_is_refused_at_the_hop() -> None:
    """A public page that redirects to cloud metadata must not be followed there."""
    seen: list[httpx.Request] = []
    pages = {"/r": _resp(302, headers={"Location": "http://metadata.internal/x"})}

    def resolver(host: str, port: int) -> list[str]:
        return ["169.254.169.254"] if host == "metadata.internal" else [PUBLIC]

    f = _fetcher(_site(pages, seen), resolver=resolver)
    with pytest.raises(UnsafeInputError, match="link-local"):
        f.get("https://news.example/r")
    assert all(r.url.host == "news.example" for r in seen)


def test_redirects_are_followed_and_bounded() -> None:
    pages = {
        "/old": _resp(301, headers={"Location": "/new"}),
        "/new": _resp(200, PAGE),
        "/loop": _resp(302, headers={"Location": "/loop"}),
    }
    f = _fetcher(_site(pages))
    result = f.get("https://news.example/old")
    assert result.final_url == "https://news.example/new" and result.content == PAGE
    with pytest.raises(InputError) as info:
        f.get("https://news.example/loop")
    assert info.value.code == "too_many_redirects"


def test_non_http_schemes_are_refused() -> None:
    f = _fetcher(_site({}))
    for url in ("file:///etc/passwd", "ftp://x.example/", "javascript:alert(1)", "http:///x"):
        with pytest.raises(InputError) as info:
            f.get(url)
        assert info.value.code == "bad_url"
    pages = {"/r": _resp(302, headers={"Location": "file:///etc/passwd"})}
    with pytest.raises(InputError, match="not an http"):
        _fetcher(_site(pages)).get("https://news.example/r")


def test_robots_txt_is_honoured_and_cached_per_host() -> None:
    seen: list[httpx.Request] = []
    robots = b"User-agent: *\nDisallow: /private/\n"
    pages = {
        "/robots.txt": _resp(200, robots),
        "/private/a": _resp(200, PAGE),
        "/public/a": _resp(200, PAGE),
        "/public/b": _resp(200, PAGE),
    }
    f = _fetcher(_site(pages, seen))
    with pytest.raises(UnsafeInputError) as info:
        f.get("https://news.example/private/a")
    assert info.value.code == "robots_disallowed"
    f.get("https://news.example/public/a")
    f.get("https://news.example/public/b")
    assert [r.url.path for r in seen].count("/robots.txt") == 1
    assert "/private/a" not in [r.url.path for r in seen]


def test_robots_txt_server_error_disallows_the_host() -> None:
    pages = {"/robots.txt": _resp(500), "/a": _resp(200, PAGE)}
    f = _fetcher(_site(pages), retries=0)
    with pytest.raises(UnsafeInputError, match="robots.txt"):
        f.get("https://news.example/a")


def test_declared_oversize_is_refused_before_reading() -> None:
    def body() -> Iterator[bytes]:
        raise AssertionError("the body must not be read")
        yield b""  # pragma: no cover

    pages = {"/big": _resp(200, body(), {"Content-Length": str(50 * 2**20)})}
    with pytest.raises(UnsafeInputError, match="MB limit") as info:
        _fetcher(_site(pages)).get("https://news.example/big")
    assert info.value.code == "too_large"


def test_streamed_oversize_is_refused_at_the_cap() -> None:
    sent = []

    def body() -> Iterator[bytes]:
        for _ in range(100):
            sent.append(1)
            yield b"x" * 65536

    pages = {"/big": _resp(200, body())}
    with pytest.raises(UnsafeInputError) as info:
        _fetcher(_site(pages), max_bytes=1_000_000).get("https://news.example/big")
    assert info.value.code == "too_large"
    assert len(sent) < 20  # stopped at about 1 MB, not after 6.5 MB


def test_gzip_and_deflate_are_decoded() -> None:
    text = b"<p>" + "Știri — новости".encode() * 500 + b"</p>"
    assert decode_content(gzip.compress(text), "gzip", limit=10**6) == text
    assert decode_content(zlib.compress(text), "deflate", limit=10**6) == text
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert decode_content(raw.compress(text) + raw.flush(), "deflate", limit=10**6) == text
    pages = {"/g": _resp(200, gzip.compress(text), {"Content-Encoding": "gzip"})}
    assert _fetcher(_site(pages)).get("https://news.example/g").content == text


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"\0" * (200 * 2**20), compresslevel=9)  # 200 MB -> ~200 KB
    assert len(bomb) < 1_000_000
    pages = {"/bomb": _resp(200, bomb, {"Content-Encoding": "gzip"})}
    with pytest.raises(UnsafeInputError, match="compression bomb") as info:
        _fetcher(_site(pages)).get("https://news.example/bomb")
    assert info.value.code == "decompression_bomb"


def test_corrupt_gzip_is_an_input_error() -> None:
    pages = {"/c": _resp(200, b"nope", {"Content-Encoding": "gzip"})}
    with pytest.raises(InputError) as info:
        _fetcher(_site(pages)).get("https://news.example/c")
    assert info.value.code == "encoding"


def test_server_errors_are_retried_with_exponential_backoff() -> None:
    answers = iter([_resp(503), _resp(502), _resp(200, PAGE)])
    sleeps: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return next(answers)()

    result = _fetcher(handler, sleeps=sleeps).get("https://news.example/a")
    assert result.content == PAGE
    assert sleeps == [0.5, 1.0]


def test_retries_are_bounded() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        calls.append(1)
        raise httpx.ReadTimeout("slow", request=request)

    sleeps: list[float] = []
    with pytest.raises(InputError, match="4 attempts") as info:
        _fetcher(handler, sleeps=sleeps, retries=3).get("https://news.example/a")
    assert info.value.code == "timeout" and len(calls) == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_client_errors_are_not_retried() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(404)

    with pytest.raises(InputError) as info:
        _fetcher(handler).get("https://news.example/gone")
    assert info.value.code == "http_404" and calls == ["/robots.txt", "/gone"]


def test_conditional_get_uses_stored_validators(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304)
        validators = {"ETag": '"v1"', "Last-Modified": "Mon, 02 Jun 2025 10:00:00 GMT"}
        return _resp(200, PAGE, validators)()

    path = tmp_path / "news.db.fetchstate.json"
    first = _fetcher(handler, state=FetchState.load(path))
    assert first.get("https://news.example/feed").content == PAGE
    first.state.save()
    again = _fetcher(handler, state=FetchState.load(path))
    result = again.get("https://news.example/feed")
    assert result.not_modified and result.content is None
    assert seen[-1].headers["if-modified-since"] == "Mon, 02 Jun 2025 10:00:00 GMT"
    assert again.get("https://news.example/feed", conditional=False).content == PAGE


def test_state_file_path_and_corrupt_state(tmp_path: Path) -> None:
    assert FetchState.path_for("data/news.db") == Path("data/news.db.fetchstate.json")
    path = tmp_path / "s.json"
    path.write_text("{broken")
    assert FetchState.load(path).validators == {}


def test_rate_limit_per_host() -> None:
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    f = Fetcher(
        policy=FetchPolicy(min_interval=2.0, robots=False),
        transport=httpx.MockTransport(lambda r: _resp(200, PAGE)()),
        resolver=lambda h, p: [PUBLIC],
        sleep=sleep,
        clock=lambda: now[0],
    )
    f.get("https://a.example/1")
    f.get("https://b.example/1")
    assert sleeps == []
    f.get("https://a.example/2")
    assert sleeps == [2.0]


def test_url_list_skips_comments_and_duplicates() -> None:
    lines = [
        "# feeds",
        "",
        "https://a.example/rss",
        "  https://b.example/atom  ",
        "https://a.example/rss",
    ]
    assert read_url_list(lines) == ["https://a.example/rss", "https://b.example/atom"]


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path == "/robots.txt":
            body, status = b"User-agent: *\nDisallow: /secret\n", 200
        elif self.path == "/page":
            body, status = PAGE, 200
        else:
            body, status = b"", 404
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_real_local_server(local_server: str) -> None:
    with Fetcher(policy=FetchPolicy(min_interval=0.0)) as f:
        with pytest.raises(UnsafeInputError, match="loopback"):
            f.get(local_server + "/page")
    with Fetcher(policy=FetchPolicy(min_interval=0.0, allow_private=True)) as f:
        assert f.get(local_server + "/page").content == PAGE
        with pytest.raises(UnsafeInputError, match="robots"):
            f.get(local_server + "/secret")
