"""EPUB: chapters in spine (reading) order, each XHTML document turned into paragraphs.

Navigation documents (the table of contents) are skipped: their chapter titles would
otherwise open the text as a run of one-line paragraphs.
"""

from __future__ import annotations

import io
import warnings

from ..errors import InputError
from .html import paragraphs, parse
from .source import Source


def read_epub(data: bytes, *, path: str | None = None) -> Source:
    """Read an EPUB file's bytes into a :class:`Source`; a corrupt book is an InputError."""
    import ebooklib
    from ebooklib import epub

    name = path or "the input"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = epub.read_epub(io.BytesIO(data), {"ignore_ncx": True})
    except Exception as error:  # ebooklib raises zip, XML and KeyError failures alike
        raise InputError(f"{name} is not a readable EPUB ({type(error).__name__})") from None
    chapters: list[str] = []
    for idref, *_ in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT or isinstance(item, epub.EpubNav):
            continue
        if "nav" in (getattr(item, "properties", None) or []):
            continue
        soup = parse(item.get_content())
        for tag in soup.find_all(["script", "style", "nav", "head"]):
            tag.decompose()
        text = "\n\n".join(paragraphs(soup))
        if text:
            chapters.append(text)
    if not chapters:
        raise InputError(f"{name} is an EPUB with no readable chapters")
    titles = book.get_metadata("DC", "title")
    title = " ".join(str(titles[0][0]).split()) if titles else ""
    notes = [f"EPUB: {len(chapters)} chapter documents read in spine order"]
    return Source(text="\n\n".join(chapters), title=title, format="epub", path=path, notes=notes)
