"""Stage ``addressees``: to whom each quotation is spoken.

Evidence, strongest first: the names a speech calls out (vocatives) and whom its tag says it
is said to (``said Emma to Harriet``), both found by the ``speakers`` stage; and the people taking
part in the exchange around it (everyone else who speaks within a few turns of it, as
PDNC annotates a speech to a group: in a group, "Jane, what do you think?" is heard and
answered by all, so the vocative adds to the hearers rather than replacing them); else, in
an exchange of one speaker, the nearest speech by someone else.
"""

from __future__ import annotations

from itertools import chain

from ..dialogue import MentionIndex, conversations, quoted_pronouns, same_conversation, vocatives
from ..lexicon import SECOND_PERSON
from ..model import Quote, Story
from ..pipeline import stage

# Turns either side of a speech whose speakers hear it. A group conversation is heard by all
# who take part, well beyond the turns next to a speech: chosen on PDNC's addressee F1 (0.648
# at 3 turns, 0.660 at 5, 0.661 at 6, 0.662 at 8, 0.656 at 12), the round middle of the plateau.
EARSHOT = 6


def _partner(story: Story, quote: Quote, other: Quote | None) -> int | None:
    """The other quote's speaker, if it is someone else and close enough to be a turn
    (counted from the paragraph where the earlier speech ends)."""
    if other is None or other.speaker is None or other.speaker == quote.speaker:
        return None
    earlier, later = sorted((other, quote), key=lambda q: q.start)
    if not same_conversation(story.ending_paragraph(earlier), later.paragraph):
        return None
    return other.speaker


def _listeners(turns: list[list[Quote]], i: int, speaker: int) -> set[int]:
    """Everyone but ``speaker`` who speaks within EARSHOT turns of turn ``i``."""
    near = turns[max(0, i - EARSHOT) : i + EARSHOT + 1]
    return {q.speaker for turn in near for q in turn if q.speaker is not None and q.speaker != speaker}


@stage("addressees")
def find_addressees(story: Story) -> None:
    """Fill ``quote.addressees`` (character ids) for every spoken quote."""
    spoken = [q for q in story.quotes if q.spoken]
    position = {q.id: n for n, q in enumerate(spoken)}
    for turns in conversations(story):
        for i, turn in enumerate(turns):
            for quote in turn:
                called = set(quote.addressees)  # named or said to, as the speakers stage found
                called.discard(quote.speaker)  # type: ignore[arg-type]
                hearers = _listeners(turns, i, quote.speaker) if quote.speaker is not None else set()
                if not called or len(hearers) > 1:
                    called |= hearers
                if not called and quote.speaker is not None:
                    n = position[quote.id]
                    partner = _partner(story, quote, spoken[n - 1] if n > 0 else None)
                    if partner is None:
                        partner = _partner(story, quote, spoken[n + 1] if n + 1 < len(spoken) else None)
                    called = {partner} if partner is not None else set()
                quote.addressees = sorted(called)
    attach_second_person(story)


def attach_second_person(story: Story) -> None:
    """Quoted "you", "your", and a description the speech calls out ("Yes, sir", "my
    child"), refer to the addressee when the speech has exactly one, and among several
    hearers to the one who spoke the turn before (the speech answers them), else to the one
    who speaks the turn after (the one it was put to answers)."""
    spoken = [q for q in story.quotes if q.spoken]
    before = {q.id: spoken[n - 1] for n, q in enumerate(spoken) if n > 0}
    after = {q.id: spoken[n + 1] for n, q in enumerate(spoken) if n + 1 < len(spoken)}
    index = MentionIndex(story.mentions)
    called = ((q, m) for q in story.quotes if q.spoken for m in vocatives(story, q, index)
              if m.kind == "nominal" and m.character is None)
    for quote, m in chain(quoted_pronouns(story, SECOND_PERSON, index), called):
        if len(quote.addressees) == 1:
            m.character = quote.addressees[0]
        elif quote.addressees:
            answered = _partner(story, quote, before.get(quote.id))
            if answered not in quote.addressees:
                answered = _partner(story, quote, after.get(quote.id))
            if answered in quote.addressees:
                m.character = answered
