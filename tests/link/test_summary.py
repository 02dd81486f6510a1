from __future__ import annotations

from datetime import date

from newsweave.link.summary import consensus_dates
from newsweave.model import Analysis


def _a(day: date | None, source: str) -> Analysis:
    return Analysis(article_id=str(day), event_date=day, event_date_source=source)


def test_trusted_dates_outrank_dates_of_undated_reports() -> None:
    got = consensus_dates([_a(date(2023, 11, 23), "text"), _a(date(2024, 1, 1), "text_only")])
    assert got == (date(2023, 11, 23), date(2023, 11, 23))


def test_one_outlier_does_not_stretch_the_range() -> None:
    dates = [_a(date(2025, 5, d), "published") for d in (27, 28, 29)] + [_a(date(2025, 5, 12), "text")]
    assert consensus_dates(dates) == (date(2025, 5, 27), date(2025, 5, 29))


def test_no_year_no_range() -> None:
    assert consensus_dates([_a(date(2000, 5, 27), "monthday")]) == (None, None)
