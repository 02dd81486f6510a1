"""Small inline SVG pictures: citation graph, entity timeline, co-occurrence circle.

Layouts are deterministic (sorted input, fixed geometry) so a page looks the same on every
load and in tests; every label is escaped and every link points into our own pages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from .render import path_part


def _text(x: float, y: float, label: str, *, anchor: str = "start", cls: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}">{escape(label)}</text>'
    )


def citation_svg(sources: Sequence[dict[str, Any]], titles: dict[str, str]) -> Markup:
    """Reports (left) and the sources they cite (right); copies point at their original."""
    reports = [s["article"] for s in sources]
    cited = sorted({c for s in sources for c in s.get("cites", [])})
    if not reports:
        return Markup("")
    row, width = 26, 640
    height = max(len(reports), len(cited), 1) * row + 20
    ly = {r: 20 + i * row for i, r in enumerate(reports)}
    ry = {c: 20 + i * row for i, c in enumerate(cited)}
    parts = [
        f'<svg class="graph" viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-label="Which report cites which source" xmlns="http://www.w3.org/2000/svg">'
    ]
    for s in sources:
        for c in s.get("cites", []):
            parts.append(
                f'<line x1="250" y1="{ly[s["article"]] - 4}" x2="430" y2="{ry[c] - 4}" '
                'class="edge"/>'
            )
        if s.get("copy_of") in ly:
            y1, y2 = ly[s["article"]] - 4, ly[s["copy_of"]] - 4
            parts.append(
                f'<path d="M 12 {y1} C -8 {y1} -8 {y2} 12 {y2}" class="edge copy" fill="none"/>'
            )
    for r in reports:
        label = r if len(r) <= 14 else r[:13] + "…"
        title = titles.get(r, "")
        parts.append(
            f'<a href="#{escape(_report_anchor(r))}"><circle cx="250" cy="{ly[r] - 4}" r="4" '
            f'class="node"/>{_text(16, ly[r], label, cls="id")}'
            f"{_text(110, ly[r], title[:24] + ('…' if len(title) > 24 else ''), cls='muted')}"
            f"<title>{escape(r)}: {escape(title)}</title></a>"
        )
    for c in cited:
        parts.append(
            f'<a href="/sources/{escape(path_part(c))}"><circle cx="430" cy="{ry[c] - 4}" r="5" '
            f'class="node src"/>{_text(442, ry[c], c.removeprefix("src:").upper())}</a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _report_anchor(article_id: str) -> str:
    from .render import anchor_id

    return "r" + anchor_id(article_id)


def timeline_svg(events: Sequence[Any]) -> Markup:
    """Events on a date axis; each dot links to its event page."""
    dated = [e for e in events if e.start]
    if not dated:
        return Markup('<p class="muted">No dated events.</p>')
    lo, hi = min(e.start for e in dated), max(e.end or e.start for e in dated)
    span = max((hi - lo).days, 1)
    width, left, right = 760, 30, 730
    height = 40 + len(dated) * 22

    def x(d: date) -> float:
        return left + (d - lo).days / span * (right - left)

    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-label="Events on a timeline" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="20" x2="{right}" y2="20" class="axis"/>',
        _text(left, 14, lo.isoformat(), cls="muted"),
        _text(right, 14, hi.isoformat(), anchor="end", cls="muted"),
    ]
    for i, e in enumerate(sorted(dated, key=lambda e: (e.start, e.id))):
        y = 40 + i * 22
        x0 = x(e.start)
        anchor = "end" if x0 > width * 0.6 else "start"
        tx = x0 - 10 if anchor == "end" else x0 + 10
        parts.append(
            f'<a href="/events/{escape(path_part(e.id))}">'
            f'<line x1="{x0:.1f}" y1="20" x2="{x0:.1f}" y2="{y - 4}" class="tick"/>'
            f'<circle cx="{x0:.1f}" cy="{y - 4}" r="5" class="node"/>'
            f"{_text(tx, y, f'{e.start} · {e.title[:60]}', anchor=anchor)}"
            f"<title>{escape(e.title)}</title></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def cooccurrence_svg(center: str, others: Sequence[tuple[str, str, int]]) -> Markup:
    """The entity in the middle, the ones named with it on a circle (largest first, from
    twelve o'clock, clockwise); edge width grows with the number of shared reports."""
    others = sorted(others, key=lambda o: (-o[2], o[0]))[:14]
    if not others:
        return Markup('<p class="muted">Not named together with anything else.</p>')
    size, cx, cy, radius = 560, 280, 230, 160
    top = max(n for _, _, n in others)
    parts = [
        f'<svg class="graph" viewBox="0 0 {size} 460" width="100%" role="img" '
        'aria-label="Entities named together" xmlns="http://www.w3.org/2000/svg">'
    ]
    points = []
    for i, (key, name, n) in enumerate(others):
        angle = -math.pi / 2 + 2 * math.pi * i / len(others)
        px, py = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        points.append((key, name, n, px, py, angle))
        parts.append(
            f'<line x1="{cx}" y1="{cy}" x2="{px:.1f}" y2="{py:.1f}" class="edge" '
            f'stroke-width="{1 + 4 * n / top:.1f}"/>'
        )
    for key, name, n, px, py, angle in points:
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        dx = 10 if anchor == "start" else -10 if anchor == "end" else 0
        dy = -10 if math.sin(angle) < -0.5 else 18 if math.sin(angle) > 0.5 else 4
        parts.append(
            f'<a href="/entities/{escape(path_part(key))}">'
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{4 + 5 * n / top:.1f}" class="node"/>'
            f"{_text(px + dx, py + dy, f'{name[:28]} ({n})', anchor=anchor)}</a>"
        )
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="12" class="node center"/>')
    parts.append(_text(cx, cy + 30, center, anchor="middle", cls="center-label"))
    parts.append("</svg>")
    return Markup("".join(parts))
