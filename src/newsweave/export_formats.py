"""Tabular and graph exports: CSV for spreadsheets, GraphML for Gephi/yEd/networkx.

Built over ``Workspace`` reads only, so the CLI (``newsweave export claims|graph``) and the
REST API (``/api/v1/export/...``) produce the same bytes. GraphML is written with
``xml.etree`` so every label is escaped by the serializer, never by hand.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import combinations
from typing import TYPE_CHECKING

from .link.claims import said

if TYPE_CHECKING:
    from .services import Workspace

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
CLAIM_COLUMNS = ["event", "kind", "value", "qualifier", "said", "article", "lang", "sentence"]
EVENT_COLUMNS = ["id", "title", "start", "end", "languages", "reports", "disagreement"]
ENTITY_COLUMNS = ["id", "name", "type", "mentions", "spellings"]


def claims_csv(ws: Workspace, *, event: str | None = None) -> str:
    """One row per claim: which source said which value, in which sentence."""
    rows = ws.claims(event)
    langs = ws.store.article_langs({c.article_id for c in rows})
    return _csv(
        CLAIM_COLUMNS,
        (
            [
                c.event_id,
                c.kind,
                c.value,
                c.qualifier,
                said(c),
                c.article_id,
                langs.get(c.article_id, "und"),
                c.sentence,
            ]
            for c in rows
        ),
    )


def events_csv(ws: Workspace) -> str:
    disputed = {d.event_id for d in ws.discrepancies()}
    return _csv(
        EVENT_COLUMNS,
        (
            [
                e.id,
                e.title,
                e.start or "",
                e.end or "",
                " ".join(e.languages),
                len(e.article_ids),
                "yes" if e.id in disputed else "no",
            ]
            for e in ws.events()
        ),
    )


def entities_csv(ws: Workspace) -> str:
    return _csv(
        ENTITY_COLUMNS,
        (
            [
                e.id,
                e.name,
                e.type,
                sum(a.count for a in e.aliases),
                " | ".join(dict.fromkeys(a.text for a in e.aliases)),
            ]
            for e in ws.entities()
        ),
    )


def _csv(header: list[str], rows: object) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)  # type: ignore[arg-type]
    return out.getvalue()


def entity_graphml(ws: Workspace, *, min_shared: int = 1) -> str:
    """Entities as nodes, an edge for every pair named in the same report (weight: reports)."""
    entities = ws.entities()
    by_article: dict[str, set[str]] = {}
    for e in entities:
        for article_id in ws.store.articles_mentioning(e.id):
            by_article.setdefault(article_id, set()).add(e.id)
    pairs: Counter[tuple[str, str]] = Counter()
    for keys in by_article.values():
        pairs.update(combinations(sorted(keys), 2))
    graph = _graph(
        "entities",
        node_keys={"label": "string", "type": "string", "mentions": "int"},
        edge_keys={"weight": "int"},
    )
    for e in entities:
        _node(graph, e.id, label=e.name, type=e.type, mentions=sum(a.count for a in e.aliases))
    for (a, b), n in sorted(pairs.items()):
        if n >= min_shared:
            _edge(graph, a, b, weight=n)
    return _dump(graph)


def citation_graphml(ws: Workspace) -> str:
    """Reports and sources as nodes; ``cites`` edges from a report to the agency it names,
    ``copy_of`` edges from a copy to its original."""
    graph = _graph(
        "citations",
        node_keys={"label": "string", "kind": "string", "event": "string", "domain": "string"},
        edge_keys={"relation": "string"},
    )
    seen: set[str] = set()
    edges: list[tuple[str, str, str]] = []
    for event in ws.events():
        links = ws.store.event_details(event.id).get("sources", [])
        articles = {a.id: a for a in ws.store.articles([s["article"] for s in links])}
        for s in links:
            article = articles.get(s["article"])
            _node(
                graph,
                s["article"],
                label=(article.title if article else None) or s["article"],
                kind="report",
                event=event.id,
                domain=(article.domain if article else "") or "",
            )
            seen.add(s["article"])
            edges += [(s["article"], c, "cites") for c in s.get("cites", [])]
            if s.get("copy_of"):
                edges.append((s["article"], s["copy_of"], "copy_of"))
    for source in sorted({target for _, target, rel in edges if rel == "cites"} - seen):
        _node(
            graph,
            source,
            label=source.removeprefix("src:").upper(),
            kind="source",
            event="",
            domain="",
        )
    for a, b, rel in edges:
        _edge(graph, a, b, relation=rel)
    return _dump(graph)


def _graph(name: str, *, node_keys: dict[str, str], edge_keys: dict[str, str]) -> ET.Element:
    """The ``<graph>`` element of a new GraphML document (its root is kept for ``_dump``)."""
    root = ET.Element("graphml", xmlns=GRAPHML_NS)
    for where, keys in (("node", node_keys), ("edge", edge_keys)):
        for key, kind in keys.items():
            ET.SubElement(
                root,
                "key",
                {"id": f"{where}_{key}", "for": where, "attr.name": key, "attr.type": kind},
            )
    graph = ET.SubElement(root, "graph", id=name, edgedefault="directed")
    _ROOTS[id(graph)] = root
    return graph


def _node(graph: ET.Element, node_id: str, **data: object) -> None:
    node = ET.SubElement(graph, "node", id=node_id)
    for key, value in data.items():
        ET.SubElement(node, "data", key=f"node_{key}").text = str(value)


def _edge(graph: ET.Element, source: str, target: str, **data: object) -> None:
    edge = ET.SubElement(graph, "edge", source=source, target=target)
    for key, value in data.items():
        ET.SubElement(edge, "data", key=f"edge_{key}").text = str(value)


def _dump(graph: ET.Element) -> str:
    tree = ET.ElementTree(_ROOTS.pop(id(graph)))
    ET.indent(tree)
    out = io.BytesIO()
    tree.write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue().decode("utf-8")


# graph element -> its document root, between _graph() and _dump() of one export call.
_ROOTS: dict[int, ET.Element] = {}
