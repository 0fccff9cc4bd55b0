"""The conversation decoder: exact against brute force, and the patterns a reader counts on."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from fabula.turns import Transitions, decode, transition_counts


def brute_force(emissions: np.ndarray, between: list[bool], transitions: Transitions,
                answered: np.ndarray) -> tuple[list[int], list[float]]:
    """Score every speaker sequence: the best one, and each turn's best-vs-runner-up margin."""
    n, k = emissions.shape
    scores: dict[tuple[int, ...], float] = {}
    for seq in itertools.product(range(k), repeat=n):
        total = sum(emissions[i, s] for i, s in enumerate(seq))
        # The one a turn answers: the previous turn's speaker, when the floor changed hands.
        answers = sum(answered[i, seq[i - 1]] for i in range(1, n) if seq[i] != seq[i - 1])
        for i in range(1, n):
            if seq[i] == seq[i - 1]:
                total += transitions.same_speaker_after_narration if between[i] else transitions.same_speaker
            if i >= 2 and seq[i] == seq[i - 2] != seq[i - 1] and not (between[i] or between[i - 1]):
                total += transitions.alternation
        # The training features count the same transitions.
        assert np.isclose(total, sum(emissions[i, s] for i, s in enumerate(seq))
                          + transition_counts(list(seq), between) @ transitions.vector())
        scores[seq] = total + answers
    best = max(scores, key=scores.__getitem__)
    margins = []
    for i in range(n):
        per = sorted(max(v for seq, v in scores.items() if seq[i] == c) for c in range(k))
        margins.append(per[-1] - per[-2])
    return list(best), margins


@pytest.mark.parametrize("seed", range(40))
def test_decoder_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(1, 6)), int(rng.integers(2, 4))
    emissions = rng.normal(size=(n, k)) * 2
    between = [bool(b) for b in rng.integers(0, 2, size=n)]
    transitions = Transitions(*rng.normal(size=3) * 2) if seed % 2 else Transitions()
    answered = rng.normal(size=(n, k)) * (seed % 3 > 0)
    decoded = decode(emissions, between, transitions, answered)
    best, margins = brute_force(emissions, between, transitions, answered)
    assert decoded.speakers == best
    assert np.allclose(decoded.margins, margins)


def test_untagged_turns_alternate_around_one_tag() -> None:
    # Only turn 2 is tagged (candidate 0); turns before and after are counted from it.
    emissions = np.zeros((5, 2))
    emissions[2, 0] = 5.0
    assert decode(emissions, [False] * 5).speakers == [0, 1, 0, 1, 0]


def test_narration_between_turns_lets_a_speaker_go_on() -> None:
    emissions = np.array([[5.0, 0.0], [1.0, 0.0]])
    assert decode(emissions, [False, False]).speakers == [0, 1]
    assert decode(emissions, [False, True]).speakers == [0, 0]


def test_narration_inside_an_exchange_breaks_its_rhythm() -> None:
    # A tagged, B tagged, then an untagged turn after narration: no A, B, A pull either way,
    # so a cue for B that is weaker than the alternation bonus now wins.
    emissions = np.array([[5.0, 0.0], [0.0, 5.0], [0.0, 0.8]])
    assert decode(emissions, [False, False, False]).speakers == [0, 1, 0]
    assert decode(emissions, [False, False, True]).speakers == [0, 1, 1]


def test_margin_is_small_far_from_the_evidence() -> None:
    emissions = np.zeros((7, 2))
    emissions[0, 0] = 5.0
    margins = decode(emissions, [False] * 7).margins
    assert margins[0] > margins[1] > 0
    assert decode(np.zeros((0, 2)), []).speakers == []


def test_a_gendered_address_picks_who_is_answered() -> None:
    # Turn 0 is tagged for candidate 0; turn 1 says "Yes, sir." and only candidate 2 is a man,
    # so turn 0's tag is overruled only where the answer is worth more than the tag.
    emissions = np.zeros((2, 3))
    emissions[1, 1] = 1.0
    answered = np.zeros((2, 3))
    answered[1] = [-1.0, -1.0, 1.0]
    assert decode(emissions, [False, False]).speakers[1] == 1
    assert decode(emissions, [False, False], answered=answered).speakers == [2, 1]
