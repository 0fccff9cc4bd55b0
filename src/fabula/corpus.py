"""Corpus mode: analyse a folder of stories in parallel, resumably, and summarise the corpus.

Each book is one unit of work: read, analyse, write every output atomically, and last write a
small ``<stem>.summary.json``. That summary is the book's "done" marker: ``--resume`` skips a
book whose summary lists all requested outputs, and the corpus table (``corpus.csv``) is rebuilt
from the summaries on disk, never from in-memory results, so a rerun, a retried task or a
killed run can neither lose a finished book nor count one twice.

Books run in worker processes (``ProcessPoolExecutor``, one :class:`~fabula.pipeline.Pipeline`
per worker, built by the initializer) or on a Dask cluster (:mod:`fabula.distributed`). A book
whose worker dies (a crash, the out-of-memory killer) is retried once on its own, so the crash
is pinned on the right book; the books that were running beside it lose nothing.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .errors import FabulaError, InputError
from .fileio import atomic_open
from .model import Story
from .pipeline import DEFAULT_STAGES, Pipeline

#: File types corpus mode treats as stories.
BOOK_SUFFIXES = (".txt", ".epub", ".html", ".htm")
SUMMARY_SUFFIX = ".summary.json"
FAILURES_FILE = "failures.tsv"
TABLE_FILE = "corpus.csv"
#: Reason recorded for a book whose worker process died twice while analysing it.
WORKER_DIED = "the worker process died while analysing it (a crash or out of memory)"


@dataclass(frozen=True)
class PipelineSpec:
    """How to build a :class:`Pipeline` inside another process (it must pickle).

    ``imports`` names modules to import first, so stages registered outside fabula (a
    plugin, a test's fake stage) exist in a fresh worker process too.
    """

    stages: tuple[str, ...] = DEFAULT_STAGES
    exclude: tuple[str, ...] = ()
    config: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    imports: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        stages: Iterable[str] = DEFAULT_STAGES,
        exclude: Iterable[str] = (),
        config: dict[str, dict[str, Any]] | None = None,
        imports: Iterable[str] = (),
    ) -> "PipelineSpec":
        """Build a spec with the same arguments as :class:`Pipeline` (config as a dict)."""
        frozen = tuple(sorted((k, tuple(sorted(v.items()))) for k, v in (config or {}).items()))
        return cls(tuple(stages), tuple(exclude), frozen, tuple(imports))

    def build(self) -> Pipeline:
        for module in self.imports:
            importlib.import_module(module)
        config = {name: dict(items) for name, items in self.config}
        return Pipeline(stages=self.stages, exclude=self.exclude, config=config)


_PIPELINES: dict[PipelineSpec, Pipeline] = {}


def cached_pipeline(spec: PipelineSpec) -> Pipeline:
    """The pipeline for ``spec`` in this process, built on first use.

    Worker processes analyse many books; loading spaCy once per process instead of once per
    book is most of what makes corpus runs fast.
    """
    if spec not in _PIPELINES:
        _PIPELINES[spec] = spec.build()
    return _PIPELINES[spec]


@dataclass(frozen=True)
class Book:
    """One story file of a corpus run and where its results go.

    ``id`` is the file's path relative to the folder given, without its suffix (``"austen/emma"``);
    outputs mirror that layout under the output folder, so same-named files in different
    sub-folders do not collide.
    """

    path: Path
    id: str

    def out_dir(self, root: Path) -> Path:
        return root.joinpath(*self.id.split("/")[:-1])

    @property
    def stem(self) -> str:
        return self.id.rsplit("/", 1)[-1]

    def summary_path(self, root: Path) -> Path:
        return self.out_dir(root) / f"{self.stem}{SUMMARY_SUFFIX}"


@dataclass
class Outcome:
    """What happened to one book: analysed (``ok``), skipped by ``--resume``, or failed."""

    book: str
    ok: bool
    reason: str = ""
    seconds: float = 0.0
    skipped: bool = False


def find_books(paths: Sequence[Path], out_root: Path | None = None) -> list[Book]:
    """Every story file named or found (recursively) in ``paths``, in a stable order.

    Hidden files and anything inside ``out_root`` are ignored, so an output folder placed
    inside the corpus folder is never read back as stories.
    """
    out_resolved = out_root.resolve() if out_root is not None else None
    found: list[tuple[Path, str]] = []
    for given in paths:
        if str(given) == "-":
            raise InputError("standard input cannot be part of a corpus run; give files or folders")
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                rel = path.relative_to(given)
                if (
                    path.is_file()
                    and path.suffix.lower() in BOOK_SUFFIXES
                    and not any(part.startswith(".") for part in rel.parts)
                    and not (out_resolved and path.resolve().is_relative_to(out_resolved))
                ):
                    found.append((path, rel.with_suffix("").as_posix()))
        elif given.is_file():
            found.append((given, given.stem))
        else:
            raise InputError(f"no such file or folder: {given}")
    if not found:
        raise InputError(f"no story files ({', '.join(BOOK_SUFFIXES)}) found in {', '.join(map(str, paths))}")
    counts: dict[str, int] = {}
    for _, book_id in found:
        counts[book_id] = counts.get(book_id, 0) + 1
    # book.txt and book.epub side by side: keep the suffix in the name so both are written.
    return [Book(path, book_id if counts[book_id] == 1 else f"{book_id}{path.suffix}") for path, book_id in found]


def summary_row(story: Story) -> dict[str, Any]:
    """One row of the corpus table: size, cast, how much is dialogue and who speaks it.

    ``dialogue_share`` is quoted characters over all characters of the text; the gender
    shares are over speeches whose speaker is known, by the speaker's pronouns.
    """
    spoken = [q for q in story.quotes if q.spoken]
    quoted_chars = sum(e - s for q in spoken for s, e in q.spans)
    genders: dict[str, int] = {"he": 0, "she": 0, "they": 0}
    attributed = 0
    for q in spoken:
        speaker = story.character(q.speaker)
        if speaker is not None:
            attributed += 1
            if speaker.gender in genders:
                genders[speaker.gender] += 1
    return {
        "title": story.title,
        "words": story.word_count,
        "characters": len(story.characters),
        "quotations": len(spoken),
        "attributed": attributed,
        "dialogue_share": round(quoted_chars / len(story.text), 4) if story.text else 0.0,
        **{f"{g}_share": round(n / attributed, 4) if attributed else None for g, n in genders.items()},
    }


def one_line(exc: BaseException) -> str:
    """A failure reason fit for one TSV cell: fabula's own message, else the exception named."""
    text = str(exc) if isinstance(exc, FabulaError) else f"{type(exc).__name__}: {exc}"
    return " ".join(text.split()) or type(exc).__name__


def run_book(book: Book, out_root: Path, formats: Sequence[str], spec: PipelineSpec) -> Outcome:
    """Analyse one book and write its outputs, then its summary (the done marker).

    Errors become a failed :class:`Outcome` rather than an exception, so one bad book never
    stops a corpus; only the death of the process itself escapes (the scheduler retries it).
    """
    from .export import export
    from .readers import load_story

    t0 = time.perf_counter()
    try:
        story = cached_pipeline(spec)(load_story(book.path))
        out_dir = book.out_dir(out_root)
        written = export(story, out_dir, book.stem, list(formats))
        seconds = time.perf_counter() - t0
        summary = {
            "book": book.id,
            "source": str(book.path),
            "formats": sorted(formats),
            "outputs": [p.name for p in written],
            "seconds": round(seconds, 3),
            "timings": {k: round(v, 4) for k, v in story.timings.items()},
            "row": summary_row(story),
        }
        with atomic_open(book.summary_path(out_root)) as fh:
            json.dump(summary, fh, indent=1)
        return Outcome(book.id, ok=True, seconds=seconds)
    except Exception as exc:  # noqa: BLE001 - one book's failure is reported, not fatal
        return Outcome(book.id, ok=False, reason=one_line(exc), seconds=time.perf_counter() - t0)


def read_summary(book: Book, out_root: Path) -> dict[str, Any] | None:
    """The book's summary if it finished (and its outputs are all still there), else None."""
    path = book.summary_path(out_root)
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    out_dir = book.out_dir(out_root)
    if not all((out_dir / name).exists() for name in summary.get("outputs", [])):
        return None
    return summary


def is_done(book: Book, out_root: Path, formats: Sequence[str]) -> bool:
    """True when an earlier run wrote every requested format for ``book``."""
    summary = read_summary(book, out_root)
    return summary is not None and set(formats) <= set(summary.get("formats", []))


def corpus_table(books: Sequence[Book], out_root: Path) -> "Any":
    """The corpus summary as a DataFrame: one row per finished book, from the summaries."""
    import pandas as pd

    rows = []
    for book in books:
        summary = read_summary(book, out_root)
        if summary is not None:
            rows.append({"book": book.id, **summary["row"], "seconds": summary.get("seconds")})
    table = pd.DataFrame(rows)
    # Shares are empty (None) for books without attributed speech: keep the columns numeric.
    shares = [c for c in table.columns if c.endswith("_share")]
    return table.astype({c: "float64" for c in shares})


def write_table(books: Sequence[Book], out_root: Path) -> list[Path]:
    """Write ``corpus.csv`` (and ``corpus.parquet`` when pyarrow is installed) atomically."""
    table = corpus_table(books, out_root)
    csv_path = out_root / TABLE_FILE
    with atomic_open(csv_path, newline="") as fh:
        table.to_csv(fh, index=False)
    written = [csv_path]
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return written
    parquet = out_root / "corpus.parquet"
    tmp = parquet.with_name(f".{parquet.name}.{os.getpid()}.tmp")
    table.to_parquet(tmp, index=False)
    tmp.replace(parquet)
    return written + [parquet]


def write_failures(failures: Sequence[Outcome], out_root: Path) -> Path | None:
    """Write ``failures.tsv`` (book, reason); remove a stale one when nothing failed."""
    path = out_root / FAILURES_FILE
    if not failures:
        path.unlink(missing_ok=True)
        return None
    with atomic_open(path, newline="") as fh:
        fh.write("book\treason\n")
        for f in failures:
            fh.write(f"{f.book}\t{f.reason}\n")
    return path


def remove_stale_temporaries(out_root: Path) -> None:
    """Delete half-written ``.name.PID.tmp`` files a killed earlier run left behind."""
    for tmp in out_root.rglob(".*.tmp"):
        if tmp.is_file() and tmp.name.rsplit(".", 2)[-2].isdigit():
            tmp.unlink(missing_ok=True)


OnDone = Callable[[Outcome], None]


def _warm(spec: PipelineSpec) -> None:
    """Pool initializer: build the worker's pipeline before its first book.

    A failure here (say, the model is missing) is left for ``run_book`` to meet again and
    report per book, instead of breaking the pool with no explanation.
    """
    try:
        cached_pipeline(spec)
    except Exception:  # noqa: BLE001 - reported by run_book with the real message
        pass


def _pool_context() -> multiprocessing.context.BaseContext:
    """forkserver where available: workers start from a clean process, not a threaded parent."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def run_pool(
    books: Sequence[Book],
    out_root: Path,
    formats: Sequence[str],
    spec: PipelineSpec,
    jobs: int,
    on_done: OnDone,
) -> None:
    """Analyse ``books`` in ``jobs`` worker processes, calling ``on_done`` as each finishes.

    When a worker dies the pool is rebuilt. The books that were running get one retry each,
    alone, so the book that kills its worker twice is the one reported, not its neighbours.
    """
    pending: deque[Book] = deque(books)
    suspects: set[str] = set()
    workers = max(1, min(jobs, len(books)))
    while pending:
        running: dict[Future[Outcome], Book] = {}
        pool = ProcessPoolExecutor(workers, mp_context=_pool_context(), initializer=_warm, initargs=(spec,))
        try:
            broken = False
            while (pending or running) and not broken:
                while pending and len(running) < workers:
                    solo = pending[0].id in suspects or any(b.id in suspects for b in running.values())
                    if solo and running:
                        break
                    book = pending.popleft()
                    running[pool.submit(run_book, book, out_root, formats, spec)] = book
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    book = running.pop(future)
                    try:
                        on_done(future.result())
                    except BrokenProcessPool:
                        broken = True
                        if book.id in suspects:
                            on_done(Outcome(book.id, ok=False, reason=WORKER_DIED))
                        else:
                            suspects.add(book.id)
                            pending.appendleft(book)
            # The pool is unusable once broken: every book still running goes back in the queue.
            for book in running.values():
                suspects.add(book.id)
                pending.appendleft(book)
        finally:
            pool.shutdown(wait=not running, cancel_futures=True)


@dataclass
class CorpusReport:
    """The result of a corpus run, for the CLI's closing lines."""

    books: int
    analysed: int = 0
    skipped: int = 0
    failures: list[Outcome] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def describe(self) -> str:
        parts = [f"{self.analysed} analysed"]
        if self.skipped:
            parts.append(f"{self.skipped} already done")
        if self.failures:
            parts.append(f"{len(self.failures)} failed")
        files = ", ".join(str(p) for p in self.written)
        return f"{self.books} books: {', '.join(parts)} in {self.seconds:.1f} s; wrote {files}"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "written": [str(p) for p in self.written]}


def analyze_corpus(
    paths: Sequence[Path],
    out_root: Path,
    formats: Sequence[str] = ("json",),
    jobs: int = 1,
    resume: bool = False,
    dask: str | None = None,
    spec: PipelineSpec = PipelineSpec(),
    progress: bool = True,
) -> CorpusReport:
    """Analyse every story in ``paths`` into ``out_root``; see the module docstring.

    ``jobs`` is the number of worker processes (1 runs in this process); ``dask`` is a
    scheduler address or ``"local"`` for a LocalCluster of ``jobs`` workers.
    """
    from tqdm import tqdm

    if jobs < 1:
        raise InputError("--jobs must be 1 or more")
    t0 = time.perf_counter()
    out_root.mkdir(parents=True, exist_ok=True)
    books = find_books(paths, out_root)
    remove_stale_temporaries(out_root)
    report = CorpusReport(books=len(books))
    todo = [b for b in books if not (resume and is_done(b, out_root, formats))]
    report.skipped = len(books) - len(todo)
    bar = tqdm(total=len(books), initial=report.skipped, desc="books", unit="book", disable=None if progress else True)

    def on_done(outcome: Outcome) -> None:
        bar.update(1)
        if outcome.ok:
            report.analysed += 1
        else:
            report.failures.append(outcome)
            write_failures(report.failures, out_root)
            bar.write(f"failed: {outcome.book}: {outcome.reason}")

    try:
        if dask is not None:
            from .distributed import run_dask

            run_dask(todo, out_root, formats, spec, dask, jobs, on_done)
        elif jobs == 1:
            for book in todo:
                on_done(run_book(book, out_root, formats, spec))
        else:
            run_pool(todo, out_root, formats, spec, jobs, on_done)
    finally:
        bar.close()
        # A worker killed mid-write (a crash, a broken pool) leaves its temporary behind.
        remove_stale_temporaries(out_root)
        # Also on Ctrl-C: the table and failure list cover every book finished so far.
        report.written = write_table(books, out_root)
        failures_file = write_failures(report.failures, out_root)
        if failures_file is not None:
            report.written.append(failures_file)
        report.seconds = time.perf_counter() - t0
    return report
