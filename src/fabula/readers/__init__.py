"""Readers: turn a path, standard input or a string into the text fabula analyses.

``load_story(source)`` is the one entry point the pipeline uses. Format-specific readers
(plain text, Project Gutenberg, EPUB, HTML) each return a :class:`Source`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Story


@dataclass
class Source:
    """Decoded story text plus what we learned reading it."""

    text: str
    title: str = ""
    format: str = "text"
    encoding: str | None = None
    path: str | None = None
    notes: list[str] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding; refuse binary data."""
    if not data.strip():
        raise InputError("the input is empty")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    if b"\x00" in data[:4096]:
        raise InputError("the input looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("the input's text encoding could not be detected; save it as UTF-8")
    return str(best), best.encoding


def read_path(path: Path) -> Source:
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory; give a story file")
    text, encoding = decode(path.read_bytes())
    return Source(text=text, title=path.stem, encoding=encoding, path=str(path))


def _looks_like_path(source: str) -> bool:
    return "\n" not in source and len(source) < 1024 and (
        "/" in source or "\\\\" in source or Path(source).suffix.lower() in {".txt", ".epub", ".html", ".htm", ".xhtml"}
    )


def read_source(source: "str | Path") -> Source:
    """Read a story from a path, ``"-"`` (standard input) or a string holding the text."""
    if isinstance(source, Path):
        return read_path(source)
    if source == "-":
        text, encoding = decode(sys.stdin.buffer.read())
        return Source(text=text, title="stdin", encoding=encoding)
    if _looks_like_path(source) or Path(source).exists():
        return read_path(Path(source))
    if not source.strip():
        raise InputError("the input is empty")
    return Source(text=source)


def load_story(source: "str | Path") -> Story:
    """Read ``source`` into a fresh :class:`Story`."""
    src = read_source(source)
    return Story(
        text=src.text,
        title=src.title,
        source={"format": src.format, "encoding": src.encoding, "path": src.path, "notes": src.notes},
    )
