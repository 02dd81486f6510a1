"""Aliases learned from the corpus: one-edit variants and lone surnames, within one event."""

from __future__ import annotations

from pathlib import Path

from newsweave.analyze.entities import name_key
from newsweave.link.aliases import learn_aliases, resolve, with_learned
from newsweave.link.corrections import Constraints
from newsweave.model import LearnedAlias, Mention


def _m(text: str, key: str | None = None, etype: str = "PER") -> Mention:
    return Mention(0, len(text), text, etype, key or "k:" + name_key(text))  # type: ignore[arg-type]


def test_a_one_consonant_variant_joins_the_known_name_of_its_event() -> None:
    events = {
        "ev": [_m("Alexander Volfovich", "per:alexander-volfovich"), _m("Alexander Golfovich")]
    }
    (alias,) = learn_aliases(events)
    assert (alias.alias, alias.entity, alias.rule) == (
        "k:" + name_key("Alexander Golfovich"),
        "per:alexander-volfovich",
        "variant",
    )


def test_no_evidence_across_events_or_short_names() -> None:
    apart = {"a": [_m("Alexander Volfovich", "per:x")], "b": [_m("Alexander Golfovich")]}
    assert learn_aliases(apart) == []
    # Tokayev and Tokarev: skeletons too short to trust one edit
    assert learn_aliases({"ev": [_m("Tokayev", "per:tokayev"), _m("Tokarev")]}) == []
    # a person and an organization are never one entity
    assert (
        learn_aliases({"ev": [_m("Alexander Volfovich"), _m("Alexander Golfovich", etype="ORG")]})
        == []
    )


def test_a_lone_surname_takes_the_one_full_name_it_ends() -> None:
    events = {"ev": [_m("Luong Tam Quang"), _m("Quang")]}
    (alias,) = learn_aliases(events)
    assert alias.rule == "surname" and alias.entity == "k:" + name_key("Luong Tam Quang")
    ambiguous = {"ev": [_m("Luong Tam Quang"), _m("Tran Van Quang"), _m("Quang")]}
    assert learn_aliases(ambiguous) == []


def test_chains_resolve_and_analysts_win() -> None:
    assert resolve({"a": "b", "b": "c"}) == {"a": "c", "b": "c"}
    assert resolve({"a": "b", "b": "a"}) == {"b": "a"}
    merged = Constraints(key_remap={"k:x": "per:other", "per:y": "per:z"})
    out = with_learned(merged, {"k:x": "per:y", "k:w": "per:y"})
    assert out.key_remap["k:x"] == "per:other"  # the analyst's merge of the alias stands
    assert out.key_remap["k:w"] == "per:z"  # the analyst merged the target further


def test_learned_aliases_are_stored_and_applied_to_later_reports(empty_db: str) -> None:
    import newsweave

    ws = newsweave.open(empty_db)
    variant = "k:" + name_key("Dmitri Wolkonski")
    canonical = "k:" + name_key("Dmitri Golkonski")
    assert variant != canonical
    ws.store.put_learned_aliases([LearnedAlias(variant, canonical, "variant", "ev-1", "test")])
    assert (
        ws.store.put_learned_aliases([LearnedAlias(variant, "k:other", "variant", "ev-2", "")]) == 0
    )
    record = {
        "id": "r1",
        "text": "Minister Dmitri Wolkonski met the delegation in Minsk on Tuesday.",
    }
    ws.ingest([record])
    keys = {m.key for m in ws.store.analyses(["r1"])["r1"].mentions}
    assert variant in keys  # the analysis keeps what the text says...
    assert ws.store.articles_mentioning(canonical) == ["r1"]  # ...the index the entity
    assert ws.store.articles_mentioning(variant) == []
    ws.close()
    assert Path(empty_db).exists()
