"""Build Story objects by hand, so exporters can be tested without running the pipeline.

Offsets are found by searching for the given words, which keeps test stories readable:

    story = make_story("Chapter 1", '"No," said Jack.', title="Hill")
    jack = add_character(story, "Jack")
    add_quote(story, 1, "No,", speaker=jack.id, tag="Jack")
"""

from __future__ import annotations

from typing import Iterable

from fabula.model import Character, Gender, Mention, Paragraph, Quote, QuoteType, Scene, Story
from fabula.stages.segment import classify


def make_story(*paragraphs: str, title: str = "") -> Story:
    """A story of the given paragraphs (blank-line separated); headings and breaks classified."""
    text = "\n\n".join(paragraphs)
    story = Story(text=text, title=title)
    pos = 0
    chapter = 0
    for i, block in enumerate(paragraphs):
        kind = classify(block)
        chapter += kind == "heading"
        story.paragraphs.append(Paragraph(index=i, start=pos, end=pos + len(block), kind=kind, chapter=chapter))
        pos += len(block) + 2
    return story


def add_character(story: Story, name: str, aliases: Iterable[str] = (), gender: Gender = "unknown",
                  mentions: int = 3) -> Character:
    character = Character(id=len(story.characters), name=name, aliases=[name, *aliases], gender=gender,
                          mention_count=mentions)
    story.characters.append(character)
    return character


def _find(story: Story, paragraph: int, words: str, after: int | None = None) -> tuple[int, int]:
    p = story.paragraphs[paragraph]
    start = story.text.index(words, p.start if after is None else after, p.end)
    return start, start + len(words)


def add_mention(story: Story, paragraph: int, words: str, character: int | None) -> Mention:
    start, end = _find(story, paragraph, words)
    mention = Mention(id=len(story.mentions), start=start, end=end, text=words, kind="proper",
                      paragraph=paragraph, character=character)
    story.mentions.append(mention)
    return mention


def add_quote(story: Story, paragraph: int, *pieces: str, speaker: int | None = None,
              addressees: Iterable[int] = (), confidence: float = 0.9, spoken: bool = True,
              type: QuoteType | None = "implicit", tag: str | None = None) -> Quote:
    """A quotation made of ``pieces`` (its spans, in order); ``tag`` adds the tag's mention."""
    spans: list[tuple[int, int]] = []
    after = None
    for words in pieces:
        span = _find(story, paragraph, words, after)
        spans.append(span)
        after = span[1]
    mention = add_mention(story, paragraph, tag, speaker) if tag is not None else None
    quote = Quote(id=len(story.quotes), spans=spans, paragraph=paragraph, speaker=speaker,
                  addressees=list(addressees), confidence=confidence, spoken=spoken,
                  type="explicit" if tag is not None else type,
                  speaker_mention=mention.id if mention else None)
    story.quotes.append(quote)
    return quote


def add_scene(story: Story, first: int, last: int, participants: Iterable[int] = ()) -> Scene:
    a, b = story.paragraphs[first], story.paragraphs[last]
    scene = Scene(id=len(story.scenes), start=a.start, end=b.end, first_paragraph=first, last_paragraph=last,
                  chapter=a.chapter, participants=list(participants))
    story.scenes.append(scene)
    return scene


def jack_and_jill() -> Story:
    """A small story with every kind of speech the exporters must handle.

    A plain tagged line, a speech split by its tag, an unattributed line, an unspoken
    quotation (a word written down), a chapter heading and a scene break.
    """
    story = make_story(
        "Chapter 1",
        "The rain fell on the hill.",
        '"No," said Jack.',
        '"I am soaked," Jill replied, shaking the rain from her coat. "There is a difference."',
        '"Who is there?"',
        'Jack wrote a single word on the slate: "Tuesday". Then he sat down.',
        "* * *",
        'Jill laughed. "Well, Jack," she said, "it is only water." She went to the fire.',
        title="The Hill",
    )
    jack = add_character(story, "Jack", aliases=["Jack Spratt"], gender="he")
    jill = add_character(story, "Jill", gender="she")
    add_character(story, "The Miller", mentions=2)
    add_character(story, "A passer-by", mentions=1)
    add_quote(story, 2, "No,", speaker=jack.id, addressees=[jill.id], tag="Jack", confidence=0.91)
    add_quote(story, 3, "I am soaked,", "There is a difference.", speaker=jill.id, addressees=[jack.id],
              tag="Jill", confidence=0.8)
    add_quote(story, 4, "Who is there?", confidence=0.1)
    add_quote(story, 5, "Tuesday", spoken=False)
    add_quote(story, 7, "Well, Jack,", "it is only water.", speaker=jill.id, addressees=[jack.id], tag="she",
              confidence=0.75)
    add_scene(story, 1, 5, [jack.id, jill.id])
    add_scene(story, 7, 7, [jill.id])
    return story
