"""The read side: typed views of events, entities, claims and sources for the CLI, the REST
API, the web UI and notebooks. Every function takes a store and returns records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .errors import NotFoundError
from .link.claims import COMPARED_KINDS, conflicting, event_claims
from .link.corrections import build_constraints
from .link.summary import date_claims
from .model import Alias, Article, Claim, DateClaim, Discrepancy, Entity, Event, Membership
from .store import Store


@dataclass(frozen=True, slots=True)
class Report:
    """One article as shown inside an event: text, language and why it joined."""

    article: Article
    lang: str
    membership: Membership | None


@dataclass(frozen=True, slots=True)
class FigureView:
    kind: str
    claims: tuple[Claim, ...]
    conflict: bool


@dataclass(frozen=True, slots=True)
class EventView:
    event: Event
    place: dict[str, Any] | None
    topics: tuple[str, ...]
    reports: tuple[Report, ...]
    figures: tuple[FigureView, ...]
    discrepancies: tuple[Discrepancy, ...]
    people: tuple[dict[str, Any], ...]
    organizations: tuple[dict[str, Any], ...]
    places: tuple[dict[str, Any], ...]
    sources: tuple[dict[str, Any], ...]
    independent_reports: int
    date_basis: str | None = None  # how the dates were found when no report states them whole
    dates: tuple[DateClaim, ...] = ()  # each report's date of the event, outliers included
    report_places: tuple[dict[str, Any], ...] = ()  # where each report's lead puts the event


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A report outside an event that nearly joined it: ``link`` says how it would join
    (strongest link, signals, ``mean_link``), ``event_id`` where it is now; ``claims`` the
    figures it would add to the event's, and ``conflicting`` those of them that disagree
    with a figure the event's reports give (attaching it would flag them)."""

    article: Article
    lang: str
    link: Membership
    event_id: str | None
    claims: tuple[Claim, ...] = ()
    conflicting: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True)
class EntityView:
    entity: Entity
    events: tuple[Event, ...]
    cooccurring: tuple[tuple[str, str, int], ...] = field(default_factory=tuple)  # id, name, n


def near_miss_views(store: Store, event_id: str, links: list[Membership]) -> list[NearMiss]:
    ids = [m.article_id for m in links]
    articles = {a.id: a for a in store.articles(ids)}
    analyses = store.analyses(ids)
    memberships = store.memberships(ids)
    start = store.event(event_id).start
    claims = [c for _, c in store.claims(event_id)]
    out = []
    for m in links:
        if m.article_id not in articles:
            continue
        adds = event_claims(
            [articles[m.article_id]],
            analyses,
            event_year=start.year if start else None,
        )
        out.append(
            NearMiss(
                articles[m.article_id],
                analyses[m.article_id].lang if m.article_id in analyses else "und",
                m,
                memberships[m.article_id].event_id if m.article_id in memberships else None,
                tuple(c for c in adds if c.kind in COMPARED_KINDS),
                tuple(conflicting(adds, claims)),
            )
        )
    return out


def list_events(
    store: Store,
    *,
    since: date | str | None = None,
    until: date | str | None = None,
    lang: str | None = None,
    entity: str | None = None,
    topic: str | None = None,
    source: str | None = None,
    sort: str = "recent",
) -> list[Event]:
    """Events, filtered; ``entity`` is a name in any script or an entity id."""
    events = store.events()
    since_d, until_d = _as_date(since), _as_date(until)
    if since_d:
        events = [e for e in events if (e.end or e.start) and (e.end or e.start) >= since_d]
    if until_d:
        events = [e for e in events if e.start and e.start <= until_d]
    if lang:
        events = [e for e in events if lang in e.languages]
    if entity:
        key = resolve_entity_key(store, entity)
        holders = set(store.articles_mentioning(key))
        events = [e for e in events if holders & set(e.article_ids)]
    if topic or source:
        details = {e.id: store.event_details(e.id) for e in events}
        if topic:
            events = [e for e in events if topic in details[e.id].get("topics", [])]
        if source:
            events = [
                e
                for e in events
                if any(
                    source in (s.get("publisher"), *s.get("cites", []))
                    for s in details[e.id].get("sources", [])
                )
            ]
    if sort == "size":
        events = sorted(events, key=lambda e: (-len(e.article_ids), e.id))
    return events


def event_view(store: Store, event_id: str) -> EventView:
    event = store.event(event_id)
    details = store.event_details(event_id)
    analyses = store.analyses(event.article_ids)
    memberships = store.memberships(event.article_ids)
    articles = store.articles(event.article_ids)
    reports = tuple(
        Report(a, analyses[a.id].lang if a.id in analyses else "und", memberships.get(a.id))
        for a in sorted(articles, key=lambda a: (a.published or date.min, a.id))
    )
    return EventView(
        event=event,
        place=details.get("place"),
        topics=tuple(details.get("topics", [])),
        reports=reports,
        figures=tuple(_figures(c for _, c in store.claims(event_id))),
        discrepancies=tuple(store.discrepancies(event_id)),
        people=tuple(details.get("people", [])),
        organizations=tuple(details.get("organizations", [])),
        places=tuple(details.get("places", [])),
        sources=tuple(details.get("sources", [])),
        independent_reports=int(details.get("independent_reports", len(reports))),
        date_basis=details.get("date_basis"),
        dates=tuple(date_claims(event, articles, analyses)),
        report_places=tuple(details.get("report_places", [])),
    )


def _figures(claims: Iterable[Claim]) -> list[FigureView]:
    from .link.claims import summarize_figures

    return [FigureView(s.kind, s.claims, s.conflict) for s in summarize_figures(list(claims))]


def list_entities(
    store: Store, *, type: str | None = None, limit: int | None = None
) -> list[Entity]:
    from .services import display_names

    constraints = build_constraints(store.corrections())
    rows = [
        (key, constraints.entity_types.get(key, kind)) for key, kind, _, _ in store.mention_keys()
    ]
    rows = [r for r in rows if type is None or r[1] == type][: limit or None]
    names = display_names(store, [r[0] for r in rows], constraints)
    return [
        Entity(id=key, name=names[key], type=kind, aliases=_aliases(store, key))  # type: ignore[arg-type]
        for key, kind in rows
    ]


def entity_view(store: Store, name_or_id: str) -> EntityView:
    from .services import display_names

    key = resolve_entity_key(store, name_or_id)
    rows = [r for r in store.mention_keys() if r[0] == key]
    if not rows:
        raise NotFoundError(f"no entity {name_or_id!r} in this store")
    articles = store.articles_mentioning(key)
    memberships = store.memberships(articles)
    event_ids = sorted({m.event_id for m in memberships.values()})
    events = sorted((store.event(e) for e in event_ids), key=lambda e: (e.start or date.min, e.id))
    co = store.cooccurring(key)
    constraints = build_constraints(store.corrections())
    names = display_names(store, [key, *(k for k, _ in co)], constraints)
    kind = constraints.entity_types.get(key, rows[0][1])
    entity = Entity(key, names[key], kind, _aliases(store, key), tuple(articles))  # type: ignore[arg-type]
    return EntityView(entity, tuple(events), tuple((k, names[k], n) for k, n in co))


def resolve_entity_key(store: Store, name_or_id: str) -> str:
    """An entity id for a name in any script ("Шойгу", "شویگو", "Shoigu") or an id."""
    from .resources import default_gazetteer

    if ":" in name_or_id and store.articles_mentioning(name_or_id):
        return name_or_id
    known = store.keys_matching(name_or_id)
    if known:
        return known[0]
    mentions = default_gazetteer().find(name_or_id)
    if mentions:
        return mentions[0].key
    from .analyze.entities import name_key

    key = "k:" + name_key(name_or_id)
    if store.articles_mentioning(key):
        return key
    raise NotFoundError(f"no entity named {name_or_id!r}")


def _aliases(store: Store, key: str) -> tuple[Alias, ...]:
    return tuple(Alias(text, lang, count) for text, lang, count in store.aliases(key))


def sources(store: Store) -> list[dict[str, Any]]:
    """Every publisher and cited source, with how many reports it published and was cited by."""
    published: Counter[str] = Counter()
    cited: Counter[str] = Counter()
    for event in store.events():
        for link in store.event_details(event.id).get("sources", []):
            if link.get("publisher"):
                published[link["publisher"]] += 1
            cited.update(link.get("cites", []))
    keys = sorted(set(published) | set(cited), key=lambda k: (-(published[k] + cited[k]), k))
    return [{"id": k, "published": published[k], "cited": cited[k]} for k in keys]


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)
