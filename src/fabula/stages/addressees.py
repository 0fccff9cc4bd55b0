"""Stage ``addressees``: to whom each quotation is spoken.

Evidence: the names a speech calls out (vocatives), else the turn-taking of the
conversation (a speech answers the previous speaker and is answered by the next one),
else, when the speaker is known and one other character shares the scene's talk, that
character.
"""

from __future__ import annotations

from ..dialogue import MentionIndex, vocatives
from ..model import Quote, Story
from ..pipeline import stage

# Paragraphs between two speeches of the same conversation, at most.
CONVERSATION_GAP = 2


def _partner(quote: Quote, other: Quote | None) -> int | None:
    """The other quote's speaker, if it is someone else and close enough to be a turn."""
    if other is None or other.speaker is None or other.speaker == quote.speaker:
        return None
    if abs(other.paragraph - quote.paragraph) > CONVERSATION_GAP:
        return None
    return other.speaker


@stage("addressees")
def find_addressees(story: Story) -> None:
    """Fill ``quote.addressees`` (character ids) for every spoken quote."""
    index = MentionIndex(story.mentions)
    spoken = [q for q in story.quotes if q.spoken]
    for i, quote in enumerate(spoken):
        called = {m.character for m in vocatives(story, quote, index) if m.character is not None}
        called.discard(quote.speaker)  # type: ignore[arg-type]
        if not called and quote.speaker is not None:
            previous = spoken[i - 1] if i > 0 else None
            following = spoken[i + 1] if i + 1 < len(spoken) else None
            partner = _partner(quote, previous)
            if partner is None:
                partner = _partner(quote, following)
            if partner is not None:
                called = {partner}
        quote.addressees = sorted(called)
