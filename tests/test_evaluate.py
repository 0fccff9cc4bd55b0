"""The evaluation command's scoring, on a tiny PDNC-shaped novel written for the test."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fabula.evaluate.metrics import Counts, expected_calibration_error, normalise_name
from fabula.evaluate.pdnc import score_novel

TEXT = (
    "Anna Price and Tom Hale stood at the gate. Anna was cold and she shivered.\n\n"
    '"Are you coming?" asked Anna.\n\n"No," said Tom.\n\nThe wind rose.\n'
)


def test_counts_and_f1() -> None:
    c = Counts(tp=3, fp=1, fn=2)
    assert c.precision == pytest.approx(0.75) and c.recall == pytest.approx(0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 0.0


def test_expected_calibration_error() -> None:
    assert expected_calibration_error([0.9] * 10, [True] * 9 + [False]) == pytest.approx(0.0)
    assert expected_calibration_error([1.0, 1.0], [False, False]) == pytest.approx(1.0)
    assert expected_calibration_error([], []) == 0.0


def test_normalise_name() -> None:
    assert normalise_name("The Mock Turtle") == normalise_name("mock turtle")
    assert normalise_name("Mr. Darcy") == normalise_name("Mr Darcy")


def _write_novel(folder: Path, speakers: tuple[str, str]) -> None:
    folder.mkdir()
    (folder / "novel_text.txt").write_text(TEXT, encoding="utf-8")
    with open(folder / "character_info.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Character ID", "Main Name", "Aliases", "Gender", "Category"])
        w.writerow([0, "Anna Price", "{'Anna', 'Anna Price'}", "F", "major"])
        w.writerow([1, "Tom Hale", "{'Tom', 'Tom Hale'}", "M", "major"])
    spans = []
    for words in ("Are you coming?", "No,"):
        start = TEXT.index(words)
        spans.append([[start, start + len(words)]])
    with open(folder / "quotation_info.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["quoteID", "quoteByteSpans", "speaker", "addressees", "quoteType"])
        w.writerow(["Q0", str(spans[0]), speakers[0], "['Tom']", "Explicit"])
        w.writerow(["Q1", str(spans[1]), speakers[1], "['Anna Price']", "Explicit"])


def test_score_novel_counts_right_and_wrong_speakers(tmp_path: Path, pipeline) -> None:
    _write_novel(tmp_path / "right", ("Anna Price", "Tom"))
    _write_novel(tmp_path / "wrong", ("Tom Hale", "Anna"))
    right = score_novel(tmp_path / "right", pipeline).figures()
    wrong = score_novel(tmp_path / "wrong", pipeline).figures()
    assert right["det_f1"] == 1.0 and right["quotes"] == 2
    assert right["speaker_acc"] == 1.0 and right["explicit_acc"] == 1.0
    assert right["addressee_f1"] == 1.0
    assert right["cast_found"] == 1.0 and right["cast_merged"] == 0.0
    assert wrong["speaker_acc"] == 0.0


def test_evaluate_pdnc_on_shared_data(shared_data) -> None:
    from click.testing import CliRunner

    from fabula.cli import main

    root = shared_data("pdnc")
    result = CliRunner().invoke(main, ["evaluate", "pdnc", str(root), "--novels", "DaisyMiller"])
    assert result.exit_code == 0, result.output
    assert "DaisyMiller" in result.output and "overall" in result.output
