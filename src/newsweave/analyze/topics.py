"""Topic tags from a versioned multilingual keyword taxonomy (``resources/topics.json``).

Each topic lists keyword stems per language. The text and the stems are folded the same way
(``fold_for_matching``: case, accents, Arabic letter variants), and a multi-word stem lets
every word inflect, so "военного сотрудничества" matches the stem "военное сотрудничество" and
"international information security" matches "information security". A topic is tagged when
any of its stems occurs; tags come back most-mentioned first.

All languages' stems are tried on every text: articles quote across languages, and a stem of
one language rarely occurs by chance in another once stems must start a word.

Pure: the table is read once through importlib.resources and cached.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from newsweave.analyze.normalize import fold_for_matching

__all__ = ["tag_topics", "topic_counts", "topics_table"]

# Scripts whose words take glued prefixes (Arabic و/ال/ب) or have no spaces (Chinese,
# Japanese): stems there match anywhere, not only at a word start.
_NO_WORD_START = re.compile(r"[\u0600-\u06ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _fold(text: str) -> str:
    return fold_for_matching(text).replace("\u200c", "")


@lru_cache(maxsize=1)
def topics_table() -> dict[str, dict[str, list[str]]]:
    """The packaged taxonomy: topic -> language -> keyword stems."""
    text = resources.files("newsweave.resources").joinpath("topics.json").read_text("utf-8")
    table: dict[str, dict[str, list[str]]] = json.loads(text)["topics"]
    return table


def _stem_pattern(stem: str) -> str:
    whole = stem.endswith("$")
    words = _fold(stem.rstrip("$")).split()
    # Every word but the last may inflect ("военного сотрудничества"); hyphens count as spaces.
    body = r"[\w-]*[\s-]+".join(re.escape(w) for w in words)
    left = "" if _NO_WORD_START.match(words[0]) else r"(?<![^\W\d_])"
    return left + body + (r"(?![^\W\d_])" if whole else "")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    out = {}
    for topic, by_lang in topics_table().items():
        stems = sorted({s for words in by_lang.values() for s in words}, key=len, reverse=True)
        out[topic] = re.compile("|".join(_stem_pattern(s) for s in stems))
    return out


def topic_counts(text: str) -> dict[str, int]:
    """Number of keyword hits per topic (topics without hits left out)."""
    folded = _fold(text)
    counts = {}
    for topic, pattern in _patterns().items():
        hits = sum(1 for _ in pattern.finditer(folded))
        if hits:
            counts[topic] = hits
    return counts


def tag_topics(text: str, *, lang: str) -> tuple[str, ...]:
    """Topics of ``text``, most hits first (ties by name, for stable output).

    ``lang`` is accepted for symmetry with the other extractors; every language's stems are
    tried (see the module docstring).

    >>> tag_topics("Cooperation against terrorism and drug trafficking.", lang="en")
    ('drugs', 'terrorism')
    """
    del lang
    counts = topic_counts(text)
    return tuple(sorted(counts, key=lambda t: (-counts[t], t)))
