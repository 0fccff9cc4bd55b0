"""Scoring helpers shared by the evaluations: precision/recall/F1, calibration, name matching."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from ..errors import InputError

_NOT_LETTERS = re.compile(r"[^a-z ]+")
_TITLES = {"mr.": "mr", "mrs.": "mrs", "dr.": "dr", "st.": "st"}


@dataclass
class Counts:
    """True positives, false positives and false negatives, summed over anything."""

    tp: float = 0
    fp: float = 0
    fn: float = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def expected_calibration_error(confidences: list[float], correct: list[bool], bins: int = 10) -> float:
    """ECE: the gap between confidence and accuracy, averaged over equal-width bins by size."""
    if not confidences:
        return 0.0
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        members = [i for i, c in enumerate(confidences) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if members:
            confidence = sum(confidences[i] for i in members) / len(members)
            accuracy = sum(correct[i] for i in members) / len(members)
            total += len(members) * abs(confidence - accuracy)
    return total / len(confidences)


def normalise_name(name: str) -> str:
    """Compare names as a reader would: case, punctuation, "the" and title dots do not matter."""
    lower = " ".join(_TITLES.get(w, w) for w in name.lower().split())
    words = _NOT_LETTERS.sub(" ", lower).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def span_overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Characters shared by two multi-span quotations (a speech cut by its tag has two spans)."""
    return sum(max(0, min(e, f) - max(s, t)) for s, e in a for t, f in b)


def match_quotes(
    gold: list[list[tuple[int, int]]], predicted: list[list[tuple[int, int]]]
) -> tuple[list[int | None], set[int]]:
    """Align gold and predicted quotations by character overlap.

    Returns, for each gold quotation, the index of the predicted one overlapping it most
    (None when none overlaps by a character), and the set of predicted quotations that overlap
    any gold one. Both lists must be sorted by start; the scan is linear in their lengths
    because quotations do not nest, so one only overlaps its near neighbours.
    """
    starts = [spans[0][0] for spans in predicted]
    best_of: list[int | None] = []
    hit: set[int] = set()
    for spans in gold:
        g_start, g_end = spans[0][0], spans[-1][1]
        best, best_overlap = None, 0
        for i in range(max(bisect_left(starts, g_start) - 3, 0), len(predicted)):
            if starts[i] >= g_end:
                break
            overlap = span_overlap(predicted[i], spans)
            if overlap:
                hit.add(i)
                if overlap > best_overlap:
                    best, best_overlap = i, overlap
        best_of.append(best)
    return best_of, hit


@dataclass
class CorefCounts:
    """Numerators and denominators of one coreference metric, summed over documents.

    The CoNLL reference scorer aggregates a corpus this way (micro-average), so a long
    document weighs more than a short one.
    """

    recall_num: float = 0.0
    recall_den: float = 0.0
    precision_num: float = 0.0
    precision_den: float = 0.0

    def __iadd__(self, other: "CorefCounts") -> "CorefCounts":
        self.recall_num += other.recall_num
        self.recall_den += other.recall_den
        self.precision_num += other.precision_num
        self.precision_den += other.precision_den
        return self

    @property
    def f1(self) -> float:
        r = self.recall_num / self.recall_den if self.recall_den else 0.0
        p = self.precision_num / self.precision_den if self.precision_den else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


COREF_METRICS = ("muc", "b3", "ceafe")


def coref_counts(key: list[set[Any]], response: list[set[Any]]) -> dict[str, CorefCounts]:
    """MUC, B³ and CEAF-e counts of one document, computed with the ``scorch`` package.

    scorch (an independent reimplementation of the CoNLL-2012 reference scorer, Pradhan et
    al. 2014) gives per-document recall and precision; their denominators are known (MUC:
    links, B³: mentions, CEAF-e: entities), so multiplying back gives the numerators that a
    corpus-level score sums.
    """
    try:
        from scorch import scores
    except ImportError:
        raise InputError("coreference scoring needs the scorch package: pip install 'fabula[evaluate]'") from None
    key = [k for k in key if k]
    response = [r for r in response if r]
    dens = {
        "muc": (sum(len(k) - 1 for k in key), sum(len(r) - 1 for r in response)),
        "b3": (sum(len(k) for k in key), sum(len(r) for r in response)),
        "ceafe": (len(key), len(response)),
    }
    result = {}
    for name, metric in zip(COREF_METRICS, (scores.muc, scores.b_cubed, scores.ceaf_e)):
        recall, precision, _ = metric(key, response) if key and response else (0.0, 0.0, 0.0)
        r_den, p_den = dens[name]
        result[name] = CorefCounts(float(recall) * r_den, r_den, float(precision) * p_den, p_den)
    return result
