"""Readers: turn a path, standard input or a string into the text fabula analyses.

``load_story(source)`` is the one entry point the pipeline uses. The format is chosen by
file extension, else by sniffing the content (zip magic for EPUB, ``<html`` for web pages),
so standard input and oddly named files work too. Every format ends with the same steps:
newlines normalised to LF and any Project Gutenberg licence removed, so offsets always refer
to the text in ``Story.text``.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from ..errors import InputError
from ..model import Story
from .epub import read_epub
from .gutenberg import strip_gutenberg
from .html import read_html
from .source import Source
from .text import decode, normalise_newlines

__all__ = ["Source", "decode", "read_source", "load_story", "read_bytes", "read_text"]

_EPUB_SUFFIXES = {".epub"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_STORY_SUFFIXES = {".txt"} | _EPUB_SUFFIXES | _HTML_SUFFIXES
_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html)", re.IGNORECASE | re.DOTALL)


def _is_epub(data: bytes) -> bool:
    """Zip magic plus the EPUB mimetype entry (a plain zip is refused as binary)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return archive.read("mimetype").strip() == b"application/epub+zip"
            return "META-INF/container.xml" in names
    except (zipfile.BadZipFile, OSError, KeyError):
        return True  # a damaged EPUB: let the EPUB reader explain


def _finish(source: Source) -> Source:
    """Steps shared by every format: LF newlines, Gutenberg licence removed, non-empty text."""
    source.text = normalise_newlines(source.text)
    strip_gutenberg(source)
    if not source.text.strip():
        raise InputError("the input holds no story text")
    return source


def read_text(text: str, *, encoding: str | None = None, path: str | None = None, title: str = "") -> Source:
    """Read already-decoded text: HTML if it starts like a web page, else plain prose."""
    if _HTML_START.match(text[:4096]):
        source = read_html(text, encoding=encoding, path=path)
        source.title = source.title or title
    else:
        source = Source(text=text, title=title, encoding=encoding, path=path)
    return _finish(source)


def read_bytes(data: bytes, *, suffix: str = "", path: str | None = None, title: str = "") -> Source:
    """Read raw bytes, choosing the format by ``suffix`` or, failing that, by content."""
    suffix = suffix.lower()
    if suffix in _EPUB_SUFFIXES or (suffix not in _HTML_SUFFIXES and _is_epub(data)):
        source = read_epub(data, path=path)
        source.title = source.title or title
        return _finish(source)
    text, encoding = decode(data)
    if suffix in _HTML_SUFFIXES:
        source = read_html(text, encoding=encoding, path=path)
        source.title = source.title or title
        return _finish(source)
    return read_text(text, encoding=encoding, path=path, title=title)


def read_path(path: Path) -> Source:
    """Read a story file; missing paths and directories are explained, not raised."""
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory; give a story file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path} cannot be read ({error.strerror or error})") from None
    return read_bytes(data, suffix=path.suffix, path=str(path), title=path.stem)


def _looks_like_path(source: str) -> bool:
    return "\n" not in source and len(source) < 1024 and (
        "/" in source or "\\" in source or Path(source).suffix.lower() in _STORY_SUFFIXES
    )


def _exists(source: str) -> bool:
    try:
        return len(source) < 4096 and Path(source).exists()
    except (OSError, ValueError):  # names too long or holding NUL are story text, not paths
        return False


def read_source(source: "str | Path") -> Source:
    """Read a story from a path, ``"-"`` (standard input) or a string holding the text."""
    if isinstance(source, Path):
        return read_path(source)
    if source == "-":
        return read_bytes(sys.stdin.buffer.read(), title="stdin")
    if _looks_like_path(source) or _exists(source):
        return read_path(Path(source))
    if not source.strip():
        raise InputError("the input is empty")
    return read_text(source)


def load_story(source: "str | Path") -> Story:
    """Read ``source`` into a fresh :class:`Story`."""
    src = read_source(source)
    return Story(
        text=src.text,
        title=src.title,
        source={"format": src.format, "encoding": src.encoding, "path": src.path, "notes": src.notes},
    )
