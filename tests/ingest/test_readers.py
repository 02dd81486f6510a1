from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsweave.errors import InputError
from newsweave.ingest.readers import decode_bytes, make_article, read_paths
from newsweave.model import Article, IngestIssue


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_jsonl_bad_lines_are_reported_and_good_lines_kept(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": "Первая новость о встрече.", "published": "2025-05-27"}),
        "{not json",
        json.dumps({"id": "a2", "title": "no text"}),
        json.dumps(["a list"]),
        json.dumps({"id": "a3", "text": "Second report."}),
    ]
    items = list(read_paths([str(_write(tmp_path / "in.jsonl", "\n".join(lines)))]))
    articles = [i for i in items if isinstance(i, Article)]
    issues = [i for i in items if isinstance(i, IngestIssue)]
    assert [a.id for a in articles] == ["a1", "a3"]
    assert {i.code for i in issues} == {"malformed_json", "no_text", "bad_record"}
    assert articles[0].published is not None and articles[0].published.isoformat() == "2025-05-27"


def test_text_file_first_line_is_title(tmp_path: Path) -> None:
    (item,) = read_paths([str(_write(tmp_path / "story.txt", "A title\nThe body of it."))])
    assert isinstance(item, Article)
    assert item.title == "A title" and item.text == "The body of it." and item.id == "story"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.jsonl", "", "empty"),
        ("binary.txt", b"\x00\x01\x02PNG\x00\x00" * 20, "binary"),
        ("deep.json", "[" * 5000 + "]" * 5000, "too_deep"),
        ("broken.json", '{"text": "x"', "malformed_json"),
    ],
)
def test_bad_files_are_skipped_with_a_code(
    tmp_path: Path, name: str, content: str | bytes, code: str
) -> None:
    (item,) = read_paths([str(_write(tmp_path / name, content))])
    assert isinstance(item, IngestIssue) and item.code == code


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt", "x" * 2000)
    (item,) = read_paths([str(path)], max_file_bytes=1000)
    assert isinstance(item, IngestIssue) and item.code == "too_large"


def test_legacy_encoding_is_decoded() -> None:
    assert decode_bytes("Шойгу прибыл в Москву сегодня утром".encode("cp1251")).startswith("Шойгу")


def test_missing_path_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_paths(["/nonexistent/file.jsonl"]))


def test_id_is_stable_from_url_or_text() -> None:
    a = make_article({"text": "Same text", "url": "https://Example.com/a?utm_source=x"}, origin="x")
    b = make_article({"text": "Other text", "url": "https://example.com/a"}, origin="y")
    c = make_article({"text": "Same text"}, origin="z")
    assert a.id == b.id
    assert c.id == make_article({"text": "Same text"}, origin="w").id != a.id


def test_html_main_text_is_extracted_without_scripts(tmp_path: Path) -> None:
    body = " ".join(["The council secretaries met in Astana to discuss regional security."] * 6)
    html = (
        "<html><head><title>Meeting in Astana</title><script>var tracking=1;</script></head>"
        f"<body><nav>Home | World | Sport</nav><article><h1>Meeting in Astana</h1><p>{body}</p>"
        "</article><footer>Copyright 2025</footer></body></html>"
    )
    (item,) = read_paths([str(_write(tmp_path / "page.html", html))])
    assert isinstance(item, Article)
    assert "council secretaries" in item.text and "tracking" not in item.text


def test_feed_with_entity_declarations_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss><channel><item><title>&lol2;</title>'
        "</item></channel></rss>"
    )
    (item,) = read_paths([str(_write(tmp_path / "feed.xml", bomb))])
    assert isinstance(item, IngestIssue) and item.code == "unsafe_input"


def test_rss_items_become_articles(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>One</title><link>https://news.example/1</link>"
        "<pubDate>Tue, 27 May 2025 10:00:00 GMT</pubDate><description>&lt;p&gt;Body one&lt;/p&gt;</description></item>"
        "<item><title>Two</title><link>https://news.example/2</link><description>Body two</description></item>"
        "</channel></rss>"
    )
    items = list(read_paths([str(_write(tmp_path / "feed.rss", feed))]))
    assert [i.title for i in items if isinstance(i, Article)] == ["One", "Two"]
    assert items[0].text == "Body one"  # type: ignore[union-attr]


def test_gzip_is_not_mistaken_for_text(tmp_path: Path) -> None:
    (item,) = read_paths([str(_write(tmp_path / "x.txt", gzip.compress(b"\x00" * 100)))])
    assert isinstance(item, IngestIssue)
