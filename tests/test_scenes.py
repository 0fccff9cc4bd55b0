"""Scene splitting and participants."""

from __future__ import annotations

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
