"""Stage ``emotion``: valence and six emotions per sentence, paragraph, quote and character.

Why a lexicon and not a model: fabula must run offline, fast and explainably, and a word list
lets a reader see *why* a paragraph scored as angry. Two lists are used:

* valence (negative..positive) from VADER's lexicon (``vaderSentiment``, MIT), looked up by
  the lower-cased word and then by its spaCy lemma, on VADER's -4..4 scale;
* six emotions (joy, sadness, anger, fear, surprise, love -- love also covers trust and
  affection) from fabula's own ``lexicons/emotions.tsv``, matched by spaCy lemma.

Fiction-aware modifiers, applied to every token at once with numpy (one pass over tokens,
no per-sentence Python loop):

* negation: a negator (``not``, ``n't``, ``never``, ``no``, ``nothing``, ``without``...) up to
  three tokens before a word, in the same clause (no punctuation between), flips its valence
  (times -0.74, VADER's factor) and cancels its emotion ("not happy" is not joy);
* intensity: a degree adverb (``very``, ``utterly``, ``bitterly``...) scales the word it
  modifies in the parse (``wept bitterly``, ``very angry``) by 1.3 (``slightly``: 0.7);
* speech tags: an adverb of a speech verb outside the quotes (``he said brokenly``) counts
  toward the nearest quote of its paragraph, hence toward the speaker's emotion.

Scores. A unit's valence is VADER's normalisation of its summed word valences,
``v / sqrt(v*v + 15)`` in -1..1; a paragraph's valence is the mean of its sentences'. A unit's
emotion score is its weighted emotion-word count per word (0 when it has none).

The story arc follows Jockers' *syuzhet* ``get_dct_transform``: the per-sentence series
(sentence order is narrative time) goes through a discrete cosine transform (DCT-II), only
the first ``arc_components`` coefficients are kept (a low-pass filter that leaves the slow
shape of the plot and drops sentence-to-sentence noise) and the inverse transform is sampled
at ``arc_points`` evenly spaced points. Character arcs are not smoothed: they are means over
``segments`` equal stretches of the text (by character offset), with ``None`` where the
character is silent or absent.

Everything is stored in ``story.extras["emotion"]`` as plain lists. The stage also stores
the interaction network (:mod:`fabula.relations`) in ``story.extras["relations"]``, since
its pair warmth is the valence of the quotes scored here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from spacy.strings import hash_string

from ..errors import ModelNotInstalledError
from ..lexicon import SPEECH_VERBS
from ..model import Story
from ..pipeline import register
from ..relations import graph_to_dict, interaction_graph

EMOTIONS: tuple[str, ...] = ("joy", "sadness", "anger", "fear", "surprise", "love")

#: VADER's normalisation constant: ``v / sqrt(v*v + ALPHA)`` maps a sum of -4..4 word scores to -1..1.
ALPHA = 15.0
#: VADER's factor for a negated word's valence.
NEGATED_VALENCE = -0.74
#: How many tokens before a word a negator reaches.
NEGATION_WINDOW = 3
BOOST = 1.3
DAMPEN = 0.7
#: Decimals kept for the smoothed arc: emotion densities are around 0.01, and at the three
#: decimals of the other scores a plotted curve shows stairs. The arc is a few hundred numbers.
ARC_DIGITS = 5
#: Valence (VADER scale) an emotion word implies when VADER does not list it.
EMOTION_VALENCE = np.array([1.5, -1.5, -1.5, -1.5, 0.0, 1.5])

#: Negators beyond VADER's list (which has the contracted forms): fiction writes "no joy",
#: "nobody cared", "hardly glad".
_NEGATORS_EXTRA = "not n't no never nothing nobody none nowhere neither nor without hardly scarcely barely cannot"
#: Degree adverbs beyond VADER's boosters that fiction uses to intensify a feeling.
_BOOSTERS_EXTRA = """bitterly wildly desperately passionately terribly dreadfully frightfully fearfully
exceedingly excessively profoundly intensely violently madly fiercely heartily sorely deeply
perfectly truly positively uncommonly extraordinarily immensely infinitely inexpressibly
unspeakably overwhelmingly painfully horribly awfully"""
_DAMPENERS_EXTRA = "faintly mildly rather somewhat"
#: After "never", these make emphasis: "never *so* happy", "never *such* a joy".
_EMPHATIC_AFTER_NEVER = np.array(sorted(hash_string(w) for w in ("so", "such", "this", "more")), dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Word lists as sorted 64-bit spaCy string hashes, so per-token lookup is one searchsorted."""

    valence_keys: np.ndarray  # uint64, sorted
    valence: np.ndarray  # float64, VADER scale -4..4
    emotion_keys: np.ndarray  # uint64, sorted
    emotion: np.ndarray  # float64, (n, len(EMOTIONS)) weights
    negators: np.ndarray  # uint64, sorted
    booster_keys: np.ndarray  # uint64, sorted
    booster: np.ndarray  # float64 multiplier


def _hash(word: str) -> int:
    return int(hash_string(word))


def _table(entries: dict[str, Any]) -> tuple[np.ndarray, list[Any]]:
    keyed = sorted((_hash(w), v) for w, v in entries.items())
    return np.array([k for k, _ in keyed], dtype=np.uint64), [v for _, v in keyed]


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    """Read VADER's lexicon and fabula's emotion list once per process."""
    try:
        from vaderSentiment import vaderSentiment as vader
    except ImportError as exc:
        raise ModelNotInstalledError(
            "the valence lexicon is not installed; install it with `pip install vaderSentiment==3.3.2`"
        ) from exc
    valence: dict[str, float] = {}
    lexicon = resources.files("vaderSentiment").joinpath("vader_lexicon.txt")
    for line in lexicon.read_text("utf-8").splitlines():
        word, score, *_ = line.split("\t")
        valence[word] = float(score)
    emotions: dict[str, list[float]] = {}
    table = resources.files("fabula").joinpath("lexicons/emotions.tsv")
    for line in table.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        word, emotion, weight = line.split("\t")
        emotions.setdefault(word, [0.0] * len(EMOTIONS))[EMOTIONS.index(emotion)] = float(weight)
    boosters = {w: (BOOST if v > 0 else DAMPEN) for w, v in vader.BOOSTER_DICT.items() if " " not in w}
    boosters.update({w: BOOST for w in _BOOSTERS_EXTRA.split()})
    boosters.update({w: DAMPEN for w in _DAMPENERS_EXTRA.split()})
    negators = {w for w in vader.NEGATE} | set(_NEGATORS_EXTRA.split())
    vk, vv = _table(valence)
    ek, ev = _table(emotions)
    bk, bv = _table(boosters)
    return Lexicons(
        valence_keys=vk,
        valence=np.array(vv, dtype=np.float64),
        emotion_keys=ek,
        emotion=np.array(ev, dtype=np.float64).reshape(-1, len(EMOTIONS)),
        negators=np.array(sorted(_hash(w) for w in negators), dtype=np.uint64),
        booster_keys=bk,
        booster=np.array(bv, dtype=np.float64),
    )


def _lookup(keys: np.ndarray, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row of each query in sorted ``keys`` and whether it was found."""
    if len(keys) == 0:
        return np.zeros(len(queries), dtype=np.int64), np.zeros(len(queries), dtype=bool)
    pos = np.searchsorted(keys, queries).clip(0, len(keys) - 1)
    return pos, keys[pos] == queries


@dataclass(slots=True)
class Tokens:
    """Every parsed token of the story as flat arrays, plus its valence and emotion scores."""

    offset: np.ndarray  # story character offset of each token
    paragraph: np.ndarray  # Paragraph.index
    sentence: np.ndarray  # sentence number in story order
    sentence_start: np.ndarray  # story offset of each sentence (indexed by sentence number)
    word: np.ndarray  # 1.0 for alphabetic tokens: the denominator of emotion densities
    in_quote: np.ndarray  # bool
    valence: np.ndarray  # VADER scale, after negation and intensity
    emotion: np.ndarray  # (n_tokens, len(EMOTIONS))
    tag_adverb: np.ndarray  # bool: adverb of a speech verb, outside quotes


def score_tokens(story: Story) -> Tokens:
    """Flatten the parse into arrays and score every token in one vectorised pass."""
    from spacy.attrs import HEAD, IDX, IS_ALPHA, IS_PUNCT, LEMMA, LOWER, POS, SENT_START
    from spacy.symbols import ADV

    lex = load_lexicons()
    cols = [LOWER, LEMMA, IDX, HEAD, SENT_START, IS_PUNCT, IS_ALPHA, POS]
    arrays, offsets, paragraph_ids = [], [], []
    for p in story.paragraphs:
        if p.doc is None or len(p.doc) == 0:
            continue
        arrays.append(p.doc.to_array(cols))
        offsets.append(p.start)
        paragraph_ids.append(p.index)
    if not arrays:
        empty = np.zeros(0)
        return Tokens(empty, empty.astype(np.int64), empty.astype(np.int64), empty, empty,
                      empty.astype(bool), empty, np.zeros((0, len(EMOTIONS))), empty.astype(bool))
    lengths = np.array([len(a) for a in arrays])
    data = np.concatenate(arrays)
    first = np.repeat(np.cumsum(lengths) - lengths, lengths)  # index of each token's doc start
    lower, lemma = data[:, 0], data[:, 1]
    offset = data[:, 2].astype(np.int64) + np.repeat(offsets, lengths)
    n = len(data)
    index = np.arange(n)
    head = index + data[:, 3].view(np.int64)
    sent_flag = data[:, 4].view(np.int64) == 1
    sent_flag[first] = True
    sentence = np.cumsum(sent_flag) - 1
    punct = data[:, 5] == 1
    word = (data[:, 6] == 1).astype(np.float64)

    in_quote = _quote_mask(story, offset)

    pos, hit = _lookup(lex.emotion_keys, lemma)
    pos2, hit2 = _lookup(lex.emotion_keys, lower)
    emotion = np.where(hit[:, None], lex.emotion[pos], np.where(hit2[:, None], lex.emotion[pos2], 0.0))
    # Valence: the surface form first (VADER lists "loved" and "loves"), then the lemma; words
    # VADER lacks (it was built for social media: "wept", "brokenly", "coffin") take the
    # valence their emotions imply.
    pos, hit = _lookup(lex.valence_keys, lower)
    pos2, hit2 = _lookup(lex.valence_keys, lemma)
    implied = (emotion @ EMOTION_VALENCE).clip(-4.0, 4.0)
    valence = np.where(hit, lex.valence[pos], np.where(hit2, lex.valence[pos2], implied))

    # Intensity: a degree adverb scales the word it modifies (its syntactic head).
    pos, is_booster = _lookup(lex.booster_keys, lower)
    scale = np.ones(n)
    np.multiply.at(scale, head[is_booster], lex.booster[pos[is_booster]])
    scale[is_booster & (head == index)] = 1.0

    # Negation: a negator up to NEGATION_WINDOW tokens back, with no clause break between.
    # "but" also breaks the clause ("not rich but happy", "nothing but misery"), and, as in
    # VADER, "never so happy" / "never such joy" is emphasis, not negation.
    negator = np.isin(lower, lex.negators) | np.isin(lemma, lex.negators)
    clause = np.cumsum(punct | sent_flag | (lower == _hash("but")))
    negated = np.zeros(n, dtype=bool)
    for k in range(1, NEGATION_WINDOW + 1):
        negated[k:] |= negator[:-k] & (clause[:-k] == clause[k:])
    emphatic = np.zeros(n, dtype=bool)
    emphatic[1:] = np.isin(lower[:-1], _EMPHATIC_AFTER_NEVER)
    never_before = np.zeros(n, dtype=bool)
    for k in range(2, NEGATION_WINDOW + 1):
        never_before[k:] |= lower[:-k] == _hash("never")
    negated &= ~negator & ~(emphatic & never_before)
    valence = valence * scale * np.where(negated, NEGATED_VALENCE, 1.0)
    emotion = emotion * (scale * ~negated)[:, None]

    speech_head = np.isin(lemma[head], _speech_verb_hashes())
    tag_adverb = (data[:, 7] == ADV) & speech_head & ~in_quote & ~in_quote[head] & (head != index)
    sentence_start = offset[sent_flag]
    return Tokens(offset, np.repeat(paragraph_ids, lengths), sentence, sentence_start, word,
                  in_quote, valence, emotion, tag_adverb)


@lru_cache(maxsize=1)
def _speech_verb_hashes() -> np.ndarray:
    return np.array(sorted(_hash(v) for v in SPEECH_VERBS), dtype=np.uint64)


def _quote_spans(story: Story) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spoken quote spans flattened: (quote list index, start, end) arrays."""
    rows = [(qi, s, e) for qi, q in enumerate(story.quotes) if q.spoken for s, e in q.spans]
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    arr = np.array(rows, dtype=np.int64)
    return arr[:, 0], arr[:, 1], arr[:, 2]


def _quote_mask(story: Story, offset: np.ndarray) -> np.ndarray:
    """True for tokens inside any quote (spoken or not: a quoted title is not narration)."""
    spans = np.array([se for q in story.quotes for se in q.spans], dtype=np.int64).reshape(-1, 2)
    mark = np.zeros(len(offset) + 1, dtype=np.int64)
    np.add.at(mark, np.searchsorted(offset, spans[:, 0]), 1)
    np.add.at(mark, np.searchsorted(offset, spans[:, 1]), -1)
    return np.cumsum(mark[:-1]) > 0


def _normalise(v: np.ndarray) -> np.ndarray:
    """VADER's compound normalisation of a summed valence into -1..1."""
    return v / np.sqrt(v * v + ALPHA)


def _sums(groups: np.ndarray, size: int, tokens: Tokens, mask: np.ndarray | None = None) -> np.ndarray:
    """Per group: summed valence, the summed emotions, and word count: shape (size, 2 + E)."""
    w = np.ones(len(groups)) if mask is None else mask.astype(np.float64)
    cols = [tokens.valence * w, *(tokens.emotion[:, j] * w for j in range(len(EMOTIONS))), tokens.word * w]
    return np.stack([np.bincount(groups, weights=c, minlength=size) for c in cols], axis=1)


def _scores(sums: np.ndarray) -> np.ndarray:
    """(valence, emotion densities...) from :func:`_sums` rows: shape (n, 1 + E)."""
    out = np.empty((len(sums), 1 + len(EMOTIONS)))
    out[:, 0] = _normalise(sums[:, 0])
    out[:, 1:] = sums[:, 1:-1] / np.maximum(sums[:, -1:], 1.0)
    return out


def quote_sums(story: Story, tokens: Tokens) -> tuple[np.ndarray, np.ndarray]:
    """Summed valence, emotions and words of every quote (``story.quotes`` order), and which are spoken.

    A quote's words plus the speech-tag adverbs of its paragraph ("he said *brokenly*"), each
    adverb going to the nearest spoken quote of its paragraph (its words are not counted, so
    it adds intensity without diluting the quote).
    """
    width = 2 + len(EMOTIONS)
    sums = np.zeros((len(story.quotes), width))
    qi, starts, ends = _quote_spans(story)
    spoken = np.unique(qi)
    if len(qi) == 0:
        return sums, spoken
    token_rows = np.column_stack([tokens.valence, tokens.emotion, tokens.word])
    prefix = np.vstack([np.zeros((1, width)), np.cumsum(token_rows, axis=0)])
    span_sums = prefix[np.searchsorted(tokens.offset, ends)] - prefix[np.searchsorted(tokens.offset, starts)]
    np.add.at(sums, qi, span_sums)
    by_paragraph: dict[int, list[int]] = {}
    for i in spoken.tolist():
        by_paragraph.setdefault(story.quotes[i].paragraph, []).append(i)
    for t in np.flatnonzero(tokens.tag_adverb).tolist():
        candidates = by_paragraph.get(int(tokens.paragraph[t]), [])
        nearest = _nearest_quote(story, candidates, int(tokens.offset[t]))
        if nearest is not None:
            sums[nearest, :-1] += token_rows[t, :-1]
    return sums, spoken


def quote_scores(story: Story, tokens: Tokens) -> np.ndarray:
    """Scores (valence, emotions) of every quote in ``story.quotes`` order; NaN for unspoken ones."""
    return _spoken_scores(*quote_sums(story, tokens))


def _spoken_scores(sums: np.ndarray, spoken: np.ndarray) -> np.ndarray:
    out = np.full((len(sums), 1 + len(EMOTIONS)), np.nan)
    out[spoken] = _scores(sums[spoken])
    return out


def _nearest_quote(story: Story, candidates: list[int], offset: int) -> int | None:
    """The quote among ``candidates`` (indices in ``story.quotes``) closest to ``offset``."""
    best, best_gap = None, None
    for i in candidates:
        q = story.quotes[i]
        gap = max(q.start - offset, offset - q.end, 0)
        if best_gap is None or gap < best_gap:
            best, best_gap = i, gap
    return best


def dct_arc(series: np.ndarray, components: int, points: int) -> np.ndarray:
    """Low-pass a series with a DCT-II, keeping ``components`` coefficients, sampled at ``points``.

    The same idea as syuzhet's ``get_dct_transform``: the first cosine components carry the
    slow rise and fall of the plot, the rest is sentence-to-sentence noise. Sampling the
    inverse transform at fixed points makes arcs of books of any length comparable.
    """
    n = len(series)
    if n == 0:
        return np.zeros(0)
    k = min(components, n)
    grid = (np.arange(n) + 0.5) / n
    basis = np.cos(np.pi * np.outer(np.arange(k), grid))  # (k, n)
    coef = basis @ series * 2.0 / n
    coef[0] /= 2.0
    at = (np.arange(points) + 0.5) / points
    return coef @ np.cos(np.pi * np.outer(np.arange(k), at))


def _segment_means(
    keys: np.ndarray, values: np.ndarray, weights: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per key in 0..size-1: weighted mean of ``values`` rows and the number of rows (NaN if none)."""
    count = np.bincount(keys, minlength=size).astype(np.float64)
    total = np.stack(
        [np.bincount(keys, weights=values[:, j] * weights, minlength=size) for j in range(values.shape[1])],
        axis=1,
    )
    wsum = np.bincount(keys, weights=weights, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = total / wsum[:, None]
    means[count == 0] = np.nan
    return means, count


def _unit_profile(
    seg: np.ndarray, valence: np.ndarray, sums: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per segment: mean valence of the units and their pooled emotion densities; unit counts."""
    count = np.bincount(seg, minlength=size).astype(np.float64)
    out = np.full((size, 1 + len(EMOTIONS)), np.nan)
    has = count > 0
    out[has, 0] = np.bincount(seg, weights=valence, minlength=size)[has] / count[has]
    words = np.bincount(seg, weights=sums[:, -1], minlength=size)
    for j in range(len(EMOTIONS)):
        emo = np.bincount(seg, weights=sums[:, 1 + j], minlength=size)
        out[has, 1 + j] = emo[has] / np.maximum(words[has], 1.0)
    return out, count


def _segment_of(offsets: np.ndarray, text_length: int, segments: int) -> np.ndarray:
    return np.minimum(offsets * segments // max(text_length, 1), segments - 1).astype(np.int64)


def _columns(scores: np.ndarray, digits: int = 3) -> dict[str, list[float | None]]:
    """``{"valence": [...], "joy": [...], ...}`` with NaN as None, rounded for compact JSON."""
    names = ("valence", *EMOTIONS)
    rounded = np.round(scores, digits)
    out: dict[str, list[float | None]] = {}
    for j, name in enumerate(names):
        col = rounded[:, j]
        # Zeros as 0 and NaN as None: most scores are zero, and JSON has no NaN.
        out[name] = [None if v != v else (v or 0) for v in col.tolist()]
    return out


class EmotionStage:
    """Score the story and store the result in ``story.extras["emotion"]``."""

    name = "emotion"

    def __init__(
        self, segments: int = 20, arc_components: int = 5, arc_points: int = 100, max_characters: int = 30
    ) -> None:
        self.segments = segments
        self.arc_components = arc_components
        self.arc_points = arc_points
        self.max_characters = max_characters
        load_lexicons()

    def __call__(self, story: Story) -> None:
        tokens = score_tokens(story)
        n_sent = len(tokens.sentence_start)
        sent_sums = _sums(tokens.sentence, n_sent, tokens)
        sent_scores = _scores(sent_sums)
        q_sums, spoken = quote_sums(story, tokens)
        quotes = _spoken_scores(q_sums, spoken)
        story.extras["emotion"] = {
            "emotions": list(EMOTIONS),
            "sentences": {"start": tokens.sentence_start.tolist(), **_columns(sent_scores)},
            "paragraphs": self._paragraphs(tokens, sent_scores),
            "quotes": self._quotes(story, quotes),
            "arc": self._arc(sent_scores),
            "segments": self._story_segments(story, tokens, sent_scores, sent_sums),
            "characters": self._characters(story, tokens, quotes, q_sums),
        }
        story.extras["relations"] = graph_to_dict(interaction_graph(story), min_weight=2)

    def _paragraphs(self, tokens: Tokens, sent_scores: np.ndarray) -> dict[str, Any]:
        if len(tokens.offset) == 0:
            return {"index": [], **_columns(np.zeros((0, 1 + len(EMOTIONS))))}
        index, tok_par = np.unique(tokens.paragraph, return_inverse=True)
        size = len(index)
        sums = _sums(tok_par, size, tokens)
        scores = _scores(sums)
        first_token = np.searchsorted(tokens.sentence, np.arange(len(sent_scores)))
        sent_par = tok_par[first_token]
        count = np.bincount(sent_par, minlength=size)
        scores[:, 0] = np.bincount(sent_par, weights=sent_scores[:, 0], minlength=size) / np.maximum(count, 1)
        return {"index": index.tolist(), **_columns(scores)}

    def _quotes(self, story: Story, quotes: np.ndarray) -> dict[str, Any]:
        keep = ~np.isnan(quotes[:, 0])
        ids = [q.id for q, k in zip(story.quotes, keep.tolist()) if k]
        return {"id": ids, **_columns(quotes[keep])}

    def _arc(self, sent_scores: np.ndarray) -> dict[str, Any]:
        arc = np.stack(
            [dct_arc(sent_scores[:, j], self.arc_components, self.arc_points) for j in range(sent_scores.shape[1])],
            axis=1,
        ) if len(sent_scores) else np.zeros((0, 1 + len(EMOTIONS)))
        return {"method": "dct", "components": self.arc_components, "points": len(arc), **_columns(arc, ARC_DIGITS)}

    def _story_segments(
        self, story: Story, tokens: Tokens, sent_scores: np.ndarray, sent_sums: np.ndarray
    ) -> dict[str, Any]:
        seg = _segment_of(tokens.sentence_start, len(story.text), self.segments)
        profile, _ = _unit_profile(seg, sent_scores[:, 0], sent_sums, self.segments)
        return {"count": self.segments, **_columns(profile)}

    def _characters(
        self, story: Story, tokens: Tokens, quotes: np.ndarray, q_sums: np.ndarray
    ) -> list[dict[str, Any]]:
        """Per character: segment profiles of their own speech and of narration around their mentions."""
        if not story.characters:
            return []
        n_chars, size = len(story.characters), self.segments
        # Speech: spoken quotes with a known speaker.
        q_rows = [(i, q.speaker, q.start) for i, q in enumerate(story.quotes)
                  if q.spoken and q.speaker is not None and 0 <= q.speaker < n_chars and not np.isnan(quotes[i, 0])]
        speech = np.full((n_chars, size, 1 + len(EMOTIONS)), np.nan)
        speech_n = np.zeros((n_chars, size))
        if q_rows:
            arr = np.array(q_rows, dtype=np.int64)
            key = arr[:, 1] * size + _segment_of(arr[:, 2], len(story.text), size)
            prof, cnt = _unit_profile(key, quotes[arr[:, 0], 0], q_sums[arr[:, 0]], n_chars * size)
            speech, speech_n = prof.reshape(n_chars, size, -1), cnt.reshape(n_chars, size)
        # Narration: the sentences (their words outside quotes) where the character is mentioned.
        narr = np.full((n_chars, size, 1 + len(EMOTIONS)), np.nan)
        narr_n = np.zeros((n_chars, size))
        m_rows = [(m.character, m.start) for m in story.mentions
                  if m.character is not None and not m.in_quote and 0 <= m.character < n_chars]
        if m_rows and len(tokens.sentence_start):
            arr = np.array(m_rows, dtype=np.int64)
            sent = np.searchsorted(tokens.sentence_start, arr[:, 1], side="right") - 1
            pairs = np.unique(np.column_stack([arr[:, 0], np.maximum(sent, 0)]), axis=0)
            n_sent = len(tokens.sentence_start)
            sums = _sums(tokens.sentence, n_sent, tokens, mask=~tokens.in_quote)[pairs[:, 1]]
            key = pairs[:, 0] * size + _segment_of(tokens.sentence_start[pairs[:, 1]], len(story.text), size)
            prof, cnt = _unit_profile(key, _normalise(sums[:, 0]), sums, n_chars * size)
            narr, narr_n = prof.reshape(n_chars, size, -1), cnt.reshape(n_chars, size)
        weight = speech_n.sum(axis=1) + narr_n.sum(axis=1)
        order = [int(c) for c in np.argsort(-weight, kind="stable")[: self.max_characters] if weight[c] > 0]
        return [
            {
                "id": story.characters[c].id,
                "name": story.characters[c].name,
                "speech": {"n": speech_n[c].astype(int).tolist(), **_columns(speech[c])},
                "narration": {"n": narr_n[c].astype(int).tolist(), **_columns(narr[c])},
            }
            for c in order
        ]


@register("emotion")
def make_emotion(
    segments: int = 20, arc_components: int = 5, arc_points: int = 100, max_characters: int = 30
) -> EmotionStage:
    return EmotionStage(
        segments=segments, arc_components=arc_components, arc_points=arc_points, max_characters=max_characters
    )
