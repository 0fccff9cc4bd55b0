"""Stage ``segment``: split the text into paragraphs, chapter headings and scene breaks.

Prose files come in two layouts: hard-wrapped lines with blank lines between paragraphs
(Project Gutenberg), and one paragraph per line (most fan fiction and EPUB/HTML extracts).
We pick the layout from the text itself. Paragraphs longer than ``MAX_PARAGRAPH`` characters
(a 5 MB single line, say) are cut at sentence ends, else at spaces, so no later stage sees an
unbounded block.
"""

from __future__ import annotations

import re

from ..model import Paragraph, ParagraphKind, Story
from ..pipeline import stage

MAX_PARAGRAPH = 20_000

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_HEADING = re.compile(
    r"""^\s*(?:
        (?:chapter|book|part|volume|canto|letter|stave|section)\s+[\w.\-]+\b.{0,60}
      | (?:prologue|epilogue|preface|introduction|interlude|afterword)\b.{0,60}
      | [IVXLCDM]+\.?
      | \d{1,3}\.?
    )\s*$""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
# A chapter line that a numeral ends or a colon follows ("CHAPTER XI.", "Chapter VI: The
# Reverend Arthur Beebe ... Drive Out in Carriages"): what comes under it, however long or
# punctuated, is the chapter's title, not its prose.
_NUMBERED_CHAPTER = re.compile(r"^\s*(?:chapter|book|part|volume|stave)\s+(?:[IVXLCDM]+|\d{1,3})\b(?:\.?\s*$|:)",
                               re.IGNORECASE)
#: The longest block a numbered chapter line may head (Oliver Twist's titles run to 210 characters).
TITLE_BLOCK_CHARS = 400
#: The share of capitalised words that makes the lines under it a title, not prose.
TITLE_CASE_SHARE = 0.6
# A scene break: a short line of symbols (* * *, ~~~, #, ---, oOo, xXx) with no words.
_BREAK = re.compile(r"^\s*(?:[*~#=_\-–—•·+.:\s]{1,40}|[oO0]{1,2}[O0o]{1,2}[oO0]{0,2}|[xX]{1,2}[X]{1,2}[xX]{0,2})\s*$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of non-blank text between paragraph separators."""
    lines = text.count("\n") + 1
    blank_separated = len(_BLANK_LINE.findall(text))
    nonempty = [len(line) for line in text.split("\n") if line.strip()]
    long_lines = sum(1 for n in nonempty if n > 200)
    # Blank-line layout: paragraphs are separated by blank lines and most lines are short.
    one_per_line = blank_separated == 0 or (long_lines > len(nonempty) / 4 and blank_separated < lines / 4)
    separator = re.compile(r"\n") if one_per_line else _BLANK_LINE
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in separator.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return [strip_span(text, s, e) for s, e in spans if text[s:e].strip()]


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inward past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut an over-long block into pieces of at most MAX_PARAGRAPH characters."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_PARAGRAPH:
        window = text[start : start + MAX_PARAGRAPH]
        cut = None
        for m in _SENTENCE_END.finditer(window, MAX_PARAGRAPH // 2):
            cut = m.end()
        if cut is None:
            space = window.rfind(" ", MAX_PARAGRAPH // 2)
            cut = space + 1 if space > 0 else MAX_PARAGRAPH
        pieces.append(strip_span(text, start, start + cut))
        start += cut
    pieces.append(strip_span(text, start, end))
    return [p for p in pieces if p[1] > p[0]]


def title_line(block: str) -> bool:
    """A line of the title page: one short line with no sentence end and no quotation
    ("The Lighthouse Keeper's Ledger", "By Jane Austen"). Only the lines before the story's
    first prose paragraph are read this way: later, such a line may be a speaker's signature."""
    line = block.strip()
    return ("\n" not in line and len(line) <= 80 and not re.search(r"[.!?,;:]$", line)
            and not any(mark in line for mark in "\"“”«»") and not line.startswith(("'", "‘")))


def _title_case(text: str) -> bool:
    """Are most of the words capitalised, as in a title ("Who Stole the Tarts?", "OLIVER
    BECOMES BETTER ACQUAINTED"), not prose ("It was dark when Tom came home.")?"""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    return sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def classify(block: str) -> ParagraphKind:
    """``heading`` for chapter titles (a chapter line, and the title lines under it:
    "CHAPTER I.\nTHE STRANGE MAN'S ARRIVAL"; under a numbered chapter line, a short block in
    title case however it is punctuated),
    ``break`` for scene-break markers, else ``text``."""
    first, *rest = block.strip().split("\n")
    marker = _NUMBERED_CHAPTER.match(first)
    if marker and len(block.strip()) <= TITLE_BLOCK_CHARS and _title_case(block.strip()[marker.end():]):
        return "heading"
    if len(first) <= 80 and len(rest) < 3 and all(title_line(line) for line in rest):
        if not rest and _BREAK.match(block) and not any(
                c.isalnum() for c in block.replace("o", "").replace("O", "").replace("x", "").replace("X", "")):
            return "break"
        if _HEADING.match(first):
            return "heading"
    return "text"


@stage("segment")
def segment(story: Story) -> None:
    text = story.text
    paragraphs: list[Paragraph] = []
    chapter = 0
    opening = True  # still on the title page: no prose paragraph yet
    for start, end in _blocks(text):
        kind = classify(text[start:end])
        if kind == "heading":
            chapter += 1
        elif kind == "text" and opening and title_line(text[start:end]):
            kind = "heading"  # the book's title or author: no chapter of its own
        opening = opening and kind != "text"
        for s, e in _cut(text, start, end) if kind == "text" else [(start, end)]:
            paragraphs.append(Paragraph(index=len(paragraphs), start=s, end=e, kind=kind, chapter=chapter))
    story.paragraphs = paragraphs

