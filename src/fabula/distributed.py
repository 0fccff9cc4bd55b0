"""Dask backend for corpus mode: one task per book on a ``dask.distributed`` cluster.

Each worker builds its pipeline once (a worker plugin warms it at start-up; tasks reuse the
per-process cache of :func:`fabula.corpus.cached_pipeline`). Tasks write through the same
atomic per-book writer as local runs, so when Dask reruns a book after its worker died, the
rerun replaces the files instead of adding new ones. Workers must see the corpus and the output
folder under the same paths (one machine, or a shared file system).
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any, Sequence

from .corpus import Book, OnDone, Outcome, PipelineSpec, cached_pipeline, one_line, run_book
from .errors import FabulaError

INSTALL_HINT = 'the Dask backend needs dask.distributed; install it with `pip install "dask[distributed]"`'

try:
    import distributed
except ImportError as exc:
    raise FabulaError(INSTALL_HINT) from exc

#: How long to wait for a remote scheduler before giving up with a message.
CONNECT_TIMEOUT_S = 20
#: Reason recorded for a book Dask gave up on after it killed several workers.
KILLED_WORKERS = "it killed every worker that tried it (a crash or out of memory)"


class PipelinePlugin(distributed.WorkerPlugin):
    """Loads the pipeline when a worker, or the replacement of a dead one, starts."""

    name = "fabula-pipeline"

    def __init__(self, spec: PipelineSpec) -> None:
        self.spec = spec

    def setup(self, worker: Any) -> None:
        try:
            cached_pipeline(self.spec)
        except Exception:  # noqa: BLE001 - each book's task meets and reports the real error
            pass


def _client(address: str, workers: int, stack: ExitStack) -> "distributed.Client":
    """A client for ``address``, or for a new loopback LocalCluster when it is ``"local"``."""
    if address == "local":
        cluster = stack.enter_context(
            distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address=None,
            )
        )
        return stack.enter_context(distributed.Client(cluster))
    try:
        return stack.enter_context(distributed.Client(address, timeout=CONNECT_TIMEOUT_S))
    except (OSError, TimeoutError) as exc:
        raise FabulaError(f"cannot reach the Dask scheduler at {address}: {one_line(exc)}") from None


def run_dask(
    books: Sequence[Book],
    out_root: Path,
    formats: Sequence[str],
    spec: PipelineSpec,
    address: str,
    workers: int,
    on_done: OnDone,
) -> None:
    """Analyse ``books`` on the Dask cluster at ``address``, calling ``on_done`` per book.

    A worker that dies mid-book makes Dask reschedule the book elsewhere; a book that has
    killed ``distributed.scheduler.allowed-failures`` workers is reported as failed.
    """
    with ExitStack() as stack:
        client = _client(address, workers, stack)
        client.register_plugin(PipelinePlugin(spec))
        out_root = out_root.resolve()
        futures = {
            client.submit(
                run_book, Book(book.path.resolve(), book.id), out_root, list(formats), spec,
                key=f"fabula-book-{i}-{book.id}", pure=False,
            ): book
            for i, book in enumerate(books)
        }
        for future in distributed.as_completed(futures):
            book = futures[future]
            try:
                on_done(future.result())
            except distributed.KilledWorker:
                on_done(Outcome(book.id, ok=False, reason=KILLED_WORKERS))
            except Exception as exc:  # noqa: BLE001 - e.g. the task could not be sent
                on_done(Outcome(book.id, ok=False, reason=one_line(exc)))
