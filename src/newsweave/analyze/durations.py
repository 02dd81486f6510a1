"""How long a report says the happening lasts, in days: "a three-day conference", "for two
days", "يستمر لمدة ثلاثة أيام", "为期两天", "двухдневный визит".

Reports of a conference's opening rarely write its last day as a date; they say how long
it runs. The phrases are in ``resources/durations.json`` (only phrases that say how long,
never when: "in two days" is not one); a count is digits in any script or the language's
number words (``figure_kinds.json``). Pure: no I/O beyond the cached read of the tables.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from .figures import figure_kinds
from .normalize import GLUED_SCRIPTS, ascii_digits, fold_for_matching

__all__ = ["MAX_DAYS", "stated_duration"]

MAX_DAYS = 14  # longer is a term or a campaign, not one meeting


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, object]]:
    from newsweave.resources import read_resource

    data: dict[str, dict[str, object]] = json.loads(read_resource("durations.json"))
    return data


@lru_cache(maxsize=64)
def _patterns(lang: str) -> tuple[list[re.Pattern[str]], dict[str, int], dict[str, int]]:
    """Per language: one pattern per template (group ``n``: the count), the number words,
    and the whole expressions with their counts, all folded."""
    table = _table()
    numbers = {
        fold_for_matching(word): value
        for word, value in {
            **figure_kinds()["number_words"].get(lang, {}),  # type: ignore[attr-defined]
            **table["numbers"].get(lang, {}),  # type: ignore[attr-defined]
        }.items()
        if isinstance(value, int) and 2 <= value <= MAX_DAYS
    }
    count = "|".join([r"\d{1,2}", *map(re.escape, sorted(numbers, key=len, reverse=True))])
    patterns = []
    for template in table["templates"].get(lang, []):  # type: ignore[attr-defined]
        whole = template.endswith("$")
        before, after = (fold_for_matching(part) for part in template.rstrip("$").split("{n}"))
        open_ = "" if GLUED_SCRIPTS.search(template) else r"(?<![^\W\d_])"
        close = r"(?![^\W\d_])" if whole else ""
        body = rf"{re.escape(before)}(?P<n>{count}){re.escape(after)}"
        patterns.append(re.compile(open_ + body + close))
    words = {
        fold_for_matching(w): v
        for w, v in table["words"].get(lang, {}).items()  # type: ignore[attr-defined]
    }
    return patterns, numbers, words


def stated_duration(text: str, *, lang: str) -> int | None:
    """The days the text first says the happening lasts (2 to ``MAX_DAYS``), else None."""
    patterns, numbers, words = _patterns(lang)
    if not patterns and not words:
        return None
    folded = fold_for_matching(ascii_digits(text))
    found: list[tuple[int, int]] = []  # (position, days)
    for pattern in patterns:
        for match in pattern.finditer(folded):
            n = match.group("n")
            found.append((match.start(), int(n) if n.isdigit() else numbers[n]))
    for word, days in words.items():
        position = folded.find(word)
        if position >= 0:
            found.append((position, days))
    days = [d for _, d in sorted(found) if 2 <= d <= MAX_DAYS]
    return days[0] if days else None
