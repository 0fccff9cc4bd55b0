"""Helpers that read a speech's own words: the gender its words of address give its addressee."""

from __future__ import annotations

import pytest

from fabula.dialogue import addressed_gender
from fabula.model import Quote, Story


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
