"""Entity mentions: a multilingual gazetteer, statistical NER, titles, cross-script keys.

Known names come from the curated gazetteer (``resources/gazetteer.jsonl``) and from CLDR
country names in every locale (babel). Matching is on folded tokens, so case, diacritics and
Arabic/Persian letter variants do not matter, and tolerates inflection (Москве, Ирана, Путина,
Şoygu'nun, Shoigu's) and Arabic/Persian clitics (و، ب، ال). Scripts written without spaces
(Chinese, Japanese) are matched as substrings.

Names the gazetteer does not know come from, in order of trust: a statistical recognizer for
the language (``analyze.ner``: natasha for Russian, CRF taggers), a title that introduces a
person ("Secretary of the Security Council X", "министр обороны X", "وزير الدفاع X"), and, for
languages without a recognizer, capitalized runs that look like person names (no generic
words such as "International Meeting", none of their words written in lower case elsewhere in
the text). Each gets a cross-script consonant-skeleton key ``"k:" + name_key(name)``, so that
"Luong Tam Quang" in Romanian and Swedish reports still meet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from ..model import EntityType, Mention
from .ner import Recognizer, Span
from .normalize import fold_for_matching

# Vowel signs and other combining marks of Indic, Thai and Arabic script are not \w in
# Python's re; without them "अजीत डोभाल" fell apart into letters and never matched.
_MARKS = "\u0300-\u036f\u0483-\u0489\u064b-\u065f\u0670\u0900-\u0dff\u0e00-\u0eff\u1dc0-\u1dff"
_TOKEN = re.compile(rf"[^\W\d_](?:[^\W_]|[{_MARKS}]|['’\-](?=[^\W\d_]))*", re.UNICODE)
_NO_SPACE_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CLITICS = ("وال", "بال", "لل", "ال", "و", "ب", "ل", "ف", "ک")
# Arabic and Persian write no capitals, so a loose stem there takes in everyday words
# ("استان" province was Astana, "عراقی" Iraqi was Araghchi, "التركيز" focus was Turkey:
# 220 false mentions against 15 right on ArmanPersoNER). A name's derived forms there add a
# suffix from a closed set instead: nisba adjectives (ایرانی، الروسیة), plurals (ها، ان),
# the Persian ezafe and indefinite (ی، ای). Folded spellings (ي → ی).
_ARABIC_SCRIPT_SUFFIXES = (
    "یها", "های", "یان", "یون", "یین", "یة", "یه", "ها", "ان", "ای", "ئی", "یی", "ی", "ة",
)  # fmt: skip
# ...and a name ending in alef or ta marbuta drops it before a nisba (روسیا → الروسیة).
# Only countries and regions take these: "فارسی" (Persian) is no Fars agency, "رحمانی" no
# Rahmon, "الرياضي" (sporting) no Riyadh.
_ARABIC_SCRIPT_FINAL_VOWELS = ("ا", "ة")
# Korean glues case particles to a name (러시아의 "Russia's", 중국과 "with China"); strip
# one from this closed set instead of cutting a stem through a syllable (일부터, "from the
# first", was Japan 일본). Folded, as tokens are; longest first.
_KOREAN_PARTICLES = tuple(
    sorted(
        map(
            fold_for_matching,
            (
            "의", "에", "에서", "에서의", "에서는", "에는", "에도", "에게", "은", "는", "이", "가",
            "을", "를", "과", "와", "과의", "와의", "과는", "와는", "으로", "로", "으로의", "로의",
            "도", "만", "까지", "부터", "측", "측은", "측의", "측이", "측과", "이다", "인", "간",
            ),
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_DERIVING_KINDS = frozenset({"country", "region", "world_region"})
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_HANGUL = re.compile(r"[\u1100-\u11ff\uac00-\ud7af]")
# A role names a post when it spells more than half the words of the post's body, country
# names aside ("Defense Minister": "defen", "minis" of "Ministry of Defence of the Russian
# Federation"; "Minister of Emergency Situations" spells only half).
HALF = 0.5
OFFICE_WORD_PREFIX = 5  # letters compared: declension and derivation change word ends
MAX_INFLECTION = 3
MIN_STEM = 4
SYLLABLE_WORD_LANGS = frozenset({"vi"})
# Languages that neither decline names nor capitalize adjectives of place ("ruso", "russe"):
# a capitalized word there that only shares a stem with a name is another name ("Franco",
# "José Hugo Moldiz", "Palácio", "Service"), so only whole names match.
UNINFLECTED_NAME_LANGS = frozenset({"es", "pt", "fr", "it", "ca", "gl"})
# Languages that capitalize every noun: a capitalized word before a surname says little.
NOUN_CAPITALIZING_LANGS = frozenset({"de", "lb"})
# How alike (rapidfuzz ratio of name keys) a word must be to a person's first name to be
# taken for it in another spelling (Iuri ~ Yuri).
GIVEN_NAME_SIMILARITY = 70
# Scripts that write names with a capital: Latin, Greek, Cyrillic, Armenian (not Georgian,
# whose everyday letters Unicode also calls lower case).
_CASED = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u1e00-\u1eff]")
_WRITTEN_VOWEL_SCRIPT = re.compile(r"[a-z\u0400-\u04ff\u0370-\u03ff]")
# Folded (lower case, no diacritics); й, ь, ъ end stems the way vowels do (Китай → Китая).
_VOWELS = re.compile(r"[aeiouyаеёиоуыэюяйьъαεηιουω]")


@dataclass(frozen=True, slots=True)
class Office:
    """A post a person held: the body (gazetteer id; a country for state offices) and when,
    as "YYYY-MM" or "YYYY"; ``end`` None while held."""

    org: str
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str
    type: EntityType
    name: str
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kind: str | None = None
    period: str | None = None  # "annual" for a meeting series held once a year
    country: str | None = None  # ISO 3166 code: where a city or venue is, whose a body is
    convener: str | None = None  # the body that holds an event series
    roles: tuple[Office, ...] = ()  # a person's posts


class Gazetteer:
    """Folded alias index over gazetteer entries, built once and shared by stages."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries: dict[str, GazetteerEntry] = {}
        self.exact: dict[str, tuple[str, EntityType]] = {}
        # Folded first word of a name of several words (and its stem) -> words in the longest
        # such name: how far a lookup from a word can reach.
        self._reach: dict[str, int] = {}
        self.stems: dict[str, tuple[str, EntityType]] = {}
        self.acronyms: dict[str, tuple[str, EntityType]] = {}
        # Names of several words by the stem of each word: in Russian every word of a name
        # declines ("Ближнем Востоке", "Шанхайской организации сотрудничества").
        self.phrases: dict[str, Any] = {}
        # Country names come from CLDR in 40 locales, and some are everyday words in another
        # language; countries with an alias written in lower case are the only ones a
        # lower-case word may stand for.
        self.lowercase_ok: set[str] = set()
        self._given: dict[str, frozenset[str]] = {}  # person -> first names, as name keys
        self._entries_by_key: dict[tuple[str, EntityType], str] | None = None
        self._words: dict[str, tuple[frozenset[str], ...]] = {}  # entity -> its names' words
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
        if not tokens:
            return
        if any(ch.isdigit() for ch in _TOKEN.sub("", name)):
            return  # tokens leave out a number: "گروه ۲۰" (G20) would be "گروه", "group"
        if _is_lower(name):
            self.lowercase_ok.add(entry.id)
        if len(tokens) > 1:
            for form in {tokens[0], _stem(tokens[0]) or tokens[0]}:
                self._reach[form] = max(self._reach.get(form, 1), len(tokens))
        key = " ".join(tokens)
        if len(tokens) == 1 and _is_acronym(name):
            # Acronyms match only in capitals: "UN", "AU", "CEI" are words in Romanian
            # ("un", "au", "cei"); measured on RONEC test, they were most ORG false positives.
            self.acronyms.setdefault(key, (entry.id, entry.type))
            return
        # The first entry to claim an alias keeps it: the gazetteer lists entries in order of
        # salience, so "Georgia" the country is not taken over by a later, rarer meaning.
        self.exact.setdefault(key, (entry.id, entry.type))
        if _is_acronym(name):
            return
        stem = _stem(tokens[-1])
        if stem is not None:
            self.stems.setdefault(" ".join(tokens[:-1] + [stem]), (entry.id, entry.type))
        if len(tokens) > 1:
            node = self.phrases
            for token in tokens:
                node = node.setdefault(_stem(token) or token, {})
            node.setdefault(_PHRASE_END, (entry.id, entry.type))

    def lookup(self, tokens: list[str], *, inflected: bool = True) -> tuple[str, EntityType] | None:
        """The entry a folded name stands for; ``inflected=False`` asks for an exact alias."""
        key = " ".join(tokens)
        if key in self.exact:
            return self.exact[key]
        if not inflected:
            return None
        last = tokens[-1]
        if _ARABIC_SCRIPT.match(last):
            return self._arabic_script_form(tokens)
        if _HANGUL.match(last):
            return self._without_particle(tokens)
        # Short Russian aliases have no stem entry (Иран, Киев): strip a case ending and look
        # the base up exactly, so Ирана/Ираном/Киеве match without loosening the stem rule.
        ending = _CYRILLIC_ENDING.search(last)
        if ending and ending.start() >= 3:
            hit = self.exact.get(" ".join([*tokens[:-1], last[: ending.start()]]))
            if hit:
                return hit
        for cut in range(1, MAX_INFLECTION + 1):
            if len(last) - cut < MIN_STEM:
                break
            hit = self.stems.get(" ".join(tokens[:-1] + [last[:-cut]]))
            if hit:
                return hit
        return self._phrase(tokens) if len(tokens) > 1 else None

    def _arabic_script_form(self, tokens: list[str]) -> tuple[str, EntityType] | None:
        """A name with one of ``_ARABIC_SCRIPT_SUFFIXES``, after its final long vowel."""
        last = tokens[-1]
        for suffix in _ARABIC_SCRIPT_SUFFIXES:
            base = last[: -len(suffix)]
            if not last.endswith(suffix) or len(base) < MIN_STEM - 1:
                continue
            nisba = suffix.startswith("ی") or suffix == "ة"
            for restored in ("", *(_ARABIC_SCRIPT_FINAL_VOWELS if nisba else ())):
                hit = self.exact.get(" ".join([*tokens[:-1], base + restored]))
                if hit and self.entries[hit[0]].kind in _DERIVING_KINDS:
                    return hit
        return None

    def _without_particle(self, tokens: list[str]) -> tuple[str, EntityType] | None:
        last = tokens[-1]
        for particle in _KOREAN_PARTICLES:
            if last.endswith(particle) and len(last) > len(particle):
                hit = self.exact.get(" ".join([*tokens[:-1], last[: -len(particle)]]))
                if hit:
                    return hit
        return None

    def _phrase(self, tokens: list[str]) -> tuple[str, EntityType] | None:
        """A name of several words, each word in any case form (by stems)."""
        nodes = [self.phrases]
        for token in tokens:
            forms = [
                token[:-cut] for cut in range(1, MAX_INFLECTION + 1) if len(token) - cut >= MIN_STEM
            ]
            nodes = [node[form] for node in nodes for form in (token, *forms) if form in node]
            if not nodes:
                return None
        return next((node[_PHRASE_END] for node in nodes if _PHRASE_END in node), None)

    def find(self, text: str, *, lang: str = "und") -> list[Mention]:
        mentions = list(self._find_spaced(text, lang))
        if self._cjk_pattern is not None and _NO_SPACE_SCRIPTS.search(text):
            for match in self._cjk_pattern.finditer(text):
                eid, etype = self._cjk[match.group()]
                mentions.append(Mention(match.start(), match.end(), match.group(), etype, eid))
        return _drop_overlaps(mentions)

    def _find_spaced(self, text: str, lang: str) -> Iterator[Mention]:
        spans = [(m.start(), m.end(), _fold_token(m.group())) for m in _TOKEN.finditer(text)]
        # Vietnamese writes each syllable as a word, and each syllable of a name is also a
        # common word (Trung Quốc, "China": "tập trung", "quốc tế").
        lower = (
            set()
            if lang in SYLLABLE_WORD_LANGS
            else {fold for start, _, fold in spans if _is_lower(text[start])}
        )
        i = 0
        while i < len(spans):
            hit = None
            for n in range(min(self._reach_from(spans[i][2]), len(spans) - i), 0, -1):
                window = spans[i : i + n]
                if not _contiguous(text, window):
                    continue
                tokens = [t for _, _, t in window]
                # An inflected form must still be written as a name: "indicó" is no India.
                inflected = not text[window[0][0]].islower() and lang not in UNINFLECTED_NAME_LANGS
                hit = self.lookup(tokens, inflected=inflected) or self._lookup_without_clitic(
                    tokens, inflected=inflected
                )
                if not hit and n == 1 and _is_acronym(text[window[0][0] : window[0][1]]):
                    hit = self.acronyms.get(tokens[0])
                if hit and self._is_word(hit[0], text[window[0][0]], tokens, lower):
                    hit = None
                # "XI Московская конференция" is the 11th, not Xi Jinping; "LI" not Li Qiang.
                if (
                    hit
                    and hit[1] == "PER"
                    and n == 1
                    and _ROMAN_NUMERAL.fullmatch(text[window[0][0] : window[0][1]])
                ):
                    hit = None
                if (
                    hit
                    and hit[1] == "PER"
                    and n == 1
                    and lang not in NOUN_CAPITALIZING_LANGS
                    and self._after_another_first_name(text, spans, i, hit[0], lower)
                ):
                    hit = None
                if hit:
                    start, end = window[0][0], window[-1][1]
                    yield Mention(start, end, text[start:end], hit[1], hit[0])
                    i += n
                    break
            if not hit:
                i += 1

    def _after_another_first_name(
        self,
        text: str,
        spans: list[tuple[int, int, str]],
        i: int,
        entity: str,
        lower: set[str],
    ) -> bool:
        """A surname alone right after a capitalized word that is none of the person's
        first names (in any spelling), nor a title or a word the text writes in lower case:
        someone else of that name ("Laureano Ortega Murillo" is not Daniel Ortega,
        "Акылбек Жапаров" not Sadyr Japarov)."""
        if i == 0:
            return False
        start, end, token = spans[i - 1]
        if text[end : spans[i][0]] != " " or not _CASED.match(text[start]):
            return False
        if not text[start].isupper() or token in lower or token in _GENERIC:
            return False
        if token in _TITLE_WORDS:
            return False
        written = name_key(text[start:end])
        return not any(
            fuzz.ratio(written, given) >= GIVEN_NAME_SIMILARITY
            for given in self._first_names(entity)
        )

    def office_of(self, person: str, role: str) -> str | None:
        """Which of a person's posts a role as written names: the one whose body's name (in
        any language) the role spells most of, word by word ("secretario de Consejo de
        Seguridad ruso": the Security Council; "وزير الدفاع الروسي": the Ministry of
        Defence). The name of the country whose state offices the person held does not count:
        "President of the Russian Federation" is not the "Security Council of the Russian
        Federation". None when no post's body is more than half spelled, or two are alike."""
        entry = self.entries.get(person)
        if entry is None or not entry.roles:
            return None
        country = frozenset().union(
            *(
                words
                for office in entry.roles
                if office.org in self.entries and self.entries[office.org].kind == "country"
                for words in self._name_words(office.org)
            )
        )
        words = _word_prefixes(role)
        scores = []
        for office in entry.roles:
            if office.org not in self.entries or self.entries[office.org].type != "ORG":
                continue  # a country stands for state offices: its name says no more
            best = max(
                (
                    len(name & words) / len(name)
                    for name in (n - country for n in self._name_words(office.org))
                    if name
                ),
                default=0.0,
            )
            scores.append((best, office.org))
        scores.sort(reverse=True)
        if not scores or scores[0][0] <= HALF:
            return None
        if len(scores) > 1 and scores[1][0] == scores[0][0]:
            return None
        return scores[0][1]

    def _name_words(self, entity: str) -> tuple[frozenset[str], ...]:
        """``_word_prefixes`` of each of an entry's names, computed once."""
        found = self._words.get(entity)
        if found is None:
            aliases = self.entries[entity].aliases.values()
            found = tuple({_word_prefixes(a) for names in aliases for a in names} - {frozenset()})
            self._words[entity] = found
        return found

    def entry_by_name_key(self, key: str, type_: EntityType) -> str | None:
        """The entry of this type whose name of two words or more has this ``name_key``
        skeleton in one of its spellings, when no other entry's does: "Володимир Путін" is
        Vladimir Putin though no Ukrainian alias is listed, and the Romanian genitive
        "Consiliului de Securitate al Federației Ruse" is the Russian Security Council."""
        if self._entries_by_key is None:
            claims: dict[tuple[str, EntityType], set[str]] = {}
            for entry in self.entries.values():
                for aliases in entry.aliases.values():
                    for alias in aliases:
                        skeleton = name_key(alias)
                        if "-" in skeleton:
                            claims.setdefault((skeleton, entry.type), set()).add(entry.id)
            self._entries_by_key = {k: next(iter(v)) for k, v in claims.items() if len(v) == 1}
        return self._entries_by_key.get((key, type_))

    def _first_names(self, entity: str) -> frozenset[str]:
        names = self._given.get(entity)
        if names is None:
            entry = self.entries[entity]
            names = frozenset(
                name_key(words[0])
                for aliases in entry.aliases.values()
                for alias in aliases
                if len(words := alias.split()) > 1
            )
            self._given[entity] = names
        return names

    def _is_word(self, entity: str, first: str, tokens: list[str], lower: set[str]) -> bool:
        """A country name that is a word here: written in lower case ("того" is no Togo,
        Portuguese "ao" no Austria), or all its words written in lower case elsewhere in the
        text ("La reunión ... la reunión" is no Réunion)."""
        entry = self.entries.get(entity)
        if entry is None or entry.kind != "country" or entity in self.lowercase_ok:
            return False
        return _is_lower(first) or all(t in lower for t in tokens)

    def _reach_from(self, first: str) -> int:
        """Words in the longest name that may start with this folded word, in any form a
        lookup tries: as written, without a clitic, cut by an inflection."""
        forms = [first]
        forms += [
            first[len(c) :] for c in _CLITICS if first.startswith(c) and len(first) - len(c) >= 2
        ]
        forms += [
            form[:-cut]
            for form in forms
            for cut in range(1, MAX_INFLECTION + 1)
            if len(form) - cut >= MIN_STEM
        ]
        return max(self._reach.get(form, 1) for form in forms)

    def _lookup_without_clitic(
        self, tokens: list[str], *, inflected: bool = True
    ) -> tuple[str, EntityType] | None:
        first = tokens[0]
        for clitic in _CLITICS:
            if first.startswith(clitic) and len(first) - len(clitic) >= 2:
                hit = self.lookup([first[len(clitic) :], *tokens[1:]], inflected=inflected)
                if hit:
                    return hit
        return None


_CYRILLIC_ENDING = re.compile(r"(?:ами|ями|ом|ем|ой|ей|ам|ям|ах|ях|ою|а|я|у|ю|е|ы|и)$")
# An apostrophe followed by a short lower-case suffix is a case ending or possessive:
# Şoygu'nun, Erdoğan'ın, Shoigu's. O'Brien and d'Estaing keep theirs.
_APOSTROPHE_SUFFIX = re.compile(r"(?<=[^\W\d_]{3})['’][a-zçğıöşüâîû]{1,5}$")


def _is_lower(text: str) -> bool:
    """Whether ``text`` starts with a lower-case letter of a script that capitalizes names."""
    return bool(text) and text[0].islower() and _CASED.match(text[0]) is not None


def _fold_token(token: str) -> str:
    return fold_for_matching(_APOSTROPHE_SUFFIX.sub("", token))


def _contiguous(text: str, window: list[tuple[int, int, str]]) -> bool:
    # Tokens of one name are separated by spaces or a hyphen/dot, never by a line break or
    # punctuation that ends a phrase.
    return all(
        re.fullmatch(r"[ \-‐.·・]{1,2}", text[a[1] : b[0]]) is not None
        for a, b in zip(window, window[1:], strict=False)
    )


_PHRASE_END = ""  # the key of a name's entry in ``Gazetteer.phrases`` (no word is empty)


def _stem(token: str) -> str | None:
    """The stem an inflected form of a name's word keeps, or None for a short word."""
    if _ARABIC_SCRIPT.match(token) or _HANGUL.match(token):
        return None  # see _ARABIC_SCRIPT_SUFFIXES and _KOREAN_PARTICLES
    if len(token) <= MIN_STEM:
        return None
    cut = max(MIN_STEM, len(token) - 2)
    # In scripts that write vowels, inflection replaces final vowels (Москва → Москвы,
    # Казань → Казани) or adds an ending (Минск → Минске), so the stem ends before a vowel:
    # cut before a consonant it takes in other words ("kaza" of Kazan made "Kazakh" Kazan).
    if _WRITTEN_VOWEL_SCRIPT.match(token):
        while cut < len(token) and not _VOWELS.match(token[cut]):
            cut += 1
    return token[:cut]


_ROMAN_NUMERAL = re.compile(
    r"(?=[MDCLXVI]{2})M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
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

# Upper-case letters of the Latin, Greek, Cyrillic and Armenian blocks and of Vietnamese
# (Latin Extended Additional). Those blocks interleave cases (Ā ā, Ạ ạ), so a range of
# them took "đã", "ở" and Turkish "şehir" for capitalized words.
_UPPER = "".join(
    re.escape(ch) for ch in map(chr, [*range(0x41, 0x590), *range(0x1E00, 0x1F00)]) if ch.isupper()
)
_CAP_WORD = rf"[{_UPPER}][\w’'\-]*"
_CAPITALIZED_RUN = re.compile(rf"(?<![\w.])(?:{_CAP_WORD})(?:[ \-](?:{_CAP_WORD}))*")
# Letters and vowel marks of the Arabic block, not its punctuation (، ؛ ؟ ۔) or digits: a
# comma after a title was read as the first "word" of a name.
_ARABIC_WORD = re.compile(r"[\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff]+")
# What ends a role phrase: sentence punctuation, quotes, brackets, and a comma that is not
# the one between a title and its name.
_ROLE_BREAK = re.compile(r"[.!?؟;:\n«»\"“”()،]|,(?=\s*\S)")
MAX_ROLE_CHARS = 90
# Function words a title never ends with, and words of a clause, not a title ("the Iranian
# secretary, accepting the invitation of [X]").
_ROLE_TAIL = frozenset(
    fold_for_matching(w)
    for w in """of the a an in on at for to de del della di du des la le les el al a ale
    lui din în și der die das von für van и в на по для при""".split()
)
_CLAUSE_WORDS = frozenset(
    fold_for_matching(w) for w in "با که را گفت کرد قال قالت أن التي الذي said told".split()
)
_SENTENCE_BREAK = re.compile(r"[.!?؟;:\n«»\"“”()،,]")

# Capitalized words that are not names: titles, institutions, calendar and function words in
# the corpus languages. A run made only of these is dropped; a run that starts or ends with
# them is trimmed ("President Tokayev" → "Tokayev").
_GENERIC = frozenset(
    fold_for_matching(w)
    for w in """
the a an this that these those there here it its he she they we our his her their in on at of
later earlier then meanwhile however but so yet also still now last next new
for to from by with and or but as after before during while when where if not no yes also
mr mrs ms dr sir madam president vice prime minister ministers premier secretary general
chairman chairwoman chair deputy director head chief ambassador envoy spokesman spokeswoman
spokesperson adviser advisor commander colonel general admiral king queen prince sheikh emir
senator governor mayor chancellor representative representatives high higher international
national security council meeting meetings conference summit forum session assembly committee
commission ministry foreign defence defense affairs federation republic state states
government office department agency service union organization organisation bureau
parliament court army navy force forces news press media report reports today yesterday
tomorrow monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december
президент премьер министр министра секретарь секретаря совбез совбеза совет совета глава
председатель заместитель директор посол генерал полковник официальный представитель
международный международная международной встреча встречи конференция саммит форум
министерство федерации республика государство правительство служба россия
январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
в во на по с со и а но для от до при о об из за к у это этот эта эти он она они мы
președintele președinte ministrul ministru secretarul secretar consiliul consiliu șeful
reuniunea întâlnirea conferința summitul forumul ministerul federației republicii statele
guvernul în la pe cu și de din pentru după este
président premier ministre secrétaire général conseil sécurité réunion conférence sommet
ministère république gouvernement le la les des du un une et dans sur pour avec
presidente ministro secretario consejo seguridad reunión conferencia cumbre ministerio
república gobierno el los las del en con por para estado estados
ningún ninguna cada todo todos toda todas otro otra otros otras este esta estos estas su sus
según tras sobre entre durante también ayer hoy
nenhum nenhuma outro outra outros outras estes estas seu sua seus suas segundo após ontem hoje
aucun aucune chaque tout tous toute toutes autre autres ce cet cette ces son sa ses leur leurs
selon après avant pendant aussi hier
präsident minister sekretär rat sicherheitsrat treffen konferenz gipfel ministerium
regierung der die das den dem ein eine und im am
tổng thống chủ tịch thủ tướng bộ trưởng thư ký hội đồng an ninh quốc gia hội nghị cuộc họp
ông bà tại và của các những
cumhurbaşkanı bakan bakanı sekreter konsey güvenlik toplantı zirve
presiden menteri sekretaris dewan keamanan pertemuan konferensi
""".split()
)

# Capitalized words that mark an organization or a place when a run contains them.
_ORG_WORDS = frozenset(
    fold_for_matching(w)
    for w in """
council ministry committee commission organization organisation agency service bureau union
university institute academy party bank company corporation group association forum
assembly parliament court army navy centre center fund foundation front movement
совет министерство комитет комиссия организация агентство служба союз университет
институт академия партия банк компания корпорация ассоциация фонд центр
consiliul ministerul comitetul comisia organizația agenția serviciul uniunea universitatea
institutul partidul banca compania asociația fundația centrul
conseil ministère comité organisation agence université institut parti banque
consejo ministerio comité organización agencia universidad instituto partido banco
rat ministerium ausschuss kommission organisation agentur universität institut partei bank
""".split()
)
_LOC_WORDS = frozenset(
    fold_for_matching(w)
    for w in """
river sea ocean lake mountains mountain island islands gulf bay valley province region
oblast district city street square
река море озеро остров область край район улица площадь
râul marea lacul insula județul regiunea orașul strada piața
""".split()
)

# Titles that introduce a person: the name that follows is PER even when no one knows it.
# Matched on folded text; the gap up to the name may hold a country or an institution
# ("Secretary of the Security Council of the Russian Federation Sergei Shoigu").
_TITLES = [
    fold_for_matching(t)
    for t in """
president|vice president|prime minister|premier|minister|foreign minister|defence minister|
defense minister|interior minister|secretary|secretary-general|secretary general|
national security adviser|national security advisor|chairman|chairwoman|speaker|
ambassador|spokesman|spokeswoman|spokesperson|general|admiral|colonel|marshal|king|
prince|crown prince|emir|sheikh|mr|mrs|ms|dr|senator|governor|mayor|chancellor|commander|
director|chief|deputy|envoy|
президент|премьер-министр|премьер|министр|министра|министром|глава|главы|главой|
секретарь|секретаря|секретарем|секретарём|председатель|председателя|спикер|посол|посла|
генерал|маршал|помощник|помощника|директор|директора|представитель|заместитель|
președintele|președinte|premierul|ministrul|secretarul|șeful|ambasadorul|generalul|
consilierul|directorul|purtătorul de cuvânt|
président|ministre|secrétaire|chef|ambassadeur|général|porte-parole|
presidente|ministro|secretario|canciller|embajador|portavoz|
präsident|kanzler|außenminister|verteidigungsminister|sekretär|botschafter|
tổng thống|chủ tịch|thủ tướng|bộ trưởng|thư ký|đại sứ|đại tướng|thượng tướng|ông|bà|
cumhurbaşkanı|bakanı|başbakan|sekreteri|
presiden|menteri|sekretaris|
رئیس جمهور|رئیس‌جمهور|رئیس جمهوری|رئیسجمهور|رئیسجمهوری|وزیر|وزیر امور خارجه|وزیر خارجه|
وزیر دفاع|دبیر|دبیر شورای عالی امنیت ملی|دبیر شورای امنیت|سخنگوی|سفیر|فرمانده|سردار|
سرلشکر|رئیس|معاون|نخست وزیر|نخست‌وزیر|نخستوزیر|دستیار|
آقای|خانم|دکتر|مهندس|آیت الله|آیت‌الله|آیتالله|حجت الاسلام|حجت‌الاسلام|حجتالاسلام|حضرت|استاد|
شهید|ژنرال|شیخ|السید|السیدة|الدکتور|
الرئیس|رئیس|وزیر|وزیر الخارجیه|وزیر الدفاع|امین|الامین العام|امین مجلس الامن|سکرتیر|
المتحدث|سفیر|رئیس الوزراء|نائب|مستشار|اللواء|العماد|الفریق|الشیخ|الملک|الامیر
""".replace("\n", "").split("|")
    if t
]
_TITLE_WORDS = frozenset(t for t in _TITLES if " " not in t)
# Titles that only say a name follows: no role, and a surname alone is a name after them.
_PERSONAL_HONORIFICS = frozenset(
    fold_for_matching(t)
    for t in "mr mrs ms dr ông bà آقای خانم دکتر مهندس السید السیدة الدکتور".split()
)
_TITLE_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(sorted(map(re.escape, set(_TITLES)), key=len, reverse=True))
    + r")(?![\w])"
)

# Vietnamese: one syllable as folded (onset, vowels, coda); foreign names ("Sergei") are not.
_VI_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
_VI_SURNAMES = frozenset(
    fold_for_matching(w)
    for w in """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lương Đinh
    Trương Mai Cao Đoàn Lâm Tô Tạ Hà Trịnh Đào Thái Kiều Tôn Châu Quách Lưu Phùng La Tăng Vương
    Triệu Từ Chu Đàm Giang Khúc Lại Mạc Nghiêm Thân Tiêu Doãn Âu Hứa Kim Lò Mã Nông Thạch""".split()
)
_VI_ORG_START = frozenset(
    fold_for_matching(w.strip())
    for w in """bộ|sở|cục|viện|ban|hội|đảng|trường|ubnd|bệnh viện|trung tâm|ủy ban|uỷ ban|công an|
    công ty|học viện|tổng cục|quân đội|quân ủy|ngân hàng|tập đoàn|thông tấn xã|báo""".split("|")
)
_VI_PLACE_BEFORE = frozenset(
    fold_for_matching(w.strip())
    for w in """tỉnh|huyện|quận|xã|phường|thị xã|thị trấn|thành phố|tp|thủ đô|đường|phố|chợ|làng|
    thôn|ấp|bang|vùng|khu|sông|núi|tại|ở""".split("|")
)

# "Of" between a title and what follows: the office's domain comes next, not its holder.
_OF = frozenset("of de del do da dos das du des di della van von".split())
# Words that end the gap between a title and its holder ("President X and Minister Y").
_NAME_BREAK = frozenset(
    "and or with и или с și sau cu et ou avec y o con und oder mit và với ve ile dan".split()
)

# Persian/Arabic words that end a name after a title (no capitals in these scripts).
_ARABIC_STOP = frozenset(
    fold_for_matching(w)
    for w in """
و در با به از که را این آن برای تا بر گفت کرد کرده است بود شد روز امروز دیروز نیز هم
افزود اظهار اشاره درخواست سپس همچنین بسیار ادامه نوشت نوشته معرفی تصریح خاطرنشان طی حضور
گفته پس قبل بعد نماینده عضو مدیر
أضاف أكد أشار
روسیه ایران کشور کشورهای جمهوری اسلامی فدراسیون ملی امنیت شورای عالی خارجه دفاع امور
في من على الى إلى عن مع ان أن إن التي الذي قال قالت خلال بعد قبل امس اليوم هذا هذه
الروسي الروسية الايراني الإيراني الصيني الأمريكي الامريكي الاتحاد مجلس الأمن الامن القومي
گروه دوره ای سازمان نشست اجلاس وزارت هیئت دبیرخانه کمیته کمیسیون ستاد
مجموعة الدورة منظمة وزارة لجنة هيئة اجتماع الاجتماع القمة دولة
""".split()
)


# Common first names in Persian and Arabic writing (Persian, Arabic and foreign ones). Names
# that are also everyday words are left out: ولی "but", جان "life", جو "atmosphere", کمال
# "perfection", امیر a military rank.
_FIRST_NAMES = frozenset(
    fold_for_matching(w)
    for w in """
محمد علی حسین حسن رضا مهدی احمد محمود مصطفی جواد سعید عباس ابراهیم اسماعیل یوسف مجید حمید
مرتضی هادی کاظم جعفر صادق اکبر اصغر غلامرضا غلامحسین عبدالله عبدالرضا محمدرضا محمدجواد
محمدعلی محمدحسین محمدباقر علیرضا حمیدرضا سید فرهاد بهرام کامران داریوش منوچهر پرویز ناصر
اسحاق نادر سیاوش بیژن کیومرث یحیی زکریا موسی عیسی قاسم جمال فاطمه زهرا مریم زینب
معصومه طاهره شهلا پروین فریده
ولادیمیر سرگئی دیمیتری نیکلای الکساندر آلکساندر میخائیل باراک دونالد هیلاری جورج
شی نارندرا رجب آنگلا امانوئل
محمد أحمد علي حسن حسين عبد عبدالله خالد سلمان فيصل سعود ناصر بشار فلاديمير سيرغي سيرجي
""".split()
)


def extract_mentions(
    text: str, *, lang: str, gazetteer: Gazetteer, recognizer: Recognizer | None = None
) -> list[Mention]:
    """PER/ORG/LOC mentions of ``text``: gazetteer, recognizer, titles, then name-like runs.

    Earlier sources win where spans overlap, except that a recognizer span which strictly
    contains gazetteer mentions of another type is kept whole ("Университет [Москвы]").
    """
    known = gazetteer.find(text, lang=lang)
    mentions = list(known)
    if recognizer is not None:
        mentions = _merge_recognized(text, known, recognizer(text), gazetteer)
    taken = [(m.start, m.end) for m in mentions]
    titled = [m for m in _titled_names(text, known) if not _overlaps(m, taken)]
    taken.extend((m.start, m.end) for m in titled)
    first_named = [m for m in _first_named(text, known) if not _overlaps(m, taken)]
    mentions.extend(titled + first_named)
    if recognizer is None:
        mentions.extend(unknown_names(text, mentions, lang=lang))
    return _link_unknown(sorted(mentions, key=lambda m: m.start), gazetteer)


def person_offices(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer) -> tuple[str, ...]:
    """Offices the report names people in, as "person@org" (``Gazetteer.office_of``): who
    held which post says when a report was written, even one without a date."""
    found = []
    for mention, role in person_roles(text, mentions):
        # "former" stands in the role or just before a role that precedes the name ("the
        # former Defence Minister X"); a role after the name has the name before it
        at = text.rfind(role, 0, mention.start)
        said = (text[max(0, at - FORMER_CHARS) : at] if at >= 0 else "") + " " + role
        if not _FORMER.search(fold_for_matching(said)):
            found.append((mention.key, gazetteer.office_of(mention.key, role)))
    return tuple(dict.fromkeys(f"{person}@{org}" for person, org in found if org))


# "the former defence minister": a post held before says nothing of when the report was
# written. Looked for in the role and the words just before it.
FORMER_CHARS = 12
# (Vietnamese "nguyên", folded, is the surname Nguyễn: left out.)
_FORMER = re.compile(
    r"(?<![^\W\d_])(?:former|ex|бывш\w*|экс|exministr\w*|antigu[oa]|antig[oa]|ancien\w*|"
    r"ehemalig\w*|eski|fost\w*|mantan|bivs\w*|byval\w*|колишн\w*)(?![^\W\d_])"
    r"|سابق|السابق|前任"
)


def _word_prefixes(name: str) -> frozenset[str]:
    """The first letters of a name's words of four letters or more, folded."""
    return frozenset(
        token[:OFFICE_WORD_PREFIX]
        for token in (fold_for_matching(t) for t in _TOKEN.findall(name))
        if len(token) >= 4
    )


def person_roles(text: str, mentions: Sequence[Mention]) -> list[tuple[Mention, str]]:
    """The titles people are given where they are named, as written in the report.

    A role runs from a title ("secretary", "министр", "دبیر") to the name it introduces
    ("Secretary of the Security Council of the Russian Federation Sergei Shoigu"), or
    follows the name after a comma ("Sergei Shoigu, Secretary of the Security Council,
    said"); a role is one phrase, so it stops at sentence punctuation, at another person and
    after ``MAX_ROLE_CHARS``. Titles directly before the one found join it ("Deputy
    Secretary").
    """
    folded = fold_for_matching(text)
    if len(folded) != len(text):  # folding changed offsets (rare ligatures): no roles
        return []
    people = [m for m in mentions if m.type == "PER"]
    out = []
    for i, person in enumerate(people):
        lo = max(person.start - MAX_ROLE_CHARS, people[i - 1].end if i else 0)
        window = text[lo : person.start]
        breaks = [b.end() for b in _ROLE_BREAK.finditer(window.rstrip(" ,"))]
        lo += max(breaks, default=0)
        titles = list(_TITLE_RE.finditer(folded, lo, person.start))
        role = ""
        if titles:
            first = len(titles) - 1
            while first and not folded[titles[first - 1].end() : titles[first].start()].strip():
                first -= 1
            start, end = titles[first].start(), person.start
            # A capitalized word just before the name that nothing else claims is the part
            # of the name the mention missed ("... Республики Армения Арменом Григоряном").
            last = re.search(r"(\S+)\s+$", text[start:end])
            if (
                last
                and last.start() > 0
                and last.group(1)[:1].isupper()
                and not any(m.start <= start + last.start() < m.end for m in mentions)
                and fold_for_matching(last.group(1)) not in _GENERIC | _ORG_WORDS | _LOC_WORDS
                and not _TITLE_RE.fullmatch(fold_for_matching(last.group(1)))
            ):
                end = start + last.start()
            role = text[start:end]
        else:
            after = re.match(r"\s*,\s*", text[person.end :])
            start = person.end + after.end() if after else -1
            if after and _TITLE_RE.match(folded, start):
                stop = _ROLE_BREAK.search(text, start, min(len(text), start + MAX_ROLE_CHARS))
                end = stop.start() if stop else min(len(text), start + MAX_ROLE_CHARS)
                # "A, Secretary of X B": the title is the next person's, named in a list.
                if not any(start <= m.start < end for m in people[i + 1 :]):
                    role = text[start:end]
        role = " ".join(role.split()).strip(" ,-–—")
        words = role.split()
        if (
            words
            and len(role) > 2
            and not role.isupper()
            and fold_for_matching(role) not in _PERSONAL_HONORIFICS
            # "Director of the [Joint Intelligence]": the "name" ends an institution's name.
            and fold_for_matching(words[-1]) not in _ROLE_TAIL
            and not any(fold_for_matching(w) in _CLAUSE_WORDS for w in words)
        ):
            out.append((person, role))
    return out


def _overlaps(mention: Mention, taken: list[tuple[int, int]]) -> bool:
    return any(mention.start < b and a < mention.end for a, b in taken)


def _merge_recognized(
    text: str, known: list[Mention], spans: list[Span], gazetteer: Gazetteer
) -> list[Mention]:
    """Recognizer spans beside the gazetteer's mentions. A span whose base form the
    gazetteer knows takes its entry ("Касым-Жомартом Токаевым" → Касым-Жомарт Токаев): the
    gazetteer matches inflection on the last word only."""
    out = list(known)
    for recognized in spans:
        span = _trim_span(text, recognized)
        if span is None:
            continue
        inside = [m for m in out if span.start <= m.start and m.end <= span.end]
        overlapping = [m for m in out if m.start < span.end and span.start < m.end]
        exact = [m for m in inside if (m.start, m.end) == (span.start, span.end)]
        if exact:
            continue
        if overlapping and (
            len(inside) != len(overlapping) or any(m.type == span.type for m in inside)
        ):
            continue  # the gazetteer's reading wins
        for m in inside:
            out.remove(m)
        name = text[span.start : span.end]
        key = "k:" + name_key(span.normal or name)
        if span.normal:
            tokens = [_fold_token(t) for t in _TOKEN.findall(span.normal)]
            hit = gazetteer.lookup(tokens, inflected=False) if tokens else None
            if hit is not None and hit[1] == span.type:
                key = hit[0]
        out.append(Mention(span.start, span.end, name, span.type, key, "ner"))
    return out


def _trim_span(text: str, span: Span) -> Span | None:
    """Drop title words at a recognized span's edges, and spans with no capital letter.

    RONEC marks nominal mentions ("lideri", "Președintele") as PERSON and a CRF trained on it
    learns to do the same; a mention is a name, so in cased scripts it must hold a capital.
    """
    words = list(re.finditer(r"\S+", text[span.start : span.end]))
    # Only person spans are trimmed: "Security Council" is an ORG made of generic words.
    while (
        span.type == "PER"
        and words
        and fold_for_matching(words[0].group().strip('„“"«(')) in _GENERIC
    ):
        words.pop(0)
    while (
        span.type == "PER"
        and words
        and fold_for_matching(words[-1].group().strip('”"»),.')) in _GENERIC
    ):
        words.pop()
    if not words:
        return None
    start, end = span.start + words[0].start(), span.start + words[-1].end()
    name = text[start:end]
    if name.lower() != name.upper() and name == name.lower():
        return None  # a cased script and no capital: not a name
    if (start, end) == (span.start, span.end):
        return span
    return Span(start, end, span.type)


def _titled_names(text: str, known: list[Mention]) -> Iterator[Mention]:
    """Names right after a title, skipping a country or institution in between."""
    folded = fold_for_matching(text)
    if len(folded) != len(text):  # folding changed offsets (rare ligatures): skip titles
        return
    seen: set[tuple[int, int]] = set()
    for match in _TITLE_RE.finditer(folded):
        pos = match.end()
        # Skip what stands between the title and the name: known entities, "of the",
        # generic words, nationality adjectives (Arabic "الروسي").
        of_what = False  # "minister of", "ministro del": a word after it is the office's domain
        for _ in range(12):
            gap = re.match(r"[ \-]*", text[pos:]).end()
            nxt = pos + gap
            mention = next((m for m in known if m.start == nxt), None)
            if mention is not None:
                if mention.type == "PER":
                    break  # the title's holder is already known
                pos = mention.end
                continue
            word = re.match(r"[^\W\d_][\w’'\-]*", text[nxt:])
            if word is None:
                break
            token = fold_for_matching(word.group())
            if token in _NAME_BREAK:
                break
            of_what = of_what or token in _OF
            if (
                token in _GENERIC
                or token in _ORG_WORDS
                or token in _ARABIC_STOP
                or (
                    _ARABIC_WORD.fullmatch(word.group())
                    and token.startswith("ال")
                    and len(token) > 5
                    and token.endswith(("ی", "یه", "یة"))
                )
            ):
                pos = nxt + word.end()
                continue
            break
        # Only a name follows "Mr" or "Dr": one word is enough (a surname).
        single = match.group() in _PERSONAL_HONORIFICS
        name = _name_at(text, pos, known, min_words=1 if single else 2)
        # "ministro del Interior", "Minister of Defence": one word after "of" is no surname
        if name is not None and of_what and " " not in text[name[0] : name[1]].strip():
            name = None
        if name is not None and name not in seen:
            seen.add(name)
            start, end = name
            yield Mention(
                start, end, text[start:end], "PER", "k:" + name_key(text[start:end]), "title"
            )


def _first_named(text: str, known: list[Mention]) -> Iterator[Mention]:
    """Names in Arabic script that open with a common first name ("علی لاریجانی", "محمد جواد
    ظریف"): with no capitals, a first name is what marks a person where no title does."""
    for word in _ARABIC_WORD.finditer(text):
        # Folding makes Arabic على ("on", with alef maqsura) the Persian name علی.
        if word.group().endswith("ى") or fold_for_matching(word.group()) not in _FIRST_NAMES:
            continue
        rest = _name_at(text, word.end(), known, min_words=1)
        if rest is not None:
            start, end = word.start(), rest[1]
            yield Mention(
                start, end, text[start:end], "PER", "k:" + name_key(text[start:end]), "pattern"
            )


def _name_at(
    text: str, pos: int, known: list[Mention], *, min_words: int = 2
) -> tuple[int, int] | None:
    start = pos + (re.match(r"[ \-]*", text[pos:]).end())
    if any(m.start <= start < m.end for m in known):
        return None
    if _ARABIC_WORD.match(text, start):
        # No capitals: a name ends at punctuation, a function word, a title (the office
        # that follows the name: "آقای احمدی نماینده مجلس") or after three words.
        end, count = start, 0
        for word in _ARABIC_WORD.finditer(text, start):
            if count and text[end : word.start()].strip():
                break  # punctuation or another script ends the name
            folded = fold_for_matching(word.group())
            if folded in _ARABIC_STOP or folded in _TITLE_WORDS or count == 3:
                break
            end, count = word.end(), count + 1
        return (start, end) if count >= min_words else None
    run = _CAPITALIZED_RUN.match(text, start)
    if run is None:
        return None
    words = run.group().split(" ")
    keep = []
    for word in words:
        if fold_for_matching(word) in _GENERIC or len(keep) == 4:
            break
        keep.append(word)
    if not keep:
        return None
    return start, start + len(" ".join(keep))


def unknown_names(text: str, known: list[Mention], *, lang: str = "und") -> list[Mention]:
    """Capitalized runs not covered by ``known`` that look like names, with skeleton keys.

    A run is trimmed of generic words at both ends; what is left is an ORG or LOC when it
    contains an institution or place word, a PER when it has 2–4 words none of which is
    generic or written in lower case elsewhere in the text; anything else is dropped, since
    capitalization alone ("High Representatives", headline case) is no evidence of a name.
    """
    taken = [(m.start, m.end) for m in known]
    lower_words = {w for w in re.findall(r"(?<![.!?]\s)\b[a-zа-яёăâîșțşţ][\w’'\-]*", text)}
    found = []
    for match in _CAPITALIZED_RUN.finditer(text):
        for start, end in _split_at(match.start(), match.end(), taken):
            words = [
                (w.start() + start, w.end() + start, w.group())
                for w in re.finditer(r"\S+", text[start:end])
            ]
            # Vietnamese syllables are typed by their own rules, which need the whole run
            # ("Bộ" of "Bộ Công an" says it is an institution).
            vietnamese = lang in SYLLABLE_WORD_LANGS and all(
                _VI_SYLLABLE.fullmatch(fold_for_matching(w)) for _, _, w in words
            )
            while (
                words
                and not vietnamese
                and (
                    fold_for_matching(words[0][2]) in _GENERIC
                    or _ROMAN_NUMERAL.fullmatch(words[0][2])
                )
            ):
                words.pop(0)
            while words and not vietnamese and fold_for_matching(words[-1][2]) in _GENERIC:
                words.pop()
            if not words:
                continue
            start, end = words[0][0], words[-1][1]
            name = text[start:end]
            folded = [fold_for_matching(w) for _, _, w in words]
            if name.isupper() and len(words) > 1:
                continue  # headlines in capitals are not names
            etype: EntityType | None
            if vietnamese:
                etype = _vietnamese_type(text[:start], folded)
                if etype is not None:
                    found.append(Mention(start, end, name, etype, "k:" + name_key(name), "pattern"))
                continue
            if all(w in _ORG_WORDS | _LOC_WORDS | _GENERIC for w in folded):
                continue  # "Centre", "Security Council": a kind of body, not one named
            if any(w in _ORG_WORDS for w in folded):
                etype = "ORG"
            elif any(w in _LOC_WORDS for w in folded):
                etype = "LOC"
            elif (
                2 <= len(words) <= 4
                and not any(w in _GENERIC for w in folded)
                and not any(w.lower() in lower_words for _, _, w in words)
            ):
                etype = "PER"
            else:
                continue
            found.append(Mention(start, end, name, etype, "k:" + name_key(name), "pattern"))
    return found


def _vietnamese_type(before: str, folded: list[str]) -> EntityType | None:
    """What a capitalized run of Vietnamese syllables names. Vietnamese capitalizes every
    syllable of every name, so capitals alone do not make a person: an institution opens
    with its kind ("Bộ Công an", "Bệnh viện Bạch Mai"), a place follows its kind ("tỉnh
    Quảng Nam", "thành phố Đà Nẵng"), and a person's name opens with a family name."""
    if folded[0] in _VI_ORG_START or " ".join(folded[:2]) in _VI_ORG_START:
        return "ORG"
    previous = fold_for_matching(" ".join(before.split()[-2:]))
    if previous in _VI_PLACE_BEFORE or previous.split(" ")[-1] in _VI_PLACE_BEFORE:
        return "LOC"
    if folded[0] in _VI_SURNAMES and 2 <= len(folded) <= 4:
        return "PER"
    return None


def _split_at(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) not covered by taken spans."""
    parts = [(start, end)]
    for a, b in taken:
        if b <= start or end <= a:
            continue
        parts = [piece for s, e in parts for piece in ((s, min(e, a)), (max(s, b), e))]
    return [(s, e) for s, e in ((s, e) for s, e in parts) if e - s > 1]


def _link_unknown(mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """An unknown name of several words takes the key of the gazetteer entry it spells
    (``Gazetteer.entry_by_name_key``), and a one-word unknown person's name the key of an
    earlier full name it ends ("Tokarev")."""
    full: dict[str, str] = {}
    out = []
    for m in mentions:
        if m.key.startswith("k:"):
            parts = m.key[2:].split("-")
            if m.type == "PER" and len(parts) == 1 and parts[0] in full:
                m = Mention(m.start, m.end, m.text, m.type, full[parts[0]], m.source)
            elif len(parts) > 1:
                key = gazetteer.entry_by_name_key(m.key[2:], m.type) or m.key
                m = Mention(m.start, m.end, m.text, m.type, key, m.source)
                if m.type == "PER":
                    full.setdefault(parts[-1], key)
        out.append(m)
    return out


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Cross-script consonant skeleton: Шойгу, Șoigu, Shoigu, Schoigu, شویگو → "sg".

    Transliterate to ASCII, fold digraphs that different languages use for one sound,
    then keep consonants only; vowels are where transliterations disagree most. In Arabic
    script و and ی are mostly vowels (پوتین → "pwtyn" → "ptn"), so they are dropped too except
    at the start of a word. Words whose skeleton is shorter than two letters keep their vowels
    ("Wang Yi" → "vng-yi", not "vng"), so short names stay apart.
    """
    from anyascii import anyascii

    words = []
    for raw in re.split(r"[\s\-‐·・.]+", name):
        arabic = bool(_ARABIC_WORD.search(raw))
        word = re.sub(r"[^a-z]", "", anyascii(raw).lower())
        if arabic and len(word) > 1:
            word = word[0] + word[1:].replace("w", "")
        for digraph, single in (
            ("sch", "s"),
            ("sh", "s"),
            ("sz", "s"),  # Polish: Szojgu
            ("ch", "c"),
            ("cz", "c"),  # Polish: Czernyszow
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
        if len(skeleton) < 2:
            skeleton = re.sub(r"(.)\1+", r"\1", word)
        if skeleton:
            words.append(skeleton)
    return "-".join(words)
