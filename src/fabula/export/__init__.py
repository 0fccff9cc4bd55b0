"""Exporters: each writes files for one output format and only reads the Story.

``EXPORTERS`` maps a format name to the dotted path of a ``write(story, out_dir, stem)``
function returning the paths it wrote; modules are imported on use, so ``fabula`` starts fast
and a format's dependencies load only when asked for.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from ..model import Story

Writer = Callable[[Story, Path, str], list[Path]]

EXPORTERS: dict[str, str] = {
    "json": "fabula.export.json:write_json",
    "tsv": "fabula.export.booknlp:write_booknlp",
    "html": "fabula.export.html:write_html",
    "script": "fabula.export.script:write_script",
}


def get_writer(fmt: str) -> Writer:
    module, _, func = EXPORTERS[fmt].partition(":")
    return getattr(importlib.import_module(module), func)


def export(story: Story, out_dir: Path, stem: str, formats: list[str]) -> list[Path]:
    """Write ``story`` in each of ``formats``; every file is written atomically."""
    written: list[Path] = []
    for fmt in formats:
        written.extend(get_writer(fmt)(story, out_dir, stem))
    return written
