"""Training the person-span tagger: examples from a LitBank-shaped folder, the fit, the folds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fabula.training import Examples, document_examples, fit, fold_of, rule_pipeline, score

from litbank_folder import write_litbank


def test_examples_label_exactly_the_gold_person_spans(tmp_path: Path) -> None:
    name = write_litbank(tmp_path, ("Anna", "Tom"))
    examples = document_examples((tmp_path, name), rule_pipeline())
    text = "Anna Price and Tom Hale stood at the gate."
    positives = {examples.spans[i] for i in np.flatnonzero(examples.labels)}
    assert {text[s:e] for s, e in positives if e <= len(text)} == {"Anna Price", "Tom Hale"}
    assert positives <= examples.gold and len(examples.rows) == len(examples.labels) == len(examples.heads)


def _synthetic(doc: str, n: int, rng: np.random.Generator) -> Examples:
    """Spans whose slot 5 marks a person and slot 9 not, among noise slots."""
    rows, labels, spans, heads = [], [], [], []
    for i in range(n):
        person = bool(rng.random() < 0.4)
        noise = rng.choice(np.arange(100, 200), size=3, replace=False)
        rows.append(np.unique(np.append(noise, 5 if person else 9)))
        labels.append(float(person))
        spans.append((10 * i, 10 * i + 4))
        heads.append(10 * i)
    gold = {s for s, y in zip(spans, labels) if y}
    return Examples(doc, rows, np.array(labels), spans, heads, gold)


def test_fit_learns_a_separable_rule_and_scores_held_out_spans() -> None:
    pytest.importorskip("scipy")
    rng = np.random.default_rng(1)
    train = [_synthetic("a", 300, rng), _synthetic("b", 300, rng)]
    weights = fit(train, iterations=100)
    assert weights.weights[5] > 0 > weights.weights[9]
    counts = score([_synthetic("c", 200, rng)], weights)
    assert counts.fp == 0 and counts.fn == 0 and counts.tp > 0


def test_folds_cycle_through_ten() -> None:
    assert [fold_of(i) for i in range(12)] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]
