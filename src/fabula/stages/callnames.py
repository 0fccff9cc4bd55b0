"""Stage ``callnames``: names a speaker is called by, learned from the replies to them
and from the speaker's own words.

Alias clustering joins names by their strings, so a name the text never writes beside the
others stays a character of its own: Lord Henry is "Harry" to his friends, Sikes is "Bill",
Cecil is "Mr. Vyse" to the people he speaks with. Dialogue says who they are. In
``"...," said Lord Henry.`` / ``"Harry, you are dreadful."`` the reply calls out the man who
just spoke. One such reply proves nothing (a third person may have come in, or the same
speaker may go on), but a name that the replies to one speaker use again and again, and
almost never anywhere else, is that speaker's.

A name is folded into the speaker when:

- it is called out at the opening or close of the next turn after that speaker's tagged
  speech at least :data:`MIN_REPLIES` times, and those are :data:`REPLY_SHARE` of all its
  calls after tagged speeches;
- the narration seldom uses it (:data:`NARRATED_SHARE`): the narrator's own name for a
  person is the one the clustering already has;
- no reply to its own bearer calls the speaker (two people who call each other by name are
  two people), and no other speaker draws it half as often;
- the two characters' pronoun sets agree.

Someone met only as a description tells their name too: ``"I am Mary Lennox," said the
little girl``. An unnamed speaker (a character coreference made from "a girl", never named by
a proper name) who says "I am ...", "I'm ..." or "my name is ..." before a name is that
name's character, when their pronoun sets agree and the speeches give them no second name
("I am a Angel" names nobody). So is one whose speech opens with a name the book has not
used before, in answer to "What is your name?" (``"Anne Shirley," faltered the child``): a name
met before is more likely the asker's than the answer's (``"Joe," was the laconic answer``,
where a tag misread gives the answer to the clerk who asked).

The stage runs after ``speakers`` (it needs the tagged speeches), renumbers the characters
with :meth:`fabula.model.Story.merge_characters`, and, when it folded a name, attributes the
speeches again: the calls and turns of the cast as it now stands tell more ("You would not
know it, Harry" is not Lord Henry's once "Harry" is he).
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from ..dialogue import MentionIndex, answers_with_name, conversations, says_own_name, vocatives
from ..lexicon import ARTICLES
from ..model import Mention, Quote, Story
from ..pipeline import stage
from .coref import finish_characters
from .speakers import attribute_speakers

#: A call counts only within this many characters of the reply's opening or close: deep in a
#: long speech, a name is called inside a story someone tells.
EDGE = 60
MIN_REPLIES = 2
REPLY_SHARE = 0.4
#: At most this share of the name's uses are the narration's: "Mr. Heaslop" is named in the
#: narration a third of the time and in speech the rest, where "Ronny" is the narrator's name.
NARRATED_SHARE = 0.4
#: The speaker must draw the name this many times as often as any other speaker does.
DOMINANCE = 2.0


def _at_edge(quote: Quote, m: Mention) -> bool:
    return m.start - quote.start <= EDGE or quote.end - m.end <= EDGE


def reply_calls(story: Story, index: MentionIndex) -> Counter[tuple[int, int]]:
    """(speaker, called) counts: who is called out in the turn after whose tagged speech
    (``index``: the story's :class:`MentionIndex`)."""
    pairs: Counter[tuple[int, int]] = Counter()
    for talk in conversations(story):
        for before, turn in pairwise(talk):
            said = before[-1]
            if said.type != "explicit" or said.speaker is None:
                continue
            reply = turn[0]
            for m in vocatives(story, reply, index):
                if m.character is not None and _at_edge(reply, m):
                    pairs[(said.speaker, m.character)] += 1
    return pairs


def call_names(story: Story, index: MentionIndex) -> dict[int, int]:
    """Each character that is another's call name, mapped to that other (see module docstring)."""
    named: Counter[int] = Counter()
    narrated: Counter[int] = Counter()
    for m in story.mentions:
        if m.kind == "proper" and m.character is not None:
            named[m.character] += 1
            narrated[m.character] += not m.in_quote
    genders = {c.id: c.gender for c in story.characters if not c.narrator}
    return folds(reply_calls(story, index), named, narrated, genders)


def folds(pairs: Counter[tuple[int, int]], named: Counter[int], narrated: Counter[int],
          genders: dict[int, str]) -> dict[int, int]:
    """The decision of :func:`call_names` on its counts: ``pairs`` from :func:`reply_calls`,
    each character's proper-name mentions (``named``) and those in the narration, and the
    pronoun sets of the characters that may merge (a narrator is left out)."""
    drawn: dict[int, Counter[int]] = {}
    for (speaker, called), n in pairs.items():
        drawn.setdefault(called, Counter())[speaker] += n
    into: dict[int, int] = {}
    for called, speakers in drawn.items():
        ranked = [(s, n) for s, n in speakers.most_common() if s != called][:2]
        if not ranked or called not in genders or ranked[0][0] not in genders:
            continue
        speaker, n = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if (n >= MIN_REPLIES and n >= REPLY_SHARE * sum(speakers.values())
                and narrated[called] <= NARRATED_SHARE * named[called] and n >= DOMINANCE * second
                and not pairs[(called, speaker)] and len({genders[speaker], genders[called]} - {"unknown"}) <= 1):
            into[called] = speaker
    # A name both absorbing and absorbed is a chain too weak to follow: keep the plain links.
    return {b: a for b, a in into.items() if a not in into and b not in into.values()}


def introductions(story: Story, index: MentionIndex) -> dict[int, int]:
    """Each unnamed speaker who says their name, mapped to the character of that name (see
    the module docstring)."""
    named = {m.character for m in story.mentions if m.kind == "proper" and m.character is not None}
    told: dict[int, set[int]] = {}
    for quote in story.quotes:
        if (not quote.spoken or quote.speaker is None or quote.speaker in named
                or story.characters[quote.speaker].name.split(" ", 1)[0].lower() not in ARTICLES):
            continue  # a speaker known by a name already, or not by a description ("everyone")
        for start, end in quote.spans:
            for m in index.between(start, end):
                if m.kind != "proper" or m.character is None or m.character == quote.speaker:
                    continue
                if says_own_name(story, start, m) or (
                        answers_with_name(story, start, m) and story.characters[m.character].first_mention == m.start):
                    told.setdefault(quote.speaker, set()).add(m.character)
    into: dict[int, int] = {}
    for speaker, names in told.items():
        if len(names) != 1:
            continue
        (owner,) = names
        genders = {story.characters[speaker].gender, story.characters[owner].gender} - {"unknown"}
        if len(genders) <= 1 and not story.characters[speaker].narrator and not story.characters[owner].narrator:
            into[speaker] = owner
    return into


@stage("callnames")
def merge_call_names(story: Story) -> None:
    """Fold the names people call a speaker by, and the name an unnamed speaker gives, into
    that speaker's character."""
    index = MentionIndex(story.mentions)
    into = call_names(story, index)
    for speaker, owner in introductions(story, index).items():
        if speaker not in into and owner not in into and speaker not in into.values():
            into[speaker] = owner
    if into:
        story.merge_characters(into)
        finish_characters(story)
        # The decoder read "Harry" as someone else: a speech calling him could be his own.
        attribute_speakers(story)
