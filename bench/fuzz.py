"""Fuzz every reader with hypothesis; count inputs and crashes.

usage: python bench/fuzz.py [--examples N]   (N per reader; default 2,000 x 6 readers)

A *crash* is any exception other than ``InputError`` (and its subclasses) escaping
``read_file``/``read_paths``: readers must turn every bad input into an ``IngestIssue``.
Generated inputs: JSON/JSONL values and records (odd keys, types, dates, URLs, languages),
mutated bytes, HTML tag soup, RSS/Atom feeds with hostile field text and broken XML, and text
in odd encodings (random bytes, BOMs, UTF-16, cp1251, truncated multibyte sequences).

``tests/hardening/test_fuzz.py`` runs the same strategies with fewer examples.
"""

from __future__ import annotations

import argparse
import codecs
import json
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# --- strategies --------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "Шойгу",
        "Москва",
        "Chișinău",
        "وزیر",
        "北京",
        "the",
        "minister",
        "said",
        "2025",
        "mai",
        "27",
        "&amp;",
        "&",
        "<",
        ">",
        "\u200b",
        "\ufeff",
        "\x00",
        "\x1b",
        "\ud7ff",
        "\U0001f600",
        "e\u0301",
        "\u202e",
        "ي",
        "ك",
        "\r\n",
        "\n\n",
        " ",
        "\t",
        "'",
        '"',
    ]
)
TEXT = st.one_of(
    st.text(max_size=200),
    st.lists(_WORDS, max_size=60).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
)
DATES = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "2025-05-27",
            "2025-05",
            "27 mai 2025",
            "Tue, 03 Jun 2025 09:00:00 GMT",
            "yesterday",
            "2025-13-45",
            "0000-00-00",
            "9999-12-31T23:59:59Z",
            "۱۴۰۴/۰۳/۰۶",
            "+275760-09-13",
        ]
    ),
    TEXT,
    st.integers(),
    st.floats(allow_nan=True),
)
URLS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "https://example.com/a?utm_source=x",
            "http://[::1]/x",
            "http://%zz/",
            "javascript:x",
            "https://xn--80ak6aa92e.com/",
            "http://a:b@c:99999/",
            "//no-scheme",
            "https://",
            "http://[::1",
            "http://[fe80::1%25eth0]/",
            "https://exa mple.com/\x00",
        ]
    ),
    TEXT,
)
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.none(), TEXT, st.integers(), JSON_VALUES),
        "text": st.one_of(TEXT, JSON_VALUES),
        "title": st.one_of(TEXT, JSON_VALUES),
        "url": URLS,
        "link": URLS,
        "published": DATES,
        "lang": st.one_of(st.none(), st.sampled_from(["fa", "ru", "ro", "und", "", "xx-YY"]), TEXT),
        "domain": st.one_of(st.none(), TEXT),
    },
)


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, cut, insert in edits:
        if out:
            position %= len(out)
        out[position : position + cut] = insert
    return bytes(out)


MUTATIONS = st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(0, 4), st.binary(max_size=4)), max_size=4
)


def _json_bytes(value: Any, indent: bool) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1 if indent else None).encode(
        "utf-8", "surrogatepass"
    )


JSON_DOCS = st.one_of(
    st.builds(
        _json_bytes,
        st.one_of(
            RECORDS,
            st.lists(RECORDS, max_size=5),
            st.fixed_dictionaries({"articles": st.lists(RECORDS, max_size=4)}),
            JSON_VALUES,
        ),
        st.booleans(),
    ),
    st.builds(_mutate, st.builds(_json_bytes, RECORDS, st.booleans()), MUTATIONS),
    st.binary(max_size=300),
    st.integers(1, 200).map(lambda n: b"[" * n + b'{"text": "x"}' + b"]" * n),
)
JSONL_DOCS = st.one_of(
    st.lists(
        st.one_of(st.builds(_json_bytes, RECORDS, st.just(False)), st.binary(max_size=60)),
        max_size=6,
    ).map(lambda lines: b"\n".join(lines)),
    st.builds(
        _mutate,
        st.lists(st.builds(_json_bytes, RECORDS, st.just(False)), min_size=1, max_size=4).map(
            lambda ls: b"\n".join(ls)
        ),
        MUTATIONS,
    ),
)

_TAGS = st.sampled_from(
    [
        "p",
        "div",
        "article",
        "nav",
        "script",
        "style",
        "table",
        "td",
        "a",
        "h1",
        "meta",
        "br",
        "html",
        "body",
        "head",
        "title",
        "iframe",
        "svg",
        "math",
        "template",
        "!--",
        "![CDATA[",
    ]
)


@st.composite
def _tag_soup(draw: Callable[..., Any]) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 3))
        tag = draw(_TAGS)
        if kind == 0:
            attrs = draw(
                st.sampled_from(
                    [
                        "",
                        ' class="x"',
                        " charset=koi8-r",
                        ' lang="fa"',
                        ' content="2025-05-27" property="article:published_time"',
                        ' a="',
                        " onload='x'",
                    ]
                )
            )
            parts.append(f"<{tag}{attrs}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(TEXT))
    return "".join(parts)


def _encode(text: str, codec: str) -> bytes:
    return text.encode(codec, errors="replace")


CODECS = st.sampled_from(
    [
        "utf-8",
        "utf-8-sig",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "cp1251",
        "koi8-r",
        "latin-1",
        "cp1256",
        "gb18030",
        "shift_jis",
        "iso-8859-2",
    ]
)
HTML_DOCS = st.one_of(
    st.builds(_encode, _tag_soup(), CODECS),
    st.builds(_mutate, st.builds(_encode, _tag_soup(), st.just("utf-8")), MUTATIONS),
    st.binary(max_size=300),
    st.integers(1, 3000).map(lambda n: ("<div>" * n + "deep text " * 30 + "</div>" * n).encode()),
)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def _feed(draw: Callable[..., Any]) -> bytes:
    atom = draw(st.booleans())
    escape = draw(st.booleans())
    field = (lambda s: _xml_escape(s)) if escape else (lambda s: s)
    items = []
    for _ in range(draw(st.integers(0, 4))):
        title, text, link = draw(TEXT), draw(TEXT), draw(URLS) or ""
        date = draw(DATES)
        date = date if isinstance(date, str) else ""
        if atom:
            items.append(
                f'<entry><title>{field(title)}</title><link href="{field(link)}"/>'
                f"<id>{field(link)}</id><updated>{field(date)}</updated>"
                f'<content type="html">{field(text)}</content></entry>'
            )
        else:
            items.append(
                f"<item><title>{field(title)}</title><link>{field(link)}</link>"
                f"<guid>{field(link)}</guid><pubDate>{field(date)}</pubDate>"
                f"<description>{field(text)}</description></item>"
            )
    prolog = draw(
        st.sampled_from(
            [
                '<?xml version="1.0" encoding="utf-8"?>',
                "",
                '<?xml version="1.0" encoding="koi8-r"?>',
                '<!DOCTYPE rss SYSTEM "http://example.com/x.dtd">',
                '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
            ]
        )
    )
    if atom:
        doc = f'{prolog}<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{"".join(items)}</feed>'
    else:
        doc = (
            f'{prolog}<rss version="2.0"><channel><title>t</title>{"".join(items)}</channel></rss>'
        )
    data = doc.encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1251"])), errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


FEED_DOCS = st.one_of(_feed(), st.builds(_mutate, _feed(), MUTATIONS), st.binary(max_size=300))


def _truncated(text: str, codec: str, cut: int) -> bytes:
    data = text.encode(codec, errors="replace")
    return data[: max(0, len(data) - cut % 4)]


BOMS = st.sampled_from(
    [
        b"",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
        codecs.BOM_UTF32_LE,
        codecs.BOM_UTF8 + codecs.BOM_UTF8,
    ]
)
TEXT_DOCS = st.one_of(
    st.binary(min_size=0, max_size=400),
    st.builds(lambda bom, data: bom + data, BOMS, st.binary(max_size=200)),
    st.builds(lambda bom, t, c: bom + _encode(t, c), BOMS, TEXT, CODECS),
    st.builds(_truncated, TEXT, st.sampled_from(["utf-8", "utf-16", "utf-16-le"]), st.integers()),
    st.builds(
        _encode,
        st.lists(_WORDS, min_size=1, max_size=40).map(" ".join),
        st.sampled_from(["cp1251", "koi8-r", "cp1256", "utf-16"]),
    ),
)

READERS: dict[str, tuple[str, Any]] = {
    "json": (".json", JSON_DOCS),
    "jsonl": (".jsonl", JSONL_DOCS),
    "html": (".html", HTML_DOCS),
    "feed": (".xml", FEED_DOCS),
    "text": (".txt", TEXT_DOCS),
    "record": ("", RECORDS),  # dict records, as Workspace.ingest and watch pass them
}


# --- the harness -----------------------------------------------------------------------------


class Tally:
    def __init__(self) -> None:
        self.inputs: Counter[str] = Counter()
        self.articles: Counter[str] = Counter()
        self.issues: Counter[str] = Counter()
        self.crashes: list[tuple[str, str, bytes | dict[str, Any]]] = []
        self.slowest: dict[str, float] = {}


def check_one(kind: str, data: Any, folder: Path, tally: Tally) -> None:
    """Read one generated input the way ingest would; record anything that escapes."""
    from newsweave.errors import InputError
    from newsweave.ingest.readers import make_article, read_paths
    from newsweave.model import Article

    suffix, _ = READERS[kind]
    tally.inputs[kind] += 1
    started = time.perf_counter()
    try:
        if kind == "record":
            try:
                make_article(data, origin="fuzz")
                tally.articles[kind] += 1
            except InputError:
                tally.issues[kind] += 1
        else:
            path = folder / f"in{suffix}"
            path.write_bytes(data)
            for item in read_paths([str(path)]):
                if isinstance(item, Article):
                    tally.articles[kind] += 1
                else:
                    tally.issues[kind] += 1
    except InputError:
        tally.issues[kind] += 1  # read_paths may raise for a path problem; not a crash
    except Exception:
        tally.crashes.append((kind, traceback.format_exc(limit=6), data))
    elapsed = time.perf_counter() - started
    tally.slowest[kind] = max(tally.slowest.get(kind, 0.0), elapsed)


def fuzz(kind: str, examples: int, folder: Path, tally: Tally) -> None:
    _, strategy = READERS[kind]

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(data: Any) -> None:
        check_one(kind, data, folder, tally)

    run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="inputs per reader")
    parser.add_argument("--only", choices=sorted(READERS), action="append")
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)
    tally = Tally()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.only or list(READERS):
            t0 = time.perf_counter()
            fuzz(kind, args.examples, Path(tmp), tally)
            print(
                f"{kind:>7}: {tally.inputs[kind]:>6} inputs  {tally.articles[kind]:>5} articles  "
                f"{tally.issues[kind]:>5} issues  "
                f"{sum(1 for c in tally.crashes if c[0] == kind):>3} crashes  "
                f"slowest {tally.slowest.get(kind, 0) * 1000:.0f} ms  "
                f"({time.perf_counter() - t0:.0f} s)",
                flush=True,
            )
    total = sum(tally.inputs.values())
    print(
        f"  total: {total} inputs, {sum(tally.articles.values())} articles, "
        f"{sum(tally.issues.values())} issues, {len(tally.crashes)} crashes "
        f"in {time.perf_counter() - started:.0f} s"
    )
    seen = set()
    for kind, trace, data in tally.crashes:
        last = trace.strip().splitlines()[-1]
        if (kind, last) in seen:
            continue
        seen.add((kind, last))
        print(f"\n--- crash in {kind}: {last}\ninput: {data!r:.300}\n{trace}")
    return 1 if tally.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
