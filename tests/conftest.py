"""Shared fixtures: one spaCy model and one pipeline for the whole test session.

Loading spaCy takes a second or two; building it once keeps the suite fast on CI's 2 cores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from fabula.model import Story
from fabula.pipeline import Pipeline

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def nlp():
    from fabula.stages.parse import load_model

    return load_model()


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """The full default pipeline."""
    return Pipeline()


@pytest.fixture(scope="session")
def run_stages() -> Callable[..., Story]:
    """``run_stages(text, *names)``: a Story from ``text`` run through the named stages only."""
    cache: dict[tuple[str, ...], Pipeline] = {}

    def run(text: str, *names: str) -> Story:
        if names not in cache:
            cache[names] = Pipeline(stages=names)
        return cache[names](Story(text=text))

    return run


@pytest.fixture(scope="session")
def sample_story(pipeline: Pipeline) -> Story:
    """The bundled sample story, fully analysed."""
    from fabula.cli import sample_path

    return pipeline.analyze(sample_path())


@pytest.fixture(scope="session")
def shared_data() -> Callable[..., Path]:
    """``shared_data("pdnc", "data")``: a path under ../shared/data, or skip with a clear reason."""

    def find(*parts: str) -> Path:
        path = SHARED_DATA.joinpath(*parts)
        if not path.exists():
            pytest.skip(f"{path} not found (the shared evaluation data is absent); skipping")
        return path

    return find
