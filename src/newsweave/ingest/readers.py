"""Readers: files, folders and globs of JSONL/JSON, text, HTML and RSS/Atom feeds.

Every reader yields ``Article`` records or ``IngestIssue`` records; an unreadable item is an
issue, never an exception that stops the run. Text is normalized and boilerplate is removed
here, at the one boundary where text enters the system.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..analyze.normalize import normalize_text
from ..errors import InputError, UnsafeInputError
from ..model import Article, IngestIssue
from .boilerplate import strip_boilerplate

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 32_000_000  # decimal MB, like --max-file-mb
MAX_RECORD_CHARS = 2 * 1024 * 1024
MAX_JSON_DEPTH = 64
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES

Item = Article | IngestIssue


def read_paths(paths: Iterable[str], *, max_file_bytes: int = MAX_FILE_BYTES) -> Iterator[Item]:
    """Read every file named by ``paths`` (files, folders, globs), in a stable order."""
    for path in expand_paths(paths):
        yield from read_file(path, max_file_bytes=max_file_bytes)


def expand_paths(paths: Iterable[str]) -> Iterator[Path]:
    for raw in paths:
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else [raw]
        if not matches:
            raise InputError(f"no file matches {raw!r}", code="not_found")
        for match in matches:
            path = Path(match)
            if path.is_dir():
                yield from sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES
                )
            elif path.is_file():
                yield path
            else:
                raise InputError(f"no such file or folder: {raw}", code="not_found")


def read_file(path: Path, *, max_file_bytes: int = MAX_FILE_BYTES) -> Iterator[Item]:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_file_bytes:
            raise UnsafeInputError(
                f"file is {size / 1e6:.1f} MB, over the {max_file_bytes / 1e6:.0f} MB limit "
                "(raise it with --max-file-mb)",
                code="too_large",
            )
        if size == 0:
            raise InputError("empty file", code="empty")
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path)
            return
        data = path.read_bytes()
        if suffix in JSON_SUFFIXES:
            yield from _records_to_articles(_parse_json(decode_bytes(data), origin), origin)
        elif suffix in HTML_SUFFIXES:
            yield from _read_html(data, origin)
        elif suffix in FEED_SUFFIXES:
            from .feeds import parse_feed

            yield from _records_to_articles(parse_feed(data), origin)
        else:
            yield from _read_text(decode_bytes(data), origin, stem=path.stem)
    except InputError as exc:
        log.warning("skipped %s: %s", origin, exc)
        yield IngestIssue(origin=origin, code=exc.code, message=str(exc))
    except OSError as exc:
        yield IngestIssue(origin=origin, code="unreadable", message=str(exc))


def decode_bytes(data: bytes) -> str:
    """Decode input bytes: UTF-8 (with or without BOM), UTF-16 by BOM, else a detected charset."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary data, not text", code="binary")
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("undecodable bytes: not text in any known encoding", code="encoding")
    log.info("decoded as %s", best.encoding)
    return str(best)


def _read_jsonl(path: Path) -> Iterator[Item]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                if len(raw) > MAX_RECORD_CHARS:
                    raise UnsafeInputError("record over 2 MB", code="too_large")
                record = _parse_json(decode_bytes(raw), origin)
                yield from _records_to_articles(record, origin)
            except InputError as exc:
                log.warning("skipped %s: %s", origin, exc)
                yield IngestIssue(origin=origin, code=exc.code, message=str(exc))


def _parse_json(text: str, origin: str) -> Any:
    if _nesting_depth(text) > MAX_JSON_DEPTH:
        raise UnsafeInputError(f"JSON nested deeper than {MAX_JSON_DEPTH}", code="too_deep")
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"malformed JSON: {exc}", code="malformed_json") from exc


def _nesting_depth(text: str) -> int:
    # An upper bound (brackets inside strings count too) that is cheap and safe to compute
    # before json.loads, whose recursion a hostile file could exhaust.
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _records_to_articles(data: Any, origin: str) -> Iterator[Item]:
    if isinstance(data, Mapping) and isinstance(data.get("articles"), list):
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        where = origin if len(records) == 1 else f"{origin}#{index}"
        try:
            yield make_article(record, origin=where)
        except InputError as exc:
            log.warning("skipped %s: %s", where, exc)
            yield IngestIssue(origin=where, code=exc.code, message=str(exc))


def _read_text(text: str, origin: str, *, stem: str) -> Iterator[Item]:
    lines = text.strip().split("\n", 1)
    title = lines[0].strip() if len(lines) > 1 else None
    body = lines[1] if len(lines) > 1 else lines[0]
    yield make_article({"id": None, "title": title, "text": body}, origin=origin, fallback_id=stem)


def _read_html(data: bytes, origin: str) -> Iterator[Item]:
    from .html import extract_html

    yield make_article(extract_html(decode_bytes(data)), origin=origin)


def make_article(record: Any, *, origin: str, fallback_id: str | None = None) -> Article:
    """Validate one input record and turn it into a normalized ``Article``."""
    if not isinstance(record, Mapping):
        raise InputError(f"expected a JSON object, got {type(record).__name__}", code="bad_record")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("record has no text", code="no_text")
    if len(text) > MAX_RECORD_CHARS:
        raise UnsafeInputError("text over 2 M characters", code="too_large")
    lang = _optional_str(record.get("lang"))
    text, _ = strip_boilerplate(normalize_text(text, lang=lang))
    if not text:
        raise InputError("text is only boilerplate", code="no_text")
    title = _optional_str(record.get("title"))
    url = _optional_str(record.get("url") or record.get("link"))
    article_id = _optional_str(record.get("id")) or stable_id(
        url=url, text=text, fallback=fallback_id
    )
    return Article(
        id=article_id,
        text=text,
        title=normalize_text(title, lang=lang) if title else None,
        url=url,
        domain=_optional_str(record.get("domain")) or _domain_of(url),
        lang_hint=lang,
        published=parse_published(record.get("published")),
        origin=origin,
    )


def stable_id(*, url: str | None, text: str, fallback: str | None = None) -> str:
    """An id that is the same on every run for the same input."""
    if url:
        from courlan import normalize_url

        try:
            url = normalize_url(url)
        except ValueError:
            pass
        return "u-" + hashlib.sha1(url.encode()).hexdigest()[:16]
    if fallback:
        return fallback
    return "t-" + hashlib.sha1(text.encode()).hexdigest()[:16]


def parse_published(value: Any) -> date | None:
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if len(value) == 7 and value[4] == "-":  # "2025-05": month known, day not
        return None
    import dateparser

    parsed = dateparser.parse(value, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date() if parsed else None


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _domain_of(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 bracket) from a feed
        return None
    return host.removeprefix("www.") if host else None
