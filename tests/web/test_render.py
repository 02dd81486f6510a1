"""Escaping and link safety of the rendering helpers (fast, no database)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from newsweave.model import Claim, Event
from newsweave.web.render import marked_text, safe_url
from newsweave.web.svg import cooccurrence_svg, timeline_svg


def test_only_http_urls_become_links() -> None:
    assert safe_url("https://tass.ru/a?b=1") == "https://tass.ru/a?b=1"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//x.org",
                'https://x.org/"onmouseover="x', None, ""):  # fmt: skip
        assert safe_url(bad) is None


def test_marked_text_escapes_every_piece() -> None:
    text = "a <b> 126 <script>alert(1)</script> z"
    html = str(marked_text(text, [(6, 9, "a1-6", "delegations")]))
    assert html.startswith('a &lt;b&gt; <mark id="a1-6" title="delegations">126</mark>')
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_marked_text_skips_overlaps_and_bad_offsets() -> None:
    html = str(marked_text("abcdef", [(0, 3, "x", "k"), (2, 4, "y", "k"), (5, 99, "z", "k")]))
    assert html == '<mark id="x" title="k">abc</mark>def'


def test_svg_labels_are_escaped() -> None:
    events = [Event("ev-1", "<script>x</script>", None, None, (), ())]
    assert "<script>" not in str(timeline_svg(events))
    svg = str(cooccurrence_svg("<b>", [("k:1", "<i>evil</i>", 2), ("k:2", "b&c", 1)]))
    assert "<i>" not in svg and "&lt;i&gt;" in svg
    ET.fromstring(svg)  # well-formed


def test_claim_model_unchanged() -> None:
    # the templates read these fields; a rename must fail here first
    assert {"kind", "value", "qualifier", "article_id", "sentence", "start", "end"} <= set(
        Claim.__slots__
    )
