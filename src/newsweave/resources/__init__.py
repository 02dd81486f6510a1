"""Loaders for the data files that ship inside the package (read once, then cached)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from ..analyze.entities import Gazetteer, GazetteerEntry
from ..link.events import PairModel

# Locales whose CLDR country names are added to the gazetteer: the corpus languages.
COUNTRY_LOCALES = (
    "en ru fa ar zh zh_Hant hi es tr pt kk de ja vi ro id fr ko sv bg ur uz sr sr_Latn it pl uk "
    "az hy ka ky tg tk mn th ms bn he el nl"
).split()


def read_resource(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def gazetteer_entries() -> list[GazetteerEntry]:
    entries = []
    countries: dict[str, GazetteerEntry] = {}
    for line in read_resource("gazetteer.jsonl").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        entry = GazetteerEntry(
            id=row["id"],
            type=row["type"],
            name=row["name"],
            aliases={lang: tuple(names) for lang, names in row.get("aliases", {}).items()},
            kind=row.get("kind"),
            period=row.get("period"),
        )
        entries.append(entry)
        if row.get("iso"):
            countries[row["iso"].upper()] = entry
    merged = _cldr_countries(countries)
    replaced = {entry.id for entry in merged}
    return [entry for entry in entries if entry.id not in replaced] + merged


def _cldr_countries(known: dict[str, GazetteerEntry]) -> list[GazetteerEntry]:
    """Country names in every corpus locale from CLDR; merged into gazetteer countries."""
    from babel import Locale

    names: dict[str, dict[str, tuple[str, ...]]] = {}
    for code in COUNTRY_LOCALES:
        locale = Locale.parse(code)
        for territory, name in locale.territories.items():
            if (
                len(territory) == 2
                and territory.isalpha()
                and territory not in {"ZZ", "EU", "UN", "EZ", "QO"}
            ):
                lang_names = names.setdefault(territory, {})
                lang_names[code] = (*lang_names.get(code, ()), name)
    out = []
    for territory, aliases in names.items():
        base = known.get(territory)
        if base is not None:
            merged = dict(base.aliases)
            for lang, values in aliases.items():
                merged[lang] = tuple(dict.fromkeys((*merged.get(lang, ()), *values)))
            out.append(GazetteerEntry(base.id, "LOC", base.name, merged, "country"))
        else:
            english = aliases.get("en", (territory,))[0]
            out.append(
                GazetteerEntry(
                    f"loc:country:{territory.lower()}", "LOC", english, aliases, "country"
                )
            )
    return out


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer(gazetteer_entries())


@lru_cache(maxsize=1)
def default_event_model() -> PairModel:
    """The pair model of event clustering shipped with the package (see bench/train_event_model.py)."""
    return PairModel.from_dict(json.loads(read_resource("event_model.json")))
