"""End to end through the command line, with the real models, on our sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.cli import app

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"
runner = CliRunner()

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "news.db")
    result = runner.invoke(
        app,
        ["run", str(SAMPLES / "articles.jsonl"), str(SAMPLES / "extra"), "--db", path, "--json"],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["added"] >= 40 and summary["skipped"] == 0
    return path


def test_rerun_is_idempotent(db: str) -> None:
    result = runner.invoke(app, ["run", str(SAMPLES / "articles.jsonl"), "--db", db, "--json"])
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["added"] == 0 and summary["updated"] == 0 and summary["unchanged"] >= 39


def test_export_contract(db: str) -> None:
    result = runner.invoke(app, ["export", "events", "--db", db, "--format", "jsonl"])
    assert result.exit_code == 0
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events and all(
        {"id", "title", "start", "end", "languages", "articles"} <= set(e) for e in events
    )
    placed = [a for e in events for a in e["articles"]]
    assert len(placed) == len(set(placed))  # every article in exactly one event
    moscow = next(e for e in events if "nw-003" in e["articles"])
    dates = {d["article"]: d for d in moscow["dates"]}
    assert set(dates) <= set(moscow["articles"]) and dates["nw-003"]["sentence"]
    assert {"value", "basis", "sentence", "start", "end", "agrees"} <= set(dates["nw-003"])
    assert any("Secretary" in r for r in moscow["roles"].get("Sergei Shoigu", []))
    assert {p["name"] for p in moscow["places"] if p["agrees"]} == {"Moscow"}


def test_explain_says_why(db: str) -> None:
    events = [
        json.loads(line)
        for line in runner.invoke(app, ["export", "events", "--db", db]).stdout.splitlines()
    ]
    big = max(events, key=lambda e: len(e["articles"]))
    result = runner.invoke(app, ["explain", big["articles"][0], "--db", db, "--json"])
    why = json.loads(result.stdout)
    assert why["event"] == big["id"] and "score" in why["signals"]


def test_events_table_lists_events(db: str) -> None:
    result = runner.invoke(app, ["events", "--db", db])
    assert result.exit_code == 0 and "ev-" in result.stdout


def test_event_shows_the_reports_that_nearly_joined(db: str) -> None:
    listed = runner.invoke(app, ["events", "--db", db, "--json"]).stdout.splitlines()
    moscow = next(e for e in map(json.loads, listed) if "nw-003" in e["articles"])
    result = runner.invoke(app, ["event", moscow["id"], "--db", db], env={"COLUMNS": "160"})
    assert result.exit_code == 0 and "nearly joined" in result.stdout
    assert f"newsweave event attach REPORT {moscow['id']}" in result.stdout
    record = json.loads(runner.invoke(app, ["event", moscow["id"], "--db", db, "--json"]).stdout)
    assert "nw-016" in {n["article"] for n in record["near_misses"]}
    # a sideline talk counts no delegations: it would add no figure to compare
    assert all(isinstance(n["would_add"], list) for n in record["near_misses"])
    assert next(n for n in record["near_misses"] if n["article"] == "nw-016")["would_add"] == []
    assert "would add" in result.stdout


def test_wrong_path_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["run", str(tmp_path / "missing.jsonl"), "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code != 0
    assert "no such file" in str(result.exception) or "no such file" in result.output


def test_bad_items_are_skipped_and_good_ones_kept(tmp_path: Path) -> None:
    bad = tmp_path / "mixed.jsonl"
    bad.write_text(
        '{"id": "ok-1", "text": "Security council secretaries met in Minsk on Tuesday."}\n{broken\n',
        encoding="utf-8",
    )
    (tmp_path / "blob.txt").write_bytes(b"\x00\xff" * 100)
    result = runner.invoke(
        app, ["run", str(bad), str(tmp_path / "blob.txt"), "--db", str(tmp_path / "y.db"), "--json"]
    )
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["added"] == 1 and summary["skipped"] == 2


def test_reanalyze_redoes_what_older_stages_made_and_only_that(db: str) -> None:
    import sqlite3

    before = json.loads(
        runner.invoke(app, ["export", "events", "--db", db, "--format", "json"]).stdout
    )
    result = runner.invoke(app, ["reanalyze", "--db", db, "--json"])
    assert json.loads(result.stdout)["reanalyzed"] == 0  # all made by this version's stages
    with sqlite3.connect(db) as conn:  # as an older newsweave would have left them
        conn.execute('UPDATE analyses SET versions = \'{"entities": "1"}\' WHERE rowid <= 3')
    rerun = runner.invoke(app, ["run", str(SAMPLES / "articles.jsonl"), "--db", db])
    assert "3 stored reports were analyzed by an older version" in rerun.output
    result = runner.invoke(app, ["reanalyze", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["reanalyzed"] == 3
    assert (
        json.loads(runner.invoke(app, ["reanalyze", "--db", db, "--json"]).stdout)["reanalyzed"]
        == 0
    )
    after = json.loads(
        runner.invoke(app, ["export", "events", "--db", db, "--format", "json"]).stdout
    )
    assert sorted(map(sorted, (e["articles"] for e in after))) == sorted(
        map(sorted, (e["articles"] for e in before))
    )  # the same stages on the same text: the same events
    everything = runner.invoke(app, ["reanalyze", "--all", "--db", db, "--json"])
    assert json.loads(everything.stdout)["reanalyzed"] >= 40


def test_reanalyze_needs_an_existing_database(tmp_path: Path) -> None:
    from newsweave.errors import NewsweaveError

    result = runner.invoke(app, ["reanalyze", "--db", str(tmp_path / "typo.db")])
    assert isinstance(result.exception, NewsweaveError) and "no database" in str(result.exception)
    assert not (tmp_path / "typo.db").exists()
