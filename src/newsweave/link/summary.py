"""An event's title, date range and languages, from its member reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from ..analyze.entities import person_roles
from ..analyze.focus import LEAD_CHARS, PLACE_KINDS, is_dateline, lead_place, reading_position
from ..analyze.normalize import fold_for_matching, sentence_around
from ..model import (
    Analysis,
    Article,
    DateClaim,
    DateMention,
    Event,
    Granularity,
    Mention,
    PlaceClaim,
)

CONSENSUS_DAYS = 3
MAX_RANGE_DAYS = 14
MAX_ROLES = 3  # role phrases shown per person in an event
# Sources whose event date has a real year (not month-only or day-and-month-only).
DATED_SOURCES = frozenset({"text", "published", "text_only"})
TRUSTED_SOURCES = frozenset({"text", "published"})
TITLE_LANG_PREFERENCE = ("en",)


def summarize_event(
    event_id: str,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    *,
    titles: Mapping[str, str] | None = None,
) -> Event:
    """Title set by an analyst, else from an English report where there is one (analysts
    read English), else the first titled report; dates are the span of the members' event dates that agree with
    their median, so one report with a wrong date does not stretch the range."""
    ordered = sorted(articles, key=lambda a: (a.published or date.max, a.id))
    languages = Counter(analyses[a.id].lang for a in articles if a.id in analyses)
    start, end = consensus_dates([analyses[a.id] for a in articles if a.id in analyses])
    # An analyst's title is anchored on a report, so it follows that report's event.
    chosen = next((titles[a.id] for a in ordered if titles and a.id in titles), None)
    return Event(
        id=event_id,
        title=chosen or _title(ordered, analyses),
        start=start,
        end=end,
        languages=tuple(lang for lang, _ in languages.most_common()),
        article_ids=tuple(sorted(a.id for a in articles)),
    )


def consensus_dates(analyses: Sequence[Analysis]) -> tuple[date | None, date | None]:
    """The span of event dates that agree with their median, trusted dates first.

    Dates checked against a publication date outrank dates of undated reports (those are
    often a background date: "since 2017"); one report with a wrong date does not stretch
    the range, because only dates within ``CONSENSUS_DAYS`` of the median count. A report
    that gives the event as a range starting on an agreeing date ("27-29 May 2025") also
    gives its last day, and one that says how long it lasts ("the three-day conference")
    gives it counted from the first day: a closing report's own date is the last day.
    """
    for sources in (TRUSTED_SOURCES, DATED_SOURCES):
        dated = [a for a in analyses if a.event_date and a.event_date_source in sources]
        if dated:
            dates = sorted(a.event_date for a in dated if a.event_date)
            median = dates[len(dates) // 2]
            agreeing = [d for d in dates if abs((d - median).days) <= CONSENSUS_DAYS]
            ends = [
                end for a in dated if a.event_date in agreeing and (end := range_end(a)) is not None
            ]
            start = min(agreeing)
            ends += [start + timedelta(days=a.duration - 1) for a in analyses if a.duration]
            return start, max(agreeing + ends)
    return None, None


def range_end(analysis: Analysis) -> date | None:
    """The last day of the range a report gives its event date as, if it gives one.

    A range is read as two mentions over the same words ("May 27-29, 2025"); ranges longer
    than ``MAX_RANGE_DAYS`` are terms and periods ("from 1 January to 30 June"), not one
    meeting.
    """
    ends = [
        b.value
        for a in analysis.dates
        if a.value == analysis.event_date and a.granularity == "day"
        for b in analysis.dates
        if (b.start, b.end) == (a.start, a.end)
        and b.granularity == "day"
        and 0 < (b.value - a.value).days <= MAX_RANGE_DAYS
    ]
    return max(ends, default=None)


def year_by_edition(
    analyses: Sequence[Analysis], edition: int, references: Sequence[tuple[int, date]]
) -> tuple[date, date, int, date] | None:
    """Dates of an edition of an annual series whose reports give day and month only.

    The nth edition of an annual series falls n - m years after the mth, so the year comes
    from the dated edition nearest to n (a year without a meeting then shifts fewest
    editions). ``analyses`` are the event's reports, ``references`` (edition, trusted date)
    of other reports of the series. Returns start, end and the reference used, or ``None``.
    """
    monthdays = sorted(
        a.event_date for a in analyses if a.event_date and a.event_date_source == "monthday"
    )
    if not monthdays or not references:
        return None
    nearest = min(abs(m - edition) for m, _ in references)
    years = Counter(
        (d.year + edition - m, m, d) for m, d in references if abs(m - edition) == nearest
    )
    (year, m, d), _ = years.most_common(1)[0]
    median = monthdays[len(monthdays) // 2]
    agreeing = [x for x in monthdays if abs((x - median).days) <= CONSENSUS_DAYS]
    try:
        return min(agreeing).replace(year=year), max(agreeing).replace(year=year), m, d
    except ValueError:  # 29 February in a common year
        return None


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


def date_claims(
    event: Event, articles: Sequence[Article], analyses: Mapping[str, Analysis]
) -> list[DateClaim]:
    """Each report's date of the event with the sentence that gives it, outliers included.

    The event's dates are the consensus of its reports (``consensus_dates``); a report whose
    date falls outside them is kept here rather than dropped, so the analyst sees it. It is
    not flagged as a disagreement: on the dev corpus (5 of 68 dates outside) each was a date
    read wrongly (a dateline, a chairmanship start, a commentary's "today", a background
    date), not a source contradicting another.
    """
    out = []
    for article in sorted(articles, key=lambda a: a.id):
        analysis = analyses.get(article.id)
        if analysis is None or analysis.event_date is None:
            continue
        value, basis = analysis.event_date, analysis.event_date_source
        granularity: Granularity = (
            "monthday" if basis == "monthday" else "month" if basis == "month_only" else "day"
        )
        mention = next((d for d in analysis.dates if _says(d, value, granularity)), None)
        sentence, start, end = "", -1, -1
        if mention is not None and basis != "published":
            start, end = mention.start, mention.end
            sentence = sentence_around(article.document, start, end)
        out.append(
            DateClaim(
                article.id,
                value,
                granularity,
                basis,
                sentence,
                start,
                end,
                _agrees(value, granularity, event.start, event.end),
            )
        )
    return out


def _says(mention: DateMention, value: date, granularity: Granularity) -> bool:
    if granularity == "month":
        return mention.granularity == "month" and mention.value.replace(day=1) == value
    if granularity == "monthday":  # stored on a placeholder year, or with a borrowed one
        return (mention.value.month, mention.value.day) == (value.month, value.day)
    return mention.granularity == "day" and mention.value == value


def _agrees(value: date, granularity: Granularity, start: date | None, end: date | None) -> bool:
    if start is None or end is None:
        return True
    slack = timedelta(days=CONSENSUS_DAYS)
    if granularity == "month":
        last = (value.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return value <= end + slack and last >= start - slack
    if granularity == "monthday":
        try:
            value = value.replace(year=start.year)
        except ValueError:  # 29 February
            return True
    return start - slack <= value <= end + slack


def event_details(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    *,
    names: Mapping[str, str],
    place_kinds: Mapping[str, str | None],
) -> dict[str, object]:
    """Place, topics and the people/organizations/places of an event, with report counts.

    The place is the city or venue named by most reports (a country only when no report
    names a city), see ``event_place``; topics are those tagged in at least a third of the
    reports, so one report's aside does not label the event.
    """
    per_type: dict[str, Counter[str]] = {"PER": Counter(), "ORG": Counter(), "LOC": Counter()}
    topics: Counter[str] = Counter()
    roles: dict[str, Counter[tuple[bool, str]]] = {}
    written: dict[str, str] = {}
    for article in articles:
        analysis = analyses.get(article.id)
        if analysis is None:
            continue
        for kind in per_type:
            per_type[kind].update({m.key for m in analysis.mentions if m.type == kind})
        topics.update(set(analysis.topics))
        for mention, role in person_roles(article.document, analysis.mentions):
            folded = fold_for_matching(role)
            written.setdefault(folded, role)
            roles.setdefault(mention.key, Counter())[(analysis.lang == "en", folded)] += 1
    place_key = event_place(articles, analyses, place_kinds)
    need = max(1, len(articles) / 3)

    def ranked(counter: Counter[str]) -> list[tuple[str, int]]:
        # Ties by key: sets of keys iterate in a different order in every process.
        return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))

    def listing(counter: Counter[str]) -> list[dict[str, object]]:
        return [{"id": k, "name": names.get(k, k), "reports": n} for k, n in ranked(counter)[:15]]

    def with_roles(people: list[dict[str, object]]) -> list[dict[str, object]]:
        # Analysts read English: an English report's wording first, then the most frequent.
        for person in people:
            said = roles.get(str(person["id"]), Counter())
            ordered = sorted(said.items(), key=lambda kv: (not kv[0][0], -kv[1], kv[0][1]))
            kept: list[str] = []
            for (_, folded), _ in ordered:
                # "Secretary" says nothing "Secretary of the Security Council" does not:
                # the longer one takes the shorter one's place.
                wider = next((k for k, role in enumerate(kept) if role in folded), None)
                if wider is not None:
                    kept[wider] = folded
                elif not any(folded in k for k in kept) and len(kept) < MAX_ROLES:
                    kept.append(folded)
            person["roles"] = [written[f] for f in kept]
        return people

    return {
        "place": {"id": place_key, "name": names.get(place_key, place_key)} if place_key else None,
        "report_places": [
            {
                "article": c.article_id,
                "id": c.place,
                "name": names.get(c.place, c.place),
                "sentence": c.sentence,
                "start": c.start,
                "end": c.end,
                "agrees": c.agrees,
            }
            for c in place_claims(place_key, articles, analyses, place_kinds)
        ],
        "topics": [t for t, n in ranked(topics) if n >= need],
        "people": with_roles(listing(per_type["PER"])),
        "organizations": listing(per_type["ORG"]),
        "places": listing(per_type["LOC"]),
    }


def event_place(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    place_kinds: Mapping[str, str | None],
) -> str | None:
    """The city or venue named by most reports, a country when none names a city.

    Reports also name where delegates came from and where the last meeting was; news puts
    the place of the happening in the headline and lead. So ties go to the place named in
    more headlines and leads, then to the one named first, then by key: the answer never
    depends on the order reports or mentions were read in. A dateline ("MOSCOW, April 25
    (TASS) -") says where the story was filed, not where the meeting is: it does not count.
    """
    for kinds in (PLACE_KINDS, frozenset({"country"})):
        reports: Counter[str] = Counter()
        leads: Counter[str] = Counter()
        first: dict[str, int] = {}
        for article in articles:
            analysis = analyses.get(article.id)
            if analysis is None:
                continue
            named = _named_places(article, analysis, place_kinds, kinds)
            for key, (position, _) in named.items():
                reports[key] += 1
                leads[key] += position < LEAD_CHARS
                first[key] = min(first.get(key, position), position)
        if reports:
            return max(reports, key=lambda k: (reports[k], leads[k], -first[k], k))
    return None


def place_claims(
    event_place: str | None,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    place_kinds: Mapping[str, str | None],
) -> list[PlaceClaim]:
    """Where each report puts the event: the city or venue its headline or lead names first
    (datelines left out), with the sentence, and whether that is the event's place.

    Shown, not flagged: a report naming the capital of the delegation it follows, or the
    city a meeting was first announced for ("Tianjin", held in Beijing), says so here.
    """
    out = []
    for article in sorted(articles, key=lambda a: a.id):
        analysis = analyses.get(article.id)
        if analysis is None:
            continue
        mention = lead_place(article.document, len(article.text), analysis.mentions, place_kinds)
        if mention is None:
            continue
        out.append(
            PlaceClaim(
                article.id,
                mention.key,
                sentence_around(article.document, mention.start, mention.end),
                mention.start,
                mention.end,
                event_place is None or mention.key == event_place,
            )
        )
    return out


def _named_places(
    article: Article,
    analysis: Analysis,
    place_kinds: Mapping[str, str | None],
    kinds: frozenset[str],
) -> dict[str, tuple[int, Mention]]:
    """Each place of these kinds a report names, with where a reader meets it first
    (``reading_position``: the headline first) and that mention; datelines are left out."""
    named: dict[str, tuple[int, Mention]] = {}
    for m in analysis.mentions:
        if (
            m.type == "LOC"
            and place_kinds.get(m.key) in kinds
            and not is_dateline(article.document, m)
        ):
            position = reading_position(m, article.document, len(article.text))
            if m.key not in named or position < named[m.key][0]:
                named[m.key] = (position, m)
    return named
