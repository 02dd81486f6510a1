"""Loaders for the data files that ship inside the package (read once, then cached)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from functools import lru_cache
from importlib import resources

from ..analyze.entities import Gazetteer, GazetteerEntry, Office
from ..analyze.normalize import fold_for_matching
from ..link.events import PairModel

# Locales whose CLDR country and city names are added to the gazetteer: the corpus languages.
COUNTRY_LOCALES = (
    "en ru fa ar zh zh_Hant hi es tr pt kk de ja vi ro id fr ko sv bg ur uz sr sr_Latn it pl uk "
    "az hy ka ky tg tk mn th ms bn he el nl"
).split()
# Languages of the reports we read (the corpus): their calendar words must not be names.
# Tajik (Душанбе is its Monday) names places in reports, it does not write them.
CORPUS_LOCALES = "en ru fa ar zh hi es tr pt kk de ja vi ro id fr ko sv bg ur uz uk".split()


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
            country=row.get("country"),
            convener=row.get("convener"),
            roles=tuple(
                Office(r["org"], r.get("from"), r.get("to"))
                for r in row.get("roles", ())
                if r.get("org")
            ),
        )
        entries.append(entry)
        if row.get("iso"):
            countries[row["iso"].upper()] = entry
    entries = [_with_cldr_city_names(entry) if entry.kind == "city" else entry for entry in entries]
    merged = _cldr_countries(countries)
    replaced = {entry.id for entry in merged}
    # Regions come last: where a region and a country share a name, the country keeps it.
    return [
        _without_calendar_words(entry)
        for entry in [entry for entry in entries if entry.id not in replaced]
        + merged
        + _cldr_regions()
    ]


def _without_calendar_words(entry: GazetteerEntry) -> GazetteerEntry:
    """Drop aliases that are a weekday or month name in some locale: Persian دوشنبه is
    Dushanbe and Monday, and news says Monday far more often."""
    words = _calendar_words()
    aliases = {
        lang: kept
        for lang, names in entry.aliases.items()
        if (kept := tuple(n for n in names if fold_for_matching(n) not in words))
    }
    if aliases == entry.aliases:
        return entry
    return replace(entry, aliases=aliases)


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    from babel.dates import get_day_names, get_month_names

    words = set()
    for code in CORPUS_LOCALES:
        for context in ("format", "stand-alone"):
            for names in (
                get_day_names("wide", context, code),
                get_month_names("wide", context, code),
            ):
                words.update(fold_for_matching(name) for name in names.values())
    return frozenset(words)


def _with_cldr_city_names(entry: GazetteerEntry) -> GazetteerEntry:
    """A city's names in every corpus locale, where CLDR has it as a time zone's city
    ("Asia/Dushanbe": दुशांबे, Duşanbe, Дюшамбе ...); curated aliases come first."""
    zone = _cldr_city_zones().get(entry.name)
    if zone is None:
        return entry
    merged = dict(entry.aliases)
    for code, name in _cldr_city_names(zone).items():
        merged[code] = tuple(dict.fromkeys((*merged.get(code, ()), name)))
    return replace(entry, aliases=merged)


@lru_cache(maxsize=1)
def _cldr_city_zones() -> dict[str, str]:
    """English city name -> CLDR time zone id, for the zones named after a city."""
    from babel import Locale

    english = Locale.parse("en").time_zones
    zones = {}
    for zone in Locale.parse("ru").time_zones:  # a locale that names every zone's city
        if "/" in zone and not zone.startswith("Etc/"):
            city = english.get(zone, {}).get("city") or zone.rsplit("/", 1)[1].replace("_", " ")
            zones.setdefault(city, zone)
    return zones


def _cldr_city_names(zone: str) -> dict[str, str]:
    from babel import Locale

    names = {}
    for code in COUNTRY_LOCALES:
        city = Locale.parse(code).time_zones.get(zone, {}).get("city")
        if city:
            names[code] = city
    return names


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


def _cldr_regions() -> list[GazetteerEntry]:
    """World regions in every corpus locale from CLDR (UN M49: Latin America, Central Asia,
    Sub-Saharan Africa ...); "world" is a word, not a place."""
    from babel import Locale

    names: dict[str, dict[str, tuple[str, ...]]] = {}
    for code in COUNTRY_LOCALES:
        for territory, name in Locale.parse(code).territories.items():
            if territory.isdigit() and territory != "001":
                names.setdefault(territory, {})[code] = (name,)
    return [
        GazetteerEntry(f"loc:region:{code}", "LOC", aliases["en"][0], aliases, "world_region")
        for code, aliases in sorted(names.items())
        if "en" in aliases
    ]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer(gazetteer_entries())


@lru_cache(maxsize=1)
def gazetteer_kinds() -> dict[str, str | None]:
    """Gazetteer id -> kind ("city", "intergovernmental_org", ...)."""
    return {key: entry.kind for key, entry in default_gazetteer().entries.items()}


@lru_cache(maxsize=1)
def entity_countries() -> dict[str, str]:
    """Gazetteer id -> ISO code of its country (where a city or venue is, whose a body is)."""
    return {key: e.country for key, e in default_gazetteer().entries.items() if e.country}


@lru_cache(maxsize=1)
def series_conveners() -> dict[str, str]:
    """Gazetteer id of an event series -> id of the body that holds it."""
    return {key: e.convener for key, e in default_gazetteer().entries.items() if e.convener}


@lru_cache(maxsize=1)
def office_terms() -> dict[str, tuple[date, date | None]]:
    """Each dated post of the gazetteer, keyed "person@org": (first day, day after the last)
    of the term."""
    out: dict[str, tuple[date, date | None]] = {}
    for key, entry in default_gazetteer().entries.items():
        for office in entry.roles:
            if office.start:
                end = _month_start(office.end) if office.end else None
                out[f"{key}@{office.org}"] = (_month_start(office.start), end)
    return out


def _month_start(value: str) -> date:
    """The first day of a month ("2024-05") or year ("2024")."""
    year, _, month = value.partition("-")
    return date(int(year), int(month or 1), 1)


@lru_cache(maxsize=1)
def default_event_model() -> PairModel:
    """The pair model of event clustering shipped with the package (see bench/train_event_model.py)."""
    return PairModel.from_dict(json.loads(read_resource("event_model.json")))
