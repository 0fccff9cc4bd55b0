"""fabula's one data model: a :class:`Story` and the typed records stages add to it.

Every offset is a character offset into ``Story.text``, the exact text fabula analysed
(after decoding and, for Gutenberg/EPUB/HTML sources, after extraction). Stages fill the
record lists in a fixed order (see :mod:`fabula.pipeline`); exporters only read them.

The spaCy parse is kept per paragraph (``Paragraph.doc``) rather than as one big ``Doc``:
paragraphs are the natural unit of dialogue, they can be parsed in parallel, and a
paragraph-local token offset plus ``Paragraph.start`` gives the story offset.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator, Literal

from .lexicon import ARTICLES, TITLES

if TYPE_CHECKING:  # spaCy is imported lazily: readers and exporters do not need it.
    from spacy.tokens import Doc, Span as SpacySpan, Token

ParagraphKind = Literal["text", "heading", "break"]
MentionKind = Literal["proper", "nominal", "pronoun"]
QuoteType = Literal["explicit", "anaphoric", "implicit"]
Gender = Literal["he", "she", "they", "it", "unknown"]


@dataclass(slots=True)
class Paragraph:
    """A block of text between blank lines (or lines, for one-paragraph-per-line texts).

    ``kind`` is ``"heading"`` for chapter titles and ``"break"`` for scene-break markers
    (``* * *``, ``~~~``, a lone ``#``); those carry structure and are not parsed.
    """

    index: int
    start: int
    end: int
    kind: ParagraphKind = "text"
    chapter: int = 0
    doc: "Doc | None" = field(default=None, repr=False, compare=False)


@dataclass(slots=True)
class Mention:
    """A reference to a person-like character: a name, a description or a pronoun."""

    id: int
    start: int
    end: int
    text: str
    kind: MentionKind
    paragraph: int
    character: int | None = None
    in_quote: bool = False
    #: For a plural pronoun that no character takes ("they", the narration's "we") and for a
    #: family's name ("the Wilcoxes"): the group of people it refers to, numbered from 0 in
    #: story order (a chain, not a character).
    group: int | None = None

    @property
    def name(self) -> str:
        """The words a name uses, without the lower-case words its span takes in front of it
        ("old Cotter" -> "Cotter", "the Claytons" -> "Claytons", "dear Mr. Ruskin" ->
        "Mr. Ruskin") nor a sentence's first article ("The Ayah" -> "Ayah"): what alias
        clustering compares. Other mentions: their text."""
        if self.kind != "proper":
            return self.text
        words = self.text.split()
        while len(words) > 1 and (not words[0][:1].isupper() or (words[0].istitle() and words[0].lower() in ARTICLES)):
            words.pop(0)
        return " ".join(words)

    @property
    def title(self) -> tuple[int, int] | None:
        """The span of the title that opens a name ("Mr." of "Mr. Darcy", "Captain" of "old
        Captain Hale"), if it has one and more words follow: LitBank's nested person entity,
        not a mention of its own (it refers to no one apart from the name)."""
        if self.kind != "proper":
            return None
        words = list(re.finditer(r"\S+", self.text))
        k = next((k for k, w in enumerate(words) if w.group()[:1].isupper()), len(words))
        if k + 1 >= len(words) or words[k].group().lower().rstrip(".") not in TITLES:
            return None
        return self.start + words[k].start(), self.start + words[k].end()


@dataclass(slots=True)
class Character:
    """One person (or person-like creature) of the story, with every name the text uses."""

    id: int
    name: str
    aliases: list[str] = field(default_factory=list)
    gender: Gender = "unknown"
    mention_count: int = 0
    first_mention: int | None = None
    narrator: bool = False


@dataclass(slots=True)
class Quote:
    """One speech: possibly several spans when a tag interrupts it.

    ``spans`` hold the spoken words without the quote marks. ``spoken`` is False for
    quoted words nobody says aloud (titles, scare quotes, a word being mentioned).
    """

    id: int
    spans: list[tuple[int, int]]
    paragraph: int
    speaker: int | None = None
    addressees: list[int] = field(default_factory=list)
    confidence: float = 0.0
    type: QuoteType | None = None
    spoken: bool = True
    speaker_mention: int | None = None

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


@dataclass(slots=True)
class Scene:
    """A stretch of the story in one place and time: between breaks, headings or cast shifts."""

    id: int
    start: int
    end: int
    first_paragraph: int
    last_paragraph: int
    chapter: int = 0
    participants: list[int] = field(default_factory=list)
    cue: str = ""
    #: Where and when, as the text first says it in the scene ("in the lighthouse", "at dawn").
    place: str = ""
    time: str = ""


@dataclass
class Story:
    """The text under analysis and everything fabula has learned about it."""

    text: str
    title: str = ""
    source: dict[str, Any] = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    characters: list[Character] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    scenes: list[Scene] = field(default_factory=list)
    #: Per-stage wall time in seconds, filled by the pipeline.
    timings: dict[str, float] = field(default_factory=dict)
    #: Free-form results of analysis stages (emotion arcs, relations), keyed by stage name.
    extras: dict[str, Any] = field(default_factory=dict)
    #: Things a user should know about the result (e.g. "the text does not look like English").
    warnings: list[str] = field(default_factory=list)

    # ---- navigation helpers shared by the stages -------------------------------------
    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def quote_text(self, quote: Quote, joiner: str = " ") -> str:
        return joiner.join(self.text[s:e] for s, e in quote.spans)

    def paragraph_at(self, offset: int) -> int:
        """The index of the paragraph holding a story offset (the first paragraph for an offset
        before it): a binary search, for stages that find paragraphs by offset in a loop."""
        return max(bisect_right(self.paragraphs, offset, key=lambda p: p.start) - 1, 0)

    def ending_paragraph(self, quote: Quote) -> int:
        """The index of the paragraph a quote ends in: a speech may run over several, and the
        narration, the turns and the conversation after it count from its last."""
        return self.paragraph_at(quote.end)

    def text_paragraphs(self) -> Iterator[Paragraph]:
        """Paragraphs that hold prose (not headings or scene breaks)."""
        return (p for p in self.paragraphs if p.kind == "text")

    def sentences(self) -> Iterator["SpacySpan"]:
        """All parsed sentences in story order (requires the ``parse`` stage)."""
        for p in self.paragraphs:
            if p.doc is not None:
                yield from p.doc.sents

    def tokens(self) -> Iterator["Token"]:
        """All parsed tokens in story order (requires the ``parse`` stage): for counts over
        the whole text."""
        for p in self.paragraphs:
            if p.doc is not None:
                yield from p.doc

    def token_offset(self, paragraph: Paragraph, token: "Token") -> int:
        """Story offset of a token of ``paragraph.doc``."""
        return paragraph.start + token.idx

    def mention_span(self, mention: Mention) -> "SpacySpan | None":
        """A mention's tokens in its paragraph's parse (requires the ``parse`` stage)."""
        para = self.paragraphs[mention.paragraph]
        if para.doc is None:
            return None
        return para.doc.char_span(mention.start - para.start, mention.end - para.start, alignment_mode="expand")

    def mention_root(self, mention: Mention) -> "Token | None":
        """The syntactic head of a mention's words (requires the ``parse`` stage)."""
        span = self.mention_span(mention)
        return span.root if span is not None else None

    def merge_characters(self, into: dict[int, int]) -> None:
        """Fold each character ``b`` of ``into`` into character ``into[b]``, and renumber.

        For stages that learn late that two characters are one person (after speakers, once
        the story shows what people call each other). The absorbed character's names become
        aliases of its new owner; mentions, speakers, addressees and scene participants
        follow; ids stay 0..n-1 in the old order. Targets must not themselves be absorbed.
        """
        if not into:
            return
        if set(into.values()) & set(into):
            raise ValueError("a character cannot both absorb and be absorbed")
        for absorbed, owner in into.items():
            aliases = self.characters[owner].aliases
            aliases.extend(a for a in self.characters[absorbed].aliases if a not in aliases)
        kept = [c for c in self.characters if c.id not in into]
        new_id = {c.id: n for n, c in enumerate(kept)}
        new_id.update({b: new_id[a] for b, a in into.items()})
        for n, c in enumerate(kept):
            c.id = n
        self.characters = kept
        for m in self.mentions:
            if m.character is not None:
                m.character = new_id[m.character]
        for q in self.quotes:
            if q.speaker is not None:
                q.speaker = new_id[q.speaker]
            q.addressees = sorted({new_id[a] for a in q.addressees} - {q.speaker})
        for scene in self.scenes:
            scene.participants = sorted({new_id[c] for c in scene.participants})

    def character(self, character_id: int | None) -> Character | None:
        if character_id is None or not 0 <= character_id < len(self.characters):
            return None
        return self.characters[character_id]

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    # ---- exports (thin wrappers so the API reads naturally) ---------------------------
    def to_dict(self) -> dict[str, Any]:
        from .export.json import story_to_dict

        return story_to_dict(self)

    def to_json(self, indent: int | None = None) -> str:
        from .export.json import story_to_json

        return story_to_json(self, indent=indent)

    def quotes_df(self) -> "Any":
        from .export.frames import quotes_df

        return quotes_df(self)

    def characters_df(self) -> "Any":
        from .export.frames import characters_df

        return characters_df(self)

    def mentions_df(self) -> "Any":
        from .export.frames import mentions_df

        return mentions_df(self)

    def graph(self) -> "Any":
        """The interaction network (networkx DiGraph): who talks to, about and with whom."""
        from .relations import interaction_graph

        return interaction_graph(self)

    def scenes_df(self) -> "Any":
        from .export.frames import scenes_df

        return scenes_df(self)
