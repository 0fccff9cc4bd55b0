"""How each character talks, learned from the story's own tagged speeches."""

from __future__ import annotations

import pytest

from fabula.idiolect import CLIP, MIN_WORDS, Idiolects
from fabula.model import Quote, Story
from fabula.pipeline import Pipeline

TOM = "Ay, lad, the sheep are down by the beck, and the dog is wi' them, lad."
ANNA = "Indeed, I believe the weather will be quite charming for the picnic, really."


def _story(lines: list[str]) -> Story:
    """One speech per paragraph; no parse is needed for word models."""
    text, quotes = "", []
    for n, line in enumerate(lines):
        start = len(text) + 1
        text += f'"{line}"\n\n'
        quotes.append(Quote(id=n, spans=[(start, start + len(line))], paragraph=n))
    return Story(text=text, quotes=quotes)


def _models(repeats: int) -> tuple[Story, Idiolects]:
    lines = [TOM, ANNA] * repeats + ["Ay, the dog is down by the beck wi' the sheep.", "Indeed, quite charming."]
    story = _story(lines)
    labelled = {n: n % 2 for n in range(2 * repeats)}  # 0 = Tom, 1 = Anna
    return story, Idiolects(story, labelled)


def test_an_untagged_speech_scores_higher_for_the_one_who_talks_like_it() -> None:
    story, idiolects = _models(repeats=25)
    assert set(idiolects.models) == {0, 1}
    toms, annas = story.quotes[-2], story.quotes[-1]
    assert idiolects.turn_scores([toms], [0, 1])[0] > 0 > idiolects.turn_scores([toms], [0, 1])[1]
    assert idiolects.turn_scores([annas], [0, 1])[1] > idiolects.turn_scores([annas], [0, 1])[0]


def test_a_character_needs_enough_tagged_words_for_a_model() -> None:
    story, idiolects = _models(repeats=MIN_WORDS // 20)  # each line has about 15 words
    assert not idiolects.models
    assert idiolects.turn_scores([story.quotes[-1]], [0, 1]) == {}
    assert idiolects.score(["indeed"], 1) == 0.0


def test_quietness_falls_with_the_words_a_character_has_said_under_tags() -> None:
    # Graded, not a cliff at MIN_WORDS: one more tagged speech must not flip a character from
    # quiet to talkative and shift the whole book's decoding.
    _, few = _models(repeats=2)
    _, more = _models(repeats=MIN_WORDS // 30)
    _, many = _models(repeats=MIN_WORDS // 5)
    assert few.quietness(7) == 1.0  # never tagged
    assert 1.0 > few.quietness(0) > more.quietness(0) > 0.0
    assert many.quietness(0) == 0.0


def test_a_long_speech_cannot_outvote_every_other_cue() -> None:
    story = _story([TOM, ANNA] * 25 + [" ".join([TOM] * 20)])
    idiolects = Idiolects(story, {n: n % 2 for n in range(50)})
    scores = idiolects.turn_scores([story.quotes[-1]], [0, 1, 7])
    assert scores == {0: pytest.approx(CLIP), 1: pytest.approx(-CLIP)}  # 7 has no model


def _speaker_of_a_line_in_tom_s_dialect(paragraphs: list[str]) -> str:
    """Run ``paragraphs`` and then, as a new conversation where nobody is the subject before
    it and Anna was named last, an untagged line in Tom's dialect: whose is it?"""
    text = "\n\n".join(paragraphs + ["The sun went down.", "Its last light fell on Tom Hale and on Anna Price.",
                                     '"Ay, the dog is wi\' the sheep by the beck, lad."'])
    story = Pipeline(exclude=("scenes", "emotion")).analyze(text)
    return story.characters[story.quotes[-1].speaker].name


def test_style_tips_an_otherwise_even_turn_to_the_one_who_talks_like_it() -> None:
    tagged = []
    for _ in range(25):
        tagged += [f'"{TOM}" said Tom Hale.', f'"{ANNA}" said Anna Price.', "They walked on."]
    assert _speaker_of_a_line_in_tom_s_dialect(tagged) == "Tom Hale"


def test_speeches_tagged_by_a_pronoun_teach_how_their_speaker_talks() -> None:
    # Tom's speeches are all tagged "he said": they still teach his dialect.
    tagged = []
    for _ in range(25):
        tagged += [f'Tom Hale looked at the hills. "{TOM}" he said.', f'"{ANNA}" said Anna Price.', "They walked on."]
    assert _speaker_of_a_line_in_tom_s_dialect(tagged) == "Tom Hale"


def test_untagged_speeches_the_decoder_is_sure_of_teach_too() -> None:
    # Tom never has a tag: his lines answer Anna's tagged ones, and once the decoder is sure
    # of them they teach his dialect.
    turns = ["Tom Hale and Anna Price sat by the fire."]
    for _ in range(25):
        turns += [f'"{ANNA}" said Anna Price.', f'"{TOM}"']
    assert _speaker_of_a_line_in_tom_s_dialect(turns + ["They had walked far."]) == "Tom Hale"
