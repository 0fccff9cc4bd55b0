"""``fabula evaluate``: print accuracy tables anyone can rerun on the shared data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

COLUMNS = (
    ("novel", "{:<28}"), ("quotes", "{:>6}"), ("det_p", "{:>6.3f}"), ("det_r", "{:>6.3f}"),
    ("det_f1", "{:>6.3f}"), ("speaker_acc", "{:>7.3f}"), ("explicit_acc", "{:>6.3f}"),
    ("anaphoric_acc", "{:>6.3f}"), ("implicit_acc", "{:>6.3f}"), ("addressee_f1", "{:>6.3f}"),
    ("ece", "{:>6.3f}"), ("cast_found", "{:>6.3f}"), ("cast_merged", "{:>6.3f}"), ("seconds", "{:>6.1f}"),
)
HEADERS = ("novel", "quotes", "det P", "det R", "det F1", "speaker", "expl", "anaph", "impl",
           "addr F1", "ECE", "cast1", "merged", "sec")


def render_table(rows: list[dict[str, Any]]) -> str:
    """A plain-text table, one line per novel and the overall line last."""
    widths = [len(fmt.format(rows[-1][key])) for key, fmt in COLUMNS]
    header = "  ".join(h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(zip(HEADERS, widths)))
    lines = [header, "-" * len(header)]
    for n, row in enumerate(rows):
        if n == len(rows) - 1:
            lines.append("-" * len(header))
        lines.append("  ".join(fmt.format(row[key]) for key, fmt in COLUMNS))
    return "\n".join(lines)


@click.group("evaluate")
def evaluate_command() -> None:
    """Measure fabula on annotated corpora (see the README for the latest figures)."""


@evaluate_command.command("pdnc")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--novels", default="", help="Comma-separated novel folder names (default: all).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the figures to this JSON file.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1),
              help="Worker processes, each with its own pipeline.")
def pdnc(path: Path, novels: str, json_out: Path | None, jobs: int) -> None:
    """End-to-end quotation, speaker, addressee and cast scores on PDNC.

    PATH is the PDNC folder (e.g. ../shared/data/pdnc). Definitions: fabula/evaluate/pdnc.py.
    """
    from .pdnc import evaluate

    selected = [n.strip() for n in novels.split(",") if n.strip()] or None
    rows = [s.figures() for s in evaluate(path, selected, jobs=jobs)]
    if len(rows) == 1:
        raise click.ClickException(f"no PDNC novels found under {path}")
    click.echo(render_table(rows))
    if json_out is not None:
        json_out.write_text(json.dumps(rows, indent=1), encoding="utf-8")
