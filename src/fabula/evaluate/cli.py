"""``fabula evaluate``: print accuracy tables anyone can rerun on the shared data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

PDNC_COLUMNS = (
    ("novel", "novel", "{:<28}"), ("quotes", "quotes", "{:>6}"), ("det_p", "det P", "{:>6.3f}"),
    ("det_r", "det R", "{:>6.3f}"), ("det_f1", "det F1", "{:>6.3f}"), ("speaker_acc", "speaker", "{:>7.3f}"),
    ("explicit_acc", "expl", "{:>6.3f}"), ("anaphoric_acc", "anaph", "{:>6.3f}"),
    ("implicit_acc", "impl", "{:>6.3f}"), ("addressee_f1", "addr F1", "{:>6.3f}"), ("ece", "ECE", "{:>6.3f}"),
    ("cast_found", "cast1", "{:>6.3f}"), ("cast_merged", "merged", "{:>6.3f}"), ("gender_acc", "gender", "{:>6.3f}"),
    ("seconds", "sec", "{:>6.1f}"),
)
LITBANK_COLUMNS = (
    ("doc", "document", "{:<40.40}"), ("quotes", "quotes", "{:>6}"), ("det_p", "det P", "{:>6.3f}"),
    ("det_r", "det R", "{:>6.3f}"), ("det_f1", "det F1", "{:>6.3f}"), ("speaker_acc", "speaker", "{:>7.3f}"),
    ("per_p", "PER P", "{:>6.3f}"), ("per_r", "PER R", "{:>6.3f}"), ("per_f1", "PER F1", "{:>6.3f}"),
    ("muc_f1", "MUC", "{:>6.3f}"), ("b3_f1", "B3", "{:>6.3f}"), ("ceafe_f1", "CEAFe", "{:>6.3f}"),
    ("conll_f1", "CoNLL", "{:>6.3f}"), ("pronoun_acc", "he/she", "{:>6.3f}"), ("seconds", "sec", "{:>6.1f}"),
)
Columns = tuple[tuple[str, str, str], ...]


def render_table(rows: list[dict[str, Any]], columns: Columns = PDNC_COLUMNS) -> str:
    """A plain-text table, one line per document and the overall line last."""
    widths = [max(len(fmt.format(rows[-1][key])), len(head)) for key, head, fmt in columns]
    header = "  ".join(h.rjust(w) if i else h.ljust(w) for i, ((_, h, _), w) in enumerate(zip(columns, widths)))
    lines = [header, "-" * len(header)]
    for n, row in enumerate(rows):
        if n == len(rows) - 1:
            lines.append("-" * len(header))
        lines.append("  ".join(fmt.format(row[key]).rjust(w) if i else fmt.format(row[key]).ljust(w)
                               for i, ((key, _, fmt), w) in enumerate(zip(columns, widths))))
    return "\n".join(lines)


def _selection(names: str) -> list[str] | None:
    return [n.strip() for n in names.split(",") if n.strip()] or None


def _report(rows: list[dict[str, Any]], columns: Columns, json_out: Path | None) -> None:
    click.echo(render_table(rows, columns))
    if json_out is not None:
        json_out.write_text(json.dumps(rows, indent=1), encoding="utf-8")


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
@click.option("--quotes", "quotes_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write one row per gold quotation to this TSV file: found or not, the gold and "
                   "predicted speaker, right or wrong (for error analysis).")
def pdnc(path: Path, novels: str, json_out: Path | None, jobs: int, quotes_out: Path | None) -> None:
    """End-to-end quotation, speaker, addressee and cast scores on PDNC.

    PATH is the PDNC folder (e.g. ../shared/data/pdnc). Definitions: fabula/evaluate/pdnc.py.
    """
    from .pdnc import evaluate, write_outcomes

    scores = evaluate(path, _selection(novels), jobs=jobs)
    rows = [s.figures() for s in scores]
    if len(rows) == 1:
        raise click.ClickException(f"no PDNC novels found under {path}")
    _report(rows, PDNC_COLUMNS, json_out)
    if quotes_out is not None:
        write_outcomes(quotes_out, scores[-1].outcomes)
        click.echo(f"One row per gold quotation written to {quotes_out}.")


@evaluate_command.command("litbank")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--docs", default="", help="Comma-separated document names or Gutenberg ids (default: all).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the figures to this JSON file.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1),
              help="Worker processes, each with its own pipeline.")
def litbank(path: Path, docs: str, json_out: Path | None, jobs: int) -> None:
    """Quotation, speaker, PER entity and coreference scores on LitBank.

    PATH is the LitBank folder (e.g. ../shared/data/litbank). Definitions: fabula/evaluate/litbank.py.
    """
    from .litbank import evaluate

    rows = [s.figures() for s in evaluate(path, _selection(docs), jobs=jobs)]
    if len(rows) == 1:
        raise click.ClickException(f"no LitBank documents found under {path}")
    _report(rows, LITBANK_COLUMNS, json_out)
    click.echo(f"Evaluated {len(rows) - 1} LitBank documents, each read with the mention tagger and the "
               "pronoun ranker trained without its fold (documents in name order, fold = index % 10): every figure is held-out.")
