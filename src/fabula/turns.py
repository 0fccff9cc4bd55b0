"""Decode who speaks each turn of a conversation, as one sequence rather than turn by turn.

A conversation is a run of *turns* (paragraphs that hold speech, or one of two speakers' share
of a paragraph: :func:`fabula.exchanges.split_turns`). Each turn has local
evidence for each candidate speaker (a tag, an action beat, a vocative, a pronoun's gender),
written as a score. Between turns, readers expect the floor to change hands (the same
person rarely speaks two paragraphs running unless narration intervenes) and, in an
exchange, the speaker of two turns back to answer again (a rhythm that a paragraph of
narration inside the three turns breaks). :func:`decode` finds the
speaker sequence with the highest total score under those expectations, a second-order
Viterbi search over (previous, current) speaker pairs, and reports for each turn how far
ahead its choice is of the best alternative: the margin the ``speakers`` stage turns
into a confidence.

Time is linear in the number of turns and cubic in the number of candidates, which a
conversation keeps small (the people present).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The transition features, in the order of :meth:`Transitions.vector`.
TRANSITION_FEATURES = ("same_speaker", "same_speaker_after_narration", "alternation")


@dataclass(frozen=True, slots=True)
class Transitions:
    """Scores for how the floor passes between turns.

    ``same_speaker``: one person speaks two consecutive turns, and
    ``same_speaker_after_narration`` the same with narration between them (a speech
    interrupted by a paragraph of action often resumes); ``alternation``: the speaker of two
    turns back answers again (A, B, A), unless narration falls inside the three turns.
    """

    same_speaker: float = -3.0
    same_speaker_after_narration: float = -0.7
    alternation: float = 1.2

    def vector(self) -> np.ndarray:
        return np.array([getattr(self, name) for name in TRANSITION_FEATURES])


def transition_counts(speakers: list[int], narration_between: list[bool]) -> np.ndarray:
    """How often a speaker sequence uses each transition feature (for training the scores)."""
    counts = np.zeros(len(TRANSITION_FEATURES))
    for i in range(1, len(speakers)):
        if speakers[i] == speakers[i - 1]:
            counts[1 if narration_between[i] else 0] += 1
        if (i >= 2 and speakers[i] == speakers[i - 2] != speakers[i - 1]
                and not (narration_between[i] or narration_between[i - 1])):
            counts[2] += 1
    return counts


@dataclass(frozen=True, slots=True)
class Decoded:
    """The best speaker (candidate index) of each turn and its margin over the runner-up."""

    speakers: list[int]
    margins: list[float]


def decode(emissions: np.ndarray, narration_between: list[bool], transitions: Transitions = Transitions(),
           answered: np.ndarray | None = None) -> Decoded:
    """The best candidate for each turn.

    ``emissions[i, c]`` scores candidate ``c`` for turn ``i``; ``narration_between[i]`` says
    whether narration separates turn ``i`` from turn ``i - 1`` (its first item is ignored).
    ``answered[i, c]`` scores candidate ``c`` as the one turn ``i`` answers: the speaker of
    turn ``i - 1``, when someone else speaks turn ``i`` (a "Yes, sir." answers a man).
    """
    n, k = emissions.shape
    if n == 0:
        return Decoded([], [])
    if k == 1:
        return Decoded([0] * n, [float("inf")] * n)
    if answered is None:
        answered = np.zeros((n, k))
    eye = np.eye(k, dtype=bool)
    # trans[p, c, x]: moving from (previous p, current c) to next x.
    alternate = np.zeros((k, k, k))
    alternate[eye[:, None, :] & ~eye[None, :, :]] = transitions.alternation  # x == p != c
    same = np.broadcast_to(eye[None, :, :], (k, k, k))

    def transition(i: int) -> np.ndarray:
        penalty = transitions.same_speaker_after_narration if narration_between[i] else transitions.same_speaker
        # Narration inside the A, B, A pattern breaks the exchange's rhythm.
        rhythm = 0.0 if narration_between[i] or narration_between[i - 1] else 1.0
        answer = np.where(eye, 0.0, answered[i][:, None])[None, :, :]  # [., c, x]: x answers c
        return rhythm * alternate + np.where(same, penalty, 0.0) + answer

    if n == 1:
        ranked = np.sort(emissions[0])
        return Decoded([int(np.argmax(emissions[0]))], [float(ranked[-1] - ranked[-2])])
    # Forward: alphas[j][p, c] is the best score of turns 0..j+1 with s_j = p and s_j+1 = c.
    penalty0 = transitions.same_speaker_after_narration if narration_between[1] else transitions.same_speaker
    first_pair = emissions[0][:, None] + emissions[1][None, :] + np.where(eye, penalty0, answered[1][:, None])
    alphas = [first_pair]
    back: list[np.ndarray] = []
    for i in range(2, n):
        scores = alphas[-1][:, :, None] + transition(i)  # [p, c, x]
        back.append(np.argmax(scores, axis=0))  # best p for (c, x)
        alphas.append(np.max(scores, axis=0) + emissions[i][None, :])
    # Backward: betas[j][p, c] is the best score of turns j+2.. given s_j = p and s_j+1 = c.
    betas = [np.zeros((k, k))]
    for i in range(n - 1, 1, -1):
        scores = transition(i) + (emissions[i][None, :] + betas[0])[None, :, :]  # [p, c, x] -> (c, x)
        betas.insert(0, np.max(scores, axis=2))
    # alphas[j] and betas[j] both describe the pair (turn j, turn j + 1).
    speakers = [0] * n
    last = alphas[-1]
    p, c = np.unravel_index(int(np.argmax(last)), last.shape)
    speakers[n - 2], speakers[n - 1] = int(p), int(c)
    for j in range(n - 3, -1, -1):
        speakers[j] = int(back[j][speakers[j + 1], speakers[j + 2]])
    margins: list[float] = []
    for i in range(n):
        j = min(i, n - 2)
        total = alphas[j] + betas[j]  # best full-path score through each (turn j, turn j+1) pair
        per_speaker = total.max(axis=1) if i == j else total.max(axis=0)
        ranked = np.sort(per_speaker)
        margins.append(float(ranked[-1] - ranked[-2]))
    return Decoded(speakers, margins)
