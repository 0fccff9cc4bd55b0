"""The story as a screenplay: ``stem.script.txt`` (``JACK: No.``) and ``stem.fountain``.

Both files hold the same script, built once as a list of blocks: scene headings (chapter
titles and scene breaks), action (narration), and speeches. A speech is one spoken quotation,
printed once even when a tag interrupts it (``"I'm soaked," she said, "there's a
difference."``); the tag itself (``she said``) is dropped because the speaker's name already
says it, and whatever else the tag sentence describes (``shaking the rain from her coat``)
becomes a parenthetical. Quotations nobody speaks aloud (titles, scare quotes) stay in the
narration. Each file opens with the cast: name, other names, lines spoken.

``.script.txt`` is for reading and grepping: every speech is exactly one line
``NAME: words``. ``.fountain`` follows the Fountain screenplay markup (fountain.io), so
screenwriting tools (Highland, Fade In, Slugline, Beat, afterwriting) open and paginate it.
"""

from __future__ import annotations

import bisect
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from ..fileio import atomic_open
from ..model import Mention, Paragraph, Quote, Story
from .cast import CastEntry, cast_list, speaker_name, spoken_quotes

#: Characters that open or close a quotation; a spoken span's own marks are left out of both
#: the speech and the narration around it.
QUOTE_MARKS = "\"'“”‘’«»„‟‹›"
#: Where a speech tag's clause ends: ``the Captain replied,`` / ``said Maren.``
_CLAUSE_END = re.compile(r"[,.;:!?—–]")
#: Quote types whose ``speaker_mention`` sits in a speech tag (``he said``), which we drop.
_TAGGED = ("explicit", "anaphoric")
#: A speech piece that starts with the pronoun "I" keeps the comma before it.
_STARTS_WITH_I = re.compile(r"I\b")
_WIDTH = 78


@dataclass(slots=True)
class Heading:
    text: str


@dataclass(slots=True)
class Action:
    text: str


@dataclass(slots=True)
class Speech:
    speaker: str
    text: str
    directions: list[str] = field(default_factory=list)


Block = Heading | Action | Speech


def _clean(text: str) -> str:
    """One line: hard-wrapped source lines and runs of spaces collapse to single spaces."""
    return " ".join(text.split())


def speech_text(story: Story, quote: Quote) -> str:
    """A quotation's spans joined into one speech.

    A tag that cut a sentence in two leaves a comma before it (``"I'm soaked," she said,
    "There's a difference."``); when the next piece starts a new sentence, or nothing follows
    (``"No," said Jack.``), that comma becomes a full stop so the speech reads as said.
    """
    pieces = [_clean(story.text[s:e]) for s, e in quote.spans]
    out = pieces[0]
    for piece in pieces[1:]:
        if not piece:
            continue
        if out.endswith(",") and piece[0].isupper() and not _STARTS_WITH_I.match(piece):
            out = out[:-1] + "."
        out = f"{out} {piece}" if out else piece
    return out[:-1] + "." if out.endswith(",") else out


def _narration(text: str, start: int, end: int, tags: list[Mention]) -> str:
    """The narration in ``text[start:end]`` without speech tags, as one clean line.

    A tag is the clause around a quotation's tag mention: from the mention (or from the
    fragment's start when at most two words, such as ``said``, precede it) to the next
    clause punctuation.
    """
    cuts: list[tuple[int, int]] = []
    for m in tags:
        if start <= m.start and m.end <= end:
            cut_start = start if len(text[start : m.start].split()) <= 2 else m.start
            stop = _CLAUSE_END.search(text, m.end, end)
            cuts.append((cut_start, stop.end() if stop else end))
    pieces: list[str] = []
    pos = start
    for a, b in sorted(cuts):
        if a > pos:
            pieces.append(text[pos:a])
        pos = max(pos, b)
    pieces.append(text[pos:end])
    out = _clean(" ".join(pieces)).strip(" ,;:—–-")
    return out if any(ch.isalnum() for ch in out) else ""


def _speech_paragraph(
    story: Story, paragraph: Paragraph, spans: list[tuple[int, int, Quote, int]], tags: list[Mention]
) -> list[Block]:
    """Blocks for one paragraph holding spoken quotations (spans sorted by offset)."""
    text = story.text
    blocks: list[Block] = []
    current: Speech | None = None
    current_id: int | None = None

    def place(fragment: str, inside: bool) -> None:
        # Narration inside a split speech, or continuing its tag sentence in lower case,
        # describes how the line is said; anything else is action of its own.
        if current is not None and (inside or fragment[0].islower()):
            current.directions.append(fragment.rstrip("."))
        else:
            blocks.append(Action(fragment))

    pos = paragraph.start
    for start, end, quote, k in spans:
        if start < pos:  # overlapping quotations: keep the first, never print words twice
            continue
        opening = start - 1 if start > pos and text[start - 1] in QUOTE_MARKS else start
        fragment = _narration(text, pos, opening, tags)
        if fragment:
            place(fragment, inside=k > 0 and current_id == quote.id)
        if k == 0:
            current = Speech(speaker_name(story, quote), speech_text(story, quote))
            current_id = quote.id
            blocks.append(current)
        pos = end + 1 if end < paragraph.end and text[end] in QUOTE_MARKS else end
    fragment = _narration(text, pos, paragraph.end, tags)
    if fragment:
        place(fragment, inside=False)
    return blocks


def screenplay(story: Story) -> list[Block]:
    """The story as screenplay blocks, in story order."""
    paragraph_starts = [p.start for p in story.paragraphs]
    spans: dict[int, list[tuple[int, int, Quote, int]]] = {}
    tag_ids: set[int] = set()
    for q in spoken_quotes(story):
        for k, (s, e) in enumerate(q.spans):
            index = bisect.bisect_right(paragraph_starts, s) - 1
            spans.setdefault(index, []).append((s, e, q, k))
        if q.type in _TAGGED and q.speaker_mention is not None:
            tag_ids.add(q.speaker_mention)
    tags: dict[int, list[Mention]] = {}
    for m in story.mentions:
        if m.id in tag_ids:
            tags.setdefault(m.paragraph, []).append(m)

    blocks: list[Block] = []
    scene = 1
    for p in story.paragraphs:
        if p.kind == "heading":
            blocks.append(Heading(_clean(story.text[p.start : p.end]).upper()))
            scene = 1
        elif p.kind == "break":
            scene += 1
            blocks.append(Heading(f"SCENE {scene}"))
        elif p.index in spans:
            blocks.extend(_speech_paragraph(story, p, sorted(spans[p.index], key=lambda t: t[0]), tags.get(p.index, [])))
        else:
            text = _clean(story.text[p.start : p.end])
            if text:
                blocks.append(Action(text))
    return blocks


def _speaking_and_silent(story: Story) -> tuple[list[CastEntry], list[CastEntry]]:
    """Speaking parts, and silent characters named more than once (extras worth casting)."""
    cast = cast_list(story)
    return [e for e in cast if e.lines], [e for e in cast if not e.lines and e.character.mention_count > 1]


def _title(story: Story) -> str:
    return _clean(story.title) or "Untitled"


def render_text(story: Story, blocks: list[Block]) -> str:
    """Plain text: a cast list, then one ``NAME: words`` line per speech."""
    speaking, silent = _speaking_and_silent(story)
    out = [_title(story).upper(), "", "CAST"]
    width = min(28, max((len(e.character.name) for e in speaking), default=0))
    for e in speaking:
        also = f"   also: {', '.join(e.other_names)}" if e.other_names else ""
        plural = "line" if e.lines == 1 else "lines"
        out.append(f"  {e.character.name.upper():<{width}}  {e.lines:>5} {plural:<5}{also}")
    if silent:
        out.append(textwrap.fill("Non-speaking: " + ", ".join(e.character.name.upper() for e in silent),
                                 _WIDTH, initial_indent="  ", subsequent_indent="    "))
    if not speaking and not silent:
        out.append("  (no characters found)")
    for block in blocks:
        out.append("")
        if isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Action):
            out.append(textwrap.fill(block.text, _WIDTH, initial_indent="    ", subsequent_indent="    ",
                                     break_on_hyphens=False))
        else:
            directions = "".join(f"({d}) " for d in block.directions)
            out.append(f"{block.speaker.upper()}: {directions}{block.text}")
    return "\n".join(line.rstrip() for line in out) + "\n"


_FOUNTAIN_SPECIAL = re.compile(r"^(?:[!@#~=>.\[/]|(?:INT|EXT|EST|INT\.?/EXT|I/E)[. ])", re.IGNORECASE)


def _fountain_action(text: str) -> str:
    """An action paragraph, forced with ``!`` where Fountain would read it as something else."""
    looks_like_cue = text.upper() == text and any(ch.isalpha() for ch in text)
    if looks_like_cue or _FOUNTAIN_SPECIAL.match(text) or text.rstrip().endswith("TO:"):
        return "!" + text
    return text


def render_fountain(story: Story, blocks: list[Block]) -> str:
    """Fountain markup: title page, a cast page, then scene headings, action and dialogue."""
    speaking, silent = _speaking_and_silent(story)
    out = [f"Title: {_title(story)}", "Credit: arranged as a screenplay by fabula", "", "> CAST <", ""]
    for e in speaking:
        also = f" (also {', '.join(e.other_names)})" if e.other_names else ""
        out.append(_fountain_action(f"{e.character.name.upper()}: {e.lines} {'line' if e.lines == 1 else 'lines'}{also}"))
    if silent:
        out.append(_fountain_action("Non-speaking: " + ", ".join(e.character.name for e in silent)))
    out.extend(["", "==="])
    for block in blocks:
        out.append("")
        if isinstance(block, Heading):
            out.append("." + block.text)
        elif isinstance(block, Action):
            out.append(_fountain_action(block.text))
        else:
            cue = block.speaker.upper()
            out.append(cue if cue[:1].isalpha() else "@" + cue)
            out.extend(f"({d})" for d in block.directions)
            out.append(block.text)
    return "\n".join(out) + "\n"


def write_script(story: Story, out_dir: Path, stem: str) -> list[Path]:
    """Write ``stem.script.txt`` and ``stem.fountain`` atomically; return both paths."""
    blocks = screenplay(story)
    written: list[Path] = []
    for suffix, render in ((".script.txt", render_text), (".fountain", render_fountain)):
        path = out_dir / f"{stem}{suffix}"
        with atomic_open(path) as fh:
            fh.write(render(story, blocks))
        written.append(path)
    return written

