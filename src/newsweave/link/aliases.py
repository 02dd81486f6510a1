"""Aliases learned from the corpus: spellings of one name the gazetteer does not know.

Names outside the gazetteer get a cross-script key (``analyze.entities.name_key``), which
already joins Шойгу / Șoigu / شویگو. What it cannot join are typos and variants that change a
consonant ("Александр Гольфович" beside "Александр Вольфович") and surnames standing alone in
one report while another report of the event gives the full name ("Quang" / "Luong Tam Quang").
Such a pair is only trusted with context: both spellings name the same type of entity in
reports of one event, and the evidence is strict —

- variant: the same number of words, every word's skeleton equal except one that differs by
  one edit and has at least ``MIN_VARIANT`` consonants (so "Tokayev" and "Tokarev", skeletons
  "tkv"/"tkrv", never meet);
- surname: a one-word person name equal to the last word of exactly one full name.

Learned aliases are stored and applied to later reports before clustering (analysts'
corrections still win). Pure: no I/O.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from ..analyze.entities import name_key
from ..model import LearnedAlias, Mention
from .corrections import Constraints

__all__ = ["learn_aliases", "resolve", "with_learned"]

MIN_VARIANT = 4


def learn_aliases(
    events: Mapping[str, Sequence[Mention]], *, known: Mapping[str, str] | None = None
) -> list[LearnedAlias]:
    """Aliases evidenced within each event's mentions (of all its reports).

    ``known`` are aliases learned before: keys already resolved are not learned again.
    """
    known = known or {}
    out: dict[str, LearnedAlias] = {}
    for event_id, mentions in sorted(events.items()):
        counts = Counter(m.key for m in mentions)
        spellings: dict[tuple[str, str], set[str]] = defaultdict(set)
        for m in mentions:
            if m.type in ("PER", "ORG", "LOC") and m.key not in known:
                spellings[(m.key, m.type)].add(name_key(m.text))
        by_type: dict[str, list[str]] = defaultdict(list)
        for key, etype in spellings:
            by_type[etype].append(key)
        for etype, keys in by_type.items():
            for alias, entity, rule, evidence in _pairs(keys, etype, spellings, counts):
                if alias not in out:
                    out[alias] = LearnedAlias(alias, entity, rule, event_id, evidence)
    return list(out.values())


def _pairs(
    keys: list[str],
    etype: str,
    spellings: Mapping[tuple[str, str], set[str]],
    counts: Counter[str],
) -> Iterable[tuple[str, str, str, str]]:
    keys = sorted(keys)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if not (a.startswith("k:") or b.startswith("k:")):
                continue  # two gazetteer entities are distinct by curation
            pair = _variant(spellings[(a, etype)], spellings[(b, etype)])
            if pair:
                alias, entity = _direction(a, b, counts)
                yield alias, entity, "variant", f"{pair[0]} ~ {pair[1]}"
    if etype != "PER":
        return
    full: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        for skeleton in spellings[(key, etype)]:
            words = skeleton.split("-")
            if len(words) > 1 and len(words[-1]) >= MIN_VARIANT - 1:
                full[words[-1]].add(key)
    for key in keys:
        if not key.startswith("k:"):
            continue
        for skeleton in spellings[(key, etype)]:
            owners = full.get(skeleton, set()) - {key}
            if "-" not in skeleton and len(owners) == 1:
                (entity,) = owners
                yield key, entity, "surname", f"{skeleton} ~ {entity}"


def _variant(a: set[str], b: set[str]) -> tuple[str, str] | None:
    """Two skeletons of one name with one consonant changed in one long word."""
    for x in sorted(a):
        for y in sorted(b):
            wx, wy = x.split("-"), y.split("-")
            if x == y or len(wx) != len(wy):
                continue
            differing = [(p, q) for p, q in zip(wx, wy, strict=True) if p != q]
            if len(differing) != 1:
                continue
            p, q = differing[0]
            if min(len(p), len(q)) >= MIN_VARIANT and Levenshtein.distance(p, q) == 1:
                return x, y
    return None


def _direction(a: str, b: str, counts: Counter[str]) -> tuple[str, str]:
    """(alias, entity): a gazetteer id is the entity; else the more frequent key."""
    if not a.startswith("k:"):
        return b, a
    if not b.startswith("k:"):
        return a, b
    return (b, a) if (counts[a], b) > (counts[b], a) else (a, b)


def with_learned(constraints: Constraints, learned: Mapping[str, str]) -> Constraints:
    """Constraints whose entity merges also rename learned aliases; an analyst's merge of the
    same key wins, and an analyst's merge of the target carries the alias along."""
    if not learned:
        return constraints
    remap = {
        alias: constraints.key_remap.get(entity, entity)
        for alias, entity in resolve(learned).items()
    }
    remap.update(constraints.key_remap)
    return replace(constraints, key_remap=remap)


def resolve(aliases: Mapping[str, str]) -> dict[str, str]:
    """Follow chains (a → b → c becomes a → c); a cycle keeps its smallest key."""
    out = {}
    for alias in aliases:
        seen = [alias]
        key = aliases[alias]
        while key in aliases and key not in seen:
            seen.append(key)
            key = aliases[key]
        if key in seen:  # a cycle: everyone resolves to its smallest member
            key = min(seen)
        if key != alias:
            out[alias] = key
    return out
