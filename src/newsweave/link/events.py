"""Event clustering: which reports are about the same real-world happening.

Embeddings alone do not separate events: two editions of one meeting series are described
in the same words. So a pair of reports is described by several signals (``FEATURES``) and
scored by a logistic model learned from labelled corpora (``PairModel``); some signals veto
a link outright:

- similarity: cosine of the e5 embeddings of title and lead, measured against the level of
  unrelated reports in the same language pairing;
- shared people, organizations, places and names (gazetteer ids or cross-script keys),
  weighted by rarity (IDF over the store) — "Moscow" says little, "Ahmadian" a lot — and
  measured against the report that names fewer: a short report naming only Shoigu shares
  all it says with a long one naming twenty delegates;
- dates: event dates (from the text, relative dates resolved, else publication) — events
  more than ``VETO_GAP_DAYS`` apart never merge when both dates are trustworthy;
- editions: different edition numbers ("13th" vs "12th") never merge; the same number of
  the same series adds evidence;
- focus: a report of a two-party meeting ("Xi meets Lavrov") beside one of the summit around
  it: a bilateral on the sidelines is its own event, and two talks of different people
  known to the gazetteer never merge ("Shoigu met Wang Yi", "Shoigu met Chen Wenqing");
  who meets (defence ministers, security council secretaries, heads of state) and which
  organization convenes, when both reports say and they differ: one city hosts several
  meetings of one organization in a season;
- place: the country of the city each headline and lead puts the meeting in. A series
  moves between host countries (SCO defence ministers in Astana, then Qingdao), so for
  reports without dates this is often what tells two editions apart. Countries, not cities:
  a report of one meeting names another city of the host country first (where the
  delegations landed, a newspaper's "Вечерний Алматы").

Clusters grow by average-linkage agglomeration over pair log-odds, with the vetoes applied
between every pair of members (a cluster never holds two editions). Clustering is
incremental: existing events are fixed clusters that new articles may join or be grouped
beside; two existing events are never merged behind the analyst's back.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import numpy as np

from ..model import Membership

VERSION = "events@1"

# "reliable": publication date, or a text date checked against it; "unchecked": a text date
# of an undated report; "monthday": day and month only, year unknown (placeholder year).
DateKind = Literal["reliable", "unchecked", "monthday", "none"]


@dataclass(frozen=True, slots=True)
class Features:
    """What clustering knows about one article."""

    id: str
    vector: np.ndarray
    event_date: date | None = None
    date_kind: DateKind = "none"
    editions: tuple[int, ...] = ()  # most frequent first
    keys: frozenset[str] = frozenset()
    series: frozenset[str] = frozenset()  # the convening organizations its lead names most
    numbers: frozenset[int] = frozenset()
    lang: str = "und"
    parties: frozenset[str] = frozenset()  # of a two-party meeting its headline or lead tells of
    formats: frozenset[str] = frozenset()  # who its headline and lead say meets
    place_country: str | None = None  # the country of the city its headline and lead name
    # (person, first day, day after the last) of the posts it names people in
    terms: frozenset[tuple[str, date, date | None]] = frozenset()


@dataclass(frozen=True, slots=True)
class Baseline:
    """Typical cosine of two reports about *different* happenings, per language pairing.

    e5 scores any two texts of one language higher than a translation pair, so a raw
    threshold either splits cross-language reports or merges same-language look-alikes.
    Measured on the dev corpus (106 articles): different events 0.85 same-language and
    0.79 cross-language, spread 0.03; same event 0.91 and 0.83.
    """

    same_lang: float = 0.85
    cross_lang: float = 0.79
    spread: float = 0.03


FEATURES = (
    "similarity_z",  # cosine above the different-event level, in spreads
    "same_language",
    "shared_people",  # IDF-weighted overlap coefficient of the keys of one class
    "shared_orgs",
    "shared_places",
    "shared_countries",
    "shared_names",  # capitalized names the gazetteer does not know
    "shared_numbers",  # numbers both state (126 delegations, 105 countries), round ones less
    "same_edition",
    "same_number_other_series",
    "same_days",  # both dates trustworthy and within NEAR_DAYS
    "weeks_apart",  # both trustworthy, further apart
    "same_monthday",  # day and month agree, a year is missing
    "far_unchecked",  # dates of undated reports far apart
    "no_date",
    "one_bilateral",  # one report tells of a two-party meeting, the other does not
    "bilateral_same_meeting",  # ...and both name the same edition or days: its sidelines
    "other_format",  # they say different officials meet (defence ministers vs heads of state)
    "other_series",  # the organizations each is mostly about differ (SCO vs CSTO)
    "other_country",  # their headlines and leads put the meeting in different countries
    "other_term",  # one names someone in a post not held when the other's event took place
)
KEY_CLASSES = ("people", "orgs", "places", "countries", "names")
NEAR_DAYS = 3
ANALYST_LINK = 99.0  # the log-odds of a pair an analyst put together: beyond any model score
VETO_GAP_DAYS = 45
FAR_DAYS = 30
ROUND_NUMBER_WEIGHT = 0.5
TERM_SLACK_DAYS = 31
# How far below the threshold a report's linkage to an event may fall and still be shown
# to the analyst as one that nearly joined: log-odds, so 1.5 is odds about 4.5 times lower.
NEAR_MISS_MARGIN = 1.5


@dataclass(frozen=True, slots=True)
class PairModel:
    """A logistic model of "same event" over the pair features, and the linkage threshold.

    Weights are learned from labelled corpora by ``bench/train_event_model.py`` and shipped
    as ``resources/event_model.json``; the score of a pair is its log-odds.
    """

    weights: Mapping[str, float]
    bias: float
    threshold: float = 0.0
    version: str = "untrained"
    linkage: str = "average"  # or "single"/"complete": how cluster scores combine pair scores

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PairModel:
        return cls(
            weights=dict(data["weights"]),
            bias=float(data["bias"]),
            threshold=float(data.get("threshold", 0.0)),
            version=str(data.get("version", "?")),
            linkage=str(data.get("linkage", "average")),
        )


@dataclass(frozen=True, slots=True)
class PairContext:
    """What pair scoring needs beyond the two articles: key rarity, key classes, baseline."""

    idf: Mapping[str, float] = field(default_factory=dict)
    classes: Mapping[str, str] = field(default_factory=dict)
    baseline: Baseline = Baseline()


@dataclass(frozen=True, slots=True)
class PairScore:
    score: float
    vetoed: bool
    signals: dict[str, float | str] = field(default_factory=dict)


def baseline_of(features: Sequence[Features], *, sample: int = 400) -> Baseline:
    """Estimate the different-event cosine per language pairing from the articles at hand.

    Almost all pairs in a news stream are about different happenings, so the median of
    all pairs is a robust estimate of the different-event level. Falls back to the dev
    calibration when there are too few pairs.
    """
    items = list(features)[:sample]
    if len(items) < 20:
        return Baseline()
    matrix = np.stack([f.vector for f in items])
    sims = matrix @ matrix.T
    langs = np.array([f.lang for f in items])
    same = langs[:, None] == langs[None, :]
    upper = np.triu(np.ones_like(sims, dtype=bool), k=1)
    default = Baseline()
    same_vals, cross_vals = sims[upper & same], sims[upper & ~same]
    return Baseline(
        same_lang=float(np.median(same_vals)) if same_vals.size >= 30 else default.same_lang,
        cross_lang=float(np.median(cross_vals)) if cross_vals.size >= 30 else default.cross_lang,
        spread=default.spread,
    )


def editions_conflict(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Two reports name different editions: each one's main edition is absent from the other.

    A report of the 13th meeting may recall the 12th, so any overlap of main edition and
    mentioned editions is not a conflict.
    """
    return bool(a and b) and a[0] not in b and b[0] not in a


def pair_features(
    a: Features, b: Features, ctx: PairContext
) -> tuple[dict[str, float], str | None]:
    """The features of a pair, or the reason it can never be one event (a veto)."""
    if editions_conflict(a.editions, b.editions):
        return {}, f"edition {a.editions[0]} vs {b.editions[0]}"
    gap = _date_gap(a, b)
    trusted = a.date_kind == b.date_kind == "reliable"
    if gap is not None and trusted and gap > VETO_GAP_DAYS:
        return {}, f"{gap} days apart"
    if _other_talks(a.parties, b.parties):
        return {}, "talks of other people"
    x = dict.fromkeys(FEATURES, 0.0)
    cos = float(np.dot(a.vector, b.vector))
    level = ctx.baseline.same_lang if a.lang == b.lang else ctx.baseline.cross_lang
    x["similarity_z"] = (cos - level) / ctx.baseline.spread
    x["same_language"] = float(a.lang == b.lang)
    for cls in KEY_CLASSES:
        ka = {k for k in a.keys if ctx.classes.get(k, "names") == cls}
        kb = {k for k in b.keys if ctx.classes.get(k, "names") == cls}
        if ka & kb:
            shared = sum(ctx.idf.get(k, 1.0) for k in ka & kb)
            # Over the smaller side, not both: a report listing every delegation takes
            # nothing from what it shares with one naming only the host.
            norm = min(sum(ctx.idf.get(k, 1.0) for k in ka), sum(ctx.idf.get(k, 1.0) for k in kb))
            x[f"shared_{cls}"] = shared / norm if norm else 0.0
    if a.numbers & b.numbers:
        x["shared_numbers"] = sum(map(_distinctness, a.numbers & b.numbers)) / math.sqrt(
            sum(map(_distinctness, a.numbers)) * sum(map(_distinctness, b.numbers))
        )
    other_series = bool(a.series and b.series and not a.series & b.series)
    if a.editions and b.editions and (a.editions[0] in b.editions or b.editions[0] in a.editions):
        x["same_number_other_series" if other_series else "same_edition"] = 1.0
    x["one_bilateral"] = float(bool(a.parties) != bool(b.parties))
    x["other_series"] = float(other_series)
    x["other_format"] = float(bool(a.formats and b.formats and not a.formats & b.formats))
    x["other_country"] = float(
        bool(a.place_country and b.place_country and a.place_country != b.place_country)
    )
    x["other_term"] = float(_other_term(a, b) or _other_term(b, a))
    if gap is None:
        x["no_date"] = 1.0
    elif gap <= NEAR_DAYS:
        closeness = 1 - gap / (NEAR_DAYS + 1)
        x["same_monthday" if "monthday" in (a.date_kind, b.date_kind) else "same_days"] = closeness
    elif trusted:
        x["weeks_apart"] = (gap - NEAR_DAYS) / 7
    elif gap > FAR_DAYS:
        x["far_unchecked"] = 1.0
    # A sideline talk names the summit's edition and days; for such a pair they say "same
    # meeting", not "same event".
    if x["one_bilateral"] and (x["same_edition"] or x["same_days"] or x["same_monthday"]):
        x["bilateral_same_meeting"] = 1.0
    return x, None


def _other_talks(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two-party meetings of different people: "Shoigu met Wang Yi", "Shoigu met Ornelas".
    Only people the gazetteer knows count; an unknown name's key may differ between a full
    and a short spelling. One side may name one party only ("met his counterpart")."""
    if len(a) < 2 or len(b) < 2 or any(k.startswith("k:") for k in a | b):
        return False
    return not (a <= b or b <= a)


def pair_score(a: Features, b: Features, ctx: PairContext, model: PairModel) -> PairScore:
    x, veto = pair_features(a, b, ctx)
    if veto:
        return PairScore(-math.inf, True, {"veto": veto})
    score = model.bias + sum(model.weights.get(name, 0.0) * value for name, value in x.items())
    signals: dict[str, float | str] = {"score": round(score, 3)}
    signals.update({name: round(value, 3) for name, value in x.items() if value})
    shared = a.keys & b.keys
    if shared:
        signals["shared"] = ", ".join(sorted(shared, key=lambda k: -ctx.idf.get(k, 1.0))[:6])
    if x["same_edition"] or x["same_number_other_series"]:
        signals["edition_number"] = float(
            a.editions[0] if a.editions[0] in b.editions else b.editions[0]
        )
    return PairScore(score, False, signals)


def _distinctness(number: int) -> float:
    """How much a shared number says: reporters round ("more than 100 countries" every
    year of a series), so a round number is weaker evidence than 126 or 105."""
    return ROUND_NUMBER_WEIGHT if number % 10 == 0 else 1.0


def _other_term(a: Features, b: Features) -> bool:
    """``a`` names someone in a post that ``b`` names them in at another time (Shoigu as
    defence minister, as Security Council secretary), or that they did not hold on ``b``'s
    trusted date. Gazetteer months are approximate, hence ``TERM_SLACK_DAYS``."""
    slack = timedelta(days=TERM_SLACK_DAYS)
    for person, start, end in a.terms:
        for other, other_start, other_end in b.terms:
            if other == person and (
                (end is not None and end <= other_start)
                or (other_end is not None and other_end <= start)
            ):
                return True
        if b.date_kind in ("reliable", "unchecked") and b.event_date is not None:
            if b.event_date < start - slack or (end is not None and b.event_date >= end + slack):
                return True
    return False


def _date_gap(a: Features, b: Features) -> int | None:
    """Days between two event dates; around the calendar when either lacks a year."""
    if a.event_date is None or b.event_date is None:
        return None
    if "monthday" not in (a.date_kind, b.date_kind):
        return abs((a.event_date - b.event_date).days)
    x, y = a.event_date.replace(year=2000), b.event_date.replace(year=2000)  # a leap year
    days = abs((x - y).days)
    return min(days, 366 - days)


def idf_weights(doc_keys: Sequence[frozenset[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of entity keys over the given documents."""
    df: dict[str, int] = {}
    for keys in doc_keys:
        for key in keys:
            df[key] = df.get(key, 0) + 1
    n = len(doc_keys)
    return {key: math.log((n + 1) / (count + 0.5)) for key, count in df.items()}


def event_id_for(seed_article: str) -> str:
    return "ev-" + hashlib.sha1(seed_article.encode()).hexdigest()[:10]


def assign(
    new: Sequence[Features],
    context: Sequence[Features],
    current: Mapping[str, str],
    *,
    ctx: PairContext,
    model: PairModel,
    must_link: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
    cannot_link: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
    candidates: Mapping[str, Collection[str]] | None = None,
) -> list[Membership]:
    """Place ``new`` articles into events.

    ``context`` are stored articles that may share an event with the new ones, and
    ``current`` maps each of them to its event. Analyst corrections arrive as ``must_link``
    and ``cannot_link`` article pairs: must-linked reports start in one cluster (even when
    that joins two existing events), cannot-linked ones never share one. ``candidates``
    (new article -> the articles worth scoring it against, from ``link.candidates``) limits
    which pairs are scored; a pair not scored is no link, as between two context articles.
    Returns one membership per new article, each with the signals of its strongest link.
    """
    by_id = {f.id: f for f in [*context, *new]}
    clusters: dict[str, list[str]] = {}
    for f in context:
        clusters.setdefault(current[f.id], []).append(f.id)
    new_ids = [f.id for f in new]
    fixed = set(clusters)
    for article_id in new_ids:
        clusters[f"new:{article_id}"] = [article_id]

    for group in _must_link_groups(list(by_id), must_link):
        names = [name for name, members in clusters.items() if set(members) & group]
        keep = next((n for n in names if n in fixed), names[0])
        for name in names:
            if name != keep:
                clusters[keep] += clusters.pop(name)
                fixed.discard(name)

    pairs: dict[tuple[str, str], PairScore] = {}
    for i, a in enumerate(new):
        allowed = candidates.get(a.id, ()) if candidates is not None else None
        for b in [*new[i + 1 :], *context]:
            if allowed is not None and b.id not in allowed:
                if a.id not in candidates.get(b.id, ()):  # type: ignore[union-attr]
                    continue
            key = _key(a.id, b.id)
            if key in cannot_link:
                pairs[key] = PairScore(-math.inf, True, {"veto": "analyst: kept apart"})
            elif key in must_link:
                pairs[key] = PairScore(ANALYST_LINK, False, {"analyst": "kept together"})
            else:
                pairs[key] = pair_score(a, b, ctx, model)

    _agglomerate(clusters, fixed, pairs, model)

    memberships = []
    # A new cluster may hold the report an existing event's id was derived from (after a
    # split): its id must still be new.
    taken = set(current.values()) | fixed
    for name, members in clusters.items():
        event_id = name
        if name not in fixed:
            event_id, n = event_id_for(min(members)), 0
            while event_id in taken:
                n += 1
                event_id = event_id_for(f"{min(members)}#{n}")
            taken.add(event_id)
        for article_id in members:
            if article_id not in new_ids:
                continue
            memberships.append(_membership(article_id, event_id, members, pairs))
    return memberships


def near_misses(
    members: Sequence[Features],
    others: Sequence[Features],
    event_id: str,
    *,
    ctx: PairContext,
    model: PairModel,
    margin: float = NEAR_MISS_MARGIN,
    cannot_link: Collection[tuple[str, str]] = frozenset(),
) -> list[Membership]:
    """Reports outside an event whose linkage to it comes within ``margin`` of the threshold.

    Clustering is cautious: an undated, untitled report shares little with most members of a
    large event and stays outside it. These are the reports an analyst should look at before
    taking an event's sources as complete. Each comes as the membership it would have
    (strongest link, its signals, ``mean_link``: the linkage), best linkage first; reports
    vetoed against a member (another edition, months apart, kept apart by the analyst) are
    left out, since they can never join.
    """
    ids = [m.id for m in members]
    found: list[tuple[float, Membership]] = []
    for a in others:
        pairs: dict[tuple[str, str], PairScore] = {}
        for b in members:
            key = _key(a.id, b.id)
            score = None if key in cannot_link else pair_score(a, b, ctx, model)
            if score is None or score.vetoed:
                break
            pairs[key] = score
        else:
            if not pairs:
                continue
            value = _LINKAGES[model.linkage]([p.score for p in pairs.values()])
            if value >= model.threshold - margin:
                found.append((value, _membership(a.id, event_id, [a.id, *ids], pairs)))
    found.sort(key=lambda item: (-item[0], item[1].article_id))
    return [membership for _, membership in found]


def _agglomerate(
    clusters: dict[str, list[str]],
    fixed: set[str],
    pairs: Mapping[tuple[str, str], PairScore],
    model: PairModel,
) -> None:
    """Merge, in place, the best-linked pair of clusters until none links above threshold.

    Each round merges the pair with the highest linkage (ties: the first pair in cluster
    order), never two fixed clusters. Linkages are cached and only those of the merged
    cluster recomputed, each exactly as a full recomputation would (same pairs, same order
    of summation), so the result equals recomputing every linkage every round — which was
    quadratic in clusters per merge. Two clusters can link only if every cross pair was
    scored and none vetoed, so the merged cluster need only be tried against clusters both
    parts were linked with.
    """
    combine = _LINKAGES[model.linkage]
    order = {name: position for position, name in enumerate(clusters)}

    def linkage(x: list[str], y: list[str]) -> float:
        scores = []
        for p in x:
            for q in y:
                pair = pairs.get(_key(p, q))
                if pair is None or pair.vetoed:
                    return -math.inf
                scores.append(pair.score)
        return combine(scores)

    def ordered(x: str, y: str) -> tuple[str, str]:
        return (x, y) if order[x] < order[y] else (y, x)

    def value_of(x: str, y: str) -> float:
        first, second = ordered(x, y)
        return linkage(clusters[first], clusters[second])

    # Which clusters share a scored, unvetoed pair: only those can ever link.
    home = {article_id: name for name, members in clusters.items() for article_id in members}
    near: dict[str, set[str]] = {name: set() for name in clusters}
    for (p, q), pair in pairs.items():
        if pair.vetoed or p not in home or q not in home:
            continue
        x, y = home[p], home[q]
        if x != y and not (x in fixed and y in fixed):
            near[x].add(y)
            near[y].add(x)
    linked: dict[str, dict[str, float]] = {name: {} for name in clusters}  # finite linkages
    # Linkages above threshold, best first; ties go to the first pair in cluster order.
    # Entries of merged clusters go stale and are skipped when they surface.
    heap: list[tuple[float, int, int, str, str]] = []

    def note(x: str, y: str, value: float) -> None:
        linked[x][y] = linked[y][x] = value
        if value > model.threshold:
            first, second = ordered(x, y)
            heapq.heappush(heap, (-value, order[first], order[second], first, second))

    for x, others in near.items():
        for y in others:
            if order[x] < order[y]:
                value = value_of(x, y)
                if value > -math.inf:
                    note(x, y, value)

    while heap:
        negative, _, _, x, y = heapq.heappop(heap)
        if x not in order or y not in order or linked[x].get(y) != -negative:
            continue  # a cluster merged away, or this linkage was recomputed since
        keep, drop = (y, x) if y in fixed else (x, y)
        clusters[keep] = clusters[keep] + clusters.pop(drop)
        order.pop(drop)
        drop_links = linked.pop(drop)
        keep_links = linked[keep]
        for z in (set(keep_links) | set(drop_links)) - {keep, drop}:
            linked[z].pop(keep, None)
            linked[z].pop(drop, None)
        linked[keep] = {}
        for z in set(keep_links) & set(drop_links):
            if z == keep or z == drop or (keep in fixed and z in fixed):
                continue
            value = value_of(keep, z)
            if value > -math.inf:
                note(keep, z, value)


def _membership(
    article_id: str, event_id: str, members: list[str], pairs: Mapping[tuple[str, str], PairScore]
) -> Membership:
    others = [m for m in members if m != article_id]
    if not others:
        return Membership(article_id, event_id, 0.0, {"reason": "no similar report yet"})
    scored = [(pairs[_key(article_id, o)], o) for o in others if _key(article_id, o) in pairs]
    if not scored:  # joined only through an analyst's must-link to unscored reports
        return Membership(article_id, event_id, ANALYST_LINK, {"analyst": "kept together"})
    best, partner = max(scored, key=lambda item: item[0].score)
    mean = sum(p.score for p, _ in scored) / len(scored)
    signals = dict(best.signals)
    signals["mean_link"] = round(mean, 3)
    signals["linked_articles"] = len(scored)
    return Membership(article_id, event_id, round(best.score, 3), signals, partner)


_LINKAGES = {
    "average": lambda scores: sum(scores) / len(scores),
    "single": max,
    "complete": min,
    "mean-max": lambda scores: (sum(scores) / len(scores) + max(scores)) / 2,
}


def _must_link_groups(ids: list[str], must_link: set[tuple[str, str]]) -> list[set[str]]:
    from .corrections import must_link_groups

    return must_link_groups(ids, must_link)


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
