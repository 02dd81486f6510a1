from __future__ import annotations

from datetime import date

import numpy as np

from newsweave.link.events import (
    FEATURES,
    Features,
    PairContext,
    PairModel,
    assign,
    idf_weights,
    near_misses,
    pair_features,
    pair_score,
)


def _vec(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


SAME = _vec(1, 0.1, 0)
CTX = PairContext(idf={"per:x": 2.0}, classes={"per:x": "people"})
# A model that trusts similarity and shared people: enough to test the mechanics.
MODEL = PairModel(weights={"similarity_z": 0.2, "shared_people": 3.0, "same_days": 1.0}, bias=-1.0)


def _f(
    fid: str,
    *,
    vector: np.ndarray = SAME,
    day: int | None = 27,
    editions: tuple[int, ...] = (),
    keys: set[str] = frozenset(),
    reliable: bool = True,
    lang: str = "en",
    parties: tuple[str, ...] = (),
) -> Features:
    return Features(
        id=fid,
        vector=vector,
        event_date=date(2025, 5, day) if day else None,
        date_kind="reliable" if reliable else "unchecked",
        editions=editions,
        keys=frozenset(keys),
        lang=lang,
        parties=frozenset(parties),
    )


def test_different_editions_never_merge_even_when_identical_in_text() -> None:
    a, b = _f("a", editions=(13,)), _f("b", editions=(12,))
    assert pair_score(a, b, CTX, MODEL).vetoed
    recalled = _f("c", editions=(13, 12))  # a report of the 13th that recalls the 12th
    assert not pair_score(a, recalled, CTX, MODEL).vetoed


def test_events_far_apart_in_time_never_merge_when_both_dates_are_trusted() -> None:
    a = _f("a", day=1)
    b = Features(id="b", vector=SAME, event_date=date(2025, 8, 1), date_kind="reliable")
    assert pair_score(a, b, CTX, MODEL).vetoed
    unchecked = Features(id="c", vector=SAME, event_date=date(2025, 8, 1), date_kind="unchecked")
    assert not pair_score(a, unchecked, CTX, MODEL).vetoed


def test_features_are_named_and_complete() -> None:
    x, veto = pair_features(_f("a", keys={"per:x"}), _f("b", keys={"per:x"}), CTX)
    assert veto is None and set(x) == set(FEATURES)
    assert x["shared_people"] == 1.0 and x["same_days"] == 1.0 and x["same_language"] == 1.0


def test_close_reports_group_and_the_reasons_are_kept() -> None:
    new = [
        _f("a", keys={"per:x"}),
        _f("b", day=28, keys={"per:x"}),
        _f("c", vector=_vec(0, 0, 1), day=2),
    ]
    memberships = {m.article_id: m for m in assign(new, [], {}, ctx=CTX, model=MODEL)}
    assert memberships["a"].event_id == memberships["b"].event_id != memberships["c"].event_id
    assert memberships["a"].linked_to == "b"
    assert "shared_people" in memberships["a"].signals and "score" in memberships["a"].signals


def test_incremental_join_keeps_existing_event_ids_and_never_merges_two_existing_events() -> None:
    context = [_f("old1", keys={"per:x"}), _f("old2", keys={"per:x"})]
    current = {"old1": "ev-1", "old2": "ev-2"}
    (m,) = assign([_f("new", keys={"per:x"})], context, current, ctx=CTX, model=MODEL)
    assert m.event_id in {"ev-1", "ev-2"}


def test_cluster_never_holds_two_editions() -> None:
    new = [
        _f("a", editions=(13,), keys={"per:x"}),
        _f("b", keys={"per:x"}),
        _f("c", editions=(12,), keys={"per:x"}),
    ]
    events = {m.article_id: m.event_id for m in assign(new, [], {}, ctx=CTX, model=MODEL)}
    assert events["a"] != events["c"]


def test_idf_prefers_rare_keys() -> None:
    idf = idf_weights(
        [
            frozenset({"loc:moscow", "per:rare"}),
            frozenset({"loc:moscow"}),
            frozenset({"loc:moscow"}),
        ]
    )
    assert idf["per:rare"] > idf["loc:moscow"]


def test_day_and_month_without_year_compare_around_the_calendar() -> None:
    a = _f("a", day=28)
    b = Features(id="b", vector=SAME, event_date=date(2000, 5, 27), date_kind="monthday")
    c = Features(id="c", vector=SAME, event_date=date(2000, 11, 20), date_kind="monthday")
    assert pair_features(a, b, CTX)[0]["same_monthday"] > 0
    assert pair_features(a, c, CTX)[0]["same_monthday"] == 0


def test_same_edition_number_of_another_series_is_told_apart() -> None:
    a = Features(id="a", vector=SAME, editions=(13,), series=frozenset({"org:cis"}))
    b = Features(id="b", vector=SAME, editions=(13,), series=frozenset({"org:imhrs"}))
    c = Features(id="c", vector=SAME, editions=(13,), series=frozenset({"org:cis"}))
    assert pair_features(a, b, CTX)[0]["same_number_other_series"] == 1.0
    assert pair_features(a, c, CTX)[0]["same_edition"] == 1.0


def test_shipped_model_has_a_weight_for_every_feature() -> None:
    from newsweave.resources import default_event_model

    model = default_event_model()
    assert set(model.weights) == set(FEATURES)
    assert model.weights["same_edition"] > 0 and model.weights["shared_people"] > 0


def test_regression_split_off_the_report_an_event_id_derives_from_gets_a_new_id() -> None:
    # Bug: after a split, the moved report formed a cluster whose id (derived from its own
    # article id) equalled the id of the event it was split from, so it never left.
    from newsweave.link.events import event_id_for

    old_event = event_id_for("a")
    context = [_f("b", keys={"per:x"})]
    (m,) = assign(
        [_f("a", keys={"per:x"})],
        context,
        {"b": old_event},
        ctx=CTX,
        model=MODEL,
        cannot_link={("a", "b")},
    )
    assert m.event_id != old_event


def test_a_sideline_bilateral_beside_the_summit_is_a_signal() -> None:
    talk = _f("b", parties=("per:sergei-shoigu", "per:wang-yi"))
    summit, other_talk = _f("a"), _f("c", parties=("per:sergei-shoigu", "per:wang-yi"))
    assert pair_features(summit, talk, CTX)[0]["one_bilateral"] == 1.0
    assert pair_features(talk, other_talk, CTX)[0]["one_bilateral"] == 0.0
    # same days: the talk is on the summit's sidelines
    assert pair_features(summit, talk, CTX)[0]["bilateral_same_meeting"] == 1.0
    far = _f("d", day=1, parties=("per:sergei-shoigu", "per:wang-yi"))
    assert pair_features(summit, far, CTX)[0]["bilateral_same_meeting"] == 0.0
    from newsweave.resources import default_event_model

    assert default_event_model().weights["one_bilateral"] < 0  # learned to keep them apart


def test_talks_of_other_known_people_never_merge() -> None:
    shoigu_wang = _f("a", parties=("per:sergei-shoigu", "per:wang-yi"))
    shoigu_chen = _f("b", parties=("per:chen-wenqing", "per:sergei-shoigu"))
    assert pair_score(shoigu_wang, shoigu_chen, CTX, MODEL).vetoed
    assert not pair_score(shoigu_wang, _f("c", parties=shoigu_wang.parties), CTX, MODEL).vetoed
    # "Shoigu met his counterpart" may be the talk with Wang Yi; so may a report adding a
    # third person; and an unknown name's key may differ between spellings
    for parties in (
        ("per:sergei-shoigu",),
        ("per:sergei-shoigu", "per:wang-yi", "per:sergey-lavrov"),
        ("k:vng-yi", "per:sergei-shoigu"),
    ):
        assert not pair_score(shoigu_wang, _f("d", parties=parties), CTX, MODEL).vetoed


def test_different_officials_or_organizations_are_signals() -> None:
    def f(fid: str, formats: set[str], series: set[str]) -> Features:
        return Features(id=fid, vector=SAME, formats=frozenset(formats), series=frozenset(series))

    ministers = f("a", {"defence"}, {"org:sco"})
    secretaries = f("b", {"security"}, {"org:sco"})
    joint = f("c", {"defence", "security", "foreign"}, {"org:csto"})
    silent = f("d", set(), set())
    assert pair_features(ministers, secretaries, CTX)[0]["other_format"] == 1.0
    assert pair_features(ministers, joint, CTX)[0]["other_format"] == 0.0  # a joint session
    assert pair_features(ministers, silent, CTX)[0]["other_format"] == 0.0
    assert pair_features(ministers, joint, CTX)[0]["other_series"] == 1.0
    assert pair_features(ministers, secretaries, CTX)[0]["other_series"] == 0.0
    assert pair_features(ministers, silent, CTX)[0]["other_series"] == 0.0
    from newsweave.resources import default_event_model

    weights = default_event_model().weights
    assert weights["other_format"] < 0 and weights["other_series"] < 0


def test_meetings_put_in_different_countries_are_a_signal() -> None:
    astana = Features(id="a", vector=SAME, place_country="KZ")
    almaty = Features(id="b", vector=SAME, place_country="KZ")
    qingdao = Features(id="c", vector=SAME, place_country="CN")
    silent = Features(id="d", vector=SAME)
    assert pair_features(astana, qingdao, CTX)[0]["other_country"] == 1.0
    assert pair_features(astana, almaty, CTX)[0]["other_country"] == 0.0
    assert pair_features(astana, silent, CTX)[0]["other_country"] == 0.0
    from newsweave.resources import default_event_model

    assert default_event_model().weights["other_country"] < 0


def test_a_shared_round_number_says_less_than_an_exact_one() -> None:
    def report(fid: str, *numbers: int) -> Features:
        return Features(id=fid, vector=SAME, numbers=frozenset(numbers))

    exact = pair_features(report("a", 126, 100), report("b", 126, 100), CTX)[0]
    assert exact["shared_numbers"] == 1.0
    round_only = pair_features(report("a", 126, 100), report("b", 104, 100), CTX)[0]
    other_only = pair_features(report("a", 126, 100), report("b", 126, 104), CTX)[0]
    assert 0 < round_only["shared_numbers"] < other_only["shared_numbers"]


def test_someone_named_in_a_post_at_another_time_is_a_signal() -> None:
    minister = (date(2012, 11, 1), date(2024, 5, 1))
    secretary = (date(2024, 5, 1), None)
    as_minister = Features(id="a", vector=SAME, terms=frozenset({("per:x", *minister)}))
    as_secretary = Features(id="b", vector=SAME, terms=frozenset({("per:x", *secretary)}))
    also_minister = Features(id="c", vector=SAME, terms=frozenset({("per:x", *minister)}))
    dated_2025 = Features(id="d", vector=SAME, event_date=date(2025, 5, 27), date_kind="reliable")
    dated_2024 = Features(id="e", vector=SAME, event_date=date(2024, 5, 20), date_kind="reliable")
    assert pair_features(as_minister, as_secretary, CTX)[0]["other_term"] == 1.0
    assert pair_features(as_minister, also_minister, CTX)[0]["other_term"] == 0.0
    assert pair_features(as_minister, dated_2025, CTX)[0]["other_term"] == 1.0
    assert pair_features(dated_2025, as_secretary, CTX)[0]["other_term"] == 0.0
    # the gazetteer's months are approximate: weeks around a change of post say nothing
    assert pair_features(as_minister, dated_2024, CTX)[0]["other_term"] == 0.0
    from newsweave.resources import default_event_model

    assert default_event_model().weights["other_term"] < 0


def test_a_series_and_the_body_that_holds_it_are_one_series() -> None:
    from newsweave.model import Analysis
    from newsweave.services import article_features

    def series(*conveners: str) -> frozenset[str]:
        return article_features(Analysis(article_id="a", conveners=conveners), SAME).series

    conference, ministry = series("org:mcis"), series("org:ministry-of-defence-russia")
    assert conference & ministry  # no "other series" between them
    assert not series("org:csto") & ministry


def test_near_misses_are_the_reports_within_reach_of_the_threshold_best_first() -> None:
    members = [_f("m1", editions=(13,), keys={"per:x"}), _f("m2", keys={"per:x"})]
    others = [
        _f("near", day=None),  # similar text, no date, no shared name: log-odds 0
        _f("far", vector=_vec(0, 0, 1), day=None),
        _f("strong", keys={"per:x"}),  # links well (it sits in another event)
        _f("edition", editions=(12,), keys={"per:x"}),  # can never join the 13th
        _f("apart", keys={"per:x"}),
    ]
    model = PairModel(MODEL.weights, MODEL.bias, threshold=0.5)
    found = near_misses(
        members, others, "ev-1", ctx=CTX, model=model, margin=1.0, cannot_link={("apart", "m2")}
    )
    assert [m.article_id for m in found] == ["strong", "near"]
    near = found[1]
    assert near.event_id == "ev-1" and near.linked_to in {"m1", "m2"}
    assert near.signals["mean_link"] == 0.0 and near.signals["linked_articles"] == 2
    assert (
        near_misses(members, others, "ev-1", ctx=CTX, model=model, margin=0.4)[-1].article_id
        == "strong"
    )
