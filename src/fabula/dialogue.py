"""Helpers shared by the dialogue stages (``speakers``, ``addressees``).

They answer questions about the text around and inside a quotation: where its tag may be,
which mentions fall in a stretch of text, and whom a speech calls by name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .lexicon import ARTICLES, GENDERED_ADDRESS, HONORIFICS, SPEECH_VERBS
from .model import Mention, Quote, Story
from .stages.characters import SUBJECT_DEPS
from .stages.quotes import SPEECH_FORMS

if TYPE_CHECKING:
    from spacy.tokens import Token

# Words that may come between a vocative name and the edge of its clause ("my dear Jane").
VOCATIVE_LEAD = frozenset({"my", "dear", "dearest", "oh", "o", "ah", "yes", "no", "well", "good", "poor", "sweet", "and", "but",
                           "you"})
#: A name called out farther than this (characters) from both ends of a speech is inside a
#: story the speaker tells ("...and then she says to me, Never trust a man, Dorcas!"), the
#: inner quotation marks often lost in plain-text editions. Chosen on PDNC speaker accuracy
#: (0.8398 with no limit, 0.8399 at 150, 0.8401 at 200, 0.8402 at 300, 0.8398 at 500;
#: LitBank 0.726 throughout but 0.727 at 150).
CALL_DEPTH = 300


# How far before an offset a mention covering it may start.
MENTION_REACH = 60
#: Narration paragraphs between two speeches that still leave them in one conversation
#: (the ``scenes`` stage keeps a conversation in one scene by the same measure).
CONVERSATION_GAP = 1


def same_conversation(earlier: int, later: int) -> bool:
    """Can speeches in paragraphs ``earlier`` and ``later`` (no speech between) be one
    conversation: at most CONVERSATION_GAP paragraphs of narration apart?"""
    return later - earlier <= CONVERSATION_GAP + 1


# How narration that introduces the next paragraph's speech ends (or with a word: the mark lost).
INTRODUCING_MARKS = frozenset(":,—–-")


@dataclass(slots=True)
class Region:
    """A stretch of narration next to a quotation where its tag may be."""

    start: int
    end: int
    where: str  # "inside" (between two spans), "after" or "before"


class MentionIndex:
    """Mentions by story offset, for fast "which mentions lie in [start, end)" questions."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.starts = [m.start for m in mentions]

    def between(self, start: int, end: int) -> list[Mention]:
        i = bisect_left(self.starts, start)
        j = bisect_left(self.starts, end, lo=i)
        return self.mentions[i:j]

    def at(self, offset: int) -> Mention | None:
        """The mention covering ``offset``, if any (the outermost, where mentions nest)."""
        return next(self.covering(offset), None)

    def covering(self, offset: int) -> Iterator[Mention]:
        """The mentions covering ``offset``, outermost first (names are shorter than MENTION_REACH)."""
        return (m for m in self.between(offset - MENTION_REACH, offset + 1) if m.start <= offset < m.end)


def quotes_by_paragraph(story: Story) -> dict[int, list[Quote]]:
    """Quotes grouped by the paragraph where each begins."""
    grouped: dict[int, list[Quote]] = {}
    for q in story.quotes:
        grouped.setdefault(q.paragraph, []).append(q)
    return grouped


# What may stand before a speech that opens its paragraph: an opening mark, a dialogue dash.
SPEECH_OPENERS = " \t\n\"“‘'«—–-"


def tag_regions(story: Story, quote: Quote, neighbours: list[Quote]) -> list[Region]:
    """Narration where ``quote``'s tag may be, nearest first: between its spans, after, before.

    ``neighbours`` are the quotes of the same paragraph (the narration ends where another
    quote begins). Each region is cut to one sentence-ish stretch next to the quote.
    """
    para = story.paragraphs[quote.paragraph]
    regions: list[Region] = []
    for (_, end), (start, _) in zip(quote.spans, quote.spans[1:]):
        if story.text.count("\n\n", end, start) == 0:
            regions.append(Region(end + 1, start - 1, "inside"))
    last_end = quote.spans[-1][1]
    later = [q.start for q in neighbours if q.start > last_end]
    after_end = min(later) - 1 if later else para.end
    if quote.spans[-1][1] <= para.end:
        regions.append(Region(last_end + 1, sentence_cut(story.text, last_end + 1, after_end), "after"))
    before_start = _narration_start(story, quote, neighbours)
    after_a_speech = before_start > para.start  # another speech of the paragraph comes first
    if story.text[before_start : quote.start].strip(SPEECH_OPENERS):
        regions.append(Region(_sentence_back(story.text, before_start, quote.start - 1), quote.start - 1, "before"))
    elif not after_a_speech and quote.paragraph > 0:
        # A speech opening its paragraph may be introduced by the narration before it:
        # "...Mr. Collins laid aside his book and said:" / "...she began:", or "...and said"
        # where the e-text lost the closing dash or colon (a narrated sentence ends in a stop).
        prev = story.paragraphs[quote.paragraph - 1]
        ending = story.text[prev.start : prev.end].rstrip()
        if prev.kind == "text" and (ending[-1:] in INTRODUCING_MARKS or ending[-1:].isalpha()):
            regions.append(Region(_sentence_back(story.text, prev.start, prev.end), prev.end, "before"))
    return [r for r in regions if r.end > r.start]


def sentence_before(story: Story, quote: Quote, neighbours: list[Quote]) -> Region | None:
    """The whole last sentence of narration before a speech in its paragraph, full stop and
    all (``The man in front swung around. "No."``): where an action beat may be. The tag
    regions leave it out, for a speech verb there ends a sentence of its own."""
    start = _narration_start(story, quote, neighbours)
    end = quote.start - 1
    while end > start and story.text[end - 1] in SPEECH_OPENERS:
        end -= 1
    if end <= start or not _sentence_end(story.text, end - 1):
        return None
    return Region(_sentence_back(story.text, start, end), end, "before")


def _narration_start(story: Story, quote: Quote, neighbours: list[Quote]) -> int:
    """Where the narration before a speech begins: after the speech before it in the same
    paragraph, or at the paragraph's start."""
    earlier = [q.end for q in neighbours if q.end < quote.start]
    return max(earlier) + 1 if earlier else story.paragraphs[quote.paragraph].start


def sentence_cut(text: str, start: int, end: int) -> int:
    """End of the first sentence of narration after a quote (keeps ``said he; and``)."""
    for i in range(start + 1, end):
        if _sentence_end(text, i) and (i + 1 >= end or text[i + 1].isspace()):
            return i + 1
    return end


def _sentence_back(text: str, start: int, end: int) -> int:
    """Start of the last sentence before a quote."""
    for i in range(end - 2, start, -1):
        if _sentence_end(text, i) and text[i + 1].isspace():
            return i + 1
    return start


def _sentence_end(text: str, i: int) -> bool:
    """Does the mark at ``i`` end a sentence (not the dot of "Mrs.", "Dr." or an initial,
    "M. Riviere", "W. A. Smith"; "said I." does end one)?"""
    if text[i] in "!?":
        return True
    if text[i] != ".":
        return False
    word_start = i
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    word = text[word_start:i]
    initial = len(word) == 1 and word.isupper() and word != "I"
    return not initial and word.lower() not in HONORIFICS


# A tag right after a name called out inside a speech ("he said", "says she"): the call is
# in a speech the speaker repeats.
_TAG_PRONOUN = r"(?:he|she|I|they|we)"
_SPEECH_FORM = "(?:" + "|".join(sorted(SPEECH_FORMS)) + ")"
_REPEATED_TAG = re.compile(
    rf"[,!?.;—–-][\s'‘’\"“”]*(?:{_TAG_PRONOUN}\s+{_SPEECH_FORM}|{_SPEECH_FORM}\s+{_TAG_PRONOUN})\b",
    re.IGNORECASE,
)


def vocatives(story: Story, quote: Quote, index: MentionIndex) -> list[Mention]:
    """Names a speech calls out (``"Toby, sit down."``, ``"...my dear Jane."``).

    A proper name, a title or word of address ("Surely, uncle, ...", "Yes, sir"; once
    coreference has given it its holder, a title calls that one) or a description opening
    "my" or "dear", set off by a comma or the edge of the speech, with nothing but words
    like "my dear" between it and that edge; not one followed by a tag inside the speech,
    which calls out in a speech the speaker repeats (``"...and she says, 'Dorcas,' she says,
    'I've had a shock.'"``: Dorcas is speaking, not spoken to), nor one deep inside a long
    speech (:data:`CALL_DEPTH`), nor a name that is a sentence of its own ("His son. Young
    Pip.": the speech says who someone is).
    """
    text = story.text
    found: list[Mention] = []
    # A speech that runs on over paragraphs calls its hearers in its first: a name called
    # later is inside a story the speaker tells ("'Well, Small, what is it?' he asked").
    opening = story.paragraphs[quote.paragraph].end
    for start, end in quote.spans:
        if start >= opening:
            break
        for m in index.between(start, end):
            if not (m.kind == "proper" or (m.kind == "nominal" and (m.text.lower().startswith(("my ", "dear "))
                                                                    or " " not in m.text))):
                continue
            left = text[start : m.start].rstrip()
            clause_left = re.split(r"[,;.!?]", left)[-1].split()
            before_ok = not left or left[-1] in ",;!?.—–-" or all(w.lower().strip(",") in VOCATIVE_LEAD for w in clause_left)
            right = text[m.end : end].lstrip()
            after_ok = (not right or right[0] in ",!?.;—–-") and not _REPEATED_TAG.match(right)
            # A speech that is nothing but a name asks about someone ("Amos Kettle?") unless
            # it is called out ("TOM!").
            alone = len(quote.spans) == 1 and not (left + right).strip(" ,.!?;:—–-'\"") and "!" not in right
            # A name that is a sentence of its own, between full stops, answers or names
            # ("His son. Young Pip."): a call has a comma, or an exclamation ("Come. Jack!").
            stated = bool(left) and left[-1] == "." and right[:1] == "."
            deep = m.start - start > CALL_DEPTH and end - m.end > CALL_DEPTH
            if before_ok and after_ok and not alone and not stated and not deep:
                found.append(m)
    return found


# A gendered word of address set off as a vocative: at the edge of the speech or its clause
# (after "my dear", "oh", "yes"...), and followed by a comma, a stop or the speech's end.
_ADDRESS_RE = re.compile(
    r"(?:^|[,;:!?.—–-]\s*|\b(?:dear|oh|o|yes|no|well|thank you|thanks|good morning|good night|good-bye)\s+)"
    r"(" + "|".join(sorted((re.escape(w) for w in GENDERED_ADDRESS), key=len, reverse=True)) + r")"
    r"(?=\s*(?:[,;!?.—–-]|$))",
    re.IGNORECASE,
)


def addressed_gender(story: Story, quote: Quote) -> str | None:
    """The gender a speech's words of address give the one spoken to ("No, sir." is said to a
    man; "Thank you, ma'am" to a woman), or None when it has none, or both."""
    found = {GENDERED_ADDRESS[m.group(1).lower()] for start, end in quote.spans
             for m in _ADDRESS_RE.finditer(story.text[start:end].strip())}
    return found.pop() if len(found) == 1 else None


#: What a speaker says right before their own name ("I am", "I'm", "my name is"; "I m" where
#: a plain-text edition lost the apostrophe).
SELF_NAMING = re.compile(r"\b(?:I\s+am|I[’']?\s?m|my\s+name\s+is|my\s+name[’']s)\s+$", re.IGNORECASE)


#: The end of the text before a speech that answers a question for the speaker's name:
#: ``"What is your name?" / "Anne Shirley," ...``, ``"And who are you?" / "Tom," ...`` (a short
#: tag may follow the question; the answer opens the next paragraph).
NAME_QUESTION = re.compile(
    r"\b(?:your\s+name|who\s+are\s+you)\b[^.!?\"“”]{0,30}\?[\"”’']?(?:[^\"“”]{0,60}\.)?\s*\n\s*[\"“‘']?$",
    re.IGNORECASE,
)


def says_own_name(story: Story, span_start: int, mention: Mention) -> bool:
    """Does the speech introduce its speaker by this name ("I am Mary Lennox")? Not "I am a
    Angel": the name must follow the words at once, capitalised."""
    return (_names_someone(mention)
            and SELF_NAMING.search(story.text[max(span_start, mention.start - 20) : mention.start]) is not None)


def answers_with_name(story: Story, span_start: int, mention: Mention) -> bool:
    """Does the speech open with this name in answer to "What is your name?" (``"Anne
    Shirley," faltered the child``)? Its speaker's name, though a tag may give it to the asker."""
    return (_names_someone(mention) and mention.start == span_start
            and NAME_QUESTION.search(story.text[max(0, span_start - 160) : span_start]) is not None)


def _names_someone(mention: Mention) -> bool:
    """Is the mention a capitalised name, not a description ("a Tom Hale of no importance")?"""
    return mention.text[:1].isupper() and mention.text.split()[0].lower() not in ARTICLES


def named_in(story: Story, quote: Quote, index: MentionIndex) -> set[int]:
    """Characters a speech names, calling them or speaking of them ("So much for Isabella!"):
    seldom the speaker, for people seldom name themselves (save to say who they are, or to
    answer "What is your name?")."""
    return {m.character for start, end in quote.spans for m in index.between(start, end)
            if m.kind == "proper" and m.character is not None
            and not says_own_name(story, start, m) and not answers_with_name(story, start, m)}


def quoted_pronouns(story: Story, words: frozenset[str],
                    index: MentionIndex | None = None) -> Iterator[tuple[Quote, Mention]]:
    """Each pronoun mention of ``words`` inside a spoken quote, with its quote ("I" is the
    speaker, "you" the one addressee: the stages that know them attach them); ``index`` is
    the story's :class:`MentionIndex`, where the caller has one already."""
    index = MentionIndex(story.mentions) if index is None else index
    for quote in story.quotes:
        for start, end in quote.spans:
            for m in index.between(start, end):
                if m.kind == "pronoun" and m.text.lower() in words:
                    yield quote, m


def conversations(story: Story) -> list[list[list[Quote]]]:
    """The story's conversations, each a list of turns (the spoken quotes of one paragraph).

    A conversation ends where more than CONVERSATION_GAP paragraphs pass without speech.
    """
    talks: list[list[list[Quote]]] = []
    last_paragraph = None
    for quote in story.quotes:
        if not quote.spoken:
            continue
        if last_paragraph is None or not same_conversation(last_paragraph, quote.paragraph):
            talks.append([[quote]])
        elif quote.paragraph == last_paragraph:
            talks[-1][-1].append(quote)
        else:
            talks[-1].append([quote])
        last_paragraph = story.ending_paragraph(quote)
    return talks


def speaks_in_tag(token: "Token") -> bool:
    """Is this the subject of a speech verb in a sentence that holds a quotation mark?

    The parser often takes an inverted tag's subject for an object ("replied a young man",
    "broke in a thin gentleman"): a noun after a speech verb that follows a closing mark is
    its subject too.
    """
    verb = token.head
    if not any(t.is_quote for t in token.sent):
        return False
    if token.dep_ in SUBJECT_DEPS:
        return verb.lemma_.lower() in SPEECH_VERBS
    if verb.dep_ == "prt":  # "broke in a gentleman"
        verb = verb.head
    return (token.dep_ in {"dobj", "pobj"} and verb.lemma_.lower() in SPEECH_VERBS and verb.i < token.i
            and verb.i > 0 and verb.nbor(-1).is_quote)
