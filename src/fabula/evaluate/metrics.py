"""Scoring helpers shared by the evaluations: precision/recall/F1, calibration, name matching."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
