"""A trained tagger of the spans that name or describe people (LitBank's PER layer).

The rule-based finders of :mod:`fabula.stages.mentions` know names well (they judge a name
over the whole book) but describe people poorly: a word list of person nouns misses "the
undertaker" and "a tomboy", and a description's extent ("a young man, who scarcely knew
her") follows conventions no rule captures. This tagger learns both from LitBank.

How it works:

* **Candidates.** Every noun-like token of the parse is a possible head; its possible spans
  are the head alone, the head with its left modifiers, the head's whole subtree, and the
  head with its left modifiers and the first ``k`` right dependents (:func:`candidates`).
  On LitBank 93% of the gold PER spans are among them.
* **Scores.** A logistic regression over hashed sparse features of the span: its head
  word, lemma, tag, dependency and governor, its first and last words, the words around it,
  its length, spaCy's entity label, whether the rule-based finders found the same span,
  whether the head can mean a person (the hand list, and WordNet's person nouns, which know
  the "combatants" and the "skivvy" LitBank never shows it), and how the whole text uses the
  head word (:func:`span_features`).
* **Decoding.** Each head keeps its best span above :data:`THRESHOLD`; spans that cross one
  another are dropped, the less likely first. Nested spans stay (LitBank nests "the wife of
  John Sedley" around "John Sedley": two people).

The weights are trained by :mod:`fabula.training` (``fabula train mentions``) and stored in
``fabula/weights/mentions/``: ``all.npz`` (trained on every LitBank document, used by
default) and ``fold-K.npz`` (trained without fold ``K``, used by ``fabula evaluate
litbank`` so that every document is scored by a model that never saw it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np

from .lexicon import HONORIFICS, PERSON_NOUNS, PERSONAL_PRONOUNS, WORDNET_PERSONS
from .linear import LinearWeights, hashed, load_named
from .model import Story

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Span = tuple[int, int]

#: Where the shipped weights live.
WEIGHTS_DIR = Path(__file__).resolve().parent / "weights" / "mentions"
#: A span is a person when its probability passes this (chosen by cross-validation on
#: LitBank: 0.3 gives the best held-out F1, trading 5 points of precision for 7 of recall).
THRESHOLD = 0.3
#: Parts of speech that can head a description of a person ("the two eldest", "one of them").
HEAD_POS = frozenset({"NOUN", "PROPN", "PRON", "ADJ", "NUM", "X", "DET"})
#: Dependents that never start or join a span on the head's right.
_SKIPPED_DEPS = frozenset({"punct", "cc"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible span, as token indices of its paragraph's ``Doc`` (``last`` inclusive)."""

    first: int
    last: int
    head: int
    extent: str


def candidates(doc: "Doc") -> list[Candidate]:
    """Every span the tagger considers in ``doc``, each (first, last) once."""
    found: list[Candidate] = []
    for token in doc:
        if token.pos_ not in HEAD_POS:
            continue
        left = min([c.left_edge.i for c in token.lefts if c.dep_ not in _SKIPPED_DEPS | {"preconj"}] + [token.i])
        extents = [("head", token.i, token.i), ("full", token.left_edge.i, token.right_edge.i), ("left", left, token.i)]
        k = 0
        for child in token.rights:
            if child.dep_ not in _SKIPPED_DEPS:
                extents.append((f"r{k}", left, child.right_edge.i))
                k += 1
        seen: set[Span] = set()
        for extent, first, last in extents:
            while last > first and doc[last].is_punct:
                last -= 1
            while first < last and doc[first].is_punct:
                first += 1
            if (first, last) not in seen:
                seen.add((first, last))
                found.append(Candidate(first, last, token.i, extent))
    return found


@dataclass
class TextContext:
    """What the tagger knows beyond the sentence: the rule-based mentions (by story offset)
    and how the whole text uses each word."""

    rule_spans: dict[Span, str]
    rule_starts: dict[int, str]
    rule_ends: dict[int, str]
    person_words: Counter[str]  # lower-case words spaCy labels PERSON somewhere
    capitalised: Counter[str]  # lower-case words capitalised away from a sentence start

    @classmethod
    def build(cls, story: Story, rule_mentions: Iterable[tuple[int, int, str]]) -> "TextContext":
        """Context for ``story`` given the rule-based mentions as (start, end, kind)."""
        rule = list(rule_mentions)
        person: Counter[str] = Counter()
        capitalised: Counter[str] = Counter()
        for tok in story.tokens():
            if tok.ent_type_ == "PERSON":
                person[tok.lower_] += 1
            if tok.text[:1].isupper() and tok.i > tok.sent.start:
                capitalised[tok.lower_] += 1
        return cls(
            rule_spans={(s, e): kind for s, e, kind in rule},
            rule_starts={s: kind for s, _, kind in rule},
            rule_ends={e: kind for _, e, kind in rule},
            person_words=person,
            capitalised=capitalised,
        )


def _length(n: int) -> str:
    return str(n) if n < 5 else ("5-7" if n < 8 else "8+")


def span_features(doc: "Sequence[Token]", cand: Candidate, offset: int, context: TextContext) -> list[str]:
    """The features of one candidate span; ``doc`` is its paragraph's tokens (a list is
    faster to index than a ``Doc``) and ``offset`` the paragraph's start in the story."""
    t = doc[cand.head]
    first, last = doc[cand.first], doc[cand.last]
    kind = cand.extent
    lemma = t.lemma_.lower()
    length = _length(cand.last - cand.first + 1)
    inside = doc[cand.first : cand.last + 1]
    start, end = offset + first.idx, offset + last.idx + len(last)
    rule = context.rule_spans.get((start, end), "none")
    wordnet = WORDNET_PERSONS.get(lemma) or WORDNET_PERSONS.get(t.lower_, "none")
    features = [
        kind, "pos=" + t.pos_, "pos+x=" + t.pos_ + kind, "w=" + t.lower_, "lemma=" + lemma,
        "lemma+x=" + lemma + kind, "tag=" + t.tag_, "dep=" + t.dep_, "gov=" + t.dep_ + t.head.lemma_.lower(),
        "ent=" + t.ent_type_, "ent+x=" + t.ent_type_ + kind, "shape=" + t.shape_[:4], "suffix=" + t.lower_[-3:],
        "first=" + first.lower_, "first-pos=" + first.pos_, "first+x=" + first.lower_ + kind,
        "last=" + last.lower_, "last-pos=" + last.pos_,
        "prev=" + (doc[cand.first - 1].lower_ if cand.first else "<s>"),
        "next=" + (doc[cand.last + 1].lower_ if cand.last + 1 < len(doc) else "</s>"),
        "next-pos=" + (doc[cand.last + 1].pos_ if cand.last + 1 < len(doc) else "</s>"),
        "len=" + length, "len+x=" + length + kind,
        f"lexicon={lemma in PERSON_NOUNS or t.lower_ in PERSON_NOUNS}",
        "wordnet=" + wordnet + t.pos_, "wordnet+x=" + wordnet + kind,
        f"pronoun={t.lower_ in PERSONAL_PRONOUNS}",
        f"honorific={first.text.rstrip('.').lower() in HONORIFICS}",
        f"head-honorific={t.text.rstrip('.').lower() in HONORIFICS}",
        f"comma={any(x.text == ',' for x in inside)}",
        f"verb={any(x.pos_ in ('VERB', 'AUX') for x in inside)}",
        f"capitalised={all(x.text[:1].isupper() or not x.is_alpha for x in inside)}",
        "governor=" + t.head.pos_ + t.dep_,
        "rule=" + rule, "rule+x=" + rule + kind,
        "rule-edges=" + context.rule_starts.get(start, "none") + context.rule_ends.get(end, "none"),
        f"text-person={min(context.person_words[t.lower_], 3)}",
        f"text-capitalised={min(context.capitalised[t.lower_], 3)}{t.pos_}",
    ]
    features.extend("child=" + c.dep_ for c in t.children if cand.first <= c.i <= cand.last)
    return features


@lru_cache(maxsize=16)
def load_weights(name: str = "all") -> LinearWeights:
    """Shipped weights by name: ``all`` or ``fold-K``."""
    return load_named(WEIGHTS_DIR, name, "mention-tagger")


def decode(spans: list[Span], heads: list[int], probabilities: np.ndarray, threshold: float = THRESHOLD) -> list[int]:
    """Indices of the chosen spans, in story order: each head's most likely span above
    ``threshold``, then no two crossing (the less likely of two is dropped)."""
    best: dict[int, tuple[float, int]] = {}
    for i, (head, p) in enumerate(zip(heads, probabilities)):
        if p > threshold and (head not in best or p > best[head][0]):
            best[head] = (float(p), i)
    by_start: list[Span] = []  # chosen spans, sorted by start
    by_end: list[tuple[int, int]] = []  # the same as (end, start), sorted by end
    chosen: list[int] = []
    for _, i in sorted(best.values(), reverse=True):
        s, e = spans[i]
        # A chosen span crosses this one when it starts inside it and ends after it, or ends
        # inside it and starts before it.
        starts_inside = by_start[bisect_right(by_start, (s, e)):bisect_left(by_start, (e, 0))]
        ends_inside = by_end[bisect_right(by_end, (s, e)):bisect_left(by_end, (e, 0))]
        if any(a > s and b > e for a, b in starts_inside) or any(b > s and a < s for b, a in ends_inside):
            continue
        insort(by_start, (s, e))
        insort(by_end, (e, s))
        chosen.append(i)
    return sorted(chosen, key=lambda i: spans[i])


@dataclass
class TaggedSpan:
    """A span the tagger calls a person, in story offsets, with its head token's tag."""

    start: int
    end: int
    paragraph: int
    head: int  # story offset of the head token
    head_pos: str
    probability: float


def featurise(story: Story, context: TextContext) -> tuple[list[Span], list[int], list[np.ndarray], list[tuple[int, str]]]:
    """Every candidate of ``story``: its story span, its head's story offset, hashed
    features, and (paragraph, head part of speech)."""
    spans: list[Span] = []
    heads: list[int] = []
    rows: list[np.ndarray] = []
    info: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for para in story.paragraphs:
        doc = para.doc
        if doc is None:
            continue
        tokens = list(doc)
        for cand in candidates(doc):
            head = tokens[cand.head]
            first, last = tokens[cand.first], tokens[cand.last]
            spans.append((para.start + first.idx, para.start + last.idx + len(last)))
            heads.append(para.start + head.idx)
            rows.append(hashed(span_features(tokens, cand, para.start, context), seen))
            info.append((para.index, head.pos_))
    return spans, heads, rows, info


def tag(story: Story, context: TextContext, weights: LinearWeights) -> list[TaggedSpan]:
    """The person spans of ``story``, in story order."""
    spans, heads, rows, info = featurise(story, context)
    if not spans:
        return []
    probabilities = weights.probabilities(rows)
    return [TaggedSpan(*spans[i], info[i][0], heads[i], info[i][1], float(probabilities[i]))
            for i in decode(spans, heads, probabilities)]
