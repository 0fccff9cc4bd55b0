"""Run a scoring function over many documents, in this process or in a pool of workers.

Each worker builds one :class:`~fabula.pipeline.Pipeline` (spaCy loads once per process) and
scores whole documents, so the only data crossing processes are paths and small score records.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

from ..pipeline import Pipeline

Item = TypeVar("Item")
Result = TypeVar("Result")

# Stages that do not bear on any evaluation score are skipped to keep evaluation fast.
SKIPPED_STAGES = ("emotion",)

_worker_pipeline: Pipeline | None = None


def evaluation_pipeline() -> Pipeline:
    """The pipeline evaluations run: the default one, minus stages no score depends on."""
    return Pipeline(exclude=SKIPPED_STAGES)


def _start_worker(make_pipeline: Callable[[], Pipeline]) -> None:
    global _worker_pipeline
    _worker_pipeline = make_pipeline()


def _score_in_worker(fn: Callable[[Item, Pipeline], Result], item: Item) -> Result:
    assert _worker_pipeline is not None, "worker started without its pipeline"
    return fn(item, _worker_pipeline)


def run_all(
    fn: Callable[[Item, Pipeline], Result], items: Sequence[Item], jobs: int = 1, desc: str = "",
    make_pipeline: Callable[[], Pipeline] = evaluation_pipeline,
) -> list[Result]:
    """``[fn(item, pipeline) for item in items]`` in order, on ``jobs`` processes, each with
    the pipeline ``make_pipeline()`` builds.

    ``fn`` and ``make_pipeline`` must be module-level functions (they are pickled to the workers).
    """
    from tqdm import tqdm

    bar = tqdm(total=len(items), desc=desc, unit="doc", disable=None, leave=False)
    try:
        if jobs <= 1 or len(items) <= 1:
            pipeline = make_pipeline()
            results = []
            for item in items:
                results.append(fn(item, pipeline))
                bar.update()
            return results
        with ProcessPoolExecutor(max_workers=min(jobs, len(items)), initializer=_start_worker,
                                 initargs=(make_pipeline,)) as pool:
            futures = [pool.submit(_score_in_worker, fn, item) for item in items]
            for future in futures:
                future.result()
                bar.update()
            return [f.result() for f in futures]
    finally:
        bar.close()
