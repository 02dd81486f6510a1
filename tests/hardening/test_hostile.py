"""Hostile input is refused with a clear message, and the rest of the same run goes on:
a 200 MB file, a billion-laughs feed, JSON nested 100,000 deep, a gzip bomb over HTTP."""

from __future__ import annotations

import gzip
import json
import os
import pathlib
import re
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from newsweave.ingest.feeds import parse_feed
from newsweave.ingest.fetch import Fetcher, FetchPolicy
from newsweave.ingest.readers import read_paths
from newsweave.ingest.watch import fetch_pages
from newsweave.model import Article, IngestIssue
from newsweave.store.sqlite import SQLiteStore

GOOD = {"id": "good-1", "text": "The council approved the budget on Tuesday.", "title": "Budget"}
DEPTH = 100_000


def _laughs(levels: int = 10) -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">'
        for i in range(1, levels)
    )
    return f"<!DOCTYPE rss [{entities}]>"


def _feed(prolog: str = "", title: str = "Story") -> str:
    return (
        f'<?xml version="1.0"?>{prolog}<rss version="2.0"><channel><title>t</title>'
        f"<item><title>{title}</title><link>https://a.example/1</link>"
        "<description>Some news text.</description></item></channel></rss>"
    )


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)  # sparse: instant, takes no disk
    return path


def _split(items: list[Article | IngestIssue]) -> tuple[list[Article], dict[str, IngestIssue]]:
    articles = [i for i in items if isinstance(i, Article)]
    issues = {Path(i.origin.split(":")[0]).name: i for i in items if isinstance(i, IngestIssue)}
    return articles, issues


def test_200_mb_files_are_refused_by_size_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("huge.jsonl", "huge.json", "huge.txt", "huge.html", "huge.xml"):
        _sparse(tmp_path / name, 200 * 1024 * 1024)
    (tmp_path / "good.jsonl").write_text(json.dumps(GOOD) + "\n")
    opened: list[str] = []
    real_open, real_read = pathlib.Path.open, pathlib.Path.read_bytes

    def spy_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(self.name)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    def spy_read(self: Path) -> bytes:
        opened.append(self.name)
        return real_read(self)

    monkeypatch.setattr(pathlib.Path, "open", spy_open)
    monkeypatch.setattr(pathlib.Path, "read_bytes", spy_read)
    started = time.perf_counter()
    articles, issues = _split(list(read_paths([str(tmp_path)])))
    assert time.perf_counter() - started < 5
    assert [a.id for a in articles] == ["good-1"]
    assert set(issues) == {"huge.jsonl", "huge.json", "huge.txt", "huge.html", "huge.xml"}
    for issue in issues.values():
        assert issue.code == "too_large"
        assert re.search(r"209\.7 MB, over the \d+ MB limit", issue.message)
        assert "--max-file-mb" in issue.message
    assert opened == ["good.jsonl"]


@pytest.mark.parametrize(
    "variant",
    [
        "plain",
        # Regressions: the check once looked at the first 64 KB only, and at bytes only.
        "padded past 64 KB",
        "utf-16",
    ],
)
def test_billion_laughs_feed_is_refused(tmp_path: Path, variant: str) -> None:
    padding = f"<!-- {'x' * 70_000} -->" if variant == "padded past 64 KB" else ""
    doc = _feed(padding + _laughs(), title="&lol9;")
    data = doc.encode("utf-16") if variant == "utf-16" else doc.encode()
    (tmp_path / "laughs.xml").write_bytes(data)
    (tmp_path / "good.xml").write_text(_feed())
    started = time.perf_counter()
    articles, issues = _split(list(read_paths([str(tmp_path)])))
    assert time.perf_counter() - started < 10
    assert [a.title for a in articles] == ["Story"]
    assert issues["laughs.xml"].code == "unsafe_input"
    assert "entity expansion" in issues["laughs.xml"].message


def test_billion_laughs_over_http_is_refused_in_a_poll() -> None:
    from newsweave.ingest.watch import poll_feeds

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/bad":
            return httpx.Response(200, text=_feed(_laughs(), title="&lol9;"))
        if request.url.path == "/good":
            return httpx.Response(200, text=_feed())
        return httpx.Response(404)

    report = poll_feeds(
        ["https://a.example/bad", "https://a.example/good"],
        fetcher=_fetcher(handler),
        is_known=lambda ids: set(),
    )
    assert [(i.origin, i.code) for i in report.issues] == [
        ("https://a.example/bad", "unsafe_input")
    ]
    assert [r["title"] for r in report.records] == ["Story"]
    with pytest.raises(Exception, match="entity expansion"):
        parse_feed(_feed(_laughs()).encode())


def test_json_nested_100k_deep_is_refused(tmp_path: Path) -> None:
    deep = "[" * DEPTH + "]" * DEPTH
    (tmp_path / "deep.json").write_text(deep)
    (tmp_path / "deep-object.json").write_text('{"a":' * DEPTH + "1" + "}" * DEPTH)
    (tmp_path / "lines.jsonl").write_text(json.dumps(GOOD) + "\n" + deep + "\n")
    started = time.perf_counter()
    articles, issues = _split(list(read_paths([str(tmp_path)])))
    assert time.perf_counter() - started < 10
    assert [a.id for a in articles] == ["good-1"]
    assert {name: i.code for name, i in issues.items()} == {
        "deep.json": "too_deep",
        "deep-object.json": "too_deep",
        "lines.jsonl": "too_deep",
    }
    assert all("nested deeper than 64" in i.message for i in issues.values())


def test_html_nested_100k_deep_does_not_crash(tmp_path: Path) -> None:
    (tmp_path / "deep.html").write_text("<div>" * DEPTH + "text " * 50 + "</div>" * DEPTH)
    (item,) = read_paths([str(tmp_path / "deep.html")])
    assert isinstance(item, (Article, IngestIssue))


def _fetcher(handler: Callable[[httpx.Request], httpx.Response]) -> Fetcher:
    return Fetcher(
        policy=FetchPolicy(min_interval=0.0, robots=False),
        transport=httpx.MockTransport(handler),
        resolver=lambda host, port: ["93.184.216.34"],
    )


class _Body(httpx.SyncByteStream):
    def __init__(self, data: bytes) -> None:
        self.data = data

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(self.data), 65536):
            yield self.data[start : start + 65536]


@pytest.mark.parametrize("coding", ["gzip", "deflate", "gzip, gzip"])
def test_compression_bomb_response_is_refused_and_other_pages_fetched(coding: str) -> None:
    # 1 GB of zeros in ~1 MB (gzip) -- a 1000x bomb; "gzip, gzip" nests one in another.
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(inner.compress(b"\0" * 2**24) for _ in range(64)) + inner.flush()
    if coding == "deflate":
        bomb = zlib.compress(b"\0" * 2**28, 9)
    elif coding == "gzip, gzip":
        bomb = gzip.compress(bomb)
    page = b"<html><body><article>" + b"<p>The council approved the budget.</p>" * 20
    page += b"</article></body></html>"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/bomb":
            return httpx.Response(200, headers={"Content-Encoding": coding}, stream=_Body(bomb))
        return httpx.Response(200, headers={"Content-Type": "text/html"}, stream=_Body(page))

    started = time.perf_counter()
    report = fetch_pages(
        ["https://a.example/bomb", "https://a.example/ok"], fetcher=_fetcher(handler)
    )
    assert time.perf_counter() - started < 20
    assert [r["url"] for r in report.records] == ["https://a.example/ok"]
    (issue,) = report.issues
    assert issue.code == "decompression_bomb" and "compression bomb" in issue.message


def test_endless_response_is_cut_at_the_limit() -> None:
    def endless() -> Iterator[bytes]:
        while True:
            yield b"x" * 65536

    class Endless(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            return endless()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Endless())

    report = fetch_pages(["https://a.example/endless"], fetcher=_fetcher(handler))
    assert report.records == [] and report.issues[0].code == "too_large"


@pytest.mark.slow
def test_hostile_files_in_one_run_with_good_ones(
    tmp_path: Path, run_cli: Callable[..., object], synthetic_jsonl: Callable[[int], Path]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.replace(synthetic_jsonl(8), folder / "good.jsonl")
    _sparse(folder / "huge.jsonl", 200 * 1024 * 1024)
    (folder / "laughs.xml").write_text(_feed(_laughs(), title="&lol9;"))
    (folder / "deep.json").write_text("[" * DEPTH + "]" * DEPTH)
    db = tmp_path / "news.db"
    result = run_cli("run", str(folder), "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    summary = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert (summary["read"], summary["added"], summary["skipped"]) == (8, 8, 3)
    store = SQLiteStore(db, read_only=True)
    issues = {Path(i.origin).name: i for i in store.issues()}
    assert store.count_articles() == 8
    store.close()
    assert issues["huge.jsonl"].code == "too_large"
    assert re.search(r"209\.7 MB, over the \d+ MB limit", issues["huge.jsonl"].message)
    assert "entity expansion" in issues["laughs.xml"].message
    assert issues["deep.json"].code == "too_deep"
