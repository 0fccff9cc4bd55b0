"""The ``callnames`` stage: a name the replies to one speaker keep calling out is that speaker's."""

from __future__ import annotations

import pytest

from fabula.dialogue import MentionIndex
from fabula.model import Character, Mention, Quote, Scene, Story
from fabula.stages.callnames import introductions

STAGES = ("segment", "parse", "quotes", "mentions", "characters", "coref", "speakers", "callnames", "addressees")


def _exchange(reply: str) -> str:
    """Lord Henry speaks, tagged, three times; each reply is ``reply`` (which may call him)."""
    turns = []
    for said in ("Youth is the one thing worth having.", "I never approve of anything.",
                 "Nothing can cure the soul but the senses."):
        turns.append(f'"{said}" said Lord Henry, lighting a cigarette.')
        turns.append(f'"{reply}" Dorian answered, looking out at the garden.')
    return ("Lord Henry Wotton lay on the divan in the studio. He smoked and watched the garden.\n\n"
            + "\n\n".join(turns) + "\n\nLord Henry laughed. He rose and walked to the window.\n")


def character_of(story: Story, alias: str) -> Character:
    return next(c for c in story.characters if alias in c.aliases)


def test_the_name_replies_call_a_speaker_by_is_his(run_stages) -> None:
    story = run_stages(_exchange("You are dreadful, Harry."), *STAGES)
    henry = character_of(story, "Lord Henry")
    assert "Harry" in henry.aliases
    assert not any(c.name == "Harry" for c in story.characters)
    # Ids are renumbered and every quote follows: Dorian's replies are said to Lord Henry.
    assert [c.id for c in story.characters] == list(range(len(story.characters)))
    replies = [q for q in story.quotes if "dreadful" in story.quote_text(q)]
    assert replies and all(q.addressees == [henry.id] for q in replies)


def test_speakers_are_decided_again_with_the_name_folded_in(run_stages) -> None:
    # Before the fold, "Harry" was someone else, so a speech calling him could be Lord Henry's.
    text = _exchange("You are dreadful, Harry.") + (
        '\n"Not so dreadful," said Dorian.\n\n"You would not know it, Harry."\n')
    story = run_stages(text, *STAGES)
    last = next(q for q in story.quotes if "would not know it" in story.quote_text(q))
    assert story.character(last.speaker).name == character_of(story, "Dorian").name


def test_a_name_called_once_or_used_by_the_narration_stays_its_own(run_stages) -> None:
    # Called once only: not enough.
    once = _exchange("You are dreadful.").replace('"You are dreadful." Dorian', '"You are dreadful, Harry." Dorian', 1)
    story = run_stages(once, *STAGES)
    assert "Harry" not in character_of(story, "Lord Henry").aliases
    # Harry, whom the narration also names, walking in on his own: someone else.
    text = _exchange("You are dreadful, Harry.") + "".join(
        f"\n\nHarry came in from the garden{tail}. He sat down by the fire.\n" for tail in ("", " again", " at noon", " late"))
    story = run_stages(text, *STAGES)
    assert "Harry" not in character_of(story, "Lord Henry").aliases


def test_two_people_who_call_each_other_by_name_stay_two(run_stages) -> None:
    text = ""
    for _ in range(3):
        text += '"Come here, Dorian," said Lord Henry at noon.\n\n"Harry, I cannot," said Dorian at once.\n\n'
        text += '"Dorian, please," said Lord Henry again.\n\n"No, Harry," said Dorian at last.\n\n'
    story = run_stages("Lord Henry Wotton sat with Dorian Gray.\n\n" + text, *STAGES)
    assert character_of(story, "Dorian").id != character_of(story, "Lord Henry").id


def test_merge_characters_renumbers_everything_that_holds_an_id() -> None:
    story = Story(text="x" * 40)
    story.characters = [Character(0, "Lord Henry", ["Lord Henry"]), Character(1, "Dorian", ["Dorian"]),
                        Character(2, "Harry", ["Harry"])]
    story.mentions = [Mention(0, 0, 5, "Harry", "proper", 0, character=2),
                      Mention(1, 6, 12, "Dorian", "proper", 0, character=1)]
    story.quotes = [Quote(0, [(0, 10)], 0, speaker=1, addressees=[0, 2]), Quote(1, [(12, 20)], 1, speaker=2, addressees=[1])]
    story.scenes = [Scene(0, 0, 40, 0, 1, participants=[1, 2])]
    story.merge_characters({2: 0})
    assert [c.name for c in story.characters] == ["Lord Henry", "Dorian"]
    assert story.characters[0].aliases == ["Lord Henry", "Harry"]
    assert [m.character for m in story.mentions] == [0, 1]
    assert (story.quotes[0].addressees, story.quotes[1].speaker) == ([0], 0)
    assert story.scenes[0].participants == [0, 1]


def test_the_decision_on_counts() -> None:
    from collections import Counter

    from fabula.stages.callnames import folds

    genders = {0: "he", 1: "he", 2: "unknown", 3: "she"}
    named = Counter({0: 50, 1: 40, 2: 10, 3: 10})
    narrated = Counter({0: 30, 1: 20, 2: 1, 3: 1})
    assert folds(Counter({(0, 2): 5}), named, narrated, genders) == {2: 0}
    # Two people who call each other by name stay two.
    assert folds(Counter({(0, 2): 5, (2, 0): 1}), named, narrated, genders) == {}
    # Another speaker who draws the name half as often leaves it undecided.
    assert folds(Counter({(0, 2): 4, (1, 2): 3}), named, narrated, genders) == {}
    # Most of its calls follow nobody in particular: not his.
    assert folds(Counter({(0, 2): 2, (2, 2): 4}), named, narrated, genders) == {}
    # "she" is not "he"; a narrator (absent from the genders) never merges.
    assert folds(Counter({(0, 3): 5}), named, narrated, genders) == {}
    assert folds(Counter({(0, 2): 5}), named, narrated, {0: "he", 1: "he"}) == {}
    # A name the narration itself uses is the narrator's name for someone.
    assert folds(Counter({(0, 2): 5}), named, Counter({2: 5}), genders) == {}


INTRODUCTION = (
    "Tom Hale waited on the platform of the little station. The train had gone, and there was nobody "
    "left but a girl who sat on a pile of shingles at the far end.\n\n"
    "He walked up to her slowly. She looked up at him with big grey eyes.\n\n"
    '"I suppose you are Mr. Hale of the Gables?" she said.\n\n'
    '"I am," said Tom. "And who are you?"\n\n'
    '"{answer}," said the girl. "I was afraid you were not coming."\n\n'
    "Anne picked up her bag and followed him to the buggy.\n"
)


def test_an_unnamed_speaker_who_says_her_name_is_that_character(run_stages) -> None:
    story = run_stages(INTRODUCTION.format(answer="I am Anne Shirley"), *STAGES)
    anne = character_of(story, "Anne Shirley")
    assert any(alias.startswith("a girl") for alias in anne.aliases)
    assert not any(c.name.startswith("a girl") for c in story.characters)
    assert story.character(next(q for q in story.quotes if "I suppose" in story.quote_text(q)).speaker) is anne


def test_a_name_the_speaker_only_speaks_of_is_not_hers(run_stages) -> None:
    story = run_stages(INTRODUCTION.format(answer="I came with Anne Shirley"), *STAGES)
    assert "a girl" not in " ".join(character_of(story, "Anne Shirley").aliases)


def test_an_unnamed_speaker_who_answers_with_a_new_name_is_that_character(run_stages) -> None:
    # "And who are you?" / "Anne Shirley," said the girl: the answer names its speaker.
    story = run_stages(INTRODUCTION.format(answer="Anne Shirley"), *STAGES)
    anne = character_of(story, "Anne Shirley")
    assert any(alias.startswith("a girl") for alias in anne.aliases)
    assert story.character(next(q for q in story.quotes if "I suppose" in story.quote_text(q)).speaker) is anne


@pytest.mark.parametrize("named_before, joined", [(False, True), (True, False)])
def test_an_answer_joins_only_a_name_the_book_has_not_used_before(named_before: bool, joined: bool) -> None:
    # The clerk asks; the tag gave the answer "Joe" to the clerk too. Joe met before is more
    # likely a misread tag than the clerk's own name.
    text = "Joe waited.\n\n" + '"What is your name?"\n\n"Joe," was the answer.'
    story = Story(text=text)
    answer = text.index('Joe,"')
    story.characters = [Character(0, "Joe", ["Joe"], "he"), Character(1, "the clerk", ["the clerk"], "he")]
    story.mentions = [Mention(0, 0, 3, "Joe", "proper", 0, character=0), Mention(1, answer, answer + 3, "Joe", "proper", 2, character=0)]
    if not named_before:
        story.mentions = story.mentions[1:]
    for c, first in zip(story.characters, (story.mentions[0].start, None)):
        c.first_mention = first
    question = text.index("What")
    story.quotes = [Quote(0, [(question, question + 18)], 1, speaker=1), Quote(1, [(answer, answer + 4)], 2, speaker=1)]
    assert introductions(story, MentionIndex(story.mentions)) == ({1: 0} if joined else {})
