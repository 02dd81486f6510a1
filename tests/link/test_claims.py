from __future__ import annotations

from newsweave.link.claims import conflicting, conflicts, discrepancies
from newsweave.link.sources import independent_origins, source_links
from newsweave.model import Analysis, Article, Citation, Claim


def _c(
    value: int,
    qualifier: str = "exact",
    article: str = "a",
    kind: str = "delegations",
    start: int = 0,
) -> Claim:
    return Claim(kind, value, qualifier, article, "s", start, start + 3)  # type: ignore[arg-type]


def test_conflict_means_no_single_true_value() -> None:
    assert conflicts(_c(126), _c(129, "more_than"))
    assert not conflicts(_c(126), _c(125, "more_than"))
    assert conflicts(_c(104), _c(105))
    assert not conflicts(_c(126), _c(130, "about"))
    assert conflicts(_c(100), _c(100, "more_than"))


def test_discrepancy_lists_every_side_with_its_sources() -> None:
    claims = [_c(126, article="en"), _c(126, article="ru"), _c(129, "more_than", article="ro")]
    (d,) = discrepancies("ev", claims)
    assert d.kind == "delegations"
    assert dict(d.sides) == {"126": ("en", "ru"), ">129": ("ro",)}


def test_a_disagreement_only_at_a_boundary_is_called_minor() -> None:
    (boundary,) = discrepancies("ev", [_c(800, article="a"), _c(800, "more_than", article="b")])
    assert "minor" in boundary.note
    (major,) = discrepancies("ev", [_c(126, article="a"), _c(129, "more_than", article="b")])
    assert "minor" not in major.note
    (counts,) = discrepancies("ev", [_c(104, article="a"), _c(105, article="b")])
    assert "minor" not in counts.note  # two different counts, however close


def test_compatible_claims_are_not_flagged() -> None:
    assert discrepancies("ev", [_c(126, article="a"), _c(125, "more_than", article="b")]) == []


def test_a_part_or_another_quantity_is_not_a_disagreement() -> None:
    # "the two countries" of a bilateral talk beside 105 participating countries
    claims = [_c(105, kind="countries", article="a"), _c(2, kind="countries", article="b")]
    assert discrepancies("ev", claims) == []


def test_what_a_report_outside_the_event_would_flag() -> None:
    event = [_c(126, article="en"), _c(104, kind="countries", article="en")]
    report = [
        _c(130, "about", article="es"),  # fits 126
        _c(105, kind="countries", article="es"),  # does not fit 104
        _c(2, kind="countries", article="es", start=9),  # another quantity
        _c(40, kind="people_killed", article="es"),  # not compared
    ]
    assert conflicting(report, event) == [report[1]]
    assert conflicting(report, []) == []


def test_evolving_counts_are_not_compared() -> None:
    claims = [
        _c(100, kind="people_killed", article="a"),
        _c(144, kind="people_killed", article="b"),
    ]
    assert discrepancies("ev", claims) == []


def test_reports_citing_one_origin_are_one_independent_account() -> None:
    articles = [
        Article(id=i, text="x", domain=d)
        for i, d in (("r1", "site1"), ("r2", "site2"), ("r3", "tass.com"))
    ]
    analyses = {
        "r1": Analysis(
            "r1",
            citations=(Citation(0, 4, "IRNA", "src:irna"), Citation(10, 14, "TASS", "src:tass")),
        ),
        "r2": Analysis("r2", citations=(Citation(0, 4, "TASS", "src:tass"),)),
        "r3": Analysis("r3"),
    }
    links = source_links(articles, analyses, {}, {"r3": "src:tass"})
    assert [link.origin for link in links] == ["src:tass", "src:tass", "src:tass"]
    assert independent_origins(links) == {"src:tass": ["r1", "r2", "r3"]}


def test_figures_about_another_edition_are_not_the_events_claims() -> None:
    from newsweave.analyze.editions import extract_editions
    from newsweave.analyze.figures import extract_figures
    from newsweave.link.claims import event_claims

    text = (
        "The ninth conference opened with 600 guests. The ninth conference ends tomorrow. "
        "The eighth conference gathered 1000 guests from 100 countries."
    )
    article = Article(id="a", text=text)
    analysis = Analysis(
        article_id="a",
        lang="en",
        editions=extract_editions(text, lang="en"),
        figures=extract_figures(text, lang="en"),
    )
    claims = event_claims([article], {"a": analysis}, event_year=None)
    assert [(c.kind, c.value) for c in claims] == [("participants", 600)]
