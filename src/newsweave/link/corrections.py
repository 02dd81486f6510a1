"""Analyst corrections as constraints that every later run respects.

Corrections are stored as an audit log (who, when, why). Active ones turn into:

- must-link / cannot-link pairs of articles, from event merges, splits and attachments;
- event title overrides, anchored on an article so they survive a recompute that renames ids;
- entity key remaps (merge), alias splits and display name/type overrides.

Contradictions (a pair that must and must not share an event) are reported, never dropped
silently: the newer correction wins and the older is named in the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..analyze.normalize import fold_for_matching
from ..model import Mention


@dataclass(frozen=True, slots=True)
class Correction:
    id: int
    at: str
    author: str
    action: str  # event.merge | event.split | event.attach | event.rename | entity.merge | entity.split | entity.set
    args: Mapping[str, Any]
    reason: str = ""
    undone: bool = False


@dataclass
class Constraints:
    must_link: set[tuple[str, str]] = field(default_factory=set)
    cannot_link: set[tuple[str, str]] = field(default_factory=set)
    titles: dict[str, str] = field(default_factory=dict)  # anchor article -> title
    key_remap: dict[str, str] = field(default_factory=dict)  # entity key -> key it was merged into
    alias_splits: dict[tuple[str, str], str] = field(
        default_factory=dict
    )  # (key, folded alias) -> new key
    entity_names: dict[str, str] = field(default_factory=dict)
    entity_types: dict[str, str] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)

    def cannot(self, a: str, b: str) -> bool:
        return _pair(a, b) in self.cannot_link


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def build_constraints(corrections: Iterable[Correction]) -> Constraints:
    """Fold the active corrections, oldest first, into constraints."""
    out = Constraints()
    for c in sorted((c for c in corrections if not c.undone), key=lambda c: c.id):
        args = c.args
        if c.action in {"event.merge", "event.attach"}:
            members = list(args["members"])
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    _link(out, a, b, must=True, source=c)
        elif c.action == "event.split":
            moved, rest = list(args["moved"]), list(args["rest"])
            for i, a in enumerate(moved):
                for b in moved[i + 1 :]:
                    _link(out, a, b, must=True, source=c)
                for b in rest:
                    _link(out, a, b, must=False, source=c)
        elif c.action == "event.rename":
            out.titles[args["anchor"]] = args["title"]
        elif c.action == "entity.merge":
            target = out.key_remap.get(args["into"], args["into"])
            out.key_remap[args["key"]] = target
            for key, value in list(out.key_remap.items()):
                if value == args["key"]:
                    out.key_remap[key] = target
        elif c.action == "entity.split":
            out.alias_splits[(args["key"], fold_for_matching(args["alias"]))] = args["new_key"]
        elif c.action == "entity.set":
            if args.get("name"):
                out.entity_names[args["key"]] = args["name"]
            if args.get("type"):
                out.entity_types[args["key"]] = args["type"]
    return out


def _link(out: Constraints, a: str, b: str, *, must: bool, source: Correction) -> None:
    pair = _pair(a, b)
    mine, other = (out.must_link, out.cannot_link) if must else (out.cannot_link, out.must_link)
    if pair in other:
        other.discard(pair)
        out.conflicts.append(
            f"correction #{source.id} ({source.action}) overrides an earlier one for {pair[0]} / {pair[1]}"
        )
    mine.add(pair)


def remap_mentions(mentions: Sequence[Mention], constraints: Constraints) -> tuple[Mention, ...]:
    """Apply entity merges and alias splits to one article's mentions."""
    if not constraints.key_remap and not constraints.alias_splits:
        return tuple(mentions)
    out = []
    for m in mentions:
        # Merges first: a spelling split off a merged entity names the merged one.
        key = constraints.key_remap.get(m.key, m.key)
        key = constraints.alias_splits.get((key, fold_for_matching(m.text)), key)
        out.append(m if key == m.key else replace(m, key=key))
    return tuple(out)


def must_link_groups(ids: Iterable[str], must_link: set[tuple[str, str]]) -> list[set[str]]:
    """Connected groups of the must-link graph restricted to ``ids`` (union-find)."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in must_link:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[str, set[str]] = {}
    for i in parent:
        groups.setdefault(find(i), set()).add(i)
    return [g for g in groups.values() if len(g) > 1]
