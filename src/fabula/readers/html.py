"""HTML to paragraphs: saved fan-fiction pages (AO3, FanFiction.net) and EPUB chapters.

The story body is found by the archives' own markup (AO3 ``div#workskin``/``div.userstuff``,
FanFiction.net ``div#storytext``), else as the element holding the most ``<p>`` text. Author
notes and summaries are set aside in :attr:`Source.notes` so their names and voices do not
enter the analysis. Output is one paragraph per block, separated by blank lines; headings
stand alone and ``<hr>`` becomes the scene break ``* * *``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from ..errors import InputError
from .source import Source

SCENE_BREAK = "* * *"
#: Page furniture, never story text.
_JUNK = ["script", "style", "nav", "header", "footer", "noscript", "form", "button", "select", "iframe", "svg", "head"]
#: Elements that end the current paragraph.
_BLOCK = {
    "p", "div", "section", "article", "main", "body", "blockquote", "li", "ul", "ol", "dl", "dt", "dd",
    "pre", "table", "tr", "td", "th", "center", "figure", "figcaption", "aside", "address",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: Author notes and summaries on AO3 (web page and download) and similar archives.
_NOTES = "div.notes, div.summary, div.end.notes, div#work_endnotes, div#endnotes, div#afterword, div.preface, div#preface"
#: AO3's screen-reader labels ("Chapter Text", "Notes:").
_LANDMARKS = ".landmark"
_SPACE = re.compile(r"\s+")
_PARAGRAPH_GAP = re.compile(r"\n[ \t]*\n+")


def parse(markup: str | bytes) -> BeautifulSoup:
    """Parse HTML or XHTML with lxml, forgiving the malformed markup saved pages contain."""
    return BeautifulSoup(markup, "lxml")


def paragraphs(root: Tag) -> list[str]:
    """Text paragraphs of ``root`` in document order (headings and breaks included)."""
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        for block in _PARAGRAPH_GAP.split("".join(buffer)):
            lines = [" ".join(line.split()) for line in block.split("\n")]
            text = "\n".join(line for line in lines if line)
            if text:
                out.append(text)
        buffer.clear()

    for kind, node in _walk(root):
        if kind == "text":
            buffer.append(_SPACE.sub(" ", str(node)))
        elif kind == "br":
            buffer.append("\n")
        elif kind == "hr":
            flush()
            out.append(SCENE_BREAK)
        else:  # a block opens or closes
            flush()
    flush()
    return out


def _walk(root: Tag) -> Iterator[tuple[str, object]]:
    """Events of a depth-first walk without recursion (saved pages can nest thousands deep)."""
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
                yield "text", node
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if closing:
            yield "block", node
            continue
        if name == "br":
            yield "br", node
        elif name == "hr":
            yield "hr", node
        else:
            if name in _BLOCK:
                yield "block", node
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))


def _drop_junk(soup: Tag) -> None:
    for tag in soup.find_all(_JUNK):
        tag.decompose()
    for tag in soup.select(_LANDMARKS):
        tag.decompose()


def _set_aside_notes(soup: BeautifulSoup) -> list[str]:
    """Remove author notes from the page, returning their text; keep chapter titles in place."""
    notes: list[str] = []
    for block in soup.select(_NOTES):
        if block.decomposed:
            continue
        if "preface" in (block.get("class") or []) and block.find_parent("div", class_="chapter"):
            title = block.find(class_="title") or block.find(_HEADINGS)
            if title is not None:
                heading = soup.new_tag("h3")
                heading.string = title.get_text(" ", strip=True)
                block.insert_before(heading)
        text = "\n\n".join(paragraphs(block))
        if text:
            notes.append(f"author's note set aside: {text}")
        block.decompose()
    return notes


def _story_root(soup: BeautifulSoup) -> Tag:
    """The element holding the story: archive markup first, else the most <p> text."""
    for selector in ("div#storytext", "div#workskin", "div#chapters"):
        found = soup.select_one(selector)
        if found is not None:
            return found
    bodies = soup.select("div.userstuff")
    if len(bodies) == 1:
        return bodies[0]
    body = soup.body or soup
    scores: dict[int, tuple[int, Tag]] = {}
    for p in body.find_all("p"):
        parent = p.parent
        if isinstance(parent, Tag):
            score, _ = scores.get(id(parent), (0, parent))
            scores[id(parent)] = (score + len(p.get_text()), parent)
    if not scores:
        return body
    best_score, best = max(scores.values(), key=lambda item: item[0])
    # Several chapter containers side by side: keep their common ancestor.
    return best if best_score * 2 > sum(s for s, _ in scores.values()) else body


def _title(soup: BeautifulSoup) -> str:
    for selector in ("h2.title", "#profile_top b.xcontrast_txt", 'meta[property="og:title"]', "title", "h1"):
        found = soup.select_one(selector)
        if found is not None:
            text = found.get("content") if found.name == "meta" else found.get_text(" ", strip=True)
            if text:
                return " ".join(str(text).split())
    return ""


def read_html(markup: str | bytes, *, encoding: str | None = None, path: str | None = None) -> Source:
    """Read a saved web page of a story into a :class:`Source`."""
    soup = parse(markup)
    title = _title(soup)
    _drop_junk(soup)
    notes = _set_aside_notes(soup)
    root = _story_root(soup)
    text = "\n\n".join(paragraphs(root))
    if not text.strip():
        raise InputError("the HTML page holds no story text")
    return Source(text=text, title=title, format="html", encoding=encoding, path=path, notes=notes)
