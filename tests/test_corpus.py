"""Corpus mode: parallel books, resumable runs, failures kept apart, a worker dying mid-run.

Most tests run a tiny pipeline (``segment`` plus fake stages registered here) so they test the
scheduling and the files, not the NLP, and stay fast. Worker processes start fresh, so the
pipeline spec names this module in ``imports`` to register the fake stages there too.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from fabula.cli import main
from fabula.corpus import (
    WORKER_DIED,
    PipelineSpec,
    analyze_corpus,
    find_books,
    summary_row,
)
from fabula.model import Character, Quote, Story
from fabula.pipeline import register

CRASH_WORD = "KABOOM"
FAIL_WORD = "UNREADABLE"
STOP_WORD = "CTRL-C"


@register("corpus_test_fault")
class FaultStage:
    """Misbehaves on marked books: raises, interrupts, or kills its own process.

    With ``marker`` set, the crash happens only the first time (the marker file remembers it
    across processes), like a worker lost to a transient out-of-memory kill.
    """

    name = "corpus_test_fault"

    def __init__(self, marker: str | None = None) -> None:
        self.marker = Path(marker) if marker else None

    def __call__(self, story: Story) -> None:
        if FAIL_WORD in story.text:
            raise ValueError("cannot make sense\nof this book")
        if STOP_WORD in story.text:
            raise KeyboardInterrupt
        if CRASH_WORD in story.text:
            if self.marker is None or not self.marker.exists():
                if self.marker is not None:
                    self.marker.touch()
                os._exit(3)


def _spec(marker: Path | None = None) -> PipelineSpec:
    config = {"corpus_test_fault": {"marker": str(marker)}} if marker else None
    return PipelineSpec.of(stages=["segment", "corpus_test_fault"], config=config, imports=[__name__])


def _corpus(root: Path, special: dict[str, str] | None = None, n: int = 4) -> Path:
    """``n`` small stories named book0..; ``special`` maps a name to a marked story's text."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"book{i}.txt").write_text(f'"Good morning," said Ann {i}.\n\nTom waved.\n', encoding="utf-8")
    for name, text in (special or {}).items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _outputs(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


def _table(out: Path) -> list[dict[str, str]]:
    with (out / "corpus.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _failures(out: Path) -> dict[str, str]:
    path = out / "failures.tsv"
    if not path.exists():
        return {}
    rows = path.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "book\treason"
    return dict(row.split("\t") for row in rows[1:])


def _assert_complete(out: Path, books: list[str]) -> None:
    """Each book has exactly its JSON and summary, no temporary files, one table row each."""
    files = _outputs(out)
    assert not [f for f in files if f.endswith(".tmp")]
    for book in books:
        assert files.count(f"{book}.json") == 1 and files.count(f"{book}.summary.json") == 1
        assert json.loads((out / f"{book}.json").read_text(encoding="utf-8"))["schema"] == "fabula/1"
    assert sorted(r["book"] for r in _table(out)) == sorted(books)


# ---- finding books --------------------------------------------------------------------------


def test_find_books_walks_folders_and_skips_outputs(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    for name in ("a.txt", "sub/b.epub", "sub/c.HTML", "d.htm", "notes.md", ".hidden/e.txt", "out/old.html"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    books = find_books([root], out_root=root / "out")
    assert [b.id for b in books] == ["a", "d", "sub/b", "sub/c"]
    assert books[2].out_dir(tmp_path / "o") == tmp_path / "o" / "sub" and books[2].stem == "b"


def test_same_name_different_format_are_both_kept(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "c", {"book0.html": "<p>Hi.</p>"}, n=1)
    assert sorted(b.id for b in find_books([root])) == ["book0.html", "book0.txt"]


def test_a_folder_without_stories_is_a_clear_error(tmp_path: Path) -> None:
    from fabula.errors import InputError

    (tmp_path / "readme.md").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="no story files"):
        find_books([tmp_path])


# ---- the summary row --------------------------------------------------------------------------


def test_summary_row_counts_dialogue_and_speakers_by_gender() -> None:
    text = '"Come in," she said. "Thank you," he said. "Sit," she said. Silence. "Hm."'
    spans = [(1, 8), (22, 31), (43, 47)]
    story = Story(
        text=text,
        characters=[Character(0, "Ann", gender="she"), Character(1, "Tom", gender="he")],
        quotes=[
            Quote(0, [spans[0]], 0, speaker=0),
            Quote(1, [spans[1]], 0, speaker=1),
            Quote(2, [spans[2]], 0, speaker=0),
            Quote(3, [(text.index("Hm"), text.index("Hm") + 3)], 0),  # nobody known says it
            Quote(4, [(60, 67)], 0, spoken=False, speaker=1),  # not speech: ignored
        ],
    )
    row = summary_row(story)
    assert row["characters"] == 2 and row["quotations"] == 4 and row["attributed"] == 3
    quoted = sum(e - s for s, e in spans) + 3
    assert row["dialogue_share"] == round(quoted / len(text), 4)
    assert row["she_share"] == round(2 / 3, 4) and row["he_share"] == round(1 / 3, 4)
    assert row["they_share"] == 0


def test_summary_row_of_a_story_without_speech() -> None:
    row = summary_row(Story(text="Rain fell."))
    assert row["quotations"] == 0 and row["dialogue_share"] == 0 and row["he_share"] is None


# ---- local process pool -------------------------------------------------------------------------


def test_parallel_run_keeps_failures_apart_and_resume_retries_only_them(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", {"bad.txt": f"This book is {FAIL_WORD}."})
    out = tmp_path / "out"
    report = analyze_corpus([corpus], out, jobs=2, spec=_spec(), progress=False)
    assert (report.books, report.analysed, len(report.failures)) == (5, 4, 1)
    good = [f"book{i}" for i in range(4)]
    _assert_complete(out, good)
    assert _failures(out) == {"bad": "ValueError: cannot make sense of this book"}
    assert not (out / "bad.json").exists()

    finished = {b: (out / f"{b}.summary.json").stat().st_mtime_ns for b in good}
    (corpus / "bad.txt").write_text("This book is fine now.", encoding="utf-8")
    again = analyze_corpus([corpus], out, jobs=2, resume=True, spec=_spec(), progress=False)
    assert (again.analysed, again.skipped, again.failures) == (1, 4, [])
    assert {b: (out / f"{b}.summary.json").stat().st_mtime_ns for b in good} == finished
    _assert_complete(out, good + ["bad"])
    assert not (out / "failures.tsv").exists()


def test_resume_reruns_a_book_missing_a_requested_format(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", n=2)
    out = tmp_path / "out"
    analyze_corpus([corpus], out, formats=["json"], spec=_spec(), progress=False)
    (out / "book1.json").unlink()  # a lost output makes the book unfinished again
    report = analyze_corpus([corpus], out, formats=["json", "script"], resume=True, spec=_spec(), progress=False)
    assert report.analysed == 2 and report.skipped == 0
    assert (out / "book0.script.txt").exists() and (out / "book1.json").exists()
    third = analyze_corpus([corpus], out, formats=["script"], resume=True, spec=_spec(), progress=False)
    assert third.skipped == 2


def test_a_worker_killed_mid_book_loses_nothing(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", {"crash.txt": f"The {CRASH_WORD} came once."}, n=5)
    out = tmp_path / "out"
    marker = tmp_path / "crashed-once"
    report = analyze_corpus([corpus], out, jobs=2, spec=_spec(marker), progress=False)
    assert marker.exists()  # the worker really died
    assert report.failures == [] and report.analysed == 6
    _assert_complete(out, [f"book{i}" for i in range(5)] + ["crash"])


def test_a_book_that_always_kills_its_worker_is_reported_alone(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", {"crash.txt": f"{CRASH_WORD} every time."}, n=3)
    out = tmp_path / "out"
    report = analyze_corpus([corpus], out, jobs=2, spec=_spec(), progress=False)
    assert [f.book for f in report.failures] == ["crash"]
    assert _failures(out) == {"crash": WORKER_DIED}
    _assert_complete(out, [f"book{i}" for i in range(3)])


def test_an_interrupted_run_keeps_finished_books_and_resumes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", {"book2.txt": f"{STOP_WORD} here."}, n=4)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        analyze_corpus([corpus], out, jobs=1, spec=_spec(), progress=False)
    _assert_complete(out, ["book0", "book1"])  # the table is written on the way out too
    (corpus / "book2.txt").write_text("Calm again.", encoding="utf-8")
    report = analyze_corpus([corpus], out, jobs=1, resume=True, spec=_spec(), progress=False)
    assert (report.analysed, report.skipped) == (2, 2)
    _assert_complete(out, [f"book{i}" for i in range(4)])


# ---- Dask ----------------------------------------------------------------------------------------


def test_dask_cluster_survives_a_dying_worker(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed; skipping")
    corpus = _corpus(tmp_path / "corpus", {"crash.txt": f"The {CRASH_WORD} came once."}, n=5)
    out = tmp_path / "out"
    marker = tmp_path / "crashed-once"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        report = analyze_corpus([corpus], out, dask=cluster.scheduler_address, spec=_spec(marker), progress=False)
    assert marker.exists()
    assert report.failures == [] and report.analysed == 6
    _assert_complete(out, [f"book{i}" for i in range(5)] + ["crash"])


# ---- command line --------------------------------------------------------------------------------


def test_cli_analyses_a_folder_with_the_full_pipeline(tmp_path: Path, pipeline) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "visit.txt").write_text(
        '"Is anyone home?" asked Mary.\n\n"Only me," said John. "Come in, Mary."\n\nMary smiled at him.\n',
        encoding="utf-8",
    )
    (corpus / "walk.txt").write_text("The road was long and the wind was cold.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(corpus), "-o", str(out), "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = {r["book"]: r for r in _table(out)}
    assert set(rows) == {"visit", "walk"}
    assert int(rows["visit"]["quotations"]) == 2 and float(rows["visit"]["dialogue_share"]) > 0.2
    assert int(rows["walk"]["quotations"]) == 0
    again = CliRunner().invoke(main, ["analyze", str(corpus), "-o", str(out), "--resume"], catch_exceptions=False)
    assert again.exit_code == 0 and "2 already done" in again.output


def test_cli_corpus_mode_needs_an_output_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["analyze", str(tmp_path), "--jobs", "2"], catch_exceptions=False)
    assert result.exit_code != 0 and "needs -o" in result.output
    assert "Traceback" not in result.output


def test_cli_exit_status_reports_failed_books(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Rain fell on the town.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(tmp_path), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code != 0 and "1 of 2 books failed" in result.output
    assert "empty" in _failures(out)
    assert [r["book"] for r in _table(out)] == ["ok"]



def test_parquet_table_matches_the_csv(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow", reason="pyarrow is not installed; skipping")
    out = tmp_path / "out"
    report = analyze_corpus([_corpus(tmp_path / "corpus", n=3)], out, spec=_spec(), progress=False)
    assert out / "corpus.parquet" in report.written
    pd.testing.assert_frame_equal(pd.read_parquet(out / "corpus.parquet"), pd.read_csv(out / "corpus.csv"))
