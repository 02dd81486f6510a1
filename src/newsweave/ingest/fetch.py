"""Fetching pages and feeds over HTTP, politely and defensively.

One ``Fetcher`` owns one ``httpx.Client`` and applies, to every request:

* an SSRF guard: the host is resolved and *every* address must be public (not private,
  loopback, link-local, multicast, reserved, unspecified, nor otherwise non-global), on every
  redirect hop (redirects are followed here, by hand, never by httpx), unless
  ``allow_private``;
* robots.txt (``urllib.robotparser`` over a robots.txt we fetched ourselves, cached per host;
  a 4xx robots.txt allows all, a 5xx or unreachable one disallows all, as RFC 9309 says);
* a per-host rate limit (minimum seconds between two requests to one host);
* bounded retries with exponential backoff on 5xx, 429, timeouts and connection errors;
* a cap on the bytes read (streamed; a larger ``Content-Length`` is refused before reading)
  and on the bytes after gzip/deflate decoding, which we do ourselves so that a compression
  bomb is stopped at the cap instead of filling memory;
* conditional GET: the ETag and Last-Modified of each URL are kept in ``FetchState``
  (a JSON file next to the database) and a 304 comes back as ``not_modified``.

Every refusal or failure raises ``InputError`` (``UnsafeInputError`` for refusals on purpose)
with a stable code, so callers report it per item and go on.

Known limit: the address check and httpx's own connect resolve the name separately, so a
DNS-rebinding server with a zero TTL could still switch to a private address in between.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import socket
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from .. import __version__
from ..errors import InputError, UnsafeInputError

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/newsweave/newsweave"
USER_AGENT = f"newsweave/{__version__} (+{PROJECT_URL})"
MAX_RESPONSE_BYTES = 10_000_000  # decimal MB, like --max-file-mb of `run`
MAX_ROBOTS_BYTES = 512_000  # RFC 9309: crawlers must read at least 500 KiB
REDIRECT_CODES = {301, 302, 303, 307, 308}
RETRY_CODES = {429, 500, 502, 503, 504}

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How careful and how patient a ``Fetcher`` is."""

    timeout: float = 20.0
    max_bytes: int = MAX_RESPONSE_BYTES
    max_decoded_bytes: int = MAX_RESPONSE_BYTES
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_backoff: float = 30.0
    min_interval: float = 1.0  # seconds between two requests to the same host
    max_redirects: int = 5
    allow_private: bool = False
    robots: bool = True
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One fetched URL. ``content`` is decoded (no gzip), ``None`` when ``not_modified``."""

    url: str  # the requested URL
    final_url: str  # after redirects
    status: int
    content: bytes | None
    content_type: str
    not_modified: bool = False

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip().strip('"')
        return None


@dataclass
class FetchState:
    """What must survive between runs: validators per URL, and per-item bookkeeping.

    Stored as JSON (``<db>.fetchstate.json``), written atomically (temp file + rename) so a
    crash never leaves half a file.
    """

    path: Path | None = None
    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)  # item URL -> failed attempts
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(cls, path: str | Path) -> FetchState:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path=path)
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable fetch state %s: %s", path, exc)
            return cls(path=path)
        return cls(
            path=path,
            validators={
                k: {kk: str(vv) for kk, vv in v.items()}
                for k, v in data.get("validators", {}).items()
                if isinstance(v, dict)
            },
            attempts={k: int(v) for k, v in data.get("attempts", {}).items()},
        )

    @staticmethod
    def path_for(db: str) -> Path:
        return Path(db.removeprefix("sqlite:///") + ".fetchstate.json")

    def save(self) -> None:
        if self.path is None:
            return
        with self._lock:
            payload = json.dumps(
                {"version": 1, "validators": self.validators, "attempts": self.attempts},
                indent=0,
                sort_keys=True,
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def remember(self, url: str, headers: httpx.Headers) -> None:
        found = {
            key: headers[key] for key in ("etag", "last-modified") if headers.get(key) is not None
        }
        with self._lock:
            if found:
                self.validators[url] = found
            else:
                self.validators.pop(url, None)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"cannot resolve {host}: {exc}", code="dns") from exc
    return sorted({str(info[4][0]) for info in infos})


def refused_address(address: str) -> str | None:
    """Why ``address`` may not be fetched from (None when it is a public address)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
    for kind in ("loopback", "link_local", "unspecified", "multicast", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:  # e.g. 100.64.0.0/10 (carrier-grade NAT)
        return "non-global"
    return None


class Fetcher:
    """A polite, bounded HTTP client for pages and feeds. Thread-safe per host bookkeeping;
    use one per run and ``close()`` it (or use it as a context manager)."""

    def __init__(
        self,
        *,
        policy: FetchPolicy | None = None,
        state: FetchState | None = None,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = system_resolver,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.state = state or FetchState()
        self._resolve = resolver
        self._sleep = sleep
        self._clock = clock
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser] = {}
        self._lock = threading.Lock()
        self.client = httpx.Client(
            transport=transport,
            timeout=self.policy.timeout,
            follow_redirects=False,
            headers={
                "User-Agent": self.policy.user_agent,
                # Only codings we decode ourselves, under the cap.
                "Accept-Encoding": "gzip, deflate",
            },
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # --- public --------------------------------------------------------------------------

    def get(self, url: str, *, conditional: bool = True, accept: str | None = None) -> FetchResult:
        """Fetch ``url`` under the policy; raise ``InputError`` (with a code) when refused."""
        current = _check_url(url)
        validators = self.state.validators.get(url, {}) if conditional else {}
        for _hop in range(self.policy.max_redirects + 1):
            self._guard(current)
            if self.policy.robots and not self._robots_allow(current):
                raise UnsafeInputError(
                    f"robots.txt of {urlsplit(current).netloc} disallows {current}",
                    code="robots_disallowed",
                )
            headers = {}
            if accept:
                headers["Accept"] = accept
            if current == url:  # validators belong to the URL that produced them
                if "etag" in validators:
                    headers["If-None-Match"] = validators["etag"]
                if "last-modified" in validators:
                    headers["If-Modified-Since"] = validators["last-modified"]
            status, response_headers, body = self._request(current, headers)
            if status in REDIRECT_CODES:
                location = response_headers.get("location")
                if not location:
                    raise InputError(
                        f"HTTP {status} without a Location from {current}", code="bad_redirect"
                    )
                current = _check_url(urljoin(current, location))
                continue
            if status == 304:
                return FetchResult(url, current, status, None, "", not_modified=True)
            if status >= 400:
                raise InputError(f"HTTP {status} from {current}", code=f"http_{status}")
            if conditional and current == url:
                self.state.remember(url, response_headers)
            return FetchResult(url, current, status, body, response_headers.get("content-type", ""))
        raise InputError(
            f"more than {self.policy.max_redirects} redirects from {url}", code="too_many_redirects"
        )

    # --- the guards ------------------------------------------------------------------------

    def _guard(self, url: str) -> None:
        """Refuse a URL whose host resolves to any non-public address."""
        if self.policy.allow_private:
            return
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            addresses = self._resolve(host, port)
        if not addresses:
            raise InputError(f"{host} resolves to no address", code="dns")
        for address in addresses:
            why = refused_address(address)
            if why:
                raise UnsafeInputError(
                    f"refused {url}: {host} resolves to the {why} address {address} "
                    "(use --allow-private to fetch from local networks)",
                    code="private_address",
                )

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            parser = self._robots.get(key)
        if parser is None:
            parser = self._load_robots(key)
            with self._lock:
                self._robots[key] = parser
        return parser.can_fetch(self.policy.user_agent, url)

    def _load_robots(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(origin + "/robots.txt")
        url = origin + "/robots.txt"
        try:
            for _hop in range(self.policy.max_redirects + 1):
                self._guard(url)
                status, headers, body = self._request(url, {}, max_bytes=MAX_ROBOTS_BYTES)
                if status in REDIRECT_CODES and headers.get("location"):
                    url = _check_url(urljoin(url, headers["location"]))
                    continue
                break
        except UnsafeInputError:
            raise
        except InputError as exc:
            log.warning("robots.txt of %s unreachable (%s): disallowing the host", origin, exc)
            parser.disallow_all = True
            return parser
        if status >= 500:
            log.warning("robots.txt of %s: HTTP %s, disallowing the host", origin, status)
            parser.disallow_all = True
        elif status >= 400 or status in REDIRECT_CODES:
            parser.allow_all = True
        else:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
        return parser

    def _wait_for_host(self, host: str) -> None:
        with self._lock:
            last = self._last_request.get(host)
            now = self._clock()
            wait = 0.0 if last is None else last + self.policy.min_interval - now
            self._last_request[host] = now + max(wait, 0.0)
        if wait > 0:
            self._sleep(wait)

    # --- one request, with retries -----------------------------------------------------------

    def _request(
        self, url: str, headers: dict[str, str], *, max_bytes: int | None = None
    ) -> tuple[int, httpx.Headers, bytes]:
        host = urlsplit(url).hostname or ""
        attempt = 0
        while True:
            self._wait_for_host(host)
            try:
                status, response_headers, body = self._once(url, headers, max_bytes=max_bytes)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if attempt >= self.policy.retries:
                    code = "timeout" if isinstance(exc, httpx.TimeoutException) else "network"
                    raise InputError(
                        f"{type(exc).__name__} fetching {url} ({attempt + 1} attempts): {exc}",
                        code=code,
                    ) from exc
                delay = self._backoff(attempt, None)
            else:
                if status not in RETRY_CODES or attempt >= self.policy.retries:
                    return status, response_headers, body
                delay = self._backoff(attempt, response_headers.get("retry-after"))
            log.info("retrying %s in %.1f s (attempt %d)", url, delay, attempt + 2)
            self._sleep(delay)
            attempt += 1

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        delay = self.policy.backoff * (2**attempt)
        if retry_after:
            try:
                delay = max(delay, float(retry_after))
            except ValueError:
                try:
                    delay = max(delay, parsedate_to_datetime(retry_after).timestamp() - time.time())
                except (TypeError, ValueError):
                    pass
        return min(delay, self.policy.max_backoff)

    def _once(
        self, url: str, headers: dict[str, str], *, max_bytes: int | None
    ) -> tuple[int, httpx.Headers, bytes]:
        limit = max_bytes or self.policy.max_bytes
        with self.client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status in REDIRECT_CODES or status == 304 or status >= 400:
                return status, response.headers, b""
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise UnsafeInputError(
                    f"refused {url}: response is {int(declared) / 1e6:.1f} MB, "
                    f"over the {limit / 1e6:.0f} MB limit",
                    code="too_large",
                )
            if response.is_stream_consumed:
                # Built in memory (httpx.MockTransport with content=...): httpx has read and
                # decoded it already. Network responses always arrive as a stream.
                return status, response.headers, _read_capped(iter([response.content]), limit, url)
            raw = _read_capped(response.iter_raw(), limit, url)
            coding = response.headers.get("content-encoding", "identity").lower().strip()
            body = decode_content(raw, coding, limit=self.policy.max_decoded_bytes, url=url)
            return status, response.headers, body


def _check_url(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        host, _port = parts.hostname, parts.port
    except ValueError as exc:  # "http://[::1", "http://a:99999/"
        raise InputError(f"not a valid URL: {url!r} ({exc})", code="bad_url") from exc
    if parts.scheme not in {"http", "https"} or not host:
        raise InputError(f"not an http(s) URL: {url!r}", code="bad_url")
    return url.strip()


def _read_capped(chunks: Iterator[bytes], limit: int, url: str) -> bytes:
    out = bytearray()
    for chunk in chunks:
        out += chunk
        if len(out) > limit:
            raise UnsafeInputError(
                f"refused {url}: response over the {limit / 1e6:.0f} MB limit", code="too_large"
            )
    return bytes(out)


def decode_content(data: bytes, coding: str, *, limit: int, url: str = "") -> bytes:
    """Undo ``Content-Encoding`` (gzip, deflate, or a chain of them) with ``limit`` on the
    output: a compression bomb is refused after ``limit`` bytes, not after it filled memory."""
    for name in reversed([c.strip() for c in coding.split(",") if c.strip()]):
        if name in {"identity", ""}:
            continue
        if name in {"gzip", "x-gzip"}:
            data = _inflate(data, 16 + zlib.MAX_WBITS, limit, url)
        elif name == "deflate":
            try:  # "deflate" means zlib-wrapped, but some servers send raw deflate
                data = _inflate(data, zlib.MAX_WBITS, limit, url)
            except zlib.error:
                data = _inflate(data, -zlib.MAX_WBITS, limit, url)
        else:
            raise InputError(f"unsupported Content-Encoding {name!r} from {url}", code="encoding")
    return data


def _inflate(data: bytes, wbits: int, limit: int, url: str) -> bytes:
    out = bytearray()
    decoder = zlib.decompressobj(wbits)
    pending = data
    try:
        while pending:
            out += decoder.decompress(pending, limit + 1 - len(out))
            if len(out) > limit:
                raise UnsafeInputError(
                    f"refused {url}: decompresses to over {limit / 1e6:.0f} MB "
                    "(a compression bomb?)",
                    code="decompression_bomb",
                )
            pending = decoder.unconsumed_tail
            if decoder.eof:
                break
        out += decoder.flush(limit + 1 - len(out))
    except zlib.error as exc:
        if wbits == zlib.MAX_WBITS:
            raise
        raise InputError(f"corrupt compressed response from {url}: {exc}", code="encoding") from exc
    if len(out) > limit:
        raise UnsafeInputError(
            f"refused {url}: decompresses to over {limit / 1e6:.0f} MB (a compression bomb?)",
            code="decompression_bomb",
        )
    return bytes(out)


def decode_page(result: FetchResult) -> str:
    """The text of a fetched page: the declared charset when it works, else detection."""
    from .readers import decode_bytes

    assert result.content is not None
    charset = result.charset
    if charset:
        try:
            return result.content.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(result.content)


def read_url_list(lines: Iterable[str]) -> list[str]:
    """URLs from a FEEDS.txt: one a line; blank lines and ``#`` comments ignored."""
    urls = []
    for line in lines:
        line = "" if line.lstrip().startswith("#") else line.strip()
        if line:
            urls.append(line)
    return list(dict.fromkeys(urls))


__all__ = [
    "USER_AGENT",
    "FetchPolicy",
    "FetchResult",
    "FetchState",
    "Fetcher",
    "decode_content",
    "decode_page",
    "read_url_list",
    "refused_address",
    "system_resolver",
]
