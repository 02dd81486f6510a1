"""Quality of claims, disagreements and event dates on the dev corpus, printed as a table.

usage: python bench/claims.py

- Disagreement recall: gold `figure_disagreements` with status CONFLICT_major whose conflict
  is visible in the dev split, plus the seed conflict (seed-001 vs seed-002 delegations). One
  is found when the predicted event holding its reports flags a discrepancy of that kind and
  every dev report of the gold entry sits on a side with its gold value.
- False flags: flagged figure discrepancies whose (gold event, kind) has no gold conflict
  (major or minor) — share of all flagged.
- Event dates: start (and end) within ±1 day of gold for dev events with ≥ 2 reports.
- Seeds: seed-000 cites TASS and IRNA.
- Figures read: gold `key_figures` of the kinds we model, found in the source's own report
  with the same value and qualifier (independent of clustering).
- Place: the gold place (free English text, "Astana, Kazakhstan (Akorda)") names our event
  place in one of its English spellings; events without a gold place are left out.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
GOLD_KIND = {
    "delegations": "delegations",
    "countries_participating": "countries",
    "international_organizations_participating": "organizations",
    "international_organizations": "organizations",
    "participants": "participants",
    "defence_ministers": "ministers",
    "leaders_attending": "leaders",
}
FLOORS = {"disagreement_recall": 0.9, "false_flag_share": 0.10, "start_within_1_day": 0.9}


def main() -> int:
    import newsweave

    if not DEV.exists():
        print(f"skip: {DEV} not found", file=sys.stderr)
        return 0
    articles = [json.loads(line) for line in (DEV / "articles.jsonl").open(encoding="utf-8")]
    gold_rows = {
        json.loads(line)["id"]: json.loads(line)
        for line in (DEV / "gold.jsonl").open(encoding="utf-8")
    }
    gold = json.loads((DEV / "events.json").read_text(encoding="utf-8"))
    by_url = {a["url"]: a["id"] for a in articles if a["url"]}

    with tempfile.TemporaryDirectory() as tmp:
        ws = newsweave.open(str(Path(tmp) / "claims.db"))
        ws.ingest([str(DEV / "articles.jsonl")])
        events = ws.events()
        event_of = {a: e.id for e in events for a in e.article_ids}
        flagged = [d for d in ws.discrepancies() if d.kind != "weekday"]
        weekday_flags = [d for d in ws.discrepancies() if d.kind == "weekday"]
        citations = {c.source for c in ws.store.analyses(["seed-000"])["seed-000"].citations}
        analyses = ws.store.analyses()
        places = {e.id: ws.event(e.id).place for e in events}
        ws.close()

    # Which gold event does a predicted event stand for? The majority of its reports.
    gold_of_event = {
        e.id: Counter(gold_rows[a]["event_id"] for a in e.article_ids).most_common(1)[0][0]
        for e in events
    }

    targets = []
    for entry in gold["figure_disagreements"]:
        present = {by_url[u]: v for u, v in entry["values_by_source"].items() if u in by_url}
        if entry["status"] == "CONFLICT_major" and entry.get("conflict_in_this_split"):
            targets.append(
                (entry["event_id"], GOLD_KIND.get(entry["figure"], entry["figure"]), present)
            )
    targets.append(("E1", "delegations", {"seed-001": ">129", "seed-002": "126"}))

    found = 0
    for event_id, kind, present in targets:
        predicted = {event_of[a] for a in present}
        hits = [d for d in flagged if d.kind == kind and d.event_id in predicted]
        ok = False
        for d in hits:
            side_of = {a: value for value, ids in d.sides for a in ids}
            if all(side_of.get(a) == v for a, v in present.items()):
                ok = True
        found += ok
        print(
            f"  {'found ' if ok else 'MISSED'} {event_id} {kind}: {present}"
            + (
                ""
                if ok or not hits
                else f"  (flagged sides: {[(v, list(ids)) for v, ids in hits[0].sides]})"
            )
        )

    real = {
        (e["event_id"], GOLD_KIND.get(e["figure"], e["figure"]))
        for e in gold["figure_disagreements"]
        if e["status"].startswith("CONFLICT")
    }
    false_flags = [d for d in flagged if (gold_of_event[d.event_id], d.kind) not in real]
    for d in false_flags:
        print(
            f"  false flag: {gold_of_event[d.event_id]} {d.kind} {[(v, list(ids)) for v, ids in d.sides]}"
        )

    starts_ok = starts_total = ends_ok = 0
    for g in gold["events"]:
        members = [a for a, r in gold_rows.items() if r["event_id"] == g["event_id"]]
        if len(members) < 2 or not g.get("dates", {}).get("start"):
            continue
        starts_total += 1
        predicted = Counter(event_of[a] for a in members).most_common(1)[0][0]
        start, end = next((e.start, e.end) for e in events if e.id == predicted)
        gold_start = date.fromisoformat(g["dates"]["start"])
        gold_end = date.fromisoformat(g["dates"].get("end") or g["dates"]["start"])
        start_ok = start is not None and abs((start - gold_start).days) <= 1
        end_ok = end is not None and abs((end - gold_end).days) <= 1
        starts_ok += start_ok
        ends_ok += end_ok
        if not (start_ok and end_ok):
            print(f"  dates  {g['event_id']}: {start} – {end} (gold: {gold_start} – {gold_end})")

    figures_found = figures_total = 0
    for g in gold["events"]:
        for figure, records in (g.get("key_figures") or {}).items():
            for record in records:
                article = by_url.get(record["url"])
                if article is None or figure not in GOLD_KIND:
                    continue
                figures_total += 1
                figures_found += any(
                    f.kind == GOLD_KIND[figure]
                    and f.value == record["value"]
                    and f.qualifier == record["qualifier"]
                    for f in analyses[article].figures
                )

    from newsweave.resources import default_gazetteer

    gazetteer = default_gazetteer()
    places_ok = places_total = 0
    for g in gold["events"]:
        members = [a for a, r in gold_rows.items() if r["event_id"] == g["event_id"]]
        if not members or not g.get("place"):
            continue
        places_total += 1
        place = places[Counter(event_of[a] for a in members).most_common(1)[0][0]]
        entry = gazetteer.entries.get(place["id"]) if place else None
        spellings = {entry.name, *entry.aliases.get("en", ())} if entry else set()
        right = any(s.lower() in g["place"].lower() for s in spellings)
        places_ok += right
        if not right:
            print(
                f"  place  {g['event_id']}: {place['id'] if place else None} (gold: {g['place']})"
            )

    rows = {
        "disagreement_recall": round(found / len(targets), 3),
        "disagreements_flagged": len(flagged),
        "false_flag_share": round(len(false_flags) / len(flagged), 3) if flagged else 0.0,
        "weekday_flags": len(weekday_flags),
        "start_within_1_day": round(starts_ok / starts_total, 3) if starts_total else None,
        "end_within_1_day": round(ends_ok / starts_total, 3) if starts_total else None,
        "events_scored_for_dates": starts_total,
        "seed-000 cites TASS and IRNA": {"src:tass", "src:irna"} <= citations,
        "figures_read": round(figures_found / figures_total, 3) if figures_total else None,
        "figures_in_gold": figures_total,
        "place_right": round(places_ok / places_total, 3) if places_total else None,
        "events_with_gold_place": places_total,
    }
    print(f"\n{'metric':32}{'value':>10}{'floor':>10}")
    for key, value in rows.items():
        print(f"{key:32}{str(value):>10}{str(FLOORS.get(key, '')):>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
