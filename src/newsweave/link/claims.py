"""Claims and discrepancies: what each source says an event counted, and where they disagree.

Every figure a member report states becomes a claim with its qualifier. A qualifier turns a
value into the set of true values it allows ("more than 129" allows 130 and up, "about 130"
allows 117–143). Two claims conflict when their sets do not meet: no single true value
satisfies both ("126" vs "more than 129"); "more than 125" and "126" do not conflict.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..analyze.editions import other_edition_sentences
from ..model import Analysis, Article, Claim, Discrepancy, Qualifier

# "about 130": reporters round to the nearest ten or so; ±10% keeps "about 130" and "126"
# compatible while "about 130" and "150" are not.
ABOUT_TOLERANCE = 0.10
MAGNITUDE = 2
COMPARED_KINDS = frozenset(
    {"delegations", "countries", "organizations", "participants", "ministers", "leaders", "members"}
)
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
SYMBOL = {
    "exact": "",
    "more_than": ">",
    "at_least": "≥",
    "about": "~",
    "up_to": "≤",
    "less_than": "<",
}


@dataclass(frozen=True, slots=True)
class FigureSummary:
    kind: str
    claims: tuple[Claim, ...]
    conflict: bool


def allowed_range(value: int, qualifier: Qualifier) -> tuple[float, float]:
    """The true values a claim allows, as a closed interval."""
    if qualifier == "more_than":
        return value + 1, math.inf
    if qualifier == "at_least":
        return value, math.inf
    if qualifier == "about":
        return value * (1 - ABOUT_TOLERANCE), value * (1 + ABOUT_TOLERANCE)
    if qualifier == "up_to":
        return 0, value
    if qualifier == "less_than":
        return 0, value - 1
    return value, value


def conflicts(a: Claim, b: Claim) -> bool:
    lo_a, hi_a = allowed_range(a.value, a.qualifier)
    lo_b, hi_b = allowed_range(b.value, b.qualifier)
    return hi_a < lo_b or hi_b < lo_a


def at_boundary(a: Claim, b: Claim) -> bool:
    """Two conflicting claims that only a strict qualifier sets apart ("800" against "more
    than 800"): a minor disagreement, often a rounded figure, not two different counts."""
    relaxed = {"more_than": "at_least", "less_than": "up_to"}

    def loose(c: Claim) -> Claim:
        return replace(c, qualifier=relaxed.get(c.qualifier, c.qualifier))  # type: ignore[arg-type]

    return conflicts(a, b) and not conflicts(loose(a), loose(b))


def said(claim: Claim) -> str:
    return f"{SYMBOL.get(claim.qualifier, '')}{claim.value}"


def event_claims(
    articles: Sequence[Article], analyses: Mapping[str, Analysis], *, event_year: int | None
) -> list[Claim]:
    """The claims of an event's reports, scoped to the event.

    A figure in a sentence that names another year ("in 2024, 120 delegations came") or
    only another edition ("the 8th conference gathered 100 countries") is about another
    edition, not this event's claim.
    """
    out = []
    for article in articles:
        analysis = analyses.get(article.id)
        if analysis is None:
            continue
        other = other_edition_sentences(article.text, analysis.editions)
        for figure in analysis.figures:
            sentence = article.document[figure.sentence_start : figure.sentence_end]
            years = {int(y) for y in _YEAR.findall(sentence)}
            if event_year and years and event_year not in years:
                continue
            if any(lo <= figure.start < hi for lo, hi in other):
                continue
            out.append(
                Claim(
                    kind=figure.kind,
                    value=figure.value,
                    qualifier=figure.qualifier,
                    article_id=article.id,
                    sentence=sentence.strip(),
                    start=figure.start,
                    end=figure.end,
                )
            )
    return out


def comparable(group: Sequence[Claim]) -> list[Claim]:
    """Claims of one kind within a factor of ``MAGNITUDE`` of the median value.

    "the two countries" in a report of a hundred-country meeting counts something else
    (a bilateral talk), not the participants; "more than 40 African countries" counts a part.
    """
    if not group:
        return []
    values = sorted(c.value for c in group)
    median = values[len(values) // 2]
    return [c for c in group if median / MAGNITUDE <= c.value <= median * MAGNITUDE]


def _one_per_report(group: Sequence[Claim]) -> list[Claim]:
    if not group:
        return []
    values = sorted(c.value for c in group)
    median = values[len(values) // 2]
    best: dict[str, Claim] = {}
    for claim in sorted(group, key=lambda c: c.start):
        kept = best.get(claim.article_id)
        if kept is None or abs(claim.value - median) < abs(kept.value - median):
            best[claim.article_id] = claim
    return list(best.values())


def conflicting(new: Sequence[Claim], claims: Sequence[Claim]) -> list[Claim]:
    """The claims of ``new`` (a report not in the event) that would conflict with one of the
    event's ``claims`` of the same compared kind: what attaching it would flag."""
    out = []
    for claim in new:
        if claim.kind not in COMPARED_KINDS:
            continue
        same = comparable([c for c in claims if c.kind == claim.kind] + [claim])
        if claim in same and any(conflicts(claim, c) for c in same if c is not claim):
            out.append(claim)
    return out


def summarize_figures(claims: Sequence[Claim]) -> list[FigureSummary]:
    by_kind: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_kind[claim.kind].append(claim)
    out = []
    for kind, group in sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        same = comparable(group)
        conflict = any(conflicts(a, b) for i, a in enumerate(same) for b in same[i + 1 :])
        out.append(FigureSummary(kind, tuple(group), conflict))
    return out


def discrepancies(event_id: str, claims: Sequence[Claim]) -> list[Discrepancy]:
    """One discrepancy per kind whose reports cannot all be right, with every side's sources.

    Only quantities fixed for the whole event are compared (``COMPARED_KINDS``: delegations,
    countries, participants...); death tolls and counts of meetings grow as a story unfolds.
    Each report contributes one figure of a kind, the one nearest what the reports say
    overall: a report's other figures of that kind usually count something else ("109
    countries invited, 89 confirmed", "45 African delegations").
    """
    by_kind: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.kind in COMPARED_KINDS:
            by_kind[claim.kind].append(claim)
    out = []
    for kind, group in sorted(by_kind.items()):
        same = _one_per_report(comparable(group))
        clashes = [(a, b) for i, a in enumerate(same) for b in same[i + 1 :] if conflicts(a, b)]
        if not clashes:
            continue
        sides: dict[str, set[str]] = defaultdict(set)
        for claim in same:
            sides[said(claim)].add(claim.article_id)
        ordered = sorted(sides.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        out.append(
            Discrepancy(
                event_id=event_id,
                kind=kind,
                sides=tuple((value, tuple(sorted(ids))) for value, ids in ordered),
                note=f"{len(ordered)} different values from {len(same)} reports"
                + (
                    "; minor: they differ only at a boundary (N against more than N)"
                    if all(at_boundary(a, b) for a, b in clashes)
                    else ""
                ),
            )
        )
    return out


def weekday_discrepancies(
    event_id: str, articles: Sequence[Article], analyses: Mapping[str, Analysis]
) -> list[Discrepancy]:
    """A report naming a weekday that does not fall on the date it gives ("Wednesday, 27 May"
    when 27 May was a Tuesday)."""
    from ..analyze.dates import weekday_mismatches

    out = []
    for article in articles:
        analysis = analyses.get(article.id)
        lang = analysis.lang if analysis else "und"
        for text, stated, actual in weekday_mismatches(
            article.text, lang=lang, published=article.published
        ):
            out.append(
                Discrepancy(
                    event_id=event_id,
                    kind="weekday",
                    sides=((f"{text} (said {stated})", (article.id,)), (f"{actual}", ())),
                    note=f"'{text}': the date fell on a {actual}, the report says {stated}",
                )
            )
    return out
