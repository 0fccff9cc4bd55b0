"""The pronoun ranker: its candidates, their cues, and how trained weights choose among them."""

from __future__ import annotations

import numpy as np
import pytest

from fabula.antecedents import Candidate, Ranker, Site, candidate_features, load_weights
from fabula.linear import HASH_SLOTS, LinearWeights, slot
from fabula.model import Mention, Story
from fabula.pipeline import Pipeline
from fabula.stages.coref import Coreference

CAST = ("segment", "parse", "quotes", "mentions", "characters")


class Recorder:
    """A chooser that keeps what the coref stage asks it, and picks the nearest candidate."""

    def __init__(self) -> None:
        self.asked: list[tuple[Mention, list[Candidate], list[list[str]]]] = []

    def __call__(self, pronoun: Mention, site: Site, candidates: list[Candidate]) -> int:
        self.asked.append((pronoun, candidates, candidate_features(pronoun, site, candidates)))
        return 0


def ask(text: str) -> tuple[Story, Recorder]:
    story = Pipeline(stages=CAST)(Story(text=text))
    recorder = Recorder()
    coref = Coreference(ranker=None)
    coref.choose = recorder
    coref(story)
    return story, recorder


def test_candidates_fit_the_pronoun_nearest_first_with_their_cues() -> None:
    story, recorder = ask("Anna Price walked in. Mary Hale looked up from her book, and Tom Hale laughed. She smiled.")
    pronoun, candidates, features = recorder.asked[-1]
    assert pronoun.text == "She"
    names = [story.characters[c.character].name for c in candidates]
    assert names[:2] == ["Mary Hale", "Anna Price"]  # the nearest woman first; never Tom
    assert all(c.character is not None for c in candidates)
    # Each is seen through its latest mention: Mary through "her" of the sentence before.
    assert candidates[0].mention.text == "her"
    assert {"dist=s1", "role=poss", "kind=pronoun"} <= set(features[0]) and "dist=s2" in features[1]
    assert "rank=0" in features[0] and "rank=1" in features[1]


def test_a_description_nobody_is_named_by_is_a_candidate_and_becomes_a_character_when_chosen() -> None:
    story, recorder = ask("A tall stranger came into the inn. He sat down.")
    pronoun, candidates, features = recorder.asked[0]
    assert [c.mention.text for c in candidates] == ["A tall stranger"] and candidates[0].character is None
    assert any(f.startswith("new=a|") for f in features[0])
    assert candidates[0].gender_source == "unknown" and not candidates[0].exact  # a stranger may be anyone
    he = next(m for m in story.mentions if m.text == "He")
    assert he.character is not None and story.characters[he.character].name == "a tall stranger"


def test_a_description_says_whose_pronouns_fit_it() -> None:
    _, recorder = ask("A young woman came into the inn. Tom Hale looked up. She sat down.")
    pronoun, candidates, features = recorder.asked[-1]
    assert [c.mention.text for c in candidates] == ["A young woman"]  # never Tom
    assert candidates[0].exact and candidates[0].gender_source == "words" and "gender=words|True" in features[0]


def test_a_pronoun_is_never_the_subject_of_its_own_clause() -> None:
    story, recorder = ask("Tom Hale met Jack Reed in the lane. Jack watched him.")
    pronoun, candidates, _ = recorder.asked[-1]
    assert pronoun.text == "him"
    assert [story.characters[c.character].name for c in candidates] == ["Tom Hale"]


def test_a_subject_of_several_words_is_never_its_own_object() -> None:
    # The subject is found by the whole mention ("Colonel Jack Reed"), not by its first word,
    # and the object of a preposition ("stared at him") counts as the verb's object.
    for clause in ("Colonel Jack Reed watched him.", "Colonel Jack Reed stared at him."):
        story, recorder = ask(f"Tom Hale met Colonel Jack Reed in the lane. {clause}")
        pronoun, candidates, _ = recorder.asked[-1]
        assert pronoun.text == "him"
        assert [story.characters[c.character].name for c in candidates] == ["Tom Hale"]


def test_a_description_is_never_its_own_object_either() -> None:
    # "A tall stranger" is someone new, a candidate for a later "he", but not for the "him"
    # of its own clause.
    story, recorder = ask("Tom Hale walked to the inn. A tall stranger watched him.")
    pronoun, candidates, _ = recorder.asked[-1]
    assert pronoun.text == "him"
    assert [c.mention.text for c in candidates] == ["Tom Hale"]
    story, recorder = ask("Tom Hale walked to the inn. A tall stranger came in. He sat down.")
    assert [c.mention.text for c in recorder.asked[-1][1]] == ["A tall stranger", "Tom Hale"]


def test_the_ranker_chooses_the_candidate_its_weights_favour() -> None:
    story, recorder = ask("Anna Price walked in. Mary Hale looked up. She smiled.")
    pronoun, candidates, _ = recorder.asked[-1]
    weights = np.zeros(HASH_SLOTS, dtype=np.float32)
    weights[slot("rank=1")] = 5.0
    site = Site(None, "subj", pronoun.paragraph, 2)
    assert Ranker(LinearWeights(weights))(pronoun, site, candidates) == 1
    weights[slot("rank=0")] = 9.0
    assert Ranker(LinearWeights(weights))(pronoun, site, candidates) == 0


def test_the_shipped_weights_load_and_prefer_the_same_sentence() -> None:
    weights = load_weights("all")
    assert weights.weights.shape == (HASH_SLOTS,) and np.count_nonzero(weights.weights) > 100
    assert weights.weights[slot("dist=s0")] > weights.weights[slot("dist=p2+")]


@pytest.mark.parametrize("text, speaker", [
    ('Mr. Bell shook Tom Hale\'s hand.\n\n"You are late," he said.', "Mr. Bell"),
    ('Anna Price took Mary Hale\'s arm.\n\n"Come along," she said.', "Anna Price"),
    ('John Ward looked at Peter Grey\'s letter for a long time.\n\n"It is not signed," he said.', "John Ward"),
])
def test_a_speech_tags_pronoun_is_seldom_the_possessor_before_it(text: str, speaker: str) -> None:
    # The nearest candidate is the possessor ("Tom Hale's hand"), which plain narration often
    # means ("Tom Hale's hand. He..."); a tag's "he said" means the one who acted.
    story = Pipeline(stages=CAST + ("coref",))(Story(text=text))
    tag = next(m for m in story.mentions if m.kind == "pronoun" and not m.in_quote)
    assert tag.character is not None and story.characters[tag.character].name == speaker
    weights = load_weights("all").weights
    assert weights[slot("tag|role=True|poss")] < weights[slot("tag|role=False|poss")]


def test_a_role_named_in_passing_as_a_possessor_is_nobody_s_antecedent() -> None:
    # "the station-master's garden" puts no station-master in the scene: the pronouns after it
    # stay with Aziz, and the role starts no character.
    text = ("Aziz walked slowly home. Flowers smelt deliciously in the station-master's garden. "
            "He returned to the mosque and sat down. He was happy.")
    story = Pipeline(stages=CAST + ("coref",))(Story(text=text))
    assert [c.name for c in story.characters] == ["Aziz"]
    assert all(story.characters[m.character].name == "Aziz" for m in story.mentions if m.kind == "pronoun")
    role = next(m for m in story.mentions if m.text == "the station-master")
    assert role.character is None


def test_a_compound_in_man_or_woman_says_whose_pronouns_fit_it() -> None:
    # "-man" and "-woman" compounds are as gendered as "man" and "woman": a countryman is no
    # candidate for "she", a washerwoman none for "he".
    story, recorder = ask("A countryman came into the inn. Tom Hale looked up. She sat down.")
    assert all(pronoun.text != "She" for pronoun, _, _ in recorder.asked)  # nobody to choose from
    assert next(m for m in story.mentions if m.text == "She").character is None
    _, recorder = ask("A washerwoman came into the inn. Tom Hale looked up. She sat down.")
    pronoun, candidates, _ = recorder.asked[-1]
    assert [c.mention.text for c in candidates] == ["A washerwoman"] and candidates[0].exact
