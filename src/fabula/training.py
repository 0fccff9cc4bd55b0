"""``fabula train mentions`` and ``fabula train coref``: train fabula's shipped models on LitBank.

LitBank (Bamman et al. 2019, CC BY 4.0) gives 100 excerpts with every PER span marked at
every nesting level, and coreference chains. Each document is rebuilt as prose exactly as
``fabula evaluate litbank`` does.

* **Mentions** (:mod:`fabula.spantagger`): the document runs through fabula up to its
  rule-based mentions, and every candidate span is labelled by whether LitBank marks it.
* **Coreference** (:mod:`fabula.antecedents`): the document runs through fabula up to its
  cast (its mentions found with the tagger trained without its fold, as at evaluation), then
  through the ``coref`` stage with a teacher (:class:`Teacher`) that, for every pronoun,
  records its candidates' features, labels them by LitBank's chains, and picks the right one,
  so that the next pronouns see the window a perfect resolver would leave.

Folds: the documents, sorted by name, go to fold ``i % 10`` (:func:`fold_of`); LitBank's
repository publishes no split file, so this fixed rule is the split. ``fold-K.npz`` is
trained on the other nine folds and ``all.npz`` on every document. The figures printed are
held-out: fold ``K``'s documents scored by ``fold-K.npz``.

The tagger is an L2-regularised logistic regression, the ranker an L2-regularised
conditional logit (a softmax over each pronoun's candidates), both fitted by L-BFGS (scipy, a
training-only dependency: ``pip install -e .[train]``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import antecedents
from .antecedents import Candidate, Site, candidate_features
from .evaluate import litbank
from .evaluate.metrics import Counts
from .evaluate.runner import run_all
from .model import Mention, Story
from .pipeline import Pipeline
from .stages.coref import Coreference

if TYPE_CHECKING:
    from scipy import sparse
from .linear import HASH_SLOTS, LinearWeights, hashed
from .spantagger import WEIGHTS_DIR, TextContext, decode, featurise

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
    rebuilt, gold = litbank.read_document(root, name)
    story = pipeline(Story(text=rebuilt.text, title=name))
    context = TextContext.build(story, ((m.start, m.end, m.kind) for m in story.mentions))
    spans, heads, rows, _ = featurise(story, context)
    labels = np.array([span in gold.per_spans for span in spans], dtype=np.float64)
    return Examples(name, rows, labels, spans, heads, gold.per_spans)


def _design(rows: list[np.ndarray]) -> "sparse.csr_matrix":
    """The 0/1 matrix whose row ``i`` has ones at the hash slots ``rows[i]``."""
    from scipy import sparse

    indptr = np.cumsum([0] + [len(r) for r in rows])
    return sparse.csr_matrix((np.ones(indptr[-1]), np.concatenate(rows), indptr), shape=(len(rows), HASH_SLOTS))


def fit(examples: list[Examples], l2: float = L2, iterations: int = MAX_ITERATIONS) -> LinearWeights:
    """A logistic regression over every candidate of ``examples``."""
    from scipy.optimize import minimize

    rows = [r for ex in examples for r in ex.rows]
    y = np.concatenate([ex.labels for ex in examples])
    x = _design(rows)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w[:-1] + w[-1]
        error = 1.0 / (1.0 + np.exp(-z)) - y
        value = float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * w[:-1] @ w[:-1])
        return value, np.append(x.T @ error + l2 * w[:-1], error.sum())

    result = minimize(loss, np.zeros(HASH_SLOTS + 1), jac=True, method="L-BFGS-B", options={"maxiter": iterations})
    return LinearWeights(result.x[:-1].astype(np.float32), float(result.x[-1]))


def score(examples: list[Examples], weights: LinearWeights) -> Counts:
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


# ---- the pronoun ranker ------------------------------------------------------------------

#: L2 penalty of the ranker. Held-out accuracy on LitBank: 0.924 at 1, 0.925 at 3, 0.929 at 10,
#: 0.930 at 30 and 100; but from 10 up the penalty shrinks the rarer cues so far that a tag's
#: "he said" goes to the possessor just before it ("Mr. Bell shook Tom Hale's hand"), which
#: test_antecedents checks: of the values tried, 3 is the strongest that keeps it.
RANKER_L2 = 3.0


@dataclass
class RankingExamples:
    """One document's pronouns: each one's candidates (hashed features) and which are right."""

    doc: str
    groups: list[list[np.ndarray]] = field(default_factory=list)
    labels: list[np.ndarray] = field(default_factory=list)


class Teacher:
    """A chooser for the coref stage that knows LitBank's chains.

    A character's gold entity is the one most of its mentions so far fall on (as ``fabula
    evaluate litbank`` maps characters); a candidate is right when its character's entity (or
    its description's) is the pronoun's. The teacher records every pronoun that has a right
    candidate among two or more, and always picks a right one where there is one (else the
    nearest).
    """

    def __init__(self, story: Story, gold: "litbank.Gold", examples: RankingExamples) -> None:
        self.mentions = sorted(story.mentions, key=lambda m: m.start)
        self.index = litbank._MentionIndex(gold.mentions)
        self.gold = gold
        self.examples = examples
        self.votes: dict[int, Counter[str]] = defaultdict(Counter)
        self.read = 0  # mentions before this one have voted

    def entity(self, m: Mention) -> str | None:
        span = self.index.best(m.start, m.end)
        return self.gold.mentions[span] if span is not None else None

    def entity_of(self, candidate: Candidate) -> str | None:
        """The gold entity of a candidate character (its mentions' majority so far), or of the
        description that is all the window knows of a candidate."""
        if candidate.character is None:
            return self.entity(candidate.mention)
        votes = self.votes[candidate.character]
        return votes.most_common(1)[0][0] if votes else None

    def __call__(self, pronoun: Mention, site: Site, candidates: list[Candidate]) -> int:
        while self.read < len(self.mentions) and self.mentions[self.read].start < pronoun.start:
            m = self.mentions[self.read]
            entity = self.entity(m) if m.character is not None else None
            if entity is not None:
                self.votes[m.character][entity] += 1  # type: ignore[index]
            self.read += 1
        entity = self.entity(pronoun)
        labels = np.array([entity is not None and self.entity_of(c) == entity for c in candidates])
        if pronoun.id >= 0 and labels.any() and len(candidates) > 1:
            self.examples.groups.append([hashed(f) for f in candidate_features(pronoun, site, candidates)])
            self.examples.labels.append(labels)
        return int(np.argmax(labels)) if labels.any() else 0


def cast_pipeline() -> Pipeline:
    """fabula up to its cast: what the pronoun ranker's candidates come from."""
    return Pipeline(stages=("segment", "parse", "quotes", "mentions", "characters"))


def ranking_examples(item: tuple[Path, str, int], pipeline: Pipeline) -> RankingExamples:
    """The labelled pronouns of one LitBank document, its mentions found by the tagger of its
    fold (``item`` is the LitBank folder, the document's name and its fold)."""
    root, name, fold = item
    rebuilt, gold = litbank.read_document(root, name)
    story = pipeline.replaced("mentions", tagger=f"fold-{fold}")(Story(text=rebuilt.text, title=name))
    examples = RankingExamples(name)
    coref = Coreference(ranker=None)
    coref.choose = Teacher(story, gold, examples)
    coref(story)
    return examples


def fit_ranker(examples: list[RankingExamples], l2: float = RANKER_L2,
               iterations: int = MAX_ITERATIONS) -> LinearWeights:
    """A conditional logit: the probability of a candidate is the softmax of its score over its
    pronoun's candidates, and a pronoun's likelihood is that of its right candidates."""
    from scipy.optimize import minimize

    groups = [g for ex in examples for g in ex.groups]
    x = _design([row for g in groups for row in g])
    right = np.concatenate([labels for ex in examples for labels in ex.labels]).astype(np.float64)
    sizes = np.array([len(g) for g in groups])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    group_of = np.repeat(np.arange(len(groups)), sizes)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        top = np.maximum.reduceat(z, starts)
        e = np.exp(z - top[group_of])
        total, hit = np.add.reduceat(e, starts), np.add.reduceat(e * right, starts)
        value = float(-np.sum(np.log(hit) - np.log(total)) + 0.5 * l2 * w @ w)
        gradient = x.T @ (e / total[group_of] - e * right / hit[group_of]) + l2 * w
        return value, gradient

    result = minimize(loss, np.zeros(HASH_SLOTS), jac=True, method="L-BFGS-B", options={"maxiter": iterations})
    return LinearWeights(result.x.astype(np.float32))


def ranker_accuracy(examples: list[RankingExamples], weights: LinearWeights | None) -> tuple[int, int]:
    """(right, total): pronouns whose best-scored candidate is right (the nearest, without weights)."""
    right = total = 0
    for ex in examples:
        for group, labels in zip(ex.groups, ex.labels):
            best = int(np.argmax(weights.scores(group))) if weights is not None else 0
            right += bool(labels[best])
            total += 1
    return right, total


def train_coref(root: Path, out_dir: Path = antecedents.WEIGHTS_DIR, jobs: int = 1) -> list[dict[str, Any]]:
    """Train the fold rankers and the full ranker into ``out_dir``; held-out antecedent
    accuracy per fold beside the nearest-candidate baseline, and overall last."""
    names = litbank.documents(root)
    examples = run_all(ranking_examples, [(root, n, fold_of(i)) for i, n in enumerate(names)], jobs=jobs,
                       desc="featurise", make_pipeline=cast_pipeline)
    rows: list[dict[str, Any]] = []
    total = np.zeros(3)
    for fold in range(FOLDS):
        held_out = [ex for i, ex in enumerate(examples) if fold_of(i) == fold]
        weights = fit_ranker([ex for i, ex in enumerate(examples) if fold_of(i) != fold])
        weights.save(out_dir / f"fold-{fold}.npz")
        (right, n), (near, _) = ranker_accuracy(held_out, weights), ranker_accuracy(held_out, None)
        total += (right, near, n)
        rows.append(_ranker_figures(f"fold {fold}", len(held_out), right, near, n))
    fit_ranker(examples).save(out_dir / "all.npz")
    rows.append(_ranker_figures("held-out overall", len(examples), *map(int, total)))
    return rows


def _ranker_figures(label: str, docs: int, right: int, near: int, n: int) -> dict[str, Any]:
    return {"fold": label, "docs": docs, "pronouns": n, "accuracy": round(right / n, 4) if n else 0.0,
            "nearest": round(near / n, 4) if n else 0.0}
