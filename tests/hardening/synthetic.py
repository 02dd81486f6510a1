"""Synthetic articles and a CLI command line for the hardening tests (no pytest here, so
benches and tests can share it; imported by name since tests/ has no packages)."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_CITIES = ["Chisinau", "Balti", "Cahul", "Iasi", "Odesa", "Tiraspol", "Comrat", "Orhei"]
_PEOPLE = ["Ion Ceban", "Maia Sandu", "Dorin Recean", "Igor Grosu", "Ana Revenco"]
_THINGS = ["buses", "schools", "bridges", "clinics", "roads", "parks"]
_VERBS = ["approved", "rejected", "postponed", "announced", "debated"]


def synthetic_records(n: int) -> list[dict[str, str]]:
    """``n`` short, varied English reports about ``n // 4`` made-up local happenings."""
    records = []
    start = date(2025, 5, 1)
    for i in range(n):
        k = i // 4  # four reports per happening
        city, person = _CITIES[k % len(_CITIES)], _PEOPLE[(k // 3) % len(_PEOPLE)]
        thing, verb = _THINGS[k % len(_THINGS)], _VERBS[(k // 2) % len(_VERBS)]
        day = start + timedelta(days=k % 28)
        count = 10 + k * 7
        text = (
            f"The {city} council {verb} a plan for {count} new {thing} on "
            f"{day:%d %B %Y}. {person} said the plan would cost {count * 3} million lei "
            f"and that work would start within {2 + i % 5} months. Report number {i}."
        )
        records.append(
            {
                "id": f"syn-{i:04d}",
                "title": f"{city}: council {verb} {count} {thing}",
                "text": text,
                "published": day.isoformat(),
                "url": f"https://local{i % 3}.example/{city.lower()}/{i}",
            }
        )
    return records


def cli_command(*args: str) -> list[str]:
    """``newsweave ARGS`` with this interpreter (the console script may not be on PATH)."""
    return [sys.executable, "-c", "from newsweave.cli import main; main()", *args]
