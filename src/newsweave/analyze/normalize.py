"""Text normalization, applied once when an article enters the system.

NFC composition, Persian/Arabic letter variants folded to the Persian forms used in Iran
(ي→ی, ك→ک), zero-width joiners and bidi marks removed, non-breaking and odd spaces made
plain. Digits are left as written: figure and date stages read all digit systems.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_ZERO_WIDTH = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"), None
)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]+")
_ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی"})
_MANY_BLANK_LINES = re.compile(r"\n\s*\n(\s*\n)+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def normalize_text(text: str, *, lang: str | None = None) -> str:
    """Return ``text`` in the one canonical form every later stage expects.

    Arabic and Persian share letters with different code points; folding ي/ك only for
    Persian-family text keeps Arabic text intact (Arabic keeps ي) while making Persian
    spellings written on Arabic keyboards match.
    """
    text = unicodedata.normalize("NFC", text)
    # ZWNJ is meaningful inside Persian words (می‌خواهم); replacing it by nothing keeps the
    # word whole, which is what matching and tokenization need.
    text = text.translate(_ZERO_WIDTH)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if lang in {"fa", "ur", "ps"} or (lang is None and _looks_persian(text)):
        text = text.translate(_ARABIC_TO_PERSIAN)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _MANY_BLANK_LINES.sub("\n\n", text).strip()


def _looks_persian(text: str) -> bool:
    # Letters that exist in Persian but not in Arabic: پ چ ژ گ
    return any(ch in text for ch in "پچژگ")


# Devanagari writes a nasal before a stop either as anusvara or as a nasal consonant with
# virama, and chandrabindu for anusvara: दुशांबे = दुशान्बे (Dushanbe), हिंदी = हिन्दी.
_DEVANAGARI_NASAL = re.compile(
    "[\u0919\u091e\u0923\u0928\u092e]\u094d"
    "(?=[\u0915-\u0918\u091a-\u091d\u091f-\u0922\u0924-\u0927\u092a-\u092d])|\u0901"
)


def ascii_digits(text: str) -> str:
    """The text with digits of every script written as ASCII digits (۱۲۶ → 126)."""
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text
    )


def fold_for_matching(text: str) -> str:
    """Case- and mark-insensitive form used to compare names across spellings."""
    text = _DEVANAGARI_NASAL.sub("\u0902", text)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_ARABIC_TO_PERSIAN).replace("ё", "е").replace("ـ", "")


# Scripts that glue clitics to words or write no spaces between them: a stem can start
# anywhere in a word there ("والتقى", "中方邀请").
GLUED_SCRIPTS = re.compile(r"[\u0600-\u06ff\u0900-\u097f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def stem_regex(stems: Iterable[str]) -> re.Pattern[str]:
    """One pattern for word stems, to search text folded by :func:`fold_for_matching`.

    A stem matches at the start of a word, anywhere in glued scripts, and as a whole word
    only when it ends with ``$``. Longer stems are tried first.
    """
    parts = []
    for stem in sorted(set(stems), key=len, reverse=True):
        whole = stem.endswith("$")
        folded = re.escape(fold_for_matching(stem.rstrip("$")))
        if GLUED_SCRIPTS.search(stem):
            parts.append(folded)
        else:
            parts.append(rf"(?<![^\W\d_]){folded}" + (r"(?![^\W\d_])" if whole else ""))
    return re.compile("|".join(parts) or r"(?!x)x")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (``sentence_bounds``) that holds ``text[start:end]``, stripped: the
    evidence shown beside a claim."""
    lo, hi = next(((a, b) for a, b in sentence_bounds(text) if a <= start < b), (start, end))
    return text[lo:hi].strip()


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split after . ! ? 。 ؟ ！ followed by space, and at newlines.

    Abbreviations are not special-cased: a sentence only frames a claim's evidence or a
    search hit, and a rare early cut after "Mr." costs less than a list that is never complete.
    """
    bounds, start = [], 0
    for m in re.finditer(r"[.!?…]+(?=\s|$)|[。？！؟]+|\n+", text):
        end = m.end()
        if text[start:end].strip():
            bounds.append((start, end))
        start = end
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


# A photo credit, in brackets or after a colon: "(DOD photo by ...)", "(Foto: Quang Vinh/VNA)",
# "© Photo : ...", "Фото: ...", "图片：...".
_PHOTO_CREDIT = re.compile(
    r"\((?:[^()\n]{0,40}\s)?(?:photo|foto|фото|ảnh|عکس|صورة)\b[^()\n]{0,100}\)"
    r"|(?:photo|foto|фото|ảnh|عکس|صورة|图片|圖片|写真)\s*[:：]",
    re.IGNORECASE,
)


def photo_captions(text: str) -> list[tuple[int, int]]:
    """Lines that carry a photo credit: captions. The date of a caption is when the picture
    was taken, often years before the report ("... at the Pentagon, March 24, 2017. (DOD
    photo by ...)" in a report of a 2023 meeting)."""
    out, start = [], 0
    for line in text.split("\n"):
        if _PHOTO_CREDIT.search(line):
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out
