"""What a report's headline and lead say meets: two parties ("Xi meets Lavrov", "Erdoğan ve
Putin görüşecek"), or which officials (defence ministers, heads of state, ...).

A bilateral meeting on the sidelines of a summit is its own event, yet its reports share the
summit's people, place, dates and vocabulary, so similarity alone folds them into the summit.
What sets them apart is the headline and lead: a meeting word with two named people ("Amorim e
Lavrov se reúnem"), or one person and "his counterpart". A report of the summit itself names
one host meeting many ("Putin held a meeting with the high representatives of BRICS states").

One organization holds several meetings in a season, often in one city (SCO defence
ministers and SCO security council secretaries in Astana, April 2024): who meets tells them
apart where edition and date are missing.

The words come from ``resources/bilateral.json`` and ``resources/formats.json``; people are
the entity stage's PER mentions. Pure: no I/O beyond the cached read of the packaged tables.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache

from newsweave.analyze.normalize import (
    fold_for_matching,
    photo_captions,
    sentence_bounds,
    stem_regex,
)
from newsweave.model import Mention

__all__ = [
    "CONVENER_KINDS",
    "FORMATS",
    "PLACE_KINDS",
    "conveners",
    "bilateral_parties",
    "is_dateline",
    "lead_of",
    "lead_place",
    "meeting_formats",
    "reading_position",
]

# The headline and the sentences opening the body: those in the first LEAD_CHARS, and at
# least the first LEAD_SENTENCES whole (one long sentence may fill the characters alone).
LEAD_CHARS = 300
LEAD_SENTENCES = 2
_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]{8}")


FORMATS = ("security", "defence", "foreign", "leaders")  # groups of resources/formats.json
LISTING = 3  # convening organizations named in one sentence: a list of those taking part
# Characters around a summit word in which a security word makes it a security meeting:
# "security summit", "安全峰会" before; "cumbre de seguridad", "Cumbre Internacional de
# Seguridad" after (the CSTO's long name, "саммит Организации Договора о коллективной
# безопасности", puts its security word further off).
QUALIFIER_BEFORE = 12
QUALIFIER_AFTER = 30
# Gazetteer kinds of the organizations that convene meeting series.
CONVENER_KINDS = frozenset(
    {
        "intergovernmental_org",
        "event_series",
        "intergovernmental_forum",
        "security_council",
        "igo_body",
        "ministry",
    }
)
PLACE_KINDS = frozenset({"city", "venue"})  # gazetteer kinds of where a meeting is held
# A place that opens a line (after an agency's name in brackets, at most) and is followed by
# punctuation: "MOSCOW, April 25", "Москва, 14 апреля -", "تهران.", "BEIJING (Reuters) -",
# "(Trend News Agency) BAKU, ..."; or, in Chinese wire style, a date and 电: "北京9月9日电".
_DATELINE_BEFORE = re.compile(r"\s*(?:\([^()\n]{2,60}\)\s*)?")
_DATELINE_AFTER = re.compile(r"\s*[,.(\-–—،]|\d{1,2}月\d{1,2}日电")


@lru_cache(maxsize=2)
def _table(resource: str) -> dict[str, dict[str, list[str]]]:
    from newsweave.resources import read_resource

    data: dict[str, dict[str, list[str]]] = json.loads(read_resource(resource))
    return data


@lru_cache(maxsize=256)
def _pattern(group: str, lang: str, resource: str = "bilateral.json") -> re.Pattern[str]:
    by_lang = _table(resource)[group]
    langs = {lang, "en"} if lang in by_lang else set(by_lang)
    return stem_regex(stem for code in langs for stem in by_lang.get(code, []))


def _lead_size(text: str) -> int:
    # Chinese and Japanese say in 100 characters what takes 300 in alphabetic scripts.
    return LEAD_CHARS // 3 if _NO_SPACES.search(text[: LEAD_CHARS // 3]) else LEAD_CHARS


def lead_of(text: str, title: str | None) -> list[str]:
    """The headline and the sentences that open the body, photo captions left out: a caption
    tells of its picture, often an old one ("Mattis meets with Doval at the Pentagon, 2017")."""
    captions = photo_captions(text)

    def told(start: int) -> bool:
        return not any(lo <= start < hi for lo, hi in captions)

    opening = text[: _lead_size(text)]
    lead = [opening[a:b] for a, b in sentence_bounds(opening) if told(a)]
    if len(lead) < LEAD_SENTENCES:
        lead = [text[a:b] for a, b in sentence_bounds(text) if told(a)][:LEAD_SENTENCES]
    return [title or ""] + lead


def bilateral_parties(
    text: str, title: str | None, mentions: Sequence[Mention], *, lang: str
) -> tuple[str, ...]:
    """The people of the two-party meeting the headline or lead tells of (a meeting word with
    two named people, or with one and "his counterpart", in one sentence), as entity keys;
    none when it tells of no such meeting. The parties are what tells one sideline talk from
    another at the same summit."""
    names = {m.text: m.key for m in mentions if m.type == "PER"}
    for sentence in lead_of(text, title):
        folded = fold_for_matching(sentence)
        if not _pattern("meet", lang).search(folded):
            continue
        people = {key for name, key in names.items() if name in sentence}
        counterpart = _pattern("counterpart", lang).search(folded) is not None
        if len(people) >= 2 or (len(people) == 1 and counterpart):
            return tuple(sorted(people))
    return ()


def meeting_formats(text: str, title: str | None, *, lang: str) -> tuple[str, ...]:
    """Who the headline and lead say meets: security council secretaries, defence or
    foreign ministers, heads of state (``FORMATS``). Two meetings of one organization in one
    city weeks apart differ in little else ("SCO defence ministers in Astana" in April, "SCO
    security council secretaries in Astana" the same month)."""
    folded = fold_for_matching(" ".join(lead_of(text, title)))
    found = [
        f for f in FORMATS if f != "leaders" and _pattern(f, lang, "formats.json").search(folded)
    ]
    # "Cumbre Internacional de Seguridad", "security summit", "安全峰会": news calls many a
    # meeting a summit; one of security is no meeting of heads of state.
    security = _pattern("security_words", lang, "formats.json")
    for match in _pattern("leaders", lang, "formats.json").finditer(folded):
        before = folded[max(0, match.start() - QUALIFIER_BEFORE) : match.start()]
        after = folded[match.end() : match.end() + QUALIFIER_AFTER]
        if not (security.search(before) or security.search(after)):
            found.append("leaders")
            break
    return tuple(f for f in FORMATS if f in found)


def conveners(
    text: str, mentions: Sequence[Mention], kinds: Mapping[str, str | None]
) -> tuple[str, ...]:
    """The convening organizations (``CONVENER_KINDS``) the headline and lead name most: the
    series a report is about. A report of a large meeting lists the organizations taking
    part (ASEAN, the Arab League, the African Union), further down or in a sentence naming
    several; they did not convene it. Mentions past the text are in the title
    (``Article.document``)."""
    size = _lead_size(text)
    lead = [(a, b) for a, b in sentence_bounds(text) if a < size]
    named: Counter[str] = Counter()
    for start, end in [*lead, (len(text), math.inf)]:
        keys = [
            m.key for m in mentions if start <= m.start < end and kinds.get(m.key) in CONVENER_KINDS
        ]
        if len(set(keys)) < LISTING:
            named.update(keys)
    top = max(named.values(), default=0)
    return tuple(sorted(key for key, count in named.items() if count == top))


def is_dateline(text: str, mention: Mention) -> bool:
    """Whether a place mention is a dateline: it says where the story was filed, not where
    the happening is."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    opens_line = _DATELINE_BEFORE.fullmatch(text, line_start, mention.start) is not None
    after = _DATELINE_AFTER.match(text, mention.end)
    return after is not None and (opens_line or after.group().endswith("电"))


def lead_place(
    document: str, text_size: int, mentions: Sequence[Mention], kinds: Mapping[str, str | None]
) -> Mention | None:
    """The city or venue (``PLACE_KINDS``) the headline or lead names first, datelines left
    out: where the report puts the happening. ``document`` is ``Article.document``: mentions
    past ``text_size`` are in the headline, which comes first."""

    named = [
        m
        for m in mentions
        if m.type == "LOC"
        and kinds.get(m.key) in PLACE_KINDS
        and reading_position(m, document, text_size) < LEAD_CHARS
        and not is_dateline(document, m)
    ]
    return min(named, key=lambda m: (reading_position(m, document, text_size), m.key), default=None)


def reading_position(mention: Mention, document: str, text_size: int) -> int:
    """Where a reader meets a mention of ``Article.document``: the headline, which the
    document puts after the text (offsets past ``text_size``), comes first (negative)."""
    return mention.start - len(document) if mention.start >= text_size else mention.start
