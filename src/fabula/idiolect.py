"""How each character talks, learned from the book's own tagged speeches.

Characters of a novel speak differently: Mr. Woodhouse frets about "my dear" and the
weather, Berry Hamilton's dialect is not Maurice Oakley's, Holmes says "Watson" and "my
dear fellow". The speeches a tag attributes (``"...," said Emma``: right about 97% of the
time; ``"...," she said`` less often) are a labelled sample of each character's words, so
the book itself can teach fabula who is likely to have said an untagged line: a unigram
model per character, smoothed toward the words of all the book's speech (Dirichlet
smoothing), scores a speech by how much more likely its words are in the character's mouth
than in anyone's. Nothing is trained in advance and nothing ships: the model is built afresh
for every story.

The score is one cue among many for the conversation decoder (:mod:`fabula.exchanges`,
weight ``style``); a character needs :data:`MIN_WORDS` words of tagged speech to have one.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from .model import Quote, Story

WORD = re.compile(r"[a-z']+|[!?;—-]")
#: Dirichlet smoothing: how many words of the book's speech a character's model starts from.
MU = 200.0
#: Words of tagged speech a character needs before its model is trusted.
MIN_WORDS = 300
#: A turn's score, relative to the candidates' mean, is kept within +-CLIP: long speeches
#: would otherwise outvote every other cue (at the decoder's ``style`` weight, 0.1, it gives
#: at most what a tag's "he" gives). Read off PDNC once the models learned from every tag and
#: from the first decoding: 0.8379 at 3, 0.8389 at 8, 0.8400 at 10, 0.8398 at 12, 0.8388 at
#: 20, 0.8360 unclipped; LitBank 0.724 throughout.
CLIP = 10.0


class Idiolects:
    """Per-character word models from ``labelled`` speeches (quote id -> speaker)."""

    def __init__(self, story: Story, labelled: dict[int, int]) -> None:
        self.story = story
        # Each speech's words, read once: the background, the models and the turns use them.
        self._words = {q.id: WORD.findall(story.quote_text(q).lower()) for q in story.quotes if q.spoken}
        background: Counter[str] = Counter()
        for words in self._words.values():
            background.update(words)
        spoken: dict[int, Counter[str]] = {}
        for quote_id, character in labelled.items():
            spoken.setdefault(character, Counter()).update(self._words[quote_id])
        total = sum(background.values()) or 1
        # Add-half smoothing keeps every word of the book's speech above zero.
        self.background = {w: (n + 0.5) / (total + 0.5 * len(background)) for w, n in background.items()}
        self.tagged_words = {c: sum(words.values()) for c, words in spoken.items()}
        self.models = {c: words for c, words in spoken.items() if self.tagged_words[c] >= MIN_WORDS}
        self._ratios: dict[int, dict[str, float]] = {}

    def quietness(self, character: int) -> float:
        """How little the character has said under tags: 1 for nothing, 0 from MIN_WORDS."""
        return max(0.0, 1.0 - self.tagged_words.get(character, 0) / MIN_WORDS)

    def words(self, quote: Quote) -> list[str]:
        """A speech's words (and the marks that show a manner: "!", "?", ";", dashes)."""
        words = self._words.get(quote.id)
        return words if words is not None else WORD.findall(self.story.quote_text(quote).lower())

    def _log_ratios(self, character: int) -> dict[str, float]:
        """log P(word | character) - log P(word | the book's speech), for the words it used."""
        ratios = self._ratios.get(character)
        if ratios is None:
            counts = self.models[character]
            total = sum(counts.values())
            ratios = {w: math.log((n + MU * self.background[w]) / (total + MU)) - math.log(self.background[w])
                      for w, n in counts.items()}
            # Any word it never said: its smoothed share, relative to the book's.
            ratios[""] = math.log(MU / (total + MU))
            self._ratios[character] = ratios
        return ratios

    def score(self, words: list[str], character: int) -> float:
        """How much likelier these words are from ``character`` than from the book's speech
        (a log ratio; 0 for a character without a model)."""
        if character not in self.models:
            return 0.0
        ratios = self._log_ratios(character)
        unseen = ratios[""]
        return sum(ratios.get(w, unseen) for w in words)

    def turn_scores(self, turn: list[Quote], candidates: list[int]) -> dict[int, float]:
        """Each modelled candidate's score for a turn (index in ``candidates`` -> score), less
        the modelled candidates' mean and clipped to +-CLIP; empty unless two have models."""
        words = [w for q in turn for w in self.words(q)]
        scores = {n: self.score(words, c) for n, c in enumerate(candidates) if c in self.models}
        if len(scores) < 2:
            return {}
        mean = sum(scores.values()) / len(scores)
        return {n: max(-CLIP, min(CLIP, s - mean)) for n, s in scores.items()}
