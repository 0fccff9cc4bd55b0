"""``fabula train mentions``: train the person-span tagger (:mod:`fabula.spantagger`) on LitBank.

LitBank (Bamman et al. 2019, CC BY 4.0) gives 100 excerpts with every PER span marked at
every nesting level. Each document is rebuilt as prose exactly as ``fabula evaluate
litbank`` does, run through fabula up to its rule-based mentions, and every candidate span
is labelled by whether LitBank marks it.

Folds: the documents, sorted by name, go to fold ``i % 10`` (:func:`fold_of`); LitBank's
repository publishes no split file, so this fixed rule is the split. ``fold-K.npz`` is
trained on the other nine folds and ``all.npz`` on every document. The figures printed are
held-out: fold ``K``'s documents scored by ``fold-K.npz``.

The model is an L2-regularised logistic regression fitted by L-BFGS (scipy, a training-only
dependency: ``pip install -e .[train]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .evaluate import litbank
from .evaluate.metrics import Counts
from .evaluate.runner import run_all
from .model import Story
from .pipeline import Pipeline
from .spantagger import HASH_SLOTS, WEIGHTS_DIR, SpanWeights, TextContext, decode, featurise

FOLDS = 10
#: L2 penalty; 1.0 did as well as 0.3 and better than 3.0 in cross-validation.
L2 = 1.0
MAX_ITERATIONS = 300


def fold_of(index: int) -> int:
    """The fold of the ``index``-th document in name order."""
    return index % FOLDS


def rule_pipeline() -> Pipeline:
    """fabula up to its rule-based mentions: what the tagger's features are computed from."""
    return Pipeline(stages=("segment", "parse", "quotes", "mentions"), config={"mentions": {"tagger": None}})


@dataclass
class Examples:
    """One document's candidate spans: hashed features, gold labels, and what decoding needs."""

    doc: str
    rows: list[np.ndarray]
    labels: np.ndarray
    spans: list[tuple[int, int]]
    heads: list[int]
    gold: set[tuple[int, int]]


def document_examples(item: tuple[Path, str], pipeline: Pipeline) -> Examples:
    """The labelled candidates of one LitBank document."""
    root, name = item
    rebuilt = litbank.rebuild_text(litbank.read_sentences(root / "coref" / "tsv" / f"{name}.txt"))
    gold = litbank.load_gold(root, name, rebuilt)
    story = pipeline(Story(text=rebuilt.text, title=name))
    context = TextContext.build(story, ((m.start, m.end, m.kind) for m in story.mentions))
    spans, heads, rows, _ = featurise(story, context)
    labels = np.array([span in gold.per_spans for span in spans], dtype=np.float64)
    return Examples(name, rows, labels, spans, heads, gold.per_spans)


def fit(examples: list[Examples], l2: float = L2, iterations: int = MAX_ITERATIONS) -> SpanWeights:
    """A logistic regression over every candidate of ``examples``."""
    from scipy import sparse
    from scipy.optimize import minimize

    rows = [r for ex in examples for r in ex.rows]
    y = np.concatenate([ex.labels for ex in examples])
    indptr = np.cumsum([0] + [len(r) for r in rows])
    x = sparse.csr_matrix((np.ones(indptr[-1]), np.concatenate(rows), indptr), shape=(len(rows), HASH_SLOTS))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w[:-1] + w[-1]
        error = 1.0 / (1.0 + np.exp(-z)) - y
        value = float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * w[:-1] @ w[:-1])
        return value, np.append(x.T @ error + l2 * w[:-1], error.sum())

    result = minimize(loss, np.zeros(HASH_SLOTS + 1), jac=True, method="L-BFGS-B", options={"maxiter": iterations})
    return SpanWeights(result.x[:-1].astype(np.float32), float(result.x[-1]))


def score(examples: list[Examples], weights: SpanWeights) -> Counts:
    """Exact-span PER counts of the tagger alone on ``examples``."""
    counts = Counts()
    for ex in examples:
        chosen = {ex.spans[i] for i in decode(ex.spans, ex.heads, weights.probabilities(ex.rows))}
        counts += Counts(len(chosen & ex.gold), len(chosen - ex.gold), len(ex.gold - chosen))
    return counts


def train_mentions(root: Path, out_dir: Path = WEIGHTS_DIR, jobs: int = 1) -> list[dict[str, Any]]:
    """Train the fold models and the full model into ``out_dir``; the held-out figures per
    fold, and overall last."""
    names = litbank.documents(root)
    examples = run_all(document_examples, [(root, n) for n in names], jobs=jobs, desc="featurise",
                       make_pipeline=rule_pipeline)
    rows: list[dict[str, Any]] = []
    total = Counts()
    for fold in range(FOLDS):
        held_out = [ex for i, ex in enumerate(examples) if fold_of(i) == fold]
        weights = fit([ex for i, ex in enumerate(examples) if fold_of(i) != fold])
        weights.save(out_dir / f"fold-{fold}.npz")
        counts = score(held_out, weights)
        total += counts
        rows.append(_figures(f"fold {fold}", len(held_out), counts))
    fit(examples).save(out_dir / "all.npz")
    rows.append(_figures("held-out overall", len(examples), total))
    return rows


def _figures(label: str, docs: int, counts: Counts) -> dict[str, Any]:
    return {"fold": label, "docs": docs, "per_p": round(counts.precision, 4), "per_r": round(counts.recall, 4),
            "per_f1": round(counts.f1, 4)}
