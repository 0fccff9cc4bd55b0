"""A trained ranker of the characters a third-person pronoun may refer to.

The ``coref`` stage keeps the characters mentioned in the last few paragraphs and, for each
"he" or "she" of the narration, lists those it may mean (:class:`Candidate`: pronoun set
agrees, not the subject of the pronoun's own clause when the pronoun is its object). Which of
them the pronoun means is a matter of degree that hand rules weigh badly: the nearest one, the
last subject, the one in the same role ("Darcy looked at Bingley. He smiled"), the one whose
clause the possessive sits in ("Jane lost her glove"), the one that many mentions keep in
focus. This module describes each candidate by such cues (:func:`candidate_features`) and
scores it with a linear model over hashed features (:mod:`fabula.linear`): a conditional
logit, trained on LitBank's coreference chains by ``fabula train coref``
(:mod:`fabula.training`) and shipped in ``fabula/weights/coref/`` (``all.npz``, and
``fold-K.npz`` trained without fold ``K`` for ``fabula evaluate litbank``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .dialogue import speaks_in_tag
from .lexicon import GENERIC_HEADS
from .linear import LinearWeights, hashed, load_named
from .model import Mention, Story
from .stages.characters import SUBJECT_DEPS

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Where the shipped weights live.
WEIGHTS_DIR = Path(__file__).resolve().parent / "weights" / "coref"
OBJECTS = frozenset({"dobj", "dative", "iobj"})
# Determiners that open a description a pronoun may refer back to.
DETERMINERS = frozenset({"a", "an", "the", "this", "that"})


@dataclass(frozen=True, slots=True)
class Site:
    """Where a mention sits: its head token, its grammatical role, its sentence, and whether
    it is a speech tag's subject (of a speech verb, in a sentence with a quote mark)."""

    token: "Token | None"
    role: str
    paragraph: int
    sentence: int
    speech_tag: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    """A character a pronoun may mean, seen through its latest mention in the window; or, with
    no ``character``, someone the window met only as a description (``mention``)."""

    character: int | None
    mention: Mention
    site: Site
    #: The character's mentions in the window.
    count: int
    #: Is its pronoun set known to fit (not merely unknown)?
    exact: bool
    #: Was one of its mentions in the window a clause's subject, the latest such?
    latest_subject: bool
    #: Where its pronoun set comes from: "text", "name", "pronouns", "words" or "unknown"
    #: (:meth:`fabula.stages.coref.Resolver.gender_source`).
    gender_source: str = "unknown"


class Sites:
    """Finds and remembers each mention's :class:`Site` (a mention is looked at many times)."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self._sites: dict[int, Site] = {}
        self._sentence_starts: dict[int, list[int]] = {}

    def __call__(self, m: Mention) -> Site:
        site = self._sites.get(m.id) if m.id >= 0 else None
        if site is None:
            site = self._find(m)
            if m.id >= 0:
                self._sites[m.id] = site
        return site

    def _find(self, m: Mention) -> Site:
        tok = self.story.mention_root(m)
        if tok is None:
            return Site(None, "none", m.paragraph, 0)
        starts = self._sentence_starts.get(m.paragraph)
        if starts is None:
            starts = self._sentence_starts[m.paragraph] = [s.start for s in tok.doc.sents]
        sentence = bisect_right(starts, tok.i) - 1
        speech_tag = tok.dep_ in SUBJECT_DEPS and speaks_in_tag(tok)
        return Site(tok, _role(tok), m.paragraph, sentence, speech_tag)


def _role(tok: "Token") -> str:
    dep = tok.dep_
    if dep in SUBJECT_DEPS:
        return "subj"
    if dep in OBJECTS:
        return "obj"
    if dep in {"pobj", "poss", "conj", "appos"}:
        return dep
    return "other"


def _bucket(n: int, top: int) -> str:
    return str(n) if n < top else f"{top}+"


def _clause_verb(tok: "Token") -> "Token":
    """The verb (or root) of the clause a token hangs from."""
    head = tok.head
    while head.pos_ not in {"VERB", "AUX"} and head.dep_ != "ROOT" and head.head is not head:
        head = head.head
    return head


def candidate_features(pronoun: Mention, site: Site, candidates: list[Candidate]) -> list[list[str]]:
    """The features of each candidate for ``pronoun`` (nearest candidate first)."""
    word = pronoun.text.lower()
    kind = "poss" if site.role == "poss" else word
    tag = site.speech_tag
    verb = _clause_verb(site.token) if site.token is not None else None
    rows: list[list[str]] = []
    exact_seen = 0
    n = _bucket(len(candidates), 4)
    for rank, cand in enumerate(candidates):
        a = cand.site
        if a.paragraph == site.paragraph:
            dist = "s" + _bucket(site.sentence - a.sentence, 3)
        else:
            dist = "p" + _bucket(site.paragraph - a.paragraph, 2)
        r = _bucket(rank, 4)
        roles = f"{a.role}|{site.role}"
        exact_rank = _bucket(exact_seen, 3) if cand.exact else "x"
        exact_seen += cand.exact
        words = cand.mention.text.lower().split()
        new = f"{words[0] if words[0] in DETERMINERS else 'other'}|{words[-1] in GENERIC_HEADS}" if cand.character is None else "no"
        same_clause = (verb is not None and a.token is not None and a.token.doc is site.token.doc  # type: ignore[union-attr]
                       and a.role == "subj" and a.token.head == verb)
        rows.append([
            f"rank={r}", f"exact-rank={exact_rank}", f"exact={cand.exact}|{r}", f"dist={dist}",
            f"kind={cand.mention.kind}", f"kind|dist={cand.mention.kind}|{dist}", f"role={a.role}",
            f"roles={roles}", f"dist|roles={dist}|{roles}", f"pronoun={kind}", f"rank|pronoun={r}|{kind}",
            f"latest-subject={cand.latest_subject}|{site.role}", f"count={_bucket(cand.count, 6)}",
            f"same-clause={same_clause}|{site.role}", f"tag={tag}|{a.speech_tag}|{dist}", f"tag|role={tag}|{a.role}",
            f"new={new}", f"new|dist={new}|{dist}", f"new|roles={new}|{roles}",
            f"n|rank={n}|{r}", f"gender={cand.gender_source}|{cand.exact}",
        ])
    return rows


@lru_cache(maxsize=16)
def load_weights(name: str = "all") -> LinearWeights:
    """Shipped weights by name: ``all`` or ``fold-K``."""
    return load_named(WEIGHTS_DIR, name, "pronoun-ranker")


class Ranker:
    """Chooses a pronoun's antecedent among its candidates with trained weights."""

    def __init__(self, weights: LinearWeights) -> None:
        self.weights = weights
        self._seen: dict[str, int] = {}

    def __call__(self, pronoun: Mention, site: Site, candidates: list[Candidate]) -> int:
        """The index of the most likely candidate."""
        rows = [hashed(f, self._seen) for f in candidate_features(pronoun, site, candidates)]
        return int(np.argmax(self.weights.scores(rows)))
