"""How long a report says the happening lasts."""

from __future__ import annotations

import pytest

from newsweave.analyze.durations import stated_duration


@pytest.mark.parametrize(
    ("lang", "text", "days"),
    [
        ("en", "The three-day conference opened on Tuesday.", 3),
        ("en", "Talks will continue for 2 days in the capital.", 2),
        ("ru", "Форум продлится три дня.", 3),
        ("ru", "Начался двухдневный визит министра.", 2),
        ("ar", "أعمال المؤتمر الذى يستمر لمدة ثلاثة أيام", 3),
        ("ar", "الاجتماع تستمر يومين", 2),
        ("fa", "نشست دو روزه دبیران", 2),
        ("zh", "会议为期两天", 2),
        ("es", "La reunión se celebrará durante tres días.", 3),
        ("fr", "un sommet de deux jours", 2),
        ("tr", "iki gün sürecek toplantı", 2),
        ("vi", "Hội nghị kéo dài 3 ngày", 3),
        ("de", "die zweitägige Konferenz", 2),
        ("fa", "نشست ۳ روزه", 3),  # Persian digits
    ],
)
def test_phrases_of_how_long_give_days(lang: str, text: str, days: int) -> None:
    assert stated_duration(text, lang=lang) == days


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "He arrived two days ago and leaves in two days."),  # when, not how long
        ("en", "A 30-day campaign against drugs."),  # a campaign, not a meeting
        ("ru", "Встреча пройдет через два дня."),
        ("es", "La cumbre empezará dentro de dos días."),
        ("en", "The conference opened on Tuesday."),
        ("xx", "for three days"),  # a language without phrases
    ],
)
def test_when_is_not_how_long(lang: str, text: str) -> None:
    assert stated_duration(text, lang=lang) is None


def test_the_first_stated_counts() -> None:
    text = "The two-day meeting opened. Last year's forum ran for three days."
    assert stated_duration(text, lang="en") == 2
