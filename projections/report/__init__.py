"""Reports replayed from the event log: an independent path from the read models."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from projections.report.html import render_html
from projections.report.model import Report
from projections.report.replay import build_report
from projections.report.text import render_csv, render_json, render_md

RENDERERS: dict[str, Callable[[Report, TextIO], None]] = {
    "md": render_md,
    "html": render_html,
    "csv": render_csv,
    "json": render_json,
}
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
FORMATS = tuple(RENDERERS)


def render(report: Report, fmt: str, out: TextIO) -> None:
    RENDERERS[fmt](report, out)


__all__ = ["FORMATS", "MEDIA_TYPES", "Report", "build_report", "render"]
