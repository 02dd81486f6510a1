"""Analyst corrections survive re-runs, new articles that pull the other way, and recomputes."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsweave
from newsweave import editing

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus" / "articles.jsonl"
pytestmark = pytest.mark.slow


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    workspace = newsweave.open(str(tmp_path / "c.db"))
    workspace.ingest([str(SAMPLES)])
    yield workspace
    workspace.close()


def _event_of(ws) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {a: e.id for e in ws.events() for a in e.article_ids}


def _biggest(ws):  # type: ignore[no-untyped-def]
    return max(ws.events(), key=lambda e: len(e.article_ids))


def test_split_stays_split(ws) -> None:  # type: ignore[no-untyped-def]
    event = _biggest(ws)
    moved = sorted(event.article_ids)[:2]
    rest = [a for a in event.article_ids if a not in moved]
    editing.split_event(ws, event.id, moved, author="tester", reason="two meetings")

    def check() -> None:
        where = _event_of(ws)
        assert where[moved[0]] == where[moved[1]]
        assert all(where[moved[0]] != where[r] for r in rest)

    check()
    ws.ingest([str(SAMPLES)])  # the same input again
    check()
    text = ws.store.article(moved[0]).text
    ws.ingest(
        [{"id": "pull-1", "text": text + " " + ws.store.article(rest[0]).text}]
    )  # pulls both ways
    check()
    ws.recluster()  # a full recompute
    check()


def test_merge_stays_merged_and_rename_sticks(ws) -> None:  # type: ignore[no-untyped-def]
    events = sorted(ws.events(), key=lambda e: -len(e.article_ids))
    a, b = events[1], events[2]
    editing.merge_events(ws, a.id, b.id, author="tester")
    where = _event_of(ws)
    merged = where[a.article_ids[0]]
    assert all(where[x] == merged for x in (*a.article_ids, *b.article_ids))
    editing.rename_event(ws, merged, "Two meetings, one story", author="tester")
    ws.recluster()
    where = _event_of(ws)
    assert len({where[x] for x in (*a.article_ids, *b.article_ids)}) == 1
    assert ws.store.event(where[a.article_ids[0]]).title == "Two meetings, one story"


def test_undo_is_logged_and_reverts(ws) -> None:  # type: ignore[no-untyped-def]
    event = _biggest(ws)
    moved = [sorted(event.article_ids)[0]]
    cid = editing.split_event(ws, event.id, moved, author="tester")
    editing.undo(ws, cid)
    log = editing.list_corrections(ws)
    assert [(c.id, c.author, c.undone) for c in log] == [(cid, "tester", True)]
    assert not ws.constraints().cannot_link


def test_contradictions_are_reported(ws) -> None:  # type: ignore[no-untyped-def]
    events = sorted(ws.events(), key=lambda e: -len(e.article_ids))
    a, b = events[0], events[1]
    editing.merge_events(ws, a.id, b.id, author="one")
    merged = _event_of(ws)[a.article_ids[0]]
    editing.split_event(ws, merged, list(b.article_ids), author="two")
    assert ws.constraints().conflicts  # the split overrides the merge, and says so
    where = _event_of(ws)
    assert where[a.article_ids[0]] != where[b.article_ids[0]]


def test_entity_merge_and_split_survive_new_articles(ws) -> None:  # type: ignore[no-untyped-def]
    people = ws.entities(type="PER")
    first, second = people[0], people[1]
    editing.merge_entities(ws, first.id, second.id, author="tester")
    merged = ws.entity(first.id)
    assert {a.text for a in second.aliases} <= {a.text for a in merged.entity.aliases}
    ws.ingest(
        [{"id": "new-1", "text": f"{second.aliases[0].text} met reporters in Minsk on Friday."}]
    )
    assert "new-1" in ws.entity(first.id).entity.article_ids
    alias = second.aliases[0].text
    editing.split_entity(ws, first.id, alias, author="tester")
    assert alias not in {a.text for a in ws.entity(first.id).entity.aliases}
    editing.set_entity(ws, first.id, name="Display Name", author="tester")
    assert ws.entity(first.id).entity.name == "Display Name"
    # Regression: event pages listed the gazetteer's name, not the analyst's.
    event_id = ws.store.memberships([ws.entity(first.id).entity.article_ids[0]])
    view = ws.event(next(iter(event_id.values())).event_id)
    assert "Display Name" in {p["name"] for p in view.people}
