"""Attributions to a news source: "according to TASS", "به گزارش ایرنا", "据新华社报道", "(BelTA)".

Known sources come from ``resources/sources.json``: each has a canonical key ("src:tass"),
aliases in the corpus scripts and the domains it publishes on. In news text a named news
agency is nearly always being cited ("TASS reported", "told TASS", "Photo: TASS"), so an
agency alias counts by itself; aliases that are also ordinary words (German "Mehr", Persian
"فارس", English "Trend") and official sources (the Kremlin, ministries), which are more often
actors than sources, count only next to a citation cue ("according to", "передает",
"به نقل از", "نقلا عن", "据", "theo", "según", "laut", ...), inside a credit parenthesis
("(Foto: Quang Vinh/VNA)", "(BelTA)") or between dateline slashes ("/TASS/").

Sources named by a citation pattern but missing from the table ("агентство «Регнум»",
"Source: Ria") get the key "src:" + a slug of their name; links after "Source:" resolve
through ``source_of_domain``.

Pure: the table is read once through importlib.resources and cached.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from newsweave.analyze.normalize import fold_for_matching
from newsweave.model import Citation

__all__ = ["extract_citations", "source_of_domain", "source_slug", "sources_table"]

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CUE_BEFORE = r"""according\s+to|citing|cited\s+by|quoted\s+by|reported\s+by|told|said\s+to|via|
    sources?\s*:|photo\s*:|credit\s*:|передает|передаёт|сообщает|сообщило|сообщил[аи]?|
    со\s+ссылкой\s+на|по\s+данным|по\s+информации|пишет|заявил[аи]?|рассказал[аи]?|сказал[аи]?|
    в\s+интервью|источник\s*:|фото\s*:|به\s+گزارش|به\s+نقل\s+از|منبع\s*:|عکس\s*:|خبرگزاری|
    نقلا\s+عن|نقلاً\s+عن|ذكرت|أفادت|افادت|حسبما|وفقا\s+ل|وفقاً\s+ل|بحسب|حسب|قالت|أوردت|نقلت|
    المصدر\s*:|وكالة|据|據|援引|来源|來源|theo|nguồn\s*:|ảnh\s*:|dẫn|según|de\s+acuerdo\s+con|citando|
    citado\s+por|fuente\s*:|foto\s*:|segundo|de\s+acordo\s+com|conforme|fonte\s*:|selon|d['’]après|
    citant|cité\s+par|source\s*:|laut|zitiert|nach\s+Angaben|unter\s+Berufung\s+auf|quelle\s*:|
    potrivit|conform|citând|citat\s+de|sursă\s*:|sursa\s*:|enligt|källa\s*:|menurut|mengutip|
    dikutip|dilansir|sumber\s*:|според|цитиран\s+от|източник\s*:|kaynak\s*:|сілтеме|дереккөз"""
_CUE_AFTER = r"""reported|reports|said|says|quoted|cited|learned|has\s+learned|correspondent|
    сообщает|сообщил[аио]?|передает|передаёт|пишет|گزارش\s+داد|گزارش\s+داده|نوشت|اعلام\s+کرد|
    ذكرت|أفادت|نقلت|报道|報導|报导|电|電|消息|informó|informa|reportó|informou|noticiou|rapporte|
    a\s+rapporté|berichtet|meldet|relatează|a\s+relatat|informează|transmite|rapporterar|uppger|
    melaporkan|['’]?[ny]?[ae]\s+göre|ajansına\s+göre|aktardı|bildirdi|хабарлайды|мәліметінше|
    के\s+अनुसार|ने\s+बताया|에\s+따르면|따르면|보도|によると|報じた|伝えた"""
# Characters between the end of a cue and the source name ("the", «, "news agency").
_BEFORE_REACH = 30
_AFTER_REACH = 60  # Persian and Arabic put the verb at the end: «تاس» در این باره گزارش داد
_SOURCE_LINE = re.compile(
    r"(?im)(?:^|[(\[]|\s)(?P<cue>source|sources|sursă|sursa|nguồn|fuente|fonte|source|quelle|kaynak|"
    r"sumber|källa|источник|منبع|المصدر|来源|來源|дереккөз)\s*[:：]\s*(?P<name>[^\n)\]]{2,80})"
)
_URL = re.compile(
    r"https?://[^\s)\]»\"'<>]+"
    r"|(?<![\w@/.])(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:ru|com|ir|vn|cn|by|kz|kg|az|uz|tr|in)"
    r"(?![\w.-]*\w)"
)
# Named-but-unknown sources: each pattern's "name" group is the source's name.
_UNKNOWN = [
    re.compile(
        r"(?:according\s+to|citing|told|reported\s+by)\s+(?:the\s+)?(?P<name>[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+){0,3})\s+(?:news\s+agency|agency|newspaper|daily|TV|television|channel|outlet)"
    ),
    re.compile(r"(?P<name>[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+){0,3})\s+news\s+agency"),
    re.compile(
        r"(?:агентств[оауе]м?|газет[аеыу]|телеканал[ау]?|издани[еяю]|портал[ау]?)\s+«(?P<name>[^»\n]{2,40})»"
    ),
    re.compile(r"خبرگزاری\s+(?:«(?P<name>[^»\n]{2,40})»|(?P<name2>[^\s،.«»:]{2,20}))"),
    re.compile(
        r"وكالة\s+(?:أنباء\s+|الأنباء\s+)?(?:«(?P<name>[^»\n]{2,40})»|\"(?P<name2>[^\"\n]{2,40})\"|(?P<name3>[^\s،.«»\"]{2,20}(?:\s+ال[^\s،.«»\"]{2,20})?))"
    ),
    re.compile(
        r"(?:press\s+service\s+of\s+(?:the\s+)?|пресс-служб[аеиуы]\s+)(?P<name>[A-ZА-ЯЁ][\w-]+(?:\s+[A-ZА-ЯЁ][\w-]+){0,2})"
    ),
    re.compile(r"据(?P<name>[^，。、\s「」“”]{2,12}?)(?:报道|報導|报导|消息)"),
    re.compile(
        r"(?:[Aa]gencia|[Aa]gência|[Aa]gence)\s+(?:de\s+not[ií]cias\s+|de\s+presse\s+)?(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)"
    ),
    re.compile(r"Nachrichtenagentur\s+(?P<name>[A-Z][\w-]+)"),
    re.compile(r"(?P<name>[A-ZÇĞİÖŞÜ][\wçğıöşü]+(?:\s+[A-ZÇĞİÖŞÜ][\wçğıöşü]+)?)\s+[Aa]jans[ıi]"),
    # Datelines: "MINSK, November 17 (BelTA) -", "MOSCOW, May 27. /TASS/."
    re.compile(
        r"(?m)^[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]{2,30}(?:,[^()\n]{0,30})?\s*\((?P<name>[A-Z][\w+ -]{1,20})\)"
    ),
    re.compile(r"(?m)^[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]{2,30},[^/\n]{0,30}/(?P<name>[A-ZА-ЯЁ][\w+ -]{1,20})/"),
]


@dataclass(frozen=True, slots=True)
class _Alias:
    key: str
    pattern: re.Pattern[str]
    needs_cue: bool


@lru_cache(maxsize=1)
def sources_table() -> dict[str, dict[str, object]]:
    """The packaged source table (``resources/sources.json``): key -> name, aliases, domains."""
    text = resources.files("newsweave.resources").joinpath("sources.json").read_text("utf-8")
    table: dict[str, dict[str, object]] = json.loads(text)["sources"]
    return table


def _alias_pattern(alias: str) -> str:
    stem = alias.endswith("*")
    body = re.escape(alias.rstrip("*")).replace(r"\ ", r"\s+") + (r"\w{0,4}" if stem else "")
    if all(_is_cjk(ch) or not ch.isalpha() for ch in alias):
        return body  # Chinese, Japanese, Korean: no word boundaries to check
    # Arabic proclitics (و, ل, ب, ف) glue to the name: "لسبوتنيك", "وإرنا".
    left = r"(?:(?<![^\W\d_])|(?<=[\u0600-\u06ff]))" if _is_arabic(alias[0]) else r"(?<![^\W\d_])"
    return rf"{left}{body}(?![^\W\d_])"


def _is_cjk(ch: str) -> bool:
    return bool(re.match(rf"[{_CJK}]", ch))


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


@lru_cache(maxsize=1)
def _aliases() -> tuple[_Alias, ...]:
    out = []
    for key, row in sources_table().items():
        official = row.get("type") == "official"
        for field, weak in (("aliases", official), ("weak", True)):
            names = sorted(row.get(field, []), key=len, reverse=True)  # type: ignore[call-overload]
            if names:
                pattern = re.compile("|".join(_alias_pattern(n) for n in names))
                out.append(_Alias(key, pattern, weak))
    return tuple(out)


@lru_cache(maxsize=1)
def _domains() -> dict[str, str]:
    return {
        domain.lower(): key
        for key, row in sources_table().items()
        for domain in row.get("domains", [])  # type: ignore[attr-defined]
    }


def source_of_domain(domain: str | None) -> str | None:
    """The source key publishing on ``domain`` (or any parent domain of it), else None.

    >>> [source_of_domain(d) for d in ("www.tass.ru", "en.irna.ir", "example.org")]
    ['src:tass', 'src:irna', None]
    """
    if not domain:
        return None
    host = domain.strip().lower()
    if "://" in host:
        host = urlsplit(host).hostname or ""
    host = host.split("/")[0].split(":")[0].removeprefix("www.").rstrip(".")
    table = _domains()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        key = table.get(".".join(parts[i:]))
        if key:
            return key
    return None


def source_slug(name: str) -> str:
    """Key for a source the table does not know: "src:" + a folded slug of its name."""
    slug = re.sub(r"[\W_]+", "-", fold_for_matching(name.strip(" «»\"'“”„()"))).strip("-")
    return f"src:{slug[:40].strip('-')}" if slug else "src:unknown"


@lru_cache(maxsize=2)
def _cue_re(spec: str, anchor: str) -> re.Pattern[str]:
    body = "".join(line.strip() for line in spec.splitlines())
    if anchor == "before":
        # The greedy prefix makes the match the cue nearest the name.
        return re.compile(
            rf"^.*(?<![^\W\d_])(?P<cue>{body})[^.!?。؟\n]{{0,{_BEFORE_REACH}}}$",
            re.IGNORECASE | re.DOTALL,
        )
    return re.compile(rf"[^.!?。؟\n]{{0,{_AFTER_REACH}}}?(?:{body})", re.IGNORECASE)


def _cue_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Span widened to the citation cue before or after the name, or None if there is none."""
    window = text[max(0, start - 60) : start]
    m = _cue_re(_CUE_BEFORE, "before").search(window)
    if m:
        return start - len(window) + m.start("cue"), end
    m = _cue_re(_CUE_AFTER, "after").match(text, end)
    if m:
        return start, m.end()
    if _in_credit(text, start, end):
        return start, end
    return None


def _in_credit(text: str, start: int, end: int) -> bool:
    """Inside a short parenthesis ("(BelTA)", "(Foto: X/VNA)") or between slashes ("/TASS/")."""
    opening = text.rfind("(", max(0, start - 50), start)
    if opening >= 0 and ")" not in text[opening:start]:
        closing = text.find(")", end, end + 30)
        if closing >= 0 and "(" not in text[end:closing]:
            return True
    return text[start - 1 : start] == "/" and text[end : end + 1] == "/"


def extract_citations(text: str, *, lang: str) -> tuple[Citation, ...]:
    """Every attribution to a source in ``text``, in text order, spans not overlapping.

    ``lang`` is accepted for symmetry with the other extractors; the cue and alias lists cover
    all corpus languages at once because articles quote sources across scripts.

    >>> [c.source for c in extract_citations("Ambassadors met, TASS reported.", lang="en")]
    ['src:tass']
    """
    del lang  # cues and aliases are language-independent (see docstring)
    names = _without_overlaps(
        [
            (m.start(), m.end(), a.key, a.needs_cue)
            for a in _aliases()
            for m in a.pattern.finditer(text)
        ]
    )
    found: list[Citation] = []
    for n, (start, end, key, needs_cue) in enumerate(names):
        span = _cue_span(text, start, end)
        if span is None and needs_cue:
            continue
        # A cue may widen the span, but never over a neighbouring name: "according to TASS
        # and RIA Novosti" is two citations.
        lo = names[n - 1][1] if n else 0
        hi = names[n + 1][0] if n + 1 < len(names) else len(text)
        s, e = span or (start, end)
        s, e = (s if s >= lo else start), (e if e <= hi else end)
        found.append(Citation(s, e, text[s:e].strip(), key))
    extra = [*_source_lines(text), *_links(text)]
    for pattern in _UNKNOWN:
        for m in pattern.finditer(text):
            name = next((g for g in m.groupdict().values() if g), None)
            if name:
                extra.append(Citation(m.start(), m.end(), m.group(), source_slug(name)))
    for c in extra:
        if not _known_inside(c.start, c.end, found):
            found.append(c)
    return tuple(sorted(found, key=lambda c: c.start))


def _known_inside(start: int, end: int, found: list[Citation]) -> bool:
    return any(c.start < end and start < c.end for c in found)


def _source_lines(text: str) -> list[Citation]:
    """'Source: Ria', 'Sursă: https://www.vietnamplus.vn/...' and their cousins."""
    out = []
    for m in _SOURCE_LINE.finditer(text):
        name = m.group("name").strip()
        url = _URL.search(name)
        start = m.start("cue")
        if url:
            key = source_of_domain(url.group()) or source_slug(
                urlsplit(_with_scheme(url.group())).hostname or url.group()
            )
            end = m.start("name") + url.end()
        else:
            name = re.split(r"[.;,|]\s|\s[-–—]\s", name)[0].strip()
            if any(ch.isdigit() for ch in name) and " " not in name:
                continue  # "来源: sp20241102" is an internal id, not a source
            known = [a.key for a in _aliases() if a.pattern.fullmatch(name)]
            key = known[0] if known else source_slug(name)
            end = m.start("name") + len(name)
        out.append(Citation(start, end, text[start:end], key))
    return out


def _with_scheme(url: str) -> str:
    return url if "://" in url else f"http://{url}"


def _links(text: str) -> list[Citation]:
    """Links to a known source's site: a link is an attribution by itself."""
    out = []
    for m in _URL.finditer(text):
        key = source_of_domain(_with_scheme(m.group()))
        if key:
            out.append(Citation(m.start(), m.end(), m.group(), key))
    return out


def _without_overlaps(
    spans: list[tuple[int, int, str, bool]],
) -> list[tuple[int, int, str, bool]]:
    # Longest first at each start: "RIA Novosti" over "RIA", "Xinhua News Agency" over "Xinhua".
    kept: list[tuple[int, int, str, bool]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept
