"""Stages and the pipeline that runs them in a named order.

A stage is any callable ``stage(story) -> None`` that fills part of the :class:`Story`.
Stages register under a name with :func:`register`; a :class:`Pipeline` is an ordered list
of stage names, so users can drop or replace one (``Pipeline(exclude=["emotion"])``) the way
spaCy lets them disable components. Each stage lives in its own module under
:mod:`fabula.stages` and can be run and tested alone.
"""

from __future__ import annotations

import importlib
import os
import time
from pathlib import Path
from typing import Callable, Iterable, Protocol

from .errors import FabulaError
from .model import Story


class Stage(Protocol):
    name: str

    def __call__(self, story: Story) -> None: ...


StageFactory = Callable[..., Stage]

_REGISTRY: dict[str, StageFactory] = {}

#: The default order. Each name's module is imported on first use.
DEFAULT_STAGES: tuple[str, ...] = (
    "segment",
    "parse",
    "quotes",
    "mentions",
    "characters",
    "coref",
    "speakers",
    "callnames",
    "addressees",
    "scenes",
    "emotion",
)

#: Where each stage's factory lives, so importing fabula stays cheap.
_STAGE_MODULES: dict[str, str] = {name: f"fabula.stages.{name}" for name in DEFAULT_STAGES}


def register(name: str) -> Callable[[StageFactory], StageFactory]:
    """Class/function decorator: make ``factory()`` available as stage ``name``."""

    def decorator(factory: StageFactory) -> StageFactory:
        _REGISTRY[name] = factory
        return factory

    return decorator


def stage(name: str) -> Callable[[Callable[[Story], None]], Callable[[Story], None]]:
    """Function decorator: register a stateless ``fn(story)`` as stage ``name``."""

    def decorator(fn: Callable[[Story], None]) -> Callable[[Story], None]:
        fn.name = name  # type: ignore[attr-defined]
        _REGISTRY[name] = lambda: fn  # type: ignore[assignment,return-value]
        return fn

    return decorator


def get_stage(name: str, **config: object) -> Stage:
    """Build stage ``name``; ``config`` goes to its factory (e.g. ``n_process`` for parse)."""
    if name not in _REGISTRY:
        module = _STAGE_MODULES.get(name)
        if module is None:
            raise FabulaError(f"unknown stage {name!r}; known stages: {', '.join(DEFAULT_STAGES)}")
        importlib.import_module(module)
    return _REGISTRY[name](**config)


ProgressCallback = Callable[[str, int, int], None]


class Pipeline:
    """An ordered list of stages. Build one, then call it on many texts.

    Stages are created once (the spaCy model loads once per pipeline), so a corpus run or
    a distributed worker should build one ``Pipeline`` and reuse it.
    """

    def __init__(
        self,
        stages: Iterable[str] = DEFAULT_STAGES,
        exclude: Iterable[str] = (),
        config: dict[str, dict[str, object]] | None = None,
    ) -> None:
        excluded = set(exclude)
        config = config or {}
        self.names: list[str] = [n for n in stages if n not in excluded]
        self.stages: list[Stage] = [get_stage(n, **config.get(n, {})) for n in self.names]

    def replaced(self, name: str, **config: object) -> "Pipeline":
        """A copy of this pipeline with stage ``name`` rebuilt from ``config``; the other
        stages are shared, not rebuilt (like swapping one spaCy component)."""
        if name not in self.names:
            raise FabulaError(f"stage {name!r} is not in this pipeline ({', '.join(self.names)})")
        copy = Pipeline(stages=())
        copy.names = list(self.names)
        copy.stages = [get_stage(n, **config) if n == name else s for n, s in zip(self.names, self.stages)]
        return copy

    def __call__(self, story: Story, progress: ProgressCallback | None = None) -> Story:
        total = len(self.stages)
        for i, (name, stage) in enumerate(zip(self.names, self.stages)):
            if progress is not None:
                progress(name, i, total)
            t0 = time.perf_counter()
            stage(story)
            story.timings[name] = time.perf_counter() - t0
        if progress is not None:
            progress("done", total, total)
        return story

    def analyze(self, source: "str | Path", progress: ProgressCallback | None = None) -> Story:
        """Read ``source`` (a path, ``"-"`` for stdin, or the text itself) and analyse it."""
        from .readers import load_story

        return self(load_story(source), progress=progress)


_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The shared default pipeline, built on first use.

    It parses long texts on two cores when the machine has them (1.6x faster on a 160k-word
    novel, see benchmarks/); corpus runs build their own one-process pipelines instead.
    """
    global _default
    if _default is None:
        _default = Pipeline(config={"parse": {"n_process": min(2, os.cpu_count() or 1)}})
    return _default


def analyze(source: "str | Path", pipeline: Pipeline | None = None) -> Story:
    """Analyse a story: ``source`` is a path, ``"-"`` for standard input, or the text itself."""
    return (pipeline or default_pipeline()).analyze(source)
