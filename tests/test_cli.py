"""The command line as a user meets it: real runs, real files, every bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fabula import __version__
from fabula.cli import main
from fabula.export.json import validate


@pytest.fixture(scope="module")
def runner(pipeline) -> CliRunner:  # the pipeline fixture builds the shared default pipeline once
    return CliRunner()


def _run(runner: CliRunner, *args: str, input: bytes | str | None = None):
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def _one_line_error(result) -> str:
    assert result.exit_code != 0
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_version(runner: CliRunner) -> None:
    result = _run(runner, "--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_teaches_usage(runner: CliRunner) -> None:
    result = _run(runner, "--help")
    assert result.exit_code == 0
    assert "fabula demo" in result.output and "analyze" in result.output
    sub = _run(runner, "analyze", "--help")
    for fmt in ("json", "tsv", "html", "script"):
        assert fmt in sub.output


def test_demo_prints_cast_and_speeches(runner: CliRunner, sample_story) -> None:
    result = _run(runner, "demo")
    assert result.exit_code == 0, result.output
    assert "Cast" in result.output and "Who says what" in result.output
    for character in sample_story.characters:
        assert character.name in result.output
    spoken = [q for q in sample_story.quotes if q.spoken]
    # Every paragraph of the sample that opens with a quote mark holds one speech.
    opening = [p for p in sample_story.text.split("\n\n") if p.lstrip()[:1] in "\"“"]
    assert len(spoken) >= len(opening) >= 10
    assert sum(q.speaker is not None for q in spoken) == len(spoken)


def test_json_output_validates_against_schema(runner: CliRunner, tmp_path: Path) -> None:
    from fabula.cli import sample_path

    result = _run(runner, "analyze", str(sample_path()), "-o", str(tmp_path), "-f", "json", "-q")
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "sample.json").read_text(encoding="utf-8"))
    validate(doc)
    assert doc["schema"] == "fabula/1"
    # Offsets refer to the included text: every quote span slices to the quote's text.
    for q in doc["quotes"]:
        assert " ".join(doc["text"][s:e] for s, e in q["spans"]) == q["text"]
    for m in doc["mentions"]:
        assert doc["text"][m["start"] : m["end"]] == m["text"]
    assert _run(runner, "validate", str(tmp_path / "sample.json")).exit_code == 0


def test_validate_rejects_a_broken_document(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": "fabula/1", "quotes": "nope"}), encoding="utf-8")
    assert "does not match" in _one_line_error(_run(runner, "validate", str(bad)))


def test_stdin(runner: CliRunner, tmp_path: Path) -> None:
    text = '"Where are you going?" asked Nell.\n\n"Out," said Brannock.\n'
    result = _run(runner, "analyze", "-", "-o", str(tmp_path), "-q", input=text.encode("utf-8"))
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "stdin.json").read_text(encoding="utf-8"))
    assert [q["text"] for q in doc["quotes"]] == ["Where are you going?", "Out,"]


def test_tsv_is_booknlp_shaped(runner: CliRunner, tmp_path: Path, sample_story) -> None:
    from fabula.cli import sample_path

    result = _run(runner, "analyze", str(sample_path()), "-o", str(tmp_path), "-f", "tsv", "-q")
    assert result.exit_code == 0, result.output
    with (tmp_path / "sample.tokens").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    n_tokens = sum(len(p.doc) for p in sample_story.paragraphs if p.doc is not None)
    assert len(rows) == n_tokens
    text = sample_story.text
    for row in rows[:200]:
        assert text[int(row["byte_onset"]) : int(row["byte_offset"])] == row["word"]
    with (tmp_path / "sample.quotes").open(encoding="utf-8") as fh:
        quotes = list(csv.DictReader(fh, delimiter="\t"))
    assert len(quotes) == sum(q.spoken for q in sample_story.quotes)
    assert {"quote_start", "quote_end", "mention_phrase", "char_id", "quote"} <= set(quotes[0])
    with (tmp_path / "sample.entities").open(encoding="utf-8") as fh:
        entities = list(csv.DictReader(fh, delimiter="\t"))
    titled = [m for m in sample_story.mentions if m.title is not None]
    assert len(entities) == len(sample_story.mentions) + len(titled)
    # A title ("Mr." of "Mr. Darcy") is a one-token entity nested in its name, with the name's COREF.
    for m in titled:
        title = next(e for e in entities if int(e["start_token"]) == int(e["end_token"])
                     and e["text"] == sample_story.text[slice(*m.title)] and e["COREF"] == str(m.character))
        assert title["prop"] == "PROP"


# ---- bad input: a one-line reason or a valid (possibly empty) result, never a traceback ----


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    assert "no such file" in _one_line_error(_run(runner, "analyze", str(tmp_path / "nope.txt")))


def test_empty_file(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n ", encoding="utf-8")
    assert "empty" in _one_line_error(_run(runner, "analyze", str(empty)))


def test_binary_file(runner: CliRunner, tmp_path: Path) -> None:
    binary = tmp_path / "picture.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    assert "binary" in _one_line_error(_run(runner, "analyze", str(binary)))


def _analyze_ok(runner: CliRunner, path: Path, out: Path) -> dict:
    result = _run(runner, "analyze", str(path), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    doc = json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))
    validate(doc)
    return doc


def test_text_without_quotations(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "quiet.txt"
    path.write_text("The house stood empty all winter. Snow covered the road.\n\nIn spring, the swallows came back.\n")
    doc = _analyze_ok(runner, path, tmp_path)
    assert doc["quotes"] == []


def test_unbalanced_quotes_do_not_swallow_the_story(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "unbalanced.txt"
    path.write_text('"Wait for me, said Ada, running.\n\nThe train left without her.\n\n"Too late," said the guard.\n')
    doc = _analyze_ok(runner, path, tmp_path)
    assert all("train left" not in q["text"] for q in doc["quotes"])
    assert any(q["text"] == "Too late," for q in doc["quotes"])


def test_non_english_text_warns(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_text(
        "Il était une fois, dans un village au bord de la mer, une vieille femme qui vivait seule. "
        "Chaque matin, elle descendait jusqu'au port pour regarder les bateaux rentrer.\n\n"
        "« Bonjour », disait-elle aux pêcheurs, qui lui répondaient en souriant.\n",
        encoding="utf-8",
    )
    doc = _analyze_ok(runner, path, tmp_path)
    assert any("English" in w for w in doc["warnings"])


def test_five_megabyte_single_line(runner: CliRunner, tmp_path: Path) -> None:
    # A 5 MB line with no paragraph breaks and few spaces: bounded paragraphs, a valid result.
    path = tmp_path / "oneline.txt"
    path.write_text(("x" * 9999 + " ") * 500, encoding="utf-8")
    doc = _analyze_ok(runner, path, tmp_path)
    assert max(p["end"] - p["start"] for p in doc["paragraphs"]) <= 20_000
    assert doc["stats"]["words"] == 500
