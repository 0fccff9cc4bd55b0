"""The screenplay exporter, on stories built by hand (no pipeline needed)."""

from __future__ import annotations

import re

import pytest

from fabula.export import get_writer
from fabula.export.script import Action, Heading, Speech, render_fountain, render_text, screenplay
from handmade import jack_and_jill, make_story


@pytest.fixture()
def story():
    return jack_and_jill()


def lines(text: str, prefix: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(prefix)]


def test_speech_is_one_line_with_upper_case_speaker(story):
    text = render_text(story, screenplay(story))
    assert lines(text, "JACK:") == ["JACK: No."]
    assert lines(text, "UNKNOWN:") == ["UNKNOWN: Who is there?"]


def test_tag_split_speech_is_printed_once_without_its_tag(story):
    text = render_text(story, screenplay(story))
    jill = lines(text, "JILL:")
    assert len(jill) == 2
    # The tag's comma becomes a full stop before a new sentence, and is kept mid-sentence.
    assert jill[0] == "JILL: (shaking the rain from her coat) I am soaked. There is a difference."
    assert jill[1] == "JILL: Well, Jack, it is only water."
    assert "replied" not in text and "she said" not in text


def test_narration_around_speech_stays_as_action(story):
    blocks = screenplay(story)
    actions = [b.text for b in blocks if isinstance(b, Action)]
    assert "Jill laughed." in actions and "She went to the fire." in actions
    i = next(i for i, b in enumerate(blocks) if isinstance(b, Speech) and b.text.startswith("Well"))
    assert blocks[i - 1] == Action("Jill laughed.") and blocks[i + 1] == Action("She went to the fire.")


def test_unspoken_quotation_stays_in_the_narration(story):
    text = " ".join(render_text(story, screenplay(story)).split())
    assert 'Jack wrote a single word on the slate: "Tuesday". Then he sat down.' in text
    assert not any(isinstance(b, Speech) and "Tuesday" in b.text for b in screenplay(story))


def test_headings_and_breaks_become_scene_headings(story):
    headings = [b.text for b in screenplay(story) if isinstance(b, Heading)]
    assert headings == ["CHAPTER 1", "SCENE 2"]


def test_cast_list_comes_first_with_lines_and_aliases(story):
    text = render_text(story, screenplay(story))
    head = text[: text.index("CHAPTER 1")]
    assert head.startswith("THE HILL")
    cast = {m.group(1): (int(m.group(2)), m.group(3)) for m in
            re.finditer(r"^  ([A-Z ]+?)\s+(\d+) lines?(?:\s+also: (.*))?$", head, re.MULTILINE)}
    assert cast == {"JILL": (2, None), "JACK": (1, "Jack Spratt")}
    assert head.index("JILL") < head.index("JACK")  # most lines first
    assert "Non-speaking: THE MILLER" in head and "PASSER-BY" not in head  # named once: not cast


def test_every_spoken_word_appears_once(story):
    text = render_text(story, screenplay(story))
    speech_lines = [line.split(": ", 1)[1] for line in text.splitlines() if re.match(r"^[A-Z]+: ", line)]
    said = " ".join(speech_lines)
    for q in story.quotes:
        for s, e in q.spans:
            words = story.text[s:e].rstrip(",")
            assert said.count(words) == (1 if q.spoken else 0), words


def test_fountain_markup(story):
    text = render_fountain(story, screenplay(story))
    assert text.startswith("Title: The Hill\n")
    assert "\n.CHAPTER 1\n" in text and "\n.SCENE 2\n" in text
    # A character cue is an upper-case line after a blank line, followed directly by dialogue.
    assert "\n\nJILL\n(shaking the rain from her coat)\nI am soaked. There is a difference.\n" in text
    assert "\n\nUNKNOWN\nWho is there?\n" in text


def test_fountain_forces_action_that_would_read_as_a_cue():
    story = make_story("THE END", "INT. A KITCHEN is what the sign said.")
    text = render_fountain(story, screenplay(story))
    assert "\n!THE END\n" in text and "\n!INT. A KITCHEN" in text


def test_write_script_writes_both_files(story, tmp_path):
    paths = get_writer("script")(story, tmp_path, "hill")
    assert [p.name for p in paths] == ["hill.script.txt", "hill.fountain"]
    assert all(p.read_text(encoding="utf-8") for p in paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hill.fountain", "hill.script.txt"]


def test_story_without_analysis():
    story = make_story("Just one paragraph, nobody in it.")
    text = render_text(story, screenplay(story))
    assert "(no characters found)" in text and "Just one paragraph" in text
