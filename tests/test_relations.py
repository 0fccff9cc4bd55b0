"""The interaction network: conversation, scene co-occurrence, mentions in speech, warmth."""

from __future__ import annotations

import json

import pytest

from fabula.model import Character, Mention, Quote, Scene
from fabula.relations import graph_to_dict, interaction_graph

# Four exchanges: warm at first, then cold, so the relation between Ann and Bob cools.
LINES = [
    ("Ann", "Bob", "You are a dear, kind friend and I love you."),
    ("Bob", "Ann", "I am so happy you came."),
    ("Ann", "Bob", "I hate you, you cruel liar."),
    ("Bob", "Ann", "Go away, I despise you."),
]


@pytest.fixture(scope="module")
def story(run_stages):
    lines = [("Ann", None, "Cora is wise.")] + LINES  # Ann speaks of Cora, to nobody in particular
    text = "\n\n".join(f'"{words}" said {speaker}.' for speaker, _, words in lines)
    s = run_stages(text, "segment", "parse")
    s.characters = [Character(id=0, name="Ann"), Character(id=1, name="Bob"), Character(id=2, name="Cora")]
    ids = {"Ann": 0, "Bob": 1}
    cursor = 0
    for i, (speaker, addressee, words) in enumerate(lines):
        start = text.index(words, cursor)
        cursor = start + len(words)
        s.quotes.append(Quote(id=i, spans=[(start, cursor)], paragraph=i, speaker=ids[speaker],
                              addressees=[ids[addressee]] if addressee else []))
    cora = text.index("Cora")
    s.mentions = [Mention(id=0, start=cora, end=cora + 4, text="Cora", kind="proper", paragraph=0,
                          character=2, in_quote=True)]
    s.scenes = [Scene(id=0, start=0, end=len(text), first_paragraph=0, last_paragraph=4, participants=[0, 1, 2])]
    return s


def test_conversation_counts_and_direction(story):
    g = interaction_graph(story)
    assert g.edges[0, 1]["speech"] == 2 and g.edges[1, 0]["speech"] == 2
    assert g.edges[0, 2]["speech"] == 0


def test_scene_cooccurrence_is_symmetric(story):
    g = interaction_graph(story)
    assert g.edges[1, 2]["scenes"] == g.edges[2, 1]["scenes"] == 1
    assert g.edges[0, 1]["weight"] == g.edges[0, 1]["speech"] + g.edges[0, 1]["mentions"] + 1


def test_mentions_inside_speech_count(story):
    g = interaction_graph(story)
    assert g.edges[0, 2]["mentions"] == 1
    assert g.edges[1, 2]["mentions"] == 0


def test_valence_of_what_they_say_and_its_change(story):
    g = interaction_graph(story)
    ann_to_bob = g.edges[0, 1]
    assert ann_to_bob["valence_first"] > 0 > ann_to_bob["valence_second"]
    assert ann_to_bob["valence_change"] < 0
    assert g.edges[1, 2]["valence"] is None and g.edges[1, 2]["valence_change"] is None


def test_same_valences_with_or_without_the_emotion_stage(story):
    from fabula.pipeline import get_stage

    before = interaction_graph(story).edges[0, 1]["valence"]
    get_stage("emotion")(story)
    assert interaction_graph(story).edges[0, 1]["valence"] == pytest.approx(before, abs=1e-3)
    stored = story.extras["relations"]
    assert stored == graph_to_dict(interaction_graph(story), min_weight=2)
    json.dumps(stored, allow_nan=False)


def test_graph_to_dict_orders_edges_by_weight(story):
    data = graph_to_dict(interaction_graph(story))
    weights = [e["weight"] for e in data["edges"]]
    assert weights == sorted(weights, reverse=True)
    heavy = graph_to_dict(interaction_graph(story), min_weight=2)
    assert 0 < len(heavy["edges"]) < len(data["edges"]) and min(e["weight"] for e in heavy["edges"]) >= 2
    assert {n["name"] for n in data["nodes"]} == {"Ann", "Bob", "Cora"}


def test_empty_story(run_stages):
    g = interaction_graph(run_stages("Nobody was there.", "segment", "parse"))
    assert g.number_of_nodes() == 0 and graph_to_dict(g) == {"nodes": [], "edges": []}
