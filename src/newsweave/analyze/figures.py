"""Reported counts: "126 delegations", "peste 129 de delegații", "۱۲۶ هیئت", "126个代表团".

A figure is a number, the qualifier said with it ("more than", "около", "بیش از", "多") and the
canonical kind of what is counted (delegations, countries, ministers, ...). A number only
becomes a figure when a counted noun from ``resources/figure_kinds.json`` follows it within a
few words; that one rule is what keeps years, dates, percentages, money and ordinals out, and
explicit guards catch the cases where a noun happens to follow anyway ("in 2025 countries",
"May 27 delegations", "$100 million").

Numbers are read in every Unicode digit script, with thousands separators, as number words
(en ru es fr pt ro de sv tr id vi kk fa ar hi bg) and as Chinese numerals. In every corpus
language the counted noun follows the number (Arabic "١٣٠ وفدا", Chinese "126个代表团" with a
classifier between), so only the words after the number are searched.

Pure: no I/O beyond the cached read of the packaged kinds table; regexes are built lazily.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from newsweave.analyze.normalize import fold_for_matching, sentence_bounds, stem_regex
from newsweave.model import Figure, Qualifier

__all__ = ["extract_figures", "figure_kinds"]

# Combining marks that Python's \w does not count as word characters (Arabic harakat such as
# the tanween in "وفداً", Devanagari vowel signs, Latin combining accents).
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7"
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_NUM = "零〇一二两兩三四五六七八九十百千"
# Languages that group thousands with a space ("1 644"); elsewhere a space between two numbers
# usually separates a date from a count ("May 27 126 delegations"), so it must not join them.
_SPACE_GROUPING = {"ru", "fr", "kk", "sv", "bg", "uk", "pl", "cs", "uz", "ky", "be", "no", "fi"}

_CLASSIFIERS = set("个個名位家项項份场場次件轮輪개곳")
# Per-kind ceilings: there are fewer than 250 states, so "2025 countries" is a year, not a count.
_MAX_VALUE = {"countries": 250, "members": 250}
# Words allowed between number and noun: "24 defence ministers", "800 high-level delegates".
_MAX_GAP = 2
_MAX_GAP_CJK = 3  # characters in Chinese/Japanese ("20多位政府首脑")

# Qualifiers said between the number and the noun: Turkish "100'den fazla", Kazakh
# "100-ден астам", Hindi "100 से अधिक", Urdu "100 سے زائد", Korean "125 개 이상의",
# Chinese "30多个".
_QUALIFIERS_AFTER: dict[Qualifier, str] = {
    "more_than": r"""['’-]?\s?(?:[dt][ae]n|ден|дан|тен|тан|нен|нан)\s+(?:fazla|astam|астам|артық)|
        ['’-]?\s?(?:[iıuü]|[yn][iıuü])?\s+aşkın|\s*(?:से|से\s+भी)\s+(?:अधिक|ज़्यादा|ज्यादा)|
        \s*سے\s+(?:زائد|زیادہ|ذیادہ)|
        \s*(?:개|명|곳)?\s*이상(?:의)?|\s*[多余餘]|\s*余名""",
    "less_than": r"""['’-]?\s?(?:[dt][ae]n)\s+az|\s*से\s+कम|\s*سے\s+کم|
        \s*(?:개|명)?\s*미만(?:의)?""",
    "about": r"""\s*(?:civarında|kadar)|\s*左右""",
}
_QUALIFIERS_AFTER_NOUN: dict[Qualifier, str] = {
    "more_than": r"以上|이상|و?\s*أكثر",
    "at_least": r"على\s+الأقل|at\s+least",
    "about": r"左右|前後|civarında",
}


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    kind: str  # "num" | "cjknum" | "cjk" | "word" | "punct"
    text: str
    fold: str


@dataclass(frozen=True, slots=True)
class _Stem:
    kind: str
    parts: tuple[tuple[str, bool], ...]  # (folded part, whole-word?)
    size: int  # characters, to prefer the longest stem at one position


def _fold(s: str) -> str:
    return fold_for_matching(s).replace("\u200c", "")


@lru_cache(maxsize=1)
def figure_kinds() -> dict[str, object]:
    """The packaged kinds table (``resources/figure_kinds.json``), parsed once."""
    text = resources.files("newsweave.resources").joinpath("figure_kinds.json").read_text("utf-8")
    table: dict[str, object] = json.loads(text)
    return table


@lru_cache(maxsize=8)
def _word_set(name: str) -> frozenset[str]:
    """One of the table's word lists (breakers, unit_words, year_words), folded."""
    words: list[str] = figure_kinds()[name]  # type: ignore[assignment]
    return frozenset(_fold(w) for w in words)


@lru_cache(maxsize=1)
def _scales() -> dict[str, int]:
    table: dict[str, int] = figure_kinds()["scales"]  # type: ignore[assignment]
    return {_fold(w): v for w, v in table.items()}


@lru_cache(maxsize=64)
def _stems(lang: str) -> tuple[_Stem, ...]:
    """Stems for ``lang`` plus English (quoted English is common); every language if unknown."""
    table = figure_kinds()
    kinds: dict[str, dict[str, list[str]]] = table["kinds"]  # type: ignore[assignment]
    people: dict[str, list[str]] = table["people"]  # type: ignore[assignment]
    known = {code for by_lang in kinds.values() for code in by_lang}
    langs = {lang, "en"} if lang in known else known
    out = []
    for kind, by_lang in (*kinds.items(), ("people", people)):
        for code in langs:
            for stem in by_lang.get(code, ()):
                out.append(_make_stem(kind, stem))
    return tuple(out)


def _make_stem(kind: str, stem: str) -> _Stem:
    parts = []
    for tok in _tokens(_fold(stem), "und"):
        if tok.kind == "punct" and tok.text == "$" and parts:
            parts[-1] = (parts[-1][0], True)
        elif tok.kind != "punct":
            parts.append((tok.fold, False))
    return _Stem(kind, tuple(parts), len(stem))


@lru_cache(maxsize=64)
def _token_re(lang: str) -> re.Pattern[str]:
    sep = r"[,.\u066c]" if lang not in _SPACE_GROUPING else r"(?:[,.\u066c]| (?=\d{3}(?!\d)))"
    return re.compile(
        rf"(?P<num>\d{{1,3}}(?:{sep}\d{{3}}(?!\d))+|\d+)"
        rf"|(?P<cjknum>[{_CJK_NUM}]+)"
        rf"|(?P<cjk>[{_CJK}])"
        rf"|(?P<word>(?:(?![{_CJK}])[^\W\d_]|[{_MARKS}])+)"
        r"|(?P<punct>\S)"
    )


def _tokens(text: str, lang: str) -> list[_Token]:
    return [
        _Token(m.start(), m.end(), m.lastgroup or "punct", m.group(), _fold(m.group()))
        for m in _token_re(lang).finditer(text)
    ]


@lru_cache(maxsize=8)
def _qualifier_re(table: tuple[tuple[str, str], ...], anchor: str) -> re.Pattern[str]:
    """``anchor`` "end": the table's typed phrases, ending where the number starts;
    "start": this module's regex fragments, matched where the number ends."""
    groups = []
    if anchor == "end":
        before: dict[str, list[str]] = figure_kinds()["qualifiers_before"]  # type: ignore[assignment]
        table = tuple((q, "|".join(phrases)) for q, phrases in before.items())
    for qualifier, spec in table:
        if anchor == "end":  # typed phrases: escape, let spaces stretch
            phrases = sorted(spec.split("|"), key=len, reverse=True)
            alts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
            # Arabic proclitics (لأكثر من, وأكثر من) glue to the phrase, so no left boundary
            # is required before Arabic script.
            groups.append(rf"(?P<{qualifier}>(?:(?<![^\W\d_])|(?<=[\u0600-\u06ff]))(?:{alts}))")
        else:  # regex fragments, laid out over lines for reading only
            groups.append(
                rf"(?P<{qualifier}>{''.join(line.strip() for line in spec.splitlines())})"
            )
    body = "|".join(groups)
    if anchor == "end":
        # "more than a hundred", "plus d'une centaine": an article may stand before a number word.
        return re.compile(rf"(?:{body})(?:\s+(?:a|an|une?|una?|o)\b)?\s*$", re.IGNORECASE)
    return re.compile(rf"(?:{body})", re.IGNORECASE)  # used with .match(text, pos)


def _qualifier_before(text: str, start: int) -> tuple[Qualifier, int] | None:
    window = text[max(0, start - 40) : start]
    m = _qualifier_re((), "end").search(window)
    if not m or m.lastgroup is None:
        return None
    return m.lastgroup, start - len(window) + m.start()  # type: ignore[return-value]


def _qualifier_after(
    text: str, end: int, table: dict[Qualifier, str]
) -> tuple[Qualifier, int] | None:
    m = _qualifier_re(tuple(table.items()), "start").match(text, end)
    if not m or m.lastgroup is None or m.end() == end:
        return None
    return m.lastgroup, m.end()  # type: ignore[return-value]


@lru_cache(maxsize=64)
def _number_words(lang: str) -> dict[str, tuple[int, str]]:
    """Folded number word -> (value, role) for ``lang`` plus English.

    Role "n" adds the value, "m" multiplies what came before (hundred, sută), "x10" is
    Indonesian puluh / Vietnamese mươi and "p10" Indonesian belas (teen).
    """
    table: dict[str, dict[str, int | str]] = figure_kinds()["number_words"]  # type: ignore[assignment]
    out: dict[str, tuple[int, str]] = {}
    for code in dict.fromkeys(("en", lang)):
        for word, spec in table.get(code, {}).items():
            if isinstance(spec, int):
                out[_fold(word)] = (spec, "n")
            elif spec == "x10":
                out[_fold(word)] = (10, "x10")
            elif spec == "+10":
                out[_fold(word)] = (10, "p10")
            else:
                out[_fold(word)] = (int(spec[1:]), "m")
    return out


@dataclass(frozen=True, slots=True)
class _Number:
    value: int
    start: int
    end: int
    next: int  # index of the first token after the number
    plain_year: bool  # four plain digits 1900-2100, possibly a year


def _read_number(toks: list[_Token], i: int, text: str, lang: str) -> _Number | None:
    tok = toks[i]
    if tok.kind == "num":
        if not _digits_ok(text, tok):
            return None
        raw = re.sub(r"\D", "", tok.text)
        value = int("".join(str(unicodedata.decimal(ch)) for ch in raw))
        plain = len(tok.text) == 4 and 1900 <= value <= 2100
        j = i + 1
        if j < len(toks) and toks[j].fold in _scales() and _adjacent(text, tok.end, toks[j].start):
            value *= _scales()[toks[j].fold]
            return _Number(value, tok.start, toks[j].end, j + 1, False)
        return _Number(value, tok.start, tok.end, j, plain)
    if tok.kind == "cjknum":
        value = _cjk_value(tok.text)
        if tok.start and text[tok.start - 1] == "第":
            return None  # 第十四次: an ordinal
        # 一 alone is mostly part of a word (一些 "some", 统一 "unified"), never a key figure.
        return _Number(value, tok.start, tok.end, i + 1, False) if value > 1 else None
    if tok.kind == "word":
        return _read_words(toks, i, text, lang)
    return None


def _adjacent(text: str, end: int, start: int) -> bool:
    return not text[end:start].strip()


def _digits_ok(text: str, tok: _Token) -> bool:
    """Reject digits that belong to something else: ordinals, codes, dates, decimals, money."""
    before = text[tok.start - 1] if tok.start else " "
    before2 = text[tok.start - 2] if tok.start > 1 else " "
    after = text[tok.end] if tok.end < len(text) else " "
    after2 = text[tok.end + 1] if tok.end + 1 < len(text) else " "
    if before in "$€£¥₽₹#№" or (before == " " and before2 in "$€£¥₽₹"):
        return False
    if _is_latin_or_cyrillic(before) or (before in "-/:." and (before2.isalnum())):
        return False  # G20, Su-35, COVID-19, 27.05, 10:30
    if after in "%٪" or (after == " " and after2 in "%٪"):
        return False
    if after in ".,/:-–٫" and after2.isdigit():
        return False  # 1.5, 27/05, 10-15, 10:30
    # 13th, 5km, 13-я: letters glued to the digits make an ordinal or a unit; Chinese, Japanese,
    # Korean and Arabic-script letters may follow directly ("126个", "100دولة").
    if _is_latin_or_cyrillic(after) or "\u0900" <= after <= "\u097f":
        return False  # Hindi 20वीं is an ordinal too
    if before in "第제" or text[max(0, tok.start - 3) : tok.start].endswith(("الـ", "ال")):
        return False  # 第十四次, 제13차, الـ13: ordinals
    rest = text[tok.end : tok.end + 4]
    if re.match(r"\s?(?:차|번째|째)|(?:مین|ام)(?!\w)", rest):
        return False  # Korean 13 차, Persian ۱۳مین / ۱۳ام
    return True


def _is_latin_or_cyrillic(ch: str) -> bool:
    return ch.isalpha() and ("a" <= ch.lower() <= "z" or "\u00c0" <= ch <= "\u052f")


def _cjk_value(s: str) -> int:
    """Read a Chinese numeral up to 9999 ("一百二十六", "三十", "十五"); 0 if it is not one."""
    digits = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
    units = {"十": 10, "百": 100, "千": 1000}
    if not any(ch in digits for ch in s) and s != "十":
        return 0  # a bare 百/千 is "hundreds of", not a count
    total, cur = 0, 0
    for ch in s:
        if ch in digits:
            cur = digits[ch]
        else:
            total += (cur or 1) * units[ch]
            cur = 0
    return total + cur


def _read_words(toks: list[_Token], i: int, text: str, lang: str) -> _Number | None:
    lex = _number_words(lang)
    connectors = {"-", "and", "и", "و", "y", "e", "et", "si", "und", "och", "ve", "va"}
    total = cur = 0
    j, last, prev = i, -1, 0
    while j < len(toks):
        tok = toks[j]
        entry = lex.get(tok.fold)
        if entry is None:
            if (
                tok.fold in connectors
                and last >= 0
                and j + 1 < len(toks)
                and toks[j + 1].fold in lex
            ):
                j += 1
                continue
            break
        value, role = entry
        if role == "m":
            if value >= 1000:
                total += (cur or 1) * value
                cur = 0
            else:
                cur = (cur or 1) * value
        elif role == "x10":
            cur = (cur or 1) * 10
        elif role == "p10":
            cur += 10
        elif lang == "fr" and value == 20 and prev == 4:
            cur = cur - 4 + 80  # quatre-vingt(s)
        else:
            cur += value
        prev, last = value, j
        j += 1
    if last < 0:
        return None
    value = total + cur
    # "one" is as often "a" or "one of" as a count, and a count of one is never a key figure.
    return _Number(value, toks[i].start, toks[last].end, last + 1, False) if value > 1 else None


def _match_stem(toks: list[_Token], p: int, stem: _Stem) -> int | None:
    """Index of the last token of ``stem`` matched from ``p`` on, or None."""
    q = p
    for n, (part, whole) in enumerate(stem.parts):
        while n and q < len(toks) and toks[q].text in "-–'’":
            q += 1  # hyphens inside "государств-членов", "high-level"
        if q >= len(toks) or toks[q].kind == "punct":
            return None
        fold = toks[q].fold
        if not (fold == part if whole else fold.startswith(part)):
            return None
        q += 1
    return q - 1


def _find_noun(
    toks: list[_Token], k: int, lang: str, end: int, text: str
) -> tuple[str, int, int] | None:
    """(kind, first token, last token) of the counted noun starting at token ``k``."""
    stems = _stems(lang)
    cjk = lang in {"zh", "ja"}
    gap = 0
    for p in range(k, min(len(toks), k + 8)):
        tok = toks[p]
        if p == k and tok.start > end and "\n" in text[end : tok.start]:
            return None
        if tok.kind == "punct":
            if tok.text in "-–'’":
                continue
            return None
        if cjk and p > k and tok.start > toks[p - 1].end:
            return None  # Chinese and Japanese run words together: a space ends the phrase
        if tok.kind in ("num", "cjknum") and tok.text not in _CLASSIFIERS:
            return None
        best: tuple[int, str, int] | None = None
        for stem in stems:
            last = _match_stem(toks, p, stem)
            if last is not None and (best is None or (last, stem.size) > (best[2], best[0])):
                best = (stem.size, stem.kind, last)
        if best is not None:
            return best[1], p, best[2]
        if tok.text in _CLASSIFIERS:
            continue
        if tok.fold in _word_set("breakers") and not (lang == "ro" and p == k and tok.fold == "de"):
            return None
        if tok.fold in _word_set("unit_words") or tok.fold in _month_names(lang):
            return None
        gap += 1
        if gap > (_MAX_GAP_CJK if cjk or tok.kind == "cjk" else _MAX_GAP):
            return None
    return None


@lru_cache(maxsize=64)
def _month_names(lang: str) -> frozenset[str]:
    from newsweave.analyze.dates import month_lexicon  # babel is imported only when needed

    # Two-letter abbreviations collide with words too often to be worth it.
    return frozenset(_fold(name) for name in month_lexicon(lang) if len(name) > 2)


def _people_kind(toks: list[_Token], first: int, last: int, lang: str) -> str:
    """A generic person noun counts participants unless a death or injury word is near."""
    stems = [s for s in _stems(lang) if s.kind in ("people_killed", "injured")]
    for p in (*range(max(0, first - 3), first), *range(last + 1, min(len(toks), last + 5))):
        for stem in stems:
            if _match_stem(toks, p, stem) is not None:
                return stem.kind
    return "participants"


def _is_year(toks: list[_Token], i: int, num: _Number, lang: str) -> bool:
    if not num.plain_year:
        return False
    prev = toks[i - 1] if i else None
    return prev is not None and (
        prev.fold in _word_set("year_words") or prev.fold in _month_names(lang)
    )


def extract_figures(text: str, *, lang: str) -> tuple[Figure, ...]:
    """Every reported count in ``text``, in text order.

    >>> [(f.value, f.kind, f.qualifier) for f in extract_figures(
    ...     "More than 125 delegations from 104 countries came.", lang="en")]
    [(125, 'delegations', 'more_than'), (104, 'countries', 'exact')]
    """
    toks = _tokens(text, lang)
    starts = [t.start for t in toks]
    bounds = sentence_bounds(text)
    sentence_starts = [b[0] for b in bounds]
    figures: list[Figure] = []
    i = 0
    while i < len(toks):
        num = _read_number(toks, i, text, lang)
        if num is None:
            i += 1
            continue
        figure = _figure_at(text, toks, starts, i, num, lang)
        if figure is not None:
            s = bounds[max(0, bisect.bisect_right(sentence_starts, figure.start) - 1)]
            figure = _with_sentence(figure, s)
            if figures and _origin_of(figures[-1], figure):
                figure = replace(figure, kind="countries")
            if _invited(text, figure):
                figure = replace(figure, kind=f"invited_{figure.kind}")
            figures.append(figure)
            before = bisect.bisect_left(starts, figure.start)  # the qualifier's first token
            role = _one_per_country(toks, before, lang) if figure.kind == "countries" else None
            if role is not None:
                figures.append(replace(figure, kind=role))
        i = max(num.next, i + 1)
    return tuple(figures)


def _one_per_country(toks: list[_Token], i: int, lang: str) -> str | None:
    """ "defence ministers of more than 30 countries", "руководителей более чем 20 государств":
    a count of countries that also counts the ministers or leaders, one per country. The
    role noun comes a few words before the count's first token ``i`` (its qualifier)."""
    for p in range(i - 1, max(-1, i - 6), -1):
        if toks[p].kind in ("punct", "num", "cjknum"):
            return None
        for stem in _role_stems(lang):
            if _match_stem(toks, p, stem) is not None:
                return stem.kind
    return None


@lru_cache(maxsize=64)
def _role_stems(lang: str) -> tuple[_Stem, ...]:
    roles: dict[str, dict[str, list[str]]] = figure_kinds()["one_per_country"]  # type: ignore[assignment]
    return tuple(
        _make_stem(kind, stem) for kind, by_lang in roles.items() for stem in by_lang.get(lang, ())
    )


def _origin_of(counted: Figure, figure: Figure) -> bool:
    """ "129 delegations from 105 member states": the members the delegations come from are
    the participating countries, not the size of an organization."""
    return (
        figure.kind == "members"
        and counted.kind in ("delegations", "participants")
        and counted.sentence_start == figure.sentence_start
        and 0 < figure.start - counted.end <= _ORIGIN_GAP
    )


def _invited(text: str, figure: Figure) -> bool:
    """ "Invitations were sent to more than 150 states": a count of the invited."""
    before = text[max(figure.sentence_start, figure.start - _INVITATION_REACH) : figure.start]
    return _invitation_re().search(_fold(before)) is not None


@lru_cache(maxsize=1)
def _invitation_re() -> re.Pattern[str]:
    words: list[str] = figure_kinds()["invitation_words"]  # type: ignore[assignment]
    return stem_regex(words)


# How far before a figure an invitation word may stand: "приглашения были направлены
# представителям 109 стран, в том числе руководителям оборонных ведомств 89 государств".
_INVITATION_REACH = 150
# Room for "from", "из", "från", "provenind din" between the two figures.
_ORIGIN_GAP = 16


def _with_sentence(f: Figure, bound: tuple[int, int]) -> Figure:
    return Figure(f.start, f.end, f.text, f.value, f.kind, f.qualifier, bound[0], bound[1])


def _figure_at(
    text: str, toks: list[_Token], starts: list[int], i: int, num: _Number, lang: str
) -> Figure | None:
    if _is_year(toks, i, num, lang):
        return None
    if i and toks[i - 1].fold in _month_names(lang) and _adjacent(text, toks[i - 1].end, num.start):
        return None  # "May 27 delegations": the number is a day
    qualifier: Qualifier = "exact"
    start = num.start
    before = _qualifier_before(text, num.start)
    if before:
        qualifier, start = before
    scan_from = num.end
    after = _qualifier_after(text, num.end, _QUALIFIERS_AFTER)
    if after:
        if not before:
            qualifier = after[0]
        scan_from = after[1]
    elif num.end < len(text) and text[num.end] in "'’-":
        return None  # "13-я", "100'üncü": a suffix that is not a qualifier makes an ordinal
    k = bisect.bisect_left(starts, scan_from)
    found = _find_noun(toks, k, lang, scan_from, text)
    if found is None:
        return None
    kind, first, last = found
    if num.plain_year and first > k:
        return None  # "2025 Shanghai Cooperation Organization": a year before a name
    if kind == "people":
        kind = _people_kind(toks, first, last, lang)
    if kind == "participants" and lang == "ko" and "개" in text[num.end : toks[first].start]:
        # Korean counts people with 명 and units with 개: "125개 이상의 대표" are 125
        # representations (delegations), not 125 persons.
        kind = "delegations"
    if num.value > _MAX_VALUE.get(kind, 10**9):
        return None
    end = toks[last].end
    trailing = _qualifier_after_noun(text, end)
    if trailing and qualifier == "exact":
        qualifier, end = trailing
    return Figure(start, end, text[start:end], num.value, kind, qualifier)


def _qualifier_after_noun(text: str, end: int) -> tuple[Qualifier, int] | None:
    m = re.compile("|".join(rf"(?P<{q}>{p})" for q, p in _QUALIFIERS_AFTER_NOUN.items())).match(
        text[end : end + 16].lstrip()
    )
    if not m or m.lastgroup is None:
        return None
    pad = len(text[end : end + 16]) - len(text[end : end + 16].lstrip())
    return m.lastgroup, end + pad + m.end()  # type: ignore[return-value]
