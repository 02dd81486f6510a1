"""Entity mentions from a multilingual gazetteer, plus cross-script keys for unknown names.

Known names come from the curated gazetteer (``resources/gazetteer.jsonl``) and from CLDR
country names in every locale (babel). Matching is on folded tokens, so case, diacritics and
Arabic/Persian letter variants do not matter, and tolerates inflection (Москве, Путина) and
Arabic/Persian clitics (و، ب، ال). Scripts written without spaces (Chinese, Japanese) are
matched as substrings. Capitalized names that the gazetteer does not know get a cross-script
consonant-skeleton key, so that "Luong Tam Quang" in Romanian and Swedish reports still meet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import EntityType, Mention
from .normalize import fold_for_matching

_TOKEN = re.compile(r"[^\W\d_](?:[^\W_]|['’\-](?=[^\W\d_]))*", re.UNICODE)
_NO_SPACE_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CLITICS = ("وال", "بال", "لل", "ال", "و", "ب", "ل", "ف", "ک")
MAX_NAME_TOKENS = 6
MAX_INFLECTION = 3
MIN_STEM = 4


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str
    type: EntityType
    name: str
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kind: str | None = None


class Gazetteer:
    """Folded alias index over gazetteer entries, built once and shared by stages."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries: dict[str, GazetteerEntry] = {}
        self.exact: dict[str, tuple[str, EntityType]] = {}
        self.stems: dict[str, tuple[str, EntityType]] = {}
        cjk: list[tuple[str, str, EntityType]] = []
        for entry in entries:
            self.entries[entry.id] = entry
            for names in entry.aliases.values():
                for name in names:
                    self._add(name, entry, cjk)
        cjk.sort(key=lambda item: -len(item[0]))
        self._cjk = {alias: (eid, etype) for alias, eid, etype in cjk}
        self._cjk_pattern = (
            re.compile("|".join(re.escape(alias) for alias, _, _ in cjk)) if cjk else None
        )

    def _add(
        self, name: str, entry: GazetteerEntry, cjk: list[tuple[str, str, EntityType]]
    ) -> None:
        if _NO_SPACE_SCRIPTS.search(name):
            if len(name) >= 2:
                cjk.append((name, entry.id, entry.type))
            return
        tokens = [fold_for_matching(t) for t in _TOKEN.findall(name)]
        if not tokens or len(tokens) > MAX_NAME_TOKENS:
            return
        key = " ".join(tokens)
        # The first entry to claim an alias keeps it: the gazetteer lists entries in order of
        # salience, so "Georgia" the country is not taken over by a later, rarer meaning.
        self.exact.setdefault(key, (entry.id, entry.type))
        last = tokens[-1]
        if len(last) > MIN_STEM and not _is_acronym(name):
            stem = " ".join(tokens[:-1] + [last[: max(MIN_STEM, len(last) - 2)]])
            self.stems.setdefault(stem, (entry.id, entry.type))

    def lookup(self, tokens: list[str]) -> tuple[str, EntityType] | None:
        key = " ".join(tokens)
        if key in self.exact:
            return self.exact[key]
        last = tokens[-1]
        for cut in range(1, MAX_INFLECTION + 1):
            if len(last) - cut < MIN_STEM:
                break
            hit = self.stems.get(" ".join(tokens[:-1] + [last[:-cut]]))
            if hit:
                return hit
        return None

    def find(self, text: str) -> list[Mention]:
        mentions = list(self._find_spaced(text))
        if self._cjk_pattern is not None and _NO_SPACE_SCRIPTS.search(text):
            for match in self._cjk_pattern.finditer(text):
                eid, etype = self._cjk[match.group()]
                mentions.append(Mention(match.start(), match.end(), match.group(), etype, eid))
        return _drop_overlaps(mentions)

    def _find_spaced(self, text: str) -> Iterator[Mention]:
        spans = [(m.start(), m.end(), fold_for_matching(m.group())) for m in _TOKEN.finditer(text)]
        i = 0
        while i < len(spans):
            hit = None
            for n in range(min(MAX_NAME_TOKENS, len(spans) - i), 0, -1):
                window = spans[i : i + n]
                if not _contiguous(text, window):
                    continue
                tokens = [t for _, _, t in window]
                hit = self.lookup(tokens) or self._lookup_without_clitic(tokens)
                if hit:
                    start, end = window[0][0], window[-1][1]
                    yield Mention(start, end, text[start:end], hit[1], hit[0])
                    i += n
                    break
            if not hit:
                i += 1

    def _lookup_without_clitic(self, tokens: list[str]) -> tuple[str, EntityType] | None:
        first = tokens[0]
        for clitic in _CLITICS:
            if first.startswith(clitic) and len(first) - len(clitic) >= 2:
                hit = self.lookup([first[len(clitic) :], *tokens[1:]])
                if hit:
                    return hit
        return None


def _contiguous(text: str, window: list[tuple[int, int, str]]) -> bool:
    # Tokens of one name are separated by spaces or a hyphen/dot, never by a line break or
    # punctuation that ends a phrase.
    return all(
        re.fullmatch(r"[ \-‐.·・]{1,2}", text[a[1] : b[0]]) is not None
        for a, b in zip(window, window[1:], strict=False)
    )


def _is_acronym(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


# --- names the gazetteer does not know --------------------------------------------------

_CAPITALIZED_NAME = re.compile(
    r"(?<![\w.])(?:[A-ZА-ЯЁÀ-ÖØ-ÞĀ-ſȘȚ][\w’'\-]+)(?:[ \-](?:[A-ZА-ЯЁÀ-ÖØ-ÞĀ-ſȘȚ][\w’'\-]+)){1,3}"
)


def unknown_names(text: str, known: list[Mention]) -> list[Mention]:
    """Multi-word capitalized names not covered by a gazetteer mention, with skeleton keys."""
    taken = [(m.start, m.end) for m in known]
    found = []
    for match in _CAPITALIZED_NAME.finditer(text):
        start, end = match.span()
        if any(start < b and a < end for a, b in taken):
            continue
        if match.group().isupper():
            continue  # headlines in capitals are not names
        found.append(
            Mention(start, end, match.group(), "PER", "k:" + name_key(match.group()), "pattern")
        )
    return found


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Cross-script consonant skeleton: Шойгу, Șoigu, Shoigu, Schoigu → "sg".

    Transliterate to ASCII, fold digraphs that different languages use for one sound,
    then keep consonants only; vowels are where transliterations disagree most.
    """
    from anyascii import anyascii

    words = []
    for word in anyascii(name).lower().split():
        word = re.sub(r"[^a-z]", "", word)
        for digraph, single in (
            ("sch", "s"),
            ("sh", "s"),
            ("ch", "c"),
            ("zh", "z"),
            ("kh", "h"),
            ("ts", "c"),
            ("tz", "c"),
            ("ph", "f"),
            ("th", "t"),
            ("dj", "j"),
            ("j", "y"),
            ("w", "v"),
            ("q", "k"),
            ("x", "ks"),
            ("c", "k"),
        ):
            word = word.replace(digraph, single)
        skeleton = re.sub(r"[aeiouyh]", "", word)
        skeleton = re.sub(r"(.)\1+", r"\1", skeleton)
        if skeleton:
            words.append(skeleton)
    return "-".join(words)
