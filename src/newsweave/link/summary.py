"""An event's title, date range and languages, from its member reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from ..model import Analysis, Article, Event

CONSENSUS_DAYS = 3
# Sources whose event date has a real year (not month-only or day-and-month-only).
DATED_SOURCES = frozenset({"text", "published", "text_only"})
TITLE_LANG_PREFERENCE = ("en",)


def summarize_event(
    event_id: str, articles: Sequence[Article], analyses: Mapping[str, Analysis]
) -> Event:
    """Title from an English report where there is one (analysts read English), else the
    first titled report; dates are the span of the members' event dates that agree with
    their median, so one report with a wrong date does not stretch the range."""
    ordered = sorted(articles, key=lambda a: (a.published or date.max, a.id))
    languages = Counter(analyses[a.id].lang for a in articles if a.id in analyses)
    dates = sorted(
        analyses[a.id].event_date  # type: ignore[misc]
        for a in articles
        if a.id in analyses and analyses[a.id].event_date_source in DATED_SOURCES
    )
    start = end = None
    if dates:
        median = dates[len(dates) // 2]
        agreeing = [d for d in dates if abs((d - median).days) <= CONSENSUS_DAYS]
        start, end = min(agreeing), max(agreeing)
    return Event(
        id=event_id,
        title=_title(ordered, analyses),
        start=start,
        end=end,
        languages=tuple(lang for lang, _ in languages.most_common()),
        article_ids=tuple(sorted(a.id for a in articles)),
    )


def _title(articles: Sequence[Article], analyses: Mapping[str, Analysis]) -> str:
    def headline(article: Article) -> str:
        if article.title:
            return article.title
        first = article.text.split("\n", 1)[0]
        return first if len(first) <= 160 else first[:157].rsplit(" ", 1)[0] + "…"

    for lang in TITLE_LANG_PREFERENCE:
        for article in articles:
            if article.id in analyses and analyses[article.id].lang == lang and article.title:
                return article.title
    titled = [a for a in articles if a.title]
    return headline(titled[0] if titled else articles[0])
