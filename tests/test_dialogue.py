"""Helpers that read a speech's own words: the gender its words of address give its addressee."""

from __future__ import annotations

import pytest

from fabula.dialogue import CALL_DEPTH, MentionIndex, addressed_gender, named_in, vocatives
from fabula.model import Mention, Paragraph, Quote, Story


def speech(words: str) -> tuple[Story, Quote]:
    text = f'"{words}"'
    return Story(text=text), Quote(id=0, spans=[(1, len(text) - 1)], paragraph=0)


@pytest.mark.parametrize("words, gender", [
    ("Yes, sir.", "he"),
    ("No, sir, I will not", "he"),
    ("Oh, papa! Look.", "he"),
    ("My lord, the carriage is here.", "he"),
    ("Thank you, ma'am", "she"),
    ("Thank you, ma am", "she"),  # older texts lose the apostrophe
    ("Good night, my dear mother.", "she"),
    ("Good-bye, Miss.", "she"),
    ("Sir Thomas is here.", None),  # a title, not an address
    ("I told my father so.", None),  # spoken of, not to
    ("Miss Bates is coming.", None),
    ("Yes, sir. Yes, ma'am.", None),  # both: no single addressee
    ("It is late.", None),
])
def test_words_of_address_give_the_addressee_s_gender(words: str, gender: str | None) -> None:
    story, quote = speech(words)
    assert addressed_gender(story, quote) == gender


def test_a_reply_after_a_speech_over_several_paragraphs_is_in_its_conversation(run_stages) -> None:
    from fabula.dialogue import conversations

    # The gap to the reply counts from the paragraph where the long speech ends, not from
    # the one where it begins.
    text = ('Tom Hale sat down by the fire.\n\n"I went to the farm that spring.\n\n'
            '"The farmer met me at the gate.\n\n"He told me all of it.\n\n"And then I came home."\n\n'
            '"You came home!" cried Anna Price.\n\nThe fire burned low.\n\nThe fire burned out.\n\n'
            '"So it ends," said Tom Hale.')
    story = run_stages(text, "segment", "parse", "quotes")
    talks = conversations(story)
    assert [len(talk) for talk in talks] == [2, 1]
    assert "I went to the farm" in story.quote_text(talks[0][0][0])
    # The speakers stage's view of the recent conversation agrees, and the narration since
    # the last speech starts after the paragraph it ends in.
    from fabula.stages.speakers import conversation, narration_since

    spoken = [q for q in story.quotes if q.spoken]
    assert conversation(story, spoken[1], spoken[:1]) == spoken[:1]
    assert conversation(story, spoken[2], spoken[:2]) == []
    assert narration_since(story, spoken[1], spoken[:1]) == spoken[1].paragraph
    assert narration_since(story, spoken[2], spoken[:2]) == spoken[1].paragraph + 1


def test_a_name_called_deep_inside_a_long_speech_is_not_a_call() -> None:
    filler = "The rain came down all that week and the roads were mud. " * (CALL_DEPTH // 50)
    words = f"Well, Tom, I will tell you. {filler}And then she turned and cried, Never again, Tom, never! {filler}That is all."
    story, quote = speech(words)
    text = story.text
    mentions = [Mention(id=n, start=i, end=i + 3, text="Tom", kind="proper", paragraph=0)
                for n, i in enumerate(i for i in range(len(text)) if text.startswith("Tom", i))]
    story.mentions = mentions
    story.paragraphs = [Paragraph(index=0, start=0, end=len(text))]
    called = vocatives(story, quote, MentionIndex(mentions))
    assert [m.id for m in called] == [0]  # the opening call, not the one in the story told


@pytest.mark.parametrize("words, called", [
    ("His son. Tom Hale.", False),  # a sentence of its own that names him: an answer
    ("Come here. Tom Hale!", True),
    ("I am sorry. Tom Hale, listen.", True),
    ("Good night, Tom Hale.", True),
])
def test_a_name_that_is_a_sentence_of_its_own_is_no_call(words: str, called: bool) -> None:
    story, quote = speech(words)
    start = story.text.index("Tom")
    story.paragraphs = [Paragraph(index=0, start=0, end=len(story.text))]
    mention = Mention(id=0, start=start, end=start + 8, text="Tom Hale", kind="proper", paragraph=0, character=0)
    assert bool(vocatives(story, quote, MentionIndex([mention]))) == called


@pytest.mark.parametrize("words, name, names_him", [
    ("So much for Tom and his letters.", "Tom", True),
    ("I am Tom Hale, and I live here.", "Tom Hale", False),  # saying who one is: the speaker may be Tom
    ("My name is Tom Hale.", "Tom Hale", False),
    ("I am a Tom Hale of no importance.", "a Tom Hale", True),
])
def test_a_speech_that_says_who_its_speaker_is_does_not_name_someone_else(words: str, name: str, names_him: bool) -> None:
    story, quote = speech(words)
    start = story.text.index(name)
    mention = Mention(id=0, start=start, end=start + len(name), text=name, kind="proper", paragraph=0, character=0)
    assert bool(named_in(story, quote, MentionIndex([mention]))) == names_him


@pytest.mark.parametrize("asked, names_him", [
    ('"And what is your name?"\n\n', False),  # the answer is the speaker's own name
    ('"Who are you?" said the clerk.\n\n', False),
    ('"Where is your brother?"\n\n', True),  # not asked for a name: Tom is someone else
    ('"Who are you?" ', True),  # the asker's own speech goes on, calling Tom
])
def test_a_speech_that_answers_with_a_name_does_not_name_someone_else(asked: str, names_him: bool) -> None:
    text = asked + '"Tom Hale, sir."'
    start = text.index("Tom")
    story = Story(text=text, paragraphs=[Paragraph(index=0, start=0, end=len(text))])
    quote = Quote(id=0, spans=[(start, len(text) - 1)], paragraph=0)
    mention = Mention(id=0, start=start, end=start + 8, text="Tom Hale", kind="proper", paragraph=0, character=0)
    assert bool(named_in(story, quote, MentionIndex([mention]))) == names_him
