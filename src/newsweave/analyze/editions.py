"""Edition numbers of recurring meetings: "13th", "XIII", "тринадцатая", "سیزدهمین", "第十三届".

An ordinal only counts when a meeting word (meeting, summit, сессия, نشست, 会议, ...) is near it,
and never when it is a century ("21st century", "XXI век"), an anniversary ("80th anniversary",
"80-летие") or part of a date ("13th of May", "13 мая"). Numbers are read in every digit script,
as Roman numerals, and as ordinal words 1-30 in en/ru/fa/ar/fr/es (1-20 in de, 3-20 in it).

Pure: no I/O; regexes are compiled lazily per language and cached.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from newsweave.analyze.dates import month_lexicon
from newsweave.analyze.normalize import sentence_bounds
from newsweave.model import Edition

__all__ = ["extract_editions", "main_edition", "other_edition_sentences"]

# Meeting words as lowercase stems matched as substrings: Arabic/Persian attach clitics
# (الاجتماع, ونشست) and Slavic words inflect (совещании), so whole-word matching misses them.
_MEETING = """
meeting summit conference session round forum consultation talks congress assembly plenary
встреч совещани конференци саммит сесси заседани раунд консультаци форум собрани съезд
نشست اجلاس همایش کنفرانس اجتماع گردهمایی دور مذاکرات
مؤتمر منتدى قمة دورة جولة لقاء جلسة مشاورات
会议 會議 峰会 峰會 磋商 届 屆 会晤 會晤 论坛 論壇 会談 会議 協議
reunión cumbre conferencia encuentro foro sesión ronda
reunião cúpula conferência fórum sessão rodada
réunion sommet conférence rencontre session
reuniun conferinț întâlnir summit
treffen konferenz gipfel tagung sitzung
toplantı konferans zirve oturum
hội nghị cuộc họp diễn đàn phiên vòng
кездесу жиналыс кеңес конференция саммит отырыс
बैठक सम्मेलन शिखर वार्ता
회의 회담 정상 협의
pertemuan konferensi sidang ktt
möte konferens toppmöte
среща конференция форум заседание
sastanak sastanku sastanka konferencij susret samit
састан конференциј самит сусрет
incontro riunione conferenza vertice sessione
spotkani konferencj szczyt posiedzeni
зустріч нарад конференці саміт засіданн
uchrashuv yig'ilish yig‘ilish anjuman majlis kengash
اجلاس کانفرنس ملاقات
""".split()
_CENTURY = (
    "century centuries век веке века столети قرن القرن siècle siglo século jahrhundert yüzyıl "
    "asır thế kỷ 世纪 世紀 세기 शताब्दी सदी ғасыр asr sekel abad صدی"
).split()
_ANNIVERSARY = (
    "anniversary birthday годовщин летие юбиле سالگرد ذكرى ذکری 周年 週年 주년 aniversario "
    "aniversário anniversaire jahrestag yıl dönümü yıldönümü kỷ niệm aniversare jubileum годишнин "
    "yilligi yilligini वर्षगांठ سالگرہ hut peringatan"
).split()

_EN = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_EN_TENS = {"twenty": 20, "thirty": 30}
_RU_STEMS = (
    "перв втор трет четвёрт пят шест седьм восьм девят десят одиннадцат двенадцат тринадцат "
    "четырнадцат пятнадцат шестнадцат семнадцат восемнадцат девятнадцат двадцат"
).split()
_RU_END = r"(?:ый|ий|ая|ое|ой|ую|ого|ому|ом|ые|ых|ым|ья|ье|ьей|ью|ьего|ьему|ьем|ьи)"
_FA = (
    "یک دو سو چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده شانزده هفده هجده "
    "نوزده بیست"
).split()
_AR_M = "أول ثاني ثالث رابع خامس سادس سابع ثامن تاسع عاشر".split()
# How far after a word ordinal its meeting word may end: German ends long compounds with it
# ("die elfte internationale Sicherheitskonferenz").
_WORD_REACH = {"de": 45}
# German ordinal stems, declined with -e/-en/-er/-es/-em ("die elfte Konferenz").
_DE = (
    "erst zweit dritt viert fünft sechst siebt acht neunt zehnt elft zwölft dreizehnt "
    "vierzehnt fünfzehnt sechzehnt siebzehnt achtzehnt neunzehnt zwanzigst"
).split()
_FR = (
    "premi deux trois quatr cinqu six sept huit neuv dix onz douz treiz quatorz quinz seiz "
    "dix-sept dix-huit dix-neuv vingt"
).split()
_ES_UNITS = "primer segund tercer cuart quint sext séptim octav noven".split()
# Italian from the third: "secondo" is also "according to", "prima" "before", and "primo
# ministro" a prime minister.
_IT = (
    "terz quart quint sest settim ottav non decim undicesim dodicesim tredicesim "
    "quattordicesim quindicesim sedicesim diciassettesim diciottesim diciannovesim ventesim"
).split()
_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
               "七": 7, "八": 8, "九": 9}  # fmt: skip
_ROMAN = r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
# "of the month" after an ordinal makes it a day of the month.
_MONTH_WORD = re.compile(
    r"^\W{0,3}(?:(?:و\s*)?(?:الـ?\s?)?\d{1,2}\s*)?(?:of\s+the\s+month|(?:من\s+)?(?:ال)?شهر|ماه"
    r"|числа|del\s+mes|du\s+mois)",
    re.IGNORECASE,
)
_TIMES_AFTER = re.compile(r"^\W{0,2}(?:times?|раз|fois|vez|mal|kez)(?!\w)", re.IGNORECASE)
_NEAR = 40  # characters either side in which a meeting word makes an ordinal an edition
_GUARD = 20  # characters either side checked for century and anniversary words


def _digits(s: str) -> int:
    value = 0
    for ch in s:
        value = value * 10 + unicodedata.decimal(ch)
    return value


def _roman(s: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = values[a]
        total += -v if b != " " and values[b] > v else v
    return total


def _cjk(s: str) -> int:
    """Read a Chinese numeral up to 99 ("十三", "二十", "二十一") or plain digits."""
    if s[0].isdigit():
        return _digits(s)
    if "十" in s:
        tens, _, units = s.partition("十")
        return (_CJK_DIGITS.get(tens, 1) if tens else 1) * 10 + (
            _CJK_DIGITS.get(units, 0) if units else 0
        )
    return _CJK_DIGITS.get(s, 0)


@lru_cache(maxsize=1)
def _word_numbers() -> dict[str, int]:
    """Folded ordinal word (or stem) -> number, for the languages with word lists."""
    words: dict[str, int] = {}
    for i, w in enumerate(_EN, 1):
        words[w] = i
    for tens_word, tens in _EN_TENS.items():
        words[tens_word[:-1] + "ieth"] = tens
        for i, w in enumerate(_EN[:9], 1):
            words[f"{tens_word}-{w}"] = words[f"{tens_word} {w}"] = tens + i
    for i, stem in enumerate(_RU_STEMS, 1):
        words[stem] = i
        if i < 10:
            words[f"двадцать {stem}"] = 20 + i
    words["тридцат"] = 30
    words["четверт"] = 4
    for i, w in enumerate(_FA, 1):
        words[w + "م"] = i
        if i < 10:
            words[f"بیست و {w}م"] = 20 + i
    words.update(
        {"سی‌ام": 30, "سیام": 30, "نخست": 1, "اول": 1, "یکم": 1, "سوم": 3, "بیست و سوم": 23}
    )
    for i, w in enumerate(_AR_M, 1):
        fem = w + ("ى" if w == "أول" else "ة")  # feminine: الأولى, الثالثة
        words["ال" + w] = words["ال" + fem] = i
        if 3 <= i <= 9:
            words[f"ال{w} عشر"] = words[f"ال{w}ة عشرة"] = 10 + i
            words[f"ال{w} والعشرون"] = words[f"ال{w} والعشرين"] = 20 + i
            words[f"ال{w}ة والعشرون"] = words[f"ال{w}ة والعشرين"] = 20 + i
    words.update({
        "الاول": 1, "الحادي عشر": 11, "الحادية عشرة": 11, "الثاني عشر": 12, "الثانية عشرة": 12,
        "العشرون": 20, "العشرين": 20, "الحادي والعشرون": 21, "الحادي والعشرين": 21,
        "الحادية والعشرون": 21, "الحادية والعشرين": 21, "الثاني والعشرون": 22,
        "الثاني والعشرين": 22, "الثلاثون": 30, "الثلاثين": 30,
    })  # fmt: skip
    for i, w in enumerate(_DE, 1):
        for end in ("e", "en", "er", "es", "em"):
            words[w + end] = i
    for i, w in enumerate(_FR, 1):
        words[w + "ième" if i > 1 else "premier"] = i
    words.update({"première": 1, "cinquième": 5, "neuvième": 9, "trentième": 30, "second": 2,
                  "seconde": 2})  # fmt: skip
    for i, w in enumerate(_ES_UNITS, 1):
        for end in ("o", "a") if i > 1 else ("", "o", "a"):
            words[w + end] = i
            words["décimo " + w + end] = words["decimo" + w + end] = 10 + i
            words["vigésimo " + w + end] = words["vigesimo" + w + end] = 20 + i
    words.update({"décimo": 10, "décima": 10, "undécimo": 11, "undécima": 11,
                  "duodécimo": 12, "duodécima": 12, "vigésimo": 20, "vigésima": 20,
                  "trigésimo": 30, "trigésima": 30})  # fmt: skip
    for i, w in enumerate(_IT, 3):
        words[w + "o"] = words[w + "a"] = i
    return words


def _alternation(words: list[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


@lru_cache(maxsize=64)
def _patterns(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, regex) pairs; the number is in group "n", read according to kind."""
    n = r"(?P<n>\d{1,3})"
    words = _alternation(list(_word_numbers()))
    specs = [
        # Latin-script digit ordinals: en 13th, fr 13e/13ème/13ᵉ, es/pt 13º/13ª, sv 13:e,
        # tr 13'üncü, id ke-13, hi 13वें, ur/fa 13ویں/13مین.
        (
            "digit",
            rf"(?<![\w.,]){n}(?:st|nd|rd|th|e|ème|eme|ᵉ|er|re|ère|è|\.?[ºª°]|:e|:a"
            r"|['’]?(?:i|ı|u|ü)?n(?:ci|cı|cu|cü)|\s?(?:वें|वीं|वां|वाँ|वे|वी)"
            r"|\s?(?:ویں|امین|مین|ام)|-?(?:ші|шы|інші|ыншы)"
            r"|-(?:я|й|е|го|ой|ая|ый|ую|ого|ому|м|ом|ым|ых|ю|a|lea|ти|та|ия|ият|ата|ото|то|ви|ри|ми|ва|ра))(?!\w)",
        ),
        ("digit", rf"(?<!\w)(?:ke|ika)-{n}(?!\d)"),
        ("digit", rf"(?<!\w)(?:a|al)\s+{n}-(?:a|lea)(?!\w)"),
        ("digit", rf"(?i:lần\s+thứ|thứ)\s+{n}(?!\d)"),
        ("digit", rf"(?<!\w)제\s?{n}\s?(?:차|회|기)"),
        ("digit", rf"(?<!\w){n}\s?(?:차|회)(?!\w)"),
        ("digit", rf"الـ?\s?{n}(?!\d)"),
        (
            "cjk",
            r"第\s?(?P<n>\d{1,3}|[一二三四五六七八九十两〇零]{1,4})\s?(?:届|屆|次|轮|輪|回|期|场|場)",
        ),
        (
            "roman",
            rf"(?<![\w.\-]){_ROMAN.replace('(?=', '(?P<n>(?=', 1)})"
            r"(?:-?(?:a|lea|й|я|е|го|ой|ая)|e|ème|ᵉ)?(?![\w\-])",
        ),
        ("word", rf"(?<!\w)(?P<n>{words}){_RU_END}?(?:ينه|ین)?(?!\w)"),
    ]
    # "13. Treffen": the bare dot ordinal is read only where grammar uses it, since elsewhere a
    # number before a full stop ends a sentence.
    if lang in ("de", "tr", "da", "no", "nb", "fi", "hu", "cs", "sk", "pl", "hr", "sr", "sl"):
        specs.append(("digit", rf"(?<![\w.,]){n}\.(?=\s+[^\W\d])"))
    if lang in ("uz", "kk", "ky", "und"):
        specs.append(("digit", rf"(?<![\w.,]){n}-(?=[^\W\d_])"))
    return tuple(
        (kind, re.compile(rx, re.IGNORECASE if kind == "word" else 0)) for kind, rx in specs
    )


def _value(kind: str, m: re.Match[str]) -> int:
    raw = m.group("n")
    if kind == "roman":
        return _roman(raw)
    if kind == "cjk":
        return _cjk(raw)
    if kind == "word":
        key = re.sub(r"\s+", " ", raw.casefold())
        return _word_numbers().get(key, 0)
    return _digits(raw)


@lru_cache(maxsize=64)
def _context_patterns(
    lang: str,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    meeting = re.compile("|".join(map(re.escape, _MEETING)), re.IGNORECASE)
    century = re.compile("|".join(map(re.escape, _CENTURY)), re.IGNORECASE)
    anniversary = re.compile("|".join(map(re.escape, _ANNIVERSARY)), re.IGNORECASE)
    months = "|".join(re.escape(w) for w in sorted(month_lexicon(lang), key=len, reverse=True))
    # A month right after the ordinal ("13th of May", "13-го мая") or right before ("May 13th").
    month = re.compile(
        rf"^\W{{0,2}}(?:of\s+|de\s+)?(?:{months})(?!\w)|(?<!\w)(?:{months})\.?\W{{0,2}}$",
        re.IGNORECASE,
    )
    return meeting, century, anniversary, month


def extract_editions(text: str, *, lang: str) -> tuple[Edition, ...]:
    """Edition numbers of meetings, conferences, summits, sessions, rounds and forums in ``text``.

    Each ordinal is kept only with a meeting word within ``_NEAR`` characters and without a
    century, anniversary or month next to it. Overlapping readings keep the longest span.
    """
    lang = (lang or "und").split("-")[0].lower()
    meeting, century, anniversary, month = _context_patterns(lang)
    found: list[Edition] = []
    for kind, rx in _patterns(lang):
        for m in rx.finditer(text):
            number = _value(kind, m)
            if not 1 <= number <= 100:
                continue
            start, end = m.span()
            if kind == "roman" and not _plausible_roman(text, m):
                continue
            # The match itself is searched too: in "第十三届" the counter 届 is the meeting word.
            if not meeting.search(text[max(0, start - _NEAR) : end + _NEAR]):
                continue
            # Word ordinals are common words ("first", "الأول"): they need the meeting word
            # close by, not merely in the same sentence.
            # Arabic and Persian put the ordinal after the noun and its adjectives ("مؤتمر موسكو
            # الدولي السادس"), so the window reaches further back than forward.
            reach = _WORD_REACH.get(lang, 25)
            if kind == "word" and not (meeting.search(text[max(0, start - 30) : end + reach])):
                continue
            near = text[max(0, start - _GUARD) : end + _GUARD]
            if century.search(near) or anniversary.search(near):
                continue
            if month.search(text[end : end + 15]) or month.search(text[max(0, start - 12) : start]):
                continue
            if _MONTH_WORD.search(text[end : end + 20]):
                continue  # "الـ26 و الـ27 من الشهر المقبل": days of a month, not editions
            if (
                _TIMES_AFTER.search(text[end : end + 12])
                or "مرة" in text[max(0, start - 8) : start]
            ):
                continue  # "for the fourth time", "المرة الرابعة": a count of occasions
            if kind == "word" and _in_month_name(text, start):
                continue
            if _PART_AFTER.match(text[end : end + 20]):
                continue  # "the second plenary session", "second day": a part of one meeting
            found.append(Edition(start, end, text[start:end], number))
    return _longest(found)


def main_edition(editions: Sequence[Edition]) -> int | None:
    """The edition a report is about: the number it names most often; None on a tie."""
    counts = Counter(e.number for e in editions).most_common(2)
    if not counts or (len(counts) == 2 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0]


def other_edition_sentences(text: str, editions: Sequence[Edition]) -> list[tuple[int, int]]:
    """Sentences that name only other editions than the report's own.

    Reports recall earlier editions ("the 8th conference, held on 23 April 2020, gathered
    100 countries"); the figures and dates of such a sentence belong to that edition, not to
    the event the report is about.
    """
    main = main_edition(editions)
    if main is None:
        return []
    out = []
    for start, end in sentence_bounds(text):
        named = {e.number for e in editions if start <= e.start < end}
        if named and main not in named:
            out.append((start, end))
    return out


# Words after an ordinal that number a part of one meeting, not an edition of a series.
_PART_AFTER = re.compile(
    r"\W{0,2}(?:plenary|day|panel|stage|part|working|пленарн|день|дня|этап|секци|رسمی|روز|"
    r"الجلسة|اليوم|全体|天|sesiune plenar|plenaria|plénière|phiên toàn thể|ngày)",
    re.IGNORECASE,
)


# Capitalized words that may stand before an edition numeral at a sentence start.
_DETERMINERS = frozenset(
    "the this la le el les los las die der das den il lo o os as del al".split()
)


def _plausible_roman(text: str, m: re.Match[str]) -> bool:
    """Reject Roman-letter tokens that are words or regnal numbers, not editions."""
    token = m.group("n")
    before = text[: m.start()].rstrip()
    prev = re.search(r"(\w+)\W*$", before)
    if (
        prev
        and prev.group(1)[:1].isupper()
        and not prev.group(1).isupper()
        and prev.group(1).casefold() not in _DETERMINERS
    ):
        return False  # "Charles III", "World War II", "Pope Leo XIV"
    if len(token) == 1:
        # "I" and "X" (the network) are words; a lone letter counts only before a capitalized
        # word, as in "X Moscow Conference" / "V Форум".
        nxt = re.match(r"\W{0,3}\s+(\w)", text[m.end() :])
        return bool(nxt and nxt.group(1).isupper()) and (not prev or prev.group(1).islower())
    return True


def _in_month_name(text: str, start: int) -> bool:
    # Levantine months "كانون الأول", "تشرين الثاني" contain ordinal words.
    return re.search(r"(?:كانون|تشرين)\s*$", text[max(0, start - 10) : start]) is not None


def _longest(found: list[Edition]) -> tuple[Edition, ...]:
    found.sort(key=lambda e: (-(e.end - e.start), e.start))
    kept: list[Edition] = []
    for e in found:
        if all(e.end <= k.start or e.start >= k.end for k in kept):
            kept.append(e)
    return tuple(sorted(kept, key=lambda e: e.start))
