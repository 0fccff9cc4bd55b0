"""A conversation as the speaker decoder sees it, and the decoder's weights.

The ``speakers`` stage first reads each quotation's local evidence (:class:`Evidence`: a
tag, an action beat, a turn-taking guess). This module turns one conversation and that
evidence into an :class:`Exchange`: the candidate speakers and, for every (turn, candidate),
the cues the decoder weighs (:data:`CUE_FEATURES`); then :func:`decode_exchange` chooses all
the turns' speakers at once with :func:`fabula.turns.decode` and the weights in
``fabula/weights/speakers.json``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .dialogue import SPEECH_OPENERS, MentionIndex, addressed_gender, named_in
from .idiolect import Idiolects
from .model import Mention, Quote, QuoteType, Story
from .turns import TRANSITION_FEATURES, Transitions, decode

# Cues that name a speaker in the text: those they name take part in the exchange.
TAG_KINDS = frozenset({"tag-name", "tag-narrator", "tag-newcomer", "tag-pronoun-local", "tag-description"})
# First-pass evidence whose character is a candidate speaker for the whole exchange.
CANDIDATE_KINDS = TAG_KINDS | {"tag-generic", "tag-pronoun", "beat"}
# Tags whose subject is a description ("said the gentleman"): one person, not the one a
# name tag of the same paragraph names when coreference made them two.
DESCRIBING_KINDS = frozenset({"tag-description", "tag-generic"})
# Evidence the decoder may not overrule for its own quote (it still informs the turn).
KEPT_KINDS = frozenset({"tag-name", "tag-narrator", "tag-newcomer"})
#: First-pass evidence whose speeches teach the speakers' idiolects: every tag but a generic
#: description's ("said the man": one of the conversation, a guess). A pronoun tag is wrong
#: more often than a name, but a character's words are many and its errors few: taught by
#: the names alone, a woman tagged "she" in most of her speeches stays "quiet".
TEACHING_KINDS = KEPT_KINDS | {"tag-pronoun-local", "tag-pronoun", "tag-description"}
#: What the decoder weighs for each (turn, candidate): the first pass's evidence by kind, a
#: pronoun or description of the candidate's other gender, or of any gender for a candidate
#: the book never calls "he" or "she" and no tag of the exchange names (``ungendered``: a
#: stray word taken for a name, "Hearthrug", "Suburbia", is present but seldom the "he" of
#: "he said"), having said little anywhere in the book (``quiet``: 1 for no word of speech
#: tagged, falling to 0 at the words a word model needs, :data:`fabula.idiolect.MIN_WORDS`,
#: graded so that one more tagged speech does not flip a character's every turn; a bystander the
#: narration names is present, but seldom the voice of a long exchange), being called by name
#: in the turn, being named in it otherwise ("So much for Isabella!": people seldom name
#: themselves), following a turn that called them, being called by the turn after
#: (``called-after``: "Why, Dolly!" answers Dolly), being named in the narration just before
#: (``present``) or by name as the subject of the paragraph before (``lead-in``), taking part in
#: the exchange (named by a tag or addressed anywhere in it, or the lead-in of another turn:
#: the maid a detective questions speaks no tag, but "Annie considered." opens her answers),
#: the share of the exchange's speeches that a tag or beat, or an earlier decoding sure of it,
#: gives the candidate (``share``: the two who carry a long exchange against one who breaks in
#: once), and talking like the candidate (``style``: :mod:`fabula.idiolect`).
CUE_FEATURES = (
    "tag-name", "tag-narrator", "tag-newcomer", "tag-pronoun-local", "tag-description", "tag-generic",
    "tag-pronoun", "beat", "reply", "alternation", "recent", "wrong-gender", "ungendered", "quiet", "called", "named",
    "answers-call", "called-after", "present", "lead-in", "participant", "share", "addressed", "style",
)
CUE_INDEX = {name: n for n, name in enumerate(CUE_FEATURES)}
#: The decoder's weights: fabula/weights/speakers.json.
WEIGHTS_PATH = Path(__file__).resolve().parent / "weights" / "speakers.json"
# Those named in the narration just before a speech (within this many characters, the
# latest few) are present; a conversation has at most MAX_CANDIDATES candidate speakers
# (the decoder's time is cubic in their number).
PRESENT_CHARS = 600
PRESENT_MAX = 6
MAX_CANDIDATES = 16
# Narration this long (characters) after one turn's last speech or before the next one's
# first parts the two turns as a paragraph of narration does. On PDNC the same person speaks
# two adjacent turns 2% of the time when no narration opens the second, 8% after under 60
# characters of it, 20% after 60 to 200 and 34% after more (after the first turn's speech:
# 1%, 2%, 13%, 35%), against 38% across a paragraph of narration. Shorter breaks suit LitBank
# (whose paragraphs are rebuilt) and longer ones PDNC: 80 gains on both (README).
NARRATION_BREAK = 80
# What stands between a speech and its paragraph's edge that is not narration.
SPEECH_EDGES = SPEECH_OPENERS + "”’»"


@dataclass(slots=True)
class Evidence:
    """What the first pass learned of a quote's speaker, and from which cue (``kind``)."""

    character: int | None
    kind: str
    quote_type: QuoteType
    mention: Mention | None = None
    #: The pronoun set a pronoun tag demands of the speaker ("she said": "she").
    gender: str | None = None
    #: The tag keeps the floor with the last speaker ("he went on", "she added").
    continues: bool = False
    #: The tag is of a thought ("Fielding thought"): the thinker held no floor to pass on.
    thought: bool = False


@dataclass(frozen=True)
class DecoderWeights:
    """How the conversation decoder weighs each cue and transition, and how its margins map
    to a confidence. Stored as JSON beside the package (``about`` says where they came from:
    set by hand; a perceptron trained on LitBank's excerpts, whose paragraph breaks are
    reconstructed, learned to distrust turn-taking and did worse on PDNC)."""

    cues: np.ndarray
    transitions: Transitions
    margin_slope: float
    margin_bias: float
    #: Added when the speaker a turn answers is of the gender its words of address give
    #: ("Yes, sir." answers a man), taken away when of the other.
    answered_gender: float = 0.0
    about: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> "DecoderWeights":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            cues=np.array([data["cues"].get(name, 0.0) for name in CUE_FEATURES]),
            transitions=Transitions(**{name: data["transitions"][name] for name in TRANSITION_FEATURES}),
            margin_slope=data["margin"]["slope"],
            margin_bias=data["margin"]["bias"],
            answered_gender=data.get("answered", {}).get("gender", 0.0),
            about=data.get("about", {}),
        )

    def confidence(self, margin: float) -> float:
        """How often a decoded turn with this margin over the runner-up is right (logistic)."""
        return round(float(1.0 / (1.0 + np.exp(-(self.margin_slope * margin + self.margin_bias)))), 3)


@lru_cache(maxsize=1)
def default_weights() -> DecoderWeights:
    return DecoderWeights.load()


@dataclass
class Exchange:
    """One conversation as the decoder sees it: its turns, the candidate speakers, and each
    (turn, candidate)'s cues (``features[turn, candidate, CUE_FEATURES index]``)."""

    turns: list[list[Quote]]
    candidates: list[int]
    features: np.ndarray
    between: list[bool]
    #: ``fits[i, c]``: 1 when candidate ``c`` is of the gender turn ``i``'s words of address
    #: give the one spoken to, -1 when of the other gender, 0 when either may be.
    fits: np.ndarray


class ExchangeReader:
    """Reads the conversations of one story into :class:`Exchange` records."""

    def __init__(self, story: Story, index: MentionIndex, by_paragraph: dict[int, list[Quote]],
                 idiolects: Idiolects | None = None, sure: dict[int, int] | None = None) -> None:
        self.story = story
        self.index = index
        self.by_paragraph = by_paragraph
        self.idiolects = idiolects
        #: Speakers an earlier decoding was sure of (quote id -> speaker): a conversation's
        #: participants as much as those its tags name.
        self.sure = sure or {}

    def read(self, turns: list[list[Quote]], found: dict[int, Evidence]) -> Exchange | None:
        """The decoder's view of one conversation, or None when nobody could be speaking."""
        turns = split_turns(turns, found, self.story)
        # Those a turn calls by name or is said to (set by the first pass): not its speaker.
        calls = [set().union(*(set(q.addressees) for q in turn)) for turn in turns]
        present = [self.present(turn[0]) for turn in turns]
        candidates = self.candidates(turns, found, calls, present)
        if not candidates:
            return None
        column = {c: n for n, c in enumerate(candidates)}
        # A first-person narrator is "I", never "he" or "she": every pronoun set is wrong for them.
        genders = np.array(["narrator" if self.story.characters[c].narrator else self.story.characters[c].gender
                            for c in candidates])
        features = np.zeros((len(turns), len(candidates), len(CUE_FEATURES)))
        taking_part = {found[q.id].character for turn in turns for q in turn
                       if q.id in found and found[q.id].kind in TAG_KINDS}
        taking_part |= {self.sure[q.id] for turn in turns for q in turn if q.id in self.sure}
        leads = [self.leading(self.lead_in(turn[0]), taking_part) for turn in turns]
        # The lead-in of a turn takes part in the others (its own turn weighs it as a lead-in).
        led = Counter(leads)
        participants = np.array([[c in taking_part or led[c] > (leads[i] == c) for c in candidates]
                                 for i in range(len(turns))], dtype=bool)
        addressed = set().union(*calls)
        features[:, :, CUE_INDEX["participant"]] = participants
        given = Counter(found[q.id].character if q.id in found and found[q.id].kind in CANDIDATE_KINDS
                        else self.sure.get(q.id) for turn in turns for q in turn)
        given.pop(None, None)
        features[:, :, CUE_INDEX["share"]] = [given[c] / max(1, sum(given.values())) for c in candidates]
        features[:, :, CUE_INDEX["addressed"]] = [c in addressed for c in candidates]
        if self.idiolects is not None:
            features[:, :, CUE_INDEX["quiet"]] = [self.idiolects.quietness(c) for c in candidates]

        def add(i: int, characters: "set[int] | list[int]", name: str) -> None:
            for c in characters:
                if c in column:
                    features[i, column[c], CUE_INDEX[name]] += 1

        for i, turn in enumerate(turns):
            for q in turn:
                evidence = found.get(q.id)
                if evidence is None:
                    continue
                if evidence.kind in CUE_INDEX and evidence.character is not None:
                    add(i, [evidence.character], evidence.kind)
                if evidence.gender in ("he", "she"):
                    features[i, :, CUE_INDEX["wrong-gender"]] += (genders != evidence.gender) & (genders != "unknown")
                    features[i, :, CUE_INDEX["ungendered"]] += (genders == "unknown") & ~participants[i]
            add(i, calls[i], "called")
            add(i, set().union(*(named_in(self.story, q, self.index) for q in turn)) - calls[i], "named")
            if i > 0:
                add(i, calls[i - 1] - calls[i], "answers-call")
            if i + 1 < len(turns):
                add(i, calls[i + 1] - calls[i], "called-after")
            add(i, present[i], "present")
            if self.idiolects is not None:
                for n, score in self.idiolects.turn_scores(turn, candidates).items():
                    features[i, n, CUE_INDEX["style"]] = score
            add(i, [leads[i]] if leads[i] is not None else [], "lead-in")
        # Narration between two turns, or a tag that keeps the floor, lets a speaker go on.
        between = [i > 0 and (self.narrated_between(turns[i - 1], turns[i])
                              or any(q.id in found and found[q.id].continues for q in turns[i])
                              or all(q.id in found and found[q.id].thought for q in turns[i - 1]))
                   for i in range(len(turns))]
        pronouns = np.array([self.story.characters[c].gender for c in candidates])
        fits = np.zeros((len(turns), len(candidates)))
        for i, turn in enumerate(turns):
            spoken_to = {addressed_gender(self.story, q) for q in turn} - {None}
            if len(spoken_to) == 1:
                gender = spoken_to.pop()
                other = "she" if gender == "he" else "he"
                fits[i] = (pronouns == gender).astype(float) - (pronouns == other)
        return Exchange(turns, candidates, features, between, fits)

    def narrated_between(self, before: list[Quote], after: list[Quote]) -> bool:
        """Does narration part two turns (so the same person may well speak both): a paragraph
        of its own, or :data:`NARRATION_BREAK` characters after the earlier turn's last speech
        or before the later one's first (``She crossed to the window and stood there a long
        while, looking down at the square. "And now?"``)?"""
        ending = self.story.ending_paragraph(before[-1])
        if after[0].paragraph - ending > 1:
            return True
        text = self.story.text
        if after[0].paragraph == ending:  # two speakers in one paragraph (split_turns)
            return len(narration_between(text, before[-1], after[0])) >= NARRATION_BREAK
        tail = text[before[-1].end : self.story.paragraphs[ending].end]
        lead = text[self.story.paragraphs[after[0].paragraph].start : after[0].start]
        return max(len(tail.strip(SPEECH_EDGES)), len(lead.strip(SPEECH_EDGES))) >= NARRATION_BREAK

    @staticmethod
    def candidates(turns: list[list[Quote]], found: dict[int, Evidence], calls: list[set[int]],
                   present: list[list[int]]) -> list[int]:
        """Who may speak in this conversation: those the evidence names, those called, those present."""
        ranked: list[int] = []
        for turn in turns:
            for q in turn:
                evidence = found.get(q.id)
                if (evidence is not None and evidence.character is not None and evidence.kind in CANDIDATE_KINDS
                        and evidence.character not in ranked):
                    ranked.append(evidence.character)
        for called in calls:
            ranked += [c for c in sorted(called) if c not in ranked]
        for here in present:
            ranked += [c for c in here if c not in ranked]
        return ranked[:MAX_CANDIDATES]

    def lead_in(self, quote: Quote) -> Mention | None:
        """The subject of the narration paragraph just before a speech's paragraph, a name or
        description (``Mr. Darcy looked up.`` / ``"I have been thinking..."``) or else a "he"
        or "she": a beat a paragraph early. A pronoun's person is read against the exchange
        (:meth:`leading`), not taken from coreference, which chose it without the turns."""
        index = quote.paragraph - 1
        opening = self.story.text[self.story.paragraphs[quote.paragraph].start : quote.start].strip()
        if index < 0 or index in self.by_paragraph or len(opening) > 1:
            return None  # the speech must open its paragraph
        para = self.story.paragraphs[index]
        if para.kind != "text" or para.doc is None:
            return None
        pronoun = None
        for tok in list(para.doc.sents)[-1]:
            if tok.dep_ in {"nsubj", "nsubjpass"}:
                mention = self.index.at(para.start + tok.idx)
                if mention is None or mention.in_quote:
                    continue
                if mention.kind != "pronoun":
                    return mention
                if pronoun is None and mention.text.lower() in ("he", "she"):
                    pronoun = mention
        return pronoun

    def leading(self, mention: Mention | None, taking_part: set[int | None]) -> int | None:
        """Who a lead-in subject is: a name's or description's character; for "he" or "she",
        the one person of the exchange with those pronouns, if only one has them (between two
        men talking, "He looked up." names neither)."""
        if mention is None:
            return None
        if mention.kind != "pronoun":
            return mention.character
        pronouns = mention.text.lower()  # "he" or "she" (lead_in), as Character.gender spells them
        fitting = [c for c in taking_part if c is not None and self.story.characters[c].gender == pronouns]
        return fitting[0] if len(fitting) == 1 else None

    def present(self, quote: Quote) -> list[int]:
        """Characters named in the narration just before a quote, most recent first."""
        seen: list[int] = []
        for m in reversed(self.index.between(max(0, quote.start - PRESENT_CHARS), quote.start)):
            if m.character is not None and not m.in_quote and m.character not in seen:
                seen.append(m.character)
        return seen[:PRESENT_MAX]


def narration_between(text: str, earlier: Quote, later: Quote) -> str:
    """The narration between two speeches of one paragraph, without the marks around them."""
    return text[earlier.end : later.start].strip(SPEECH_EDGES)


def split_turns(turns: list[list[Quote]], found: dict[int, Evidence], story: Story) -> list[list[Quote]]:
    """The turns with a paragraph that holds two speakers cut in two.

    A turn is a paragraph's speech, one speaker's; but a paragraph may hold a second
    speaker when the writer runs a reply on (``"I hate it!" cried the girl. "But I'll be so
    near," he explained.``), and read as one turn, one of the two tags has to be overruled.
    A speech whose tag cannot name the speaker of an earlier speech of the paragraph (a
    pronoun or description of the other gender, or a name whose character has the other
    pronouns (``"William's upstairs," said Ralph... "But where's your luggage?" she asked``),
    "I" against "he" or "she", another character named outright, or a name beside a description coreference gave someone
    else: ``"And you live here?" said the gentleman. "Yes, sir," said Tom.``) opens a turn
    of its own, and so does a speech right after another with no narration between (``"All
    I know is--" "Never mind!"``: on PDNC, two speakers 21 times in 33); the decoder may
    still give both turns one speaker.
    """
    text = story.text
    split: list[list[Quote]] = []
    for turn in turns:
        split.append([turn[0]])
        for quote in turn[1:]:
            back_to_back = not narration_between(text, split[-1][-1], quote)
            if back_to_back or any(_other_speaker(story, found.get(q.id), found.get(quote.id)) for q in split[-1]):
                split.append([quote])
            else:
                split[-1].append(quote)
    return split


def _other_speaker(story: Story, a: Evidence | None, b: Evidence | None) -> bool:
    """Do two tags name two different speakers (see :func:`split_turns`)?"""
    if a is None or b is None or a.mention is None or b.mention is None:
        return False
    genders = {_tag_pronouns(story, a), _tag_pronouns(story, b)}
    if genders == {"he", "she"}:
        return True
    if "tag-narrator" in (a.kind, b.kind) and genders & {"he", "she"}:
        return True
    if a.character is None or b.character is None or a.character == b.character:
        return False
    kinds = {a.kind, b.kind}
    return kinds <= KEPT_KINDS or (bool(kinds & KEPT_KINDS) and bool(kinds & DESCRIBING_KINDS))


def _tag_pronouns(story: Story, evidence: Evidence) -> str | None:
    """The pronoun set a tag gives its speaker: a pronoun's or description's own, or the
    named character's ("said Ralph": "he")."""
    if evidence.gender is not None or evidence.character is None or evidence.mention is None:
        return evidence.gender
    return story.characters[evidence.character].gender if evidence.mention.kind == "proper" else None


def decode_exchange(exchange: Exchange, found: dict[int, Evidence], margins: dict[int, float],
                    weights: DecoderWeights) -> None:
    """Choose every turn's speaker at once (see :mod:`fabula.turns`) and record the margins."""
    decoded = decode(exchange.features @ weights.cues, exchange.between, weights.transitions,
                     exchange.fits * weights.answered_gender)
    for turn, best, margin in zip(exchange.turns, decoded.speakers, decoded.margins):
        speaker = exchange.candidates[best]
        for q in turn:
            evidence = found.get(q.id)
            if evidence is not None and evidence.kind in KEPT_KINDS and evidence.character is not None:
                continue
            if evidence is None:
                found[q.id] = evidence = Evidence(speaker, "sequence", "implicit")
            elif evidence.character != speaker:
                evidence.character, evidence.kind = speaker, "sequence"
            margins[q.id] = margin
