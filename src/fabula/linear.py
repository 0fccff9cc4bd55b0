"""Linear models over hashed sparse features: what fabula's trained components share.

The person-span tagger (:mod:`fabula.spantagger`) and the pronoun ranker
(:mod:`fabula.antecedents`) describe each decision by a handful of string features
("dep=nsubj", "dist=s0|subj|poss"), hash them into a fixed number of slots, and score a
decision as the sum of the weights of its slots. Nothing else is needed at run time (no
vocabulary file, no model library), and the weights store sparsely in a few hundred KB.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: Sparse features are hashed into this many slots (2**18: few collisions, ~200 KB stored).
HASH_SLOTS = 1 << 18


def slot(feature: str) -> int:
    """A feature's hash slot (CRC-32: stable across processes and machines, unlike ``hash``)."""
    return zlib.crc32(feature.encode()) % HASH_SLOTS


def hashed(features: list[str], seen: dict[str, int] | None = None) -> np.ndarray:
    """The distinct hash slots of ``features``; ``seen`` memoises slots over a text (most
    features recur thousands of times in a novel)."""
    if seen is None:
        seen = {}
    slots = []
    for f in features:
        s = seen.get(f)
        if s is None:
            s = seen[f] = slot(f)
        slots.append(s)
    return np.unique(np.array(slots, dtype=np.int64))


@dataclass(frozen=True)
class LinearWeights:
    """A weight per hash slot (``weights[slot]``), plus ``bias``."""

    weights: np.ndarray
    bias: float = 0.0

    @classmethod
    def load(cls, path: Path) -> "LinearWeights":
        """Read weights stored sparsely by :meth:`save`."""
        with np.load(path) as data:
            weights = np.zeros(HASH_SLOTS, dtype=np.float32)
            weights[np.cumsum(data["gaps"])] = data["values"]
            return cls(weights, float(data["bias"]))

    def save(self, path: Path, floor: float = 1e-3) -> None:
        """Store the weights above ``floor`` in size (the rest change no decision) as gaps
        between slots and half-precision values."""
        slots = np.flatnonzero(np.abs(self.weights) > floor)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, gaps=np.diff(slots, prepend=0).astype(np.uint32),
                            values=self.weights[slots].astype(np.float16), bias=np.float32(self.bias))

    def scores(self, rows: list[np.ndarray]) -> np.ndarray:
        """The linear score of each row of hashed slots."""
        return np.fromiter((self.weights[r].sum() for r in rows), dtype=np.float64, count=len(rows)) + self.bias

    def probabilities(self, rows: list[np.ndarray]) -> np.ndarray:
        """P(yes) for each row of hashed slots, read as a logistic regression."""
        return 1.0 / (1.0 + np.exp(-self.scores(rows)))


def load_named(folder: Path, name: str, what: str) -> LinearWeights:
    """Shipped weights ``folder/name.npz`` (``all`` or ``fold-K``); ``what`` names the model
    in the error a missing file raises."""
    path = folder / f"{name}.npz"
    if not path.exists():
        from .errors import FabulaError

        raise FabulaError(f"no {what} weights named {name!r} in {folder}")
    return LinearWeights.load(path)
