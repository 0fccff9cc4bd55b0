"""Project Gutenberg: strip the licence header and footer around the book.

Detected by the ``*** START OF ... PROJECT GUTENBERG EBOOK`` / ``*** END OF ...`` markers (and
the older "End of the Project Gutenberg EBook" line), so it applies to any text, whatever
format it came in. Without this the licence would be parsed as prose and its names
("Michael Hart") would join the cast.
"""

from __future__ import annotations

import re

from .source import Source

_START = re.compile(
    r"^[ \t]*\*{3}[ \t]*START OF (?:THE |THIS )?PROJECT GUTENBERG E-?(?:BOOK|TEXT).*$"
    r"|^[ \t]*\*END\*THE SMALL PRINT!.*$",
    re.IGNORECASE | re.MULTILINE,
)
_END = re.compile(
    r"^[ \t]*\*{3}[ \t]*END OF (?:THE |THIS )?PROJECT GUTENBERG E-?(?:BOOK|TEXT).*$"
    r"|^[ \t]*End of (?:the )?Project Gutenberg(?:'s|’s)?\b.*$",
    re.IGNORECASE | re.MULTILINE,
)
_TITLE = re.compile(r"^Title:[ \t]*(.+(?:\n[ \t]+\S.*)*)", re.MULTILINE)
#: Credit lines that follow the start marker ("Produced by ..."), not part of the book.
_CREDIT = re.compile(
    r"\A\s*(?:Produced by|E-?text prepared by|Transcribed from|This e-?book was produced by)\b.*?(?:\n[ \t]*\n|\Z)",
    re.IGNORECASE | re.DOTALL,
)


def strip_gutenberg(source: Source) -> Source:
    """Cut the Gutenberg licence from ``source.text`` (in place) and note what was removed."""
    text = source.text
    start = _START.search(text)
    header = text[: start.start()] if start else ""
    body_from = start.end() if start else 0
    end = _END.search(text, body_from)
    if not start and not end:
        return source
    body = text[body_from : end.start() if end else len(text)]
    credit = _CREDIT.match(body)
    if credit:
        body = body[credit.end() :]
    if start:
        source.notes.append(f"Project Gutenberg licence header removed ({len(text[: start.end()])} characters)")
    if end:
        source.notes.append(f"Project Gutenberg licence footer removed ({len(text) - end.start()} characters)")
    if credit:
        source.notes.append("Project Gutenberg production credit removed")
    title = _TITLE.search(header)
    if title:
        source.title = " ".join(title.group(1).split())
    source.text = body.strip("\n")
    return source
