"""The emotion stage: valence, negation, intensity, speech tags, arcs and the stored shape."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from fabula.model import Character, Mention, Quote
from fabula.stages.emotion import EMOTIONS, dct_arc

BASE = ("segment", "parse", "emotion")
CHECK_SET = Path(__file__).parent / "data" / "emotion_check.tsv"


def paragraph_scores(run_stages, text: str) -> dict:
    return run_stages(text, *BASE).extras["emotion"]["paragraphs"]


def test_valence_sign_follows_the_words(run_stages):
    scores = paragraph_scores(run_stages, "She was happy and laughed.\n\nShe was miserable and wept.")
    assert scores["valence"][0] > 0.3
    assert scores["valence"][1] < -0.3


@pytest.mark.parametrize(
    "plain, negated",
    [
        ("She was happy.", "She was not happy."),
        ("He had hope.", "He had no hope."),
        ("I am glad of it.", "I have never been glad of it."),
    ],
)
def test_negation_flips_valence_and_cancels_the_emotion(run_stages, plain, negated):
    scores = paragraph_scores(run_stages, f"{plain}\n\n{negated}")
    assert scores["valence"][0] > 0 > scores["valence"][1]
    assert scores["joy"][1] < scores["joy"][0]


def test_negation_stops_at_a_clause_break(run_stages):
    scores = paragraph_scores(run_stages, "He was not rich, but he was happy.\n\nThere was nothing but misery.")
    assert scores["valence"][0] > 0
    assert scores["valence"][1] < 0


def test_never_so_is_emphasis_not_negation(run_stages):
    assert paragraph_scores(run_stages, "I have never been so happy.")["valence"][0] > 0


def test_intensifier_raises_the_score(run_stages):
    scores = paragraph_scores(run_stages, "She was slightly sad.\n\nShe was utterly sad.")
    assert scores["valence"][1] < scores["valence"][0] < 0
    assert scores["sadness"][1] > scores["sadness"][0] > 0


@pytest.mark.parametrize("emotion, word", [("anger", "furious"), ("fear", "terrified"), ("sadness", "grief"),
                                           ("joy", "delighted"), ("surprise", "astonished"), ("love", "adored")])
def test_emotion_words_raise_their_emotion(run_stages, emotion, word):
    scores = paragraph_scores(run_stages, f"The man stood by the door.\n\nThe man was {word}.")
    assert scores[emotion][1] > 0
    assert scores[emotion][0] == 0
    others = [scores[e][1] for e in EMOTIONS if e != emotion]
    assert scores[emotion][1] > max(others)


def test_lemmas_match_inflected_forms(run_stages):
    scores = paragraph_scores(run_stages, "They quarrelled and raged at each other.")
    assert scores["anger"][0] > 0


def test_runs_without_characters_or_quotes(run_stages):
    story = run_stages("It was a dark night.\n\n* * *\n\nMorning came, bright and glad.", *BASE)
    data = story.extras["emotion"]
    assert data["characters"] == [] and data["quotes"]["id"] == []
    assert len(data["paragraphs"]["index"]) == 2  # the scene break has no parse
    assert data["arc"]["points"] == 100 and len(data["arc"]["valence"]) == 100
    assert len(data["segments"]["valence"]) == data["segments"]["count"]
    json.dumps(data, allow_nan=False)


def test_empty_story_gives_empty_arrays(run_stages):
    data = run_stages("", *BASE).extras["emotion"]
    assert data["sentences"]["start"] == [] and data["arc"]["valence"] == []


def test_speech_tag_adverb_counts_toward_the_speaker(run_stages, nlp):
    text = 'Anna looked up. "It is over," she said brokenly.\n\n"It is over," said Ben cheerfully.'
    story = run_stages(text, "segment", "parse")
    a, b = text.index("It is over"), text.rindex("It is over")
    story.characters = [Character(id=0, name="Anna"), Character(id=1, name="Ben")]
    story.quotes = [
        Quote(id=0, spans=[(a, a + 10)], paragraph=0, speaker=0),
        Quote(id=1, spans=[(b, b + 10)], paragraph=1, speaker=1),
    ]
    from fabula.pipeline import get_stage

    get_stage("emotion")(story)
    quotes = story.extras["emotion"]["quotes"]
    assert quotes["id"] == [0, 1]
    assert quotes["sadness"][0] > 0 and quotes["valence"][0] < 0
    assert quotes["joy"][1] > 0 and quotes["valence"][1] > 0
    chars = {c["name"]: c for c in story.extras["emotion"]["characters"]}
    anna_speech = [v for v in chars["Anna"]["speech"]["valence"] if v is not None]
    assert anna_speech and anna_speech[0] < 0
    assert sum(chars["Ben"]["speech"]["n"]) == 1


def test_narration_around_mentions_is_bucketed_by_position(run_stages):
    text = "Clara smiled with joy.\n\n" + "The road ran on.\n\n" * 8 + "Clara wept in despair."
    story = run_stages(text, "segment", "parse")
    story.characters = [Character(id=0, name="Clara")]
    last = text.rindex("Clara")
    story.mentions = [
        Mention(id=0, start=0, end=5, text="Clara", kind="proper", paragraph=0, character=0),
        Mention(id=1, start=last, end=last + 5, text="Clara", kind="proper", paragraph=9, character=0),
    ]
    from fabula.pipeline import get_stage

    get_stage("emotion", segments=4)(story)
    narration = story.extras["emotion"]["characters"][0]["narration"]
    assert narration["n"][0] == 1 and narration["n"][-1] == 1 and sum(narration["n"]) == 2
    assert narration["valence"][0] > 0 > narration["valence"][-1]
    assert narration["valence"][1] is None


def test_dct_arc_keeps_the_slow_shape():
    t = np.linspace(0, 1, 400)
    slow = np.cos(np.pi * t)
    noisy = slow + 0.5 * np.cos(np.pi * 150 * t)
    arc = dct_arc(noisy, components=5, points=50)
    assert arc.shape == (50,)
    assert np.abs(arc - np.cos(np.pi * (np.arange(50) + 0.5) / 50)).max() < 0.1
    assert dct_arc(np.ones(3), components=5, points=10) == pytest.approx(np.ones(10))


def test_hand_labelled_check_set_accuracy(run_stages):
    rows = [line.split("\t") for line in CHECK_SET.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    text = "\n\n".join(sentence for _, sentence in rows)
    valence = paragraph_scores(run_stages, text)["valence"]
    assert len(valence) == len(rows)
    correct = sum((v > 0) if sign == "+" else (v < 0) for (sign, _), v in zip(rows, valence))
    accuracy = correct / len(rows)
    assert accuracy >= 0.85, f"valence sign accuracy {accuracy:.2f} on the hand-labelled check set"
