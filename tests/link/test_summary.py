from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from newsweave.analyze.dates import extract_dates, infer_event_date
from newsweave.link.summary import consensus_dates, date_claims, event_place, year_by_edition
from newsweave.model import Analysis, Article, Edition, Event, Mention


def _a(day: date | None, source: str) -> Analysis:
    return Analysis(article_id=str(day), event_date=day, event_date_source=source)


def test_trusted_dates_outrank_dates_of_undated_reports() -> None:
    got = consensus_dates([_a(date(2023, 11, 23), "text"), _a(date(2024, 1, 1), "text_only")])
    assert got == (date(2023, 11, 23), date(2023, 11, 23))


def test_one_outlier_does_not_stretch_the_range() -> None:
    dates = [_a(date(2025, 5, d), "published") for d in (27, 28, 29)] + [
        _a(date(2025, 5, 12), "text")
    ]
    assert consensus_dates(dates) == (date(2025, 5, 27), date(2025, 5, 29))


def _dated(article_id: str, text: str, published: date | None = None) -> tuple:
    article = Article(id=article_id, text=text, published=published)
    dates = extract_dates(text, lang="en", published=published)
    value, source = infer_event_date(dates, published)
    return article, Analysis(
        article_id=article_id, lang="en", dates=dates, event_date=value, event_date_source=source
    )


def test_a_stated_range_gives_the_last_day() -> None:
    _, three_days = _dated("a", "The meeting takes place on May 27-29, 2025 in Moscow.")
    _, opening = _dated("b", "The meeting opened on 27 May 2025.")
    assert consensus_dates([three_days, opening]) == (date(2025, 5, 27), date(2025, 5, 29))
    _, term = _dated("c", "The chairmanship runs from 1 January 2025 to 30 June 2025.")
    assert consensus_dates([term]) == (date(2025, 1, 1), date(2025, 1, 1))


def test_a_stated_duration_counts_from_the_first_day() -> None:
    from dataclasses import replace

    opening = _a(date(2019, 4, 23), "published")
    closing = replace(_a(date(2019, 4, 25), "published"), duration=3)  # "the three-day ..."
    assert consensus_dates([opening, closing]) == (date(2019, 4, 23), date(2019, 4, 25))
    assert consensus_dates([replace(opening, duration=3)]) == (date(2019, 4, 23), date(2019, 4, 25))
    undated = replace(_a(None, "none"), duration=2)  # an undated member still says how long
    assert consensus_dates([opening, undated]) == (date(2019, 4, 23), date(2019, 4, 24))


def test_each_reports_date_is_kept_with_its_sentence_outliers_too() -> None:
    reports = [
        _dated("a", "Delegates arrived. The meeting opened on 27 May 2025 in Moscow."),
        _dated("b", "It closed on May 29 with a joint statement."),
        _dated("c", "The forum was held on 14 April 2025, the agency said."),
        _dated("d", "Security officials met in Moscow.", published=date(2025, 5, 28)),
    ]
    articles = [a for a, _ in reports]
    analyses = {a.article_id: a for _, a in reports}
    event = Event("ev-1", "t", date(2025, 5, 27), date(2025, 5, 29), ("en",), ("a", "b", "c", "d"))
    claims = {c.article_id: c for c in date_claims(event, articles, analyses)}
    assert claims["a"].sentence == "The meeting opened on 27 May 2025 in Moscow."
    assert claims["a"].agrees and claims["a"].basis == "text_only"
    assert claims["b"].granularity == "monthday" and claims["b"].agrees  # no year: day and month
    assert not claims["c"].agrees and claims["c"].value == date(2025, 4, 14)
    assert (
        claims["d"].basis == "published" and claims["d"].sentence == "" and claims["d"].start == -1
    )


def test_no_year_no_range() -> None:
    assert consensus_dates([_a(date(2000, 5, 27), "monthday")]) == (None, None)


def _edition(day: date | None, source: str, number: int) -> Analysis:
    return replace(_a(day, source), editions=(Edition(0, 3, "6th", number),))


def test_year_of_an_annual_series_from_the_nearest_dated_edition() -> None:
    members = [_a(date(2000, 4, 26), "monthday"), _a(date(2000, 4, 27), "monthday")]
    # the 9th edition came two years after the 8th (a year without a meeting): the 8th is
    # nearer to the 6th and gives its year
    references = [(8, date(2019, 4, 23)), (9, date(2021, 6, 23))]
    start, end, reference, _ = year_by_edition(members, 6, references)  # type: ignore[misc]
    assert (start, end, reference) == (date(2017, 4, 26), date(2017, 4, 27), 8)
    assert year_by_edition(members, 6, []) is None
    assert year_by_edition([_a(None, "none")], 6, references) is None


def test_undated_edition_takes_its_year_from_the_store(tmp_path: Path) -> None:
    from newsweave.services import Workspace

    rows = [
        {"id": "mcis8", "published": "2019-04-23", "lang": "en",
         "text": "MOSCOW. The 8th Moscow Conference on International Security opened today "
                 "with defence ministers from many countries. The conference will last three days."},
        {"id": "mcis6", "lang": "en",
         "text": "The 6th Moscow Conference on International Security will be held on 26 April, "
                 "the defence ministry said. Ministers of thirty countries have confirmed."},
    ]  # fmt: skip
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    ws = Workspace.open(str(tmp_path / "news.db"))
    ws.ingest([str(path)])
    event = next(e for e in ws.events() if "mcis6" in e.article_ids)
    assert event.article_ids == ("mcis6",)
    assert event.start == date(2017, 4, 26)
    basis = ws.event(event.id).date_basis or ""
    assert "edition 6" in basis and "2019" in basis
    ws.close()


def _report(article_id: str, text: str, places: list[str], title: str | None = None) -> tuple:
    article = Article(id=article_id, text=text, title=title)
    document = article.document
    mentions = tuple(
        Mention(document.index(name), document.index(name) + len(name), name, "LOC", key)
        for name, key in (p.split("=") for p in places)
    )
    return article, Analysis(article_id=article_id, mentions=mentions)


KINDS = {"loc:minsk": "city", "loc:moscow": "city", "loc:belarus": "country"}


def test_place_named_in_the_lead_wins_a_tie_and_the_answer_is_stable() -> None:
    filler = " The delegations discussed many questions of regional security." * 6
    report = _report(
        "a", "The meeting opened on Tuesday." + filler + " Delegates flew in from Moscow.",
        ["Moscow=loc:moscow", "Minsk=loc:minsk"], title="Security meeting opens in Minsk",
    )  # fmt: skip
    other = _report("b", "Talks in Moscow and Minsk.", ["Moscow=loc:moscow", "Minsk=loc:minsk"])
    for order in ([report, other], [other, report]):
        articles, analyses = zip(*order, strict=True)
        got = event_place(articles, {a.article_id: a for a in analyses}, KINDS)
        assert got == "loc:minsk"


def test_a_country_only_when_no_city_is_named() -> None:
    article, analysis = _report("a", "Talks were held in Belarus.", ["Belarus=loc:belarus"])
    assert event_place([article], {"a": analysis}, KINDS) == "loc:belarus"
    assert event_place([article], {}, KINDS) is None


def test_a_dateline_says_where_the_story_was_filed_not_where_the_meeting_is() -> None:
    report = _report(
        "a",
        "Moscow, April 25 (TASS) - Security council secretaries will meet in Minsk.",
        ["Moscow=loc:moscow", "Minsk=loc:minsk"],
    )
    assert event_place([report[0]], {"a": report[1]}, KINDS) == "loc:minsk"
    for text in (
        "(Trend News Agency) Moscow, November 23. Secretaries will meet in Minsk.",
        "中新网 Moscow9月9日电 Secretaries will meet in Minsk.",  # Chinese wire style
    ):
        filed = _report("f", text, ["Moscow=loc:moscow", "Minsk=loc:minsk"])
        assert event_place([filed[0]], {"f": filed[1]}, KINDS) == "loc:minsk"
    # The same city inside a sentence counts.
    inside = _report("b", "They met in Moscow, the ministry said.", ["Moscow=loc:moscow"])
    assert event_place([inside[0]], {"b": inside[1]}, KINDS) == "loc:moscow"


def test_an_events_people_carry_the_roles_reports_give_them() -> None:
    from newsweave.analyze.entities import extract_mentions
    from newsweave.link.summary import event_details
    from newsweave.resources import default_gazetteer

    texts = {
        "a": "Secretary of the Russian Security Council Sergei Shoigu opened the meeting.",
        "b": "Secretary Sergei Shoigu spoke. Secretary Sergei Shoigu closed it.",
        "c": "Секретарь Совбеза Сергей Шойгу выступил.",
    }
    articles, analyses = [], {}
    for article_id, text in texts.items():
        lang = "ru" if article_id == "c" else "en"
        mentions = extract_mentions(text, lang=lang, gazetteer=default_gazetteer())
        articles.append(Article(id=article_id, text=text))
        analyses[article_id] = Analysis(article_id=article_id, lang=lang, mentions=tuple(mentions))
    details = event_details(articles, analyses, names={}, place_kinds={})
    (shoigu,) = details["people"]
    # English first, most said first; "Secretary" adds nothing to the longer title
    assert shoigu["roles"] == ["Secretary of the Russian Security Council", "Секретарь Совбеза"]


def test_each_report_says_where_its_lead_puts_the_event() -> None:
    from newsweave.link.summary import place_claims

    reports = [
        _report(
            "a",
            "Moscow, May 5 (TASS) - Secretaries will meet in Minsk.",
            ["Moscow=loc:moscow", "Minsk=loc:minsk"],
        ),
        _report("b", "The meeting opened in Moscow on Tuesday.", ["Moscow=loc:moscow"]),
        _report("c", "Delegates arrived on Monday.", []),
    ]
    articles = [a for a, _ in reports]
    analyses = {a.article_id: a for _, a in reports}
    claims = {c.article_id: c for c in place_claims("loc:minsk", articles, analyses, KINDS)}
    assert claims["a"].place == "loc:minsk" and claims["a"].agrees  # the dateline is no claim
    assert claims["b"].place == "loc:moscow" and not claims["b"].agrees
    assert claims["b"].sentence == "The meeting opened in Moscow on Tuesday."
    assert "c" not in claims
