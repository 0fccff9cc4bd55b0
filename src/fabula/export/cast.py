"""The cast as readers of a report or a script want it: who speaks, how much, in what order.

The screenplay's cast list and the HTML report's cast table rank characters the same way
(most lines first), so the ranking and the per-character speech counts live here once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Character, Quote, Story

UNKNOWN_SPEAKER = "Unknown"


@dataclass(frozen=True, slots=True)
class CastEntry:
    """One character with the amount of speech the analysis gave them."""

    character: Character
    lines: int
    words: int

    @property
    def other_names(self) -> list[str]:
        """Aliases other than the main name, in the order the analysis found them."""
        seen = {self.character.name}
        out: list[str] = []
        for alias in self.character.aliases:
            if alias not in seen:
                seen.add(alias)
                out.append(alias)
        return out


def spoken_quotes(story: Story) -> list[Quote]:
    """Quotations somebody says aloud, in story order (titles and scare quotes left out)."""
    return sorted((q for q in story.quotes if q.spoken and q.spans), key=lambda q: q.start)


def quote_words(story: Story, quote: Quote) -> int:
    """Words in a quotation's spoken spans (the tag between them does not count)."""
    return sum(len(story.text[s:e].split()) for s, e in quote.spans)


def cast_list(story: Story) -> list[CastEntry]:
    """Every character, ranked by lines spoken, then by how often the text mentions them.

    Ranking by speech first puts the people a producer must cast, or a reader follows
    through the dialogue, at the top; mentions break ties among silent characters.
    """
    lines: dict[int, int] = {}
    words: dict[int, int] = {}
    for q in spoken_quotes(story):
        if q.speaker is not None:
            lines[q.speaker] = lines.get(q.speaker, 0) + 1
            words[q.speaker] = words.get(q.speaker, 0) + quote_words(story, q)
    entries = [CastEntry(c, lines.get(c.id, 0), words.get(c.id, 0)) for c in story.characters]
    entries.sort(key=lambda e: (-e.lines, -e.character.mention_count, e.character.id))
    return entries


def speaker_name(story: Story, quote: Quote) -> str:
    """The speaker's main name, or :data:`UNKNOWN_SPEAKER` when nobody was attributed."""
    character = story.character(quote.speaker)
    return character.name if character is not None else UNKNOWN_SPEAKER
