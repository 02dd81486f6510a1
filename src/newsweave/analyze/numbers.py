"""Distinctive numbers a report states (126, 105, 1644), in any digit system.

Two reports that give the same uncommon numbers very likely describe the same happening,
whatever their language: digits survive translation where words do not. Years, small
numbers and numbers inside dates are left out: every report has them.
"""

from __future__ import annotations

import re

from .normalize import ascii_digits

_NUMBER = re.compile(r"(?<![\d.,])\d{2,6}(?:[ ,.]\d{3})*(?![\d])")
MIN_VALUE = 11
YEARS = range(1900, 2101)


def distinctive_numbers(text: str) -> tuple[int, ...]:
    """Sorted distinct numbers ≥ 11 that are not plausible years."""
    found = set()
    for match in _NUMBER.finditer(ascii_digits(text)):
        value = int(re.sub(r"[ ,.]", "", match.group()))
        if value >= MIN_VALUE and value not in YEARS:
            found.add(value)
    return tuple(sorted(found))
