"""Who reports whom: the source graph of an event's reports.

A report's own source is known from its site (tass.com is TASS). A report that attributes its
story to another source ("according to TASS") derives from it, and so does a copy of another
report (an exact or near duplicate). Reports that derive from the same origin are one source,
not many: one TASS story echoed by ten sites is one independent report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Analysis, Article


@dataclass(frozen=True, slots=True)
class SourceLink:
    article_id: str
    publisher: str | None  # the report's own source key, from its site
    cites: tuple[str, ...]  # sources it attributes to (not itself)
    copy_of: str | None  # the report it duplicates, if any
    origin: str  # the source or report it ultimately derives from (itself when independent)


def source_links(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    duplicates: Mapping[str, str],
    publisher_of: Mapping[str, str | None],
) -> list[SourceLink]:
    """The source links of reports; ``duplicates`` maps a copy to the report it copies."""
    out = []
    for article in articles:
        publisher = publisher_of.get(article.id)
        analysis = analyses.get(article.id)
        cites = tuple(
            dict.fromkeys(
                c.source for c in (analysis.citations if analysis else ()) if c.source != publisher
            )
        )
        copy_of = duplicates.get(article.id)
        if copy_of:
            origin = f"report:{copy_of}"
        elif cites:
            # Chains are written outside-in ("IRNA reports that TASS said"): the source named
            # last is the original account.
            origin = cites[-1]
        else:
            origin = publisher or f"report:{article.id}"
        out.append(SourceLink(article.id, publisher, cites, copy_of, origin))
    return out


def independent_origins(links: Sequence[SourceLink]) -> dict[str, list[str]]:
    """Origin → the reports that derive from it; each origin is one independent account."""
    groups: dict[str, list[str]] = {}
    for link in links:
        groups.setdefault(link.origin, []).append(link.article_id)
    return groups
