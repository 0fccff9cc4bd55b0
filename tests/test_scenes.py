"""Scene splitting and participants."""

from __future__ import annotations

import pytest

STAGES = ("segment", "parse", "quotes", "mentions", "characters", "coref", "speakers", "addressees", "scenes")


def test_scenes_split_at_breaks_chapters_and_time_shifts(run_stages) -> None:
    text = (
        "Chapter 1\n\nAnna Price walked into the kitchen. Anna sat down.\n\n"
        '"Hello," said Anna.\n\n* * *\n\nTom Hale was in London. Tom read a book.\n\n'
        "The next morning Tom Hale went out; Tom was happy.\n\nChapter 2\n\nRuth Bell slept. Ruth dreamed."
    )
    story = run_stages(text, *STAGES)
    cues = [s.cue for s in story.scenes]
    assert cues == ["chapter", "break", "time: the next morning", "chapter"]
    names = {c.id: c.name for c in story.characters}
    assert [names[c] for c in story.scenes[0].participants] == ["Anna Price"]
    assert "Tom Hale" in [names[c] for c in story.scenes[1].participants]
    assert story.scenes[1].place == "London"
    assert story.scenes[3].chapter == 2
    # Scenes cover the text in order without overlapping.
    assert all(a.end <= b.start for a, b in zip(story.scenes, story.scenes[1:]))


def test_story_without_breaks_is_one_scene(run_stages) -> None:
    story = run_stages("Anna Price sat down. Anna smiled.\n\nShe was happy.", *STAGES)
    assert len(story.scenes) == 1 and story.scenes[0].cue == "start"


def _names(story) -> dict[int, str]:
    return {c.id: c.name for c in story.characters}


def test_a_new_cast_starts_a_scene(run_stages) -> None:
    text = "\n\n".join([
        "Anna Price and Tom Hale sat in the kitchen. Anna poured the tea.",
        '"It is cold today," said Anna.',
        '"It is," said Tom.',
        "Tom drank his tea and Anna watched him.",
        "Anna sighed. Tom looked out of the window for a long time.",
        "Ruth Bell walked along the river with Ben Cole. Ruth carried a basket.",
        '"The water is high," said Ruth.',
        '"It rained all week," said Ben.',
        "Ben picked up a stone and Ruth laughed.",
        "Ruth and Ben walked on.",
    ])
    story = run_stages(text, *STAGES)
    names = _names(story)
    assert [(s.cue, s.first_paragraph) for s in story.scenes] == [("start", 0), ("cast", 5)]
    assert {names[c] for c in story.scenes[0].participants} == {"Anna Price", "Tom Hale"}
    assert {names[c] for c in story.scenes[1].participants} == {"Ruth Bell", "Ben Cole"}


@pytest.mark.parametrize("lines", [
    # Two people talking: one scene, however long.
    [("Anna Price", "We are late."), ("Tom Hale", "We are."), ("Anna", "Hurry then."), ("Tom", "I am hurrying."),
     ("Anna", "The bell has rung."), ("Tom", "I heard it."), ("Anna", "Then run."), ("Tom", "I am running.")],
    # New people join and the first two fall silent: the cast changes wholly, but the talk
    # runs on without a pause, so it is still one scene.
    [("Anna Price", "We are late."), ("Tom Hale", "We are."), ("Anna", "Hurry then."), ("Tom", "I am hurrying."),
     ("Ruth Bell", "Good evening."), ("Ben Cole", "Good evening to you."), ("Ruth", "Lovely night."),
     ("Ben", "It is."), ("Ruth", "Come in.")],
])
def test_a_conversation_is_not_split(run_stages, lines) -> None:
    text = "\n\n".join(["Anna Price and Tom Hale stood at the gate.",
                        *(f'"{line}" said {speaker}.' for speaker, line in lines)])
    story = run_stages(text, *STAGES)
    assert [s.cue for s in story.scenes] == ["start"]
    speakers = {speaker.split()[0] for speaker, _ in lines}
    present = {_names(story)[c].split()[0] for c in story.scenes[0].participants}
    assert speakers <= present  # every talker was found, so the cast really did change


def test_a_paragraph_opening_with_a_place_starts_a_scene(run_stages) -> None:
    text = "\n\n".join([
        "Anna Price sat in the kitchen. Anna poured the tea.",
        '"It is cold," said Anna.',
        "In Anna's garden the roses were out.",  # a character's name is no place
        "In Lisbon the sun was shining. Anna walked to the harbour.",
        '"How warm it is," said Anna.',
    ])
    story = run_stages(text, *STAGES)
    assert [(s.cue, s.first_paragraph, s.place) for s in story.scenes] == [("start", 0, ""),
                                                                          ("place: Lisbon", 3, "Lisbon")]
