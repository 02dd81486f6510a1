"""Every reader survives generated hostile input: nothing but ``InputError`` ever escapes
(``bench/fuzz.py`` runs the same strategies with 2,000 inputs per reader)."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = 200


def _fuzz_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "newsweave_bench_fuzz", ROOT / "bench" / "fuzz.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FUZZ = _fuzz_module()


@pytest.mark.parametrize("reader", sorted(FUZZ.READERS))
def test_reader_never_crashes(reader: str, tmp_path: Path) -> None:
    logging.disable(logging.WARNING)
    try:
        tally = FUZZ.Tally()
        FUZZ.fuzz(reader, EXAMPLES, tmp_path, tally)
    finally:
        logging.disable(logging.NOTSET)
    assert tally.inputs[reader] >= EXAMPLES // 2
    assert not tally.crashes, tally.crashes[0][1]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # Regressions found by bench/fuzz.py: feedparser raised UnicodeDecodeError on
        # non-UTF-8 bytes in the XML declaration; an entry whose summary was None crashed
        # _html_to_text; an unclosed IPv6 bracket in a link raised ValueError in _domain_of.
        ("feed.xml", b'<?xml version="1.0" encoding="utf\x00\xf8"?><rss><channel></channel></rss>'),
        (
            "feed2.xml",
            b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>t</title>'
            b"<link>http://[::1\xa1/x</link><description>text here</description></item>"
            b"</channel></rss>",
        ),
    ],
)
def test_fuzz_regressions(name: str, data: bytes, tmp_path: Path) -> None:
    from newsweave.ingest.readers import read_paths

    (tmp_path / name).write_bytes(data)
    assert len(list(read_paths([str(tmp_path / name)]))) >= 1
