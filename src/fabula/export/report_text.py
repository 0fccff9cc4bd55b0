"""The HTML report's full text: one element a paragraph, one element a spoken quotation.

A novel has ~170k words, so the markup must stay lean for the page to open fast: no element
per token, only ``<span class="q s{speaker}">`` around each quotation (its colour comes from
the per-speaker CSS class), a ``title`` tooltip naming speaker, addressees and confidence,
and a ``<span class="n">`` for the tag inside a speech the tag interrupts, so one speech is
one element however many pieces it has. Paragraphs are grouped in chunks the browser may
skip laying out until they scroll into view (``content-visibility: auto``).
"""

from __future__ import annotations

import bisect
from html import escape

from ..model import Paragraph, Quote, Story
from .cast import speaker_name, spoken_quotes
from .script import QUOTE_MARKS

#: Paragraphs per lazily laid-out chunk (a chapter heading also starts a chunk).
CHUNK = 40


def quote_class(quote: Quote) -> str:
    """The CSS class that colours a quotation by its speaker (``su``: speaker unknown)."""
    return f"s{quote.speaker}" if quote.speaker is not None else "su"


def _tooltip(story: Story, quote: Quote) -> str:
    speaker = speaker_name(story, quote) if quote.speaker is not None else "speaker unknown"
    listeners = [c.name for c in map(story.character, quote.addressees) if c is not None]
    to = f" → {', '.join(listeners)}" if listeners else ""
    kind = f" · {quote.type}" if quote.type else ""
    return f"{speaker}{to}\nconfidence {quote.confidence:.2f}{kind}"


def _paragraph_html(story: Story, p: Paragraph, pieces: list[tuple[Quote, list[tuple[int, int]], bool]]) -> str:
    """A paragraph's inner HTML; ``pieces`` are (quote, its spans here, continued) in order."""
    text = story.text
    out: list[str] = []
    pos = p.start
    for quote, spans, continued in pieces:
        start, end = spans[0][0], spans[-1][1]
        if start < pos:  # overlapping quotations: the first one wins, no text is doubled
            continue
        if start > pos and text[start - 1] in QUOTE_MARKS:
            start -= 1
        if end < p.end and text[end] in QUOTE_MARKS:
            end += 1
        out.append(escape(text[pos:start], quote=False))
        cls = f"q {quote_class(quote)}" + (" cont" if continued else "")
        out.append(f'<span class="{cls}" data-q="{quote.id}" title="{escape(_tooltip(story, quote))}">')
        inner = start
        for (s, e), (s2, _) in zip(spans, spans[1:]):
            # Narration between two pieces of one speech (the tag) is not speech: unmark it.
            e = e + 1 if text[e] in QUOTE_MARKS else e
            s2 = s2 - 1 if text[s2 - 1] in QUOTE_MARKS else s2
            out.append(escape(text[inner:e], quote=False))
            out.append(f'<span class="n">{escape(text[e:s2], quote=False)}</span>')
            inner = s2
        out.append(escape(text[inner:end], quote=False))
        out.append("</span>")
        pos = end
    out.append(escape(text[pos : p.end], quote=False))
    return "".join(out)


def text_html(story: Story) -> str:
    """The whole story as HTML: headings, scene breaks and paragraphs with marked speech."""
    starts = [p.start for p in story.paragraphs]
    pieces: dict[int, list[tuple[Quote, list[tuple[int, int]], bool]]] = {}
    for q in spoken_quotes(story):
        # A speech running over several paragraphs gets one element per paragraph; all but
        # the first are marked ``cont`` so each speech is counted once.
        by_paragraph: dict[int, list[tuple[int, int]]] = {}
        for s, e in q.spans:
            by_paragraph.setdefault(bisect.bisect_right(starts, s) - 1, []).append((s, e))
        for n, (index, spans) in enumerate(sorted(by_paragraph.items())):
            pieces.setdefault(index, []).append((q, spans, n > 0))
    out: list[str] = ['<section class="chunk">']
    in_chunk = 0
    for p in story.paragraphs:
        if in_chunk and (p.kind == "heading" or in_chunk >= CHUNK):
            out.append('</section>\n<section class="chunk">')
            in_chunk = 0
        in_chunk += 1
        if p.kind == "heading":
            out.append(f'<h3 id="p{p.index}">{escape(story.text[p.start:p.end], quote=False)}</h3>')
        elif p.kind == "break":
            out.append(f'<hr id="p{p.index}">')
        else:
            here = sorted(pieces.get(p.index, []), key=lambda t: t[1][0][0])
            out.append(f'<p id="p{p.index}">{_paragraph_html(story, p, here)}</p>')
    out.append("</section>")
    return "\n".join(out)
