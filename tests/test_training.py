"""Training the person-span tagger and the pronoun ranker: examples from a LitBank-shaped
folder, the fits, the folds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fabula.training import (
    Examples,
    RankingExamples,
    cast_pipeline,
    document_examples,
    fit,
    fit_ranker,
    fold_of,
    ranker_accuracy,
    ranking_examples,
    rule_pipeline,
    score,
)

from litbank_folder import write_document, write_litbank


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


def test_the_teacher_labels_each_pronouns_candidates_by_the_gold_chains(tmp_path: Path) -> None:
    sentences = ["Anna Price met Mary Hale at the gate .", "Mary Hale smiled , and Anna laughed .", "She waved ."]
    # "She" is Mary in the gold chains, though Anna was named last.
    mentions = [("T1", 0, 0, 1, "Anna", "PROP"), ("T2", 0, 3, 4, "Mary", "PROP"), ("T3", 1, 0, 1, "Mary", "PROP"),
                ("T4", 1, 5, 5, "Anna", "PROP"), ("T5", 2, 0, 0, "Mary", "PRON")]
    name = write_document(tmp_path, sentences, mentions)
    examples = ranking_examples((tmp_path, name, 0), cast_pipeline())
    assert len(examples.groups) == len(examples.labels) == 1
    assert list(examples.labels[0]) == [False, True]  # Anna (nearest) is wrong, Mary right
    assert all(len(row) > 5 for row in examples.groups[0])


def _groups(rng: np.random.Generator, n: int) -> RankingExamples:
    """Pronouns of three candidates each, the right one marked by slot 7 among noise slots."""
    examples = RankingExamples("synthetic")
    for _ in range(n):
        right = int(rng.integers(3))
        examples.groups.append([np.unique(np.append(rng.choice(np.arange(100, 200), 3, replace=False), 7 if k == right else 9))
                                for k in range(3)])
        examples.labels.append(np.arange(3) == right)
    return examples


def test_the_ranker_fit_learns_which_candidate_is_right_and_beats_the_nearest() -> None:
    pytest.importorskip("scipy")
    rng = np.random.default_rng(3)
    weights = fit_ranker([_groups(rng, 200)], iterations=100)
    assert weights.weights[7] > 0 > weights.weights[9]
    held_out = [_groups(rng, 100)]
    assert ranker_accuracy(held_out, weights) == (100, 100)
    assert ranker_accuracy(held_out, None)[0] < 60  # the nearest is right a third of the time
