"""A static, self-contained HTML report: the events list and, for each event, its claims,
disagreements and reports. One file, CSS inlined, no scripts, nothing fetched."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from .web.render import STATIC, environment

if TYPE_CHECKING:
    from .services import Workspace


def render_report(ws: Workspace) -> str:
    """The report as one HTML string (every piece of article text escaped)."""
    from .web.pages import LANG_NAMES, event_context

    disputed = {d.event_id for d in ws.discrepancies()}
    sections = []
    for event in ws.events():
        view = ws.event(event.id)
        sections.append(
            {"ctx": event_context(view), "disagreement": event.id in disputed,
             "place": view.place["name"] if view.place else None}
        )  # fmt: skip
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    return (
        environment()
        .get_template("report.html")
        .render(
            sections=sections,
            css=Markup(css.replace("</", "<\\/")),  # our own file; kept inert inside <style>
            lang_names=LANG_NAMES,
            title="newsweave report",
            request_path="",
        )
    )


def write_report(ws: Workspace, out_dir: str | Path) -> Path:
    """Write ``out_dir/report.html`` and return its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "report.html"
    path.write_text(render_report(ws), encoding="utf-8")
    return path
