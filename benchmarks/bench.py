"""Benchmark: fabula's full analysis on PDNC novels of four sizes, against spaCy's bare parse.

Each novel runs in a fresh Python process (so its peak memory is its own, and nothing is
warm from an earlier novel), with the parse cache switched off. A second fresh process times
spaCy alone parsing the very paragraphs fabula's ``segment`` stage makes, with fabula's model
and tokenizer rules, batch size and number of processes, so the ratio fabula/spaCy shows what
fabula costs on top of the parse.

    python benchmarks/bench.py                    # the four sizes (~20k, 60k, 120k, 160k words)
    python benchmarks/bench.py --n-process 2      # parse with two processes (texts >= 40k words)
    python benchmarks/bench.py --sizes 20000      # only the novel nearest 20k words
    python benchmarks/bench.py --json results.json

PDNC is read from ../shared/data/pdnc/data (or --data); without it the benchmark says so and
exits cleanly.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "pdnc" / "data"
DEFAULT_SIZES = (20_000, 60_000, 120_000, 160_000)
#: A few paragraphs parsed before timing, so neither run pays spaCy's first-call set-up.
WARMUP_PARAGRAPHS = 50


def pick_novels(data: Path, sizes: list[int]) -> list[tuple[str, Path, int]]:
    """For each target size, the PDNC novel whose word count is nearest (no novel twice)."""
    novels = []
    for path in sorted(data.glob("*/novel_text.txt")):
        novels.append((path.parent.name, path, len(path.read_text(encoding="utf-8").split())))
    chosen: list[tuple[str, Path, int]] = []
    for size in sizes:
        left = [n for n in novels if n not in chosen]
        if left:
            chosen.append(min(left, key=lambda n: abs(n[2] - size)))
    return sorted(chosen, key=lambda n: n[2])


def peak_rss_mb() -> float:
    """Peak resident memory of this process and, separately counted, its largest child."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + child) / 1024  # ru_maxrss is in KiB on Linux


def _warm_up(nlp: Any) -> None:
    """Take spaCy past its first-call set-up before anything is timed."""
    for _ in nlp.pipe(["Warm up, said she."] * WARMUP_PARAGRAPHS):
        pass


def time_exports(story: Any) -> dict[str, float]:
    """Seconds to write each output format of ``story`` (to a folder thrown away after)."""
    import tempfile

    from fabula.export import EXPORTERS, get_writer

    seconds = {}
    with tempfile.TemporaryDirectory() as out:
        for fmt in EXPORTERS:
            writer = get_writer(fmt)  # import outside the timing: a format's modules load once
            t0 = time.perf_counter()
            writer(story, Path(out), "bench")
            seconds[fmt] = time.perf_counter() - t0
    return seconds


def measure_fabula(path: Path, n_process: int) -> dict[str, Any]:
    """Child process: fabula's full analysis of ``path`` (model load excluded), then writing
    each output format."""
    from fabula.pipeline import Pipeline

    pipeline = Pipeline(config={"parse": {"n_process": n_process}})
    _warm_up(pipeline.stages[pipeline.names.index("parse")].nlp)
    t0 = time.perf_counter()
    story = pipeline.analyze(path)
    wall = time.perf_counter() - t0
    return {
        "words": story.word_count,
        "wall_s": wall,
        "peak_rss_mb": peak_rss_mb(),
        "timings": story.timings,
        "characters": len(story.characters),
        "quotes": sum(q.spoken for q in story.quotes),
        "exports": time_exports(story),
    }


def measure_spacy(path: Path, n_process: int) -> dict[str, Any]:
    """Child process: spaCy alone on the paragraphs fabula's ``segment`` stage makes of ``path``.

    A process of its own, so neither run finds the other's words already in the vocabulary
    and tokenizer caches.
    """
    from fabula.pipeline import Pipeline, get_stage
    from fabula.stages.parse import PARALLEL_MIN_WORDS

    parser = get_stage("parse", n_process=n_process)  # fabula's model, tokenizer rules, batch size
    _warm_up(parser.nlp)
    story = Pipeline(stages=["segment"]).analyze(path)
    paragraphs = [story.text[p.start : p.end] for p in story.text_paragraphs()]
    # fabula's parser only uses several processes on long texts; mirror its choice.
    n = n_process if story.word_count >= PARALLEL_MIN_WORDS else 1
    t0 = time.perf_counter()
    for _ in parser.nlp.pipe(paragraphs, batch_size=parser.batch_size, n_process=n):
        pass
    return {"spacy_s": time.perf_counter() - t0, "paragraphs": len(paragraphs), "n_process": n}


def run_child(mode: str, path: Path, n_process: int) -> dict[str, Any]:
    """Measure one novel in a fresh interpreter, with the parse cache switched off."""
    env = {k: v for k, v in os.environ.items() if k != "FABULA_PARSE_CACHE"}
    cmd = [sys.executable, __file__, f"--{mode}", str(path), "--n-process", str(n_process)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark of {path} ({mode}) failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def render(results: list[dict[str, Any]]) -> str:
    """Two tables: overall speed and memory, then seconds per stage."""
    head = (
        f"{'novel':<28} {'words':>8} {'proc':>4} {'wall s':>7} {'words/s':>8} {'peak MB':>8} "
        f"{'spaCy s':>8} {'fab/spaCy':>9} {'own s':>6} {'own/spaCy':>9}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        own = sum(v for k, v in r["timings"].items() if k != "parse")
        lines.append(
            f"{r['novel']:<28} {r['words']:>8,} {r['n_process']:>4} {r['wall_s']:>7.1f} "
            f"{r['words'] / r['wall_s']:>8,.0f} {r['peak_rss_mb']:>8,.0f} {r['spacy_s']:>8.1f} "
            f"{r['wall_s'] / r['spacy_s']:>9.2f} {own:>6.2f} {own / r['spacy_s']:>9.2f}"
        )
    stages = list(results[0]["timings"]) if results else []
    lines += ["", "seconds per stage", f"{'novel':<28} " + " ".join(f"{s[:10]:>10}" for s in stages)]
    for r in results:
        lines.append(f"{r['novel']:<28} " + " ".join(f"{r['timings'].get(s, 0):>10.2f}" for s in stages))
    formats = list(results[0]["exports"]) if results else []
    lines += ["", "seconds to write each format", f"{'novel':<28} " + " ".join(f"{f:>10}" for f in formats)]
    for r in results:
        lines.append(f"{r['novel']:<28} " + " ".join(f"{r['exports'].get(f, 0):>10.2f}" for f in formats))
    lines += [
        "",
        "wall s: reading + every stage (model load excluded); spaCy s: nlp.pipe alone on the same",
        "paragraphs; own s: every stage but parse; own/spaCy should stay at or below 0.5.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PDNC's data folder")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="target word counts")
    parser.add_argument("--n-process", type=int, default=1, help="processes for the parse stage (and for spaCy)")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    parser.add_argument("--fabula", type=Path, help=argparse.SUPPRESS)  # child process modes
    parser.add_argument("--spacy", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.fabula is not None:
        print(json.dumps(measure_fabula(args.fabula, args.n_process)))
        return 0
    if args.spacy is not None:
        print(json.dumps(measure_spacy(args.spacy, args.n_process)))
        return 0
    if not args.data.is_dir():
        print(f"PDNC not found at {args.data}; skipping the benchmark (give --data to point at it)")
        return 0
    novels = pick_novels(args.data, args.sizes)
    if not novels:
        print(f"no */novel_text.txt under {args.data}; skipping the benchmark")
        return 0
    results = []
    for name, path, words in novels:
        print(f"{name} ({words:,} words)...", file=sys.stderr, flush=True)
        results.append({"novel": name, **run_child("fabula", path, args.n_process), **run_child("spacy", path, args.n_process)})
    print(render(results))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
