"""Stage ``quotes``: find every quotation, in whatever convention the story uses.

Conventions handled: straight and curly double quotes, guillemets, British single quotes
(told apart from apostrophes: ``'tis``, ``the Joneses' house``, ``rock 'n' roll``), speeches
running over several paragraphs (opening mark on each, closing only on the last) and
em-dash dialogue. The convention is chosen once per story, from the marks it uses most, so
that in a double-quoted novel an inner ``'...'`` stays part of the outer speech.

A speech interrupted by its tag (``"Jack," he said, "please."``) becomes one :class:`Quote`
with two spans. Short quoted words inside a sentence that nobody says aloud (a title, a
scare quote) are kept with ``spoken=False``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..lexicon import HONORIFICS, SPEECH_VERBS
from ..model import Paragraph, Quote, Story
from ..pipeline import stage
from .segment import strip_span

# Paragraphs indented this deep in a text whose narration is not indented are letters.
LETTER_INDENT = 4

Convention = Literal["double", "single", "dash"]

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
# A dialogue dash: an em or en dash, or the two hyphens that stand for one in plain-text books.
DASH = r"(?:[—―–]|--)"
# Elisions that start with an apostrophe and are not the start of a quotation.
ELISIONS = frozenset({"tis", "twas", "twere", "twill", "em", "n", "cause", "til", "till", "ere", "neath",
                      "bout", "nough", "un", "im", "er", "ow", "is", "ave", "e", "s", "d", "ll", "re", "ve",
                      "t", "m", "cept", "spect", "fore", "gainst", "mongst", "round", "twixt", "ye"})
_N_ELISION = re.compile(r"(?<=\s)['‘’][nN]['’](?=\s)")
_WORD_RE = re.compile(r"[A-Za-z]+")
# Speech verbs as they appear in text (said, says, saying...), for tag detection without a parse.
SPEECH_FORMS: frozenset[str] = frozenset(
    form
    for verb in SPEECH_VERBS
    for form in (verb, verb + "s", verb + "es", verb + "ed", verb + "d", verb + "ing",
                 verb[:-1] + "ied" if verb.endswith("y") else verb, verb[:-1] + "ies" if verb.endswith("y") else verb)
) | {"said", "says", "told", "cried", "replied", "began", "thought", "spoke", "wrote",
     "broke", "bade", "sang", "quoth", "spake"}
# Past forms of speech verbs ("sneered", "said"), known without a parse.
PAST_SPEECH_FORMS = frozenset(form for form in SPEECH_FORMS if form.endswith("d") and form not in {"read"})


# The punctuation that may end a dash speech before its tag, and the pronouns a tag may open with.
_DASH_TAG = re.compile(r"[!?,.]\s+")
_TAG_PRONOUNS = frozenset({"he", "she", "they"})
# Pronouns that open a new subject in narration ("said Tom, while she added:").
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
# A clause of an earlier or later time after a tag ("said Oliver, when Mrs. Maylie returned,")
# tells when the speaker spoke, not that someone else speaks next ("till she heard Harriet
# say" does tell that).
_EARLIER_OR_LATER = frozenset({"when", "after", "before", "once"})
# How a speech ends a sentence or breaks off ("...farce." / "...if the Queen--").
_SPEECH_ENDS = frozenset(".!?-—–")
# Where one clause of narration ends and the next begins ("said Ann; and Tom cried:").
_CLAUSE_END = re.compile(r"([A-Za-z]*)[.!?;]+\s")


# At most this many double marks (two quoted phrases) leave a text's convention to its single quotes.
FEW_DOUBLE_MARKS = 4


@dataclass(slots=True)
class RawQuote:
    """A quoted span inside one paragraph, before tag-split speeches are joined."""

    start: int  # story offset of the first spoken character
    end: int
    paragraph: int
    open_end: bool = False  # the quote ran to the end of its paragraph without a closing mark
    opens_paragraph: bool = False  # the paragraph starts with this quote's opening mark


def choose_convention(text: str) -> Convention:
    """Pick the story's dialogue convention from the marks it uses most.

    Single quotes open elisions too ('tis, 'em), so they must far outnumber double marks;
    but a short text whose only double marks are a phrase or two ("the Colonial Office") and
    whose speeches open with single quotes is single-quoted however few its speeches.
    """
    double = sum(text.count(c) for c in '"' + DOUBLE_OPEN + DOUBLE_CLOSE)
    openings = [m.group(1).lower() for m in re.finditer(r"(?:^|[\s(\[—–-])['‘]([A-Za-z]+)", text, re.MULTILINE)]
    single = len(openings)
    dash_lines = len(re.findall(r"^[ \t]*" + DASH, text, re.MULTILINE))
    if dash_lines > 5 and dash_lines > (double + single) / 2:
        return "dash"
    if single > 2 * double + 3:
        return "single"
    if double <= FEW_DOUBLE_MARKS and sum(w not in ELISIONS for w in openings) > double + 1:
        return "single"
    return "double"


def _is_opening_single(text: str, i: int) -> bool:
    """Can the single quote at ``text[i]`` open a quotation?"""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() or after.isspace():
        return False
    word = _WORD_RE.match(text, i + 1)
    if word and word.group(0).lower() in ELISIONS:
        # "'tis" is an elision, but "'Tis" may open a quote in some books; keep it an elision
        # unless the next mark closes soon after a full sentence, which we cannot see here.
        return False
    return True


def _is_closing_single(text: str, i: int) -> bool:
    """Can the single quote at ``text[i]`` close a quotation (not an apostrophe)?"""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace():
        return False
    if after.isalpha():  # don't, o'clock
        return False
    return True


def _possessive(text: str, i: int) -> bool:
    """A plural possessive (``the Joneses' house``): s' followed by a lower-case word."""
    return i > 0 and text[i - 1] in "sS" and bool(re.match(r"\s+[a-z]", text[i + 1 : i + 4]))


def _scan_double(text: str, base: int, index: int) -> list[RawQuote]:
    quotes: list[RawQuote] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == '"':
            if open_at is None:
                open_at = i
            else:
                quotes.append(RawQuote(base + open_at + 1, base + i, index))
                open_at = None
        elif ch in DOUBLE_OPEN:
            if open_at is not None:  # a missing closing mark: end the open quote here
                quotes.append(RawQuote(base + open_at + 1, base + i, index, open_end=True))
            open_at = i
        elif ch in DOUBLE_CLOSE and open_at is not None:
            quotes.append(RawQuote(base + open_at + 1, base + i, index))
            open_at = None
    if open_at is not None:
        quotes.append(RawQuote(base + open_at + 1, base + len(text), index, open_end=True))
    return quotes


def _scan_single(text: str, base: int, index: int) -> list[RawQuote]:
    quotes: list[RawQuote] = []
    open_at: int | None = None
    # "rock 'n' roll": both marks belong to the word.
    inside_words = {m.start() + k for m in _N_ELISION.finditer(text) for k in (0, 2)}
    marks = [i for i, ch in enumerate(text) if ch in "'" + SINGLE_OPEN + SINGLE_CLOSE and i not in inside_words]
    for n, i in enumerate(marks):
        if open_at is None:
            if _is_opening_single(text, i):
                open_at = i
            continue
        if not _is_closing_single(text, i):
            continue
        # A plural possessive closes the quote only if no later mark could close it instead.
        if _possessive(text, i) and any(_is_closing_single(text, j) for j in marks[n + 1 :]):
            continue
        quotes.append(RawQuote(base + open_at + 1, base + i, index))
        open_at = None
    if open_at is not None:
        quotes.append(RawQuote(base + open_at + 1, base + len(text), index, open_end=True))
    return quotes


def _scan_dash(text: str, base: int, index: int) -> list[RawQuote]:
    """Em-dash dialogue: ``—Speech —tag— speech.`` alternates speech and tag at each dash."""
    stripped = text.lstrip()
    opening = re.match(DASH, stripped)
    if opening is None:
        return []
    offset = len(text) - len(stripped) + opening.end()
    pieces = re.split(r"\s*" + DASH + r"\s*", text[offset:])
    quotes: list[RawQuote] = []
    pos = offset
    for n, piece in enumerate(pieces):
        start = text.index(piece, pos) if piece else pos
        if n % 2 == 0 and piece.strip(" ,.;"):
            tag = _dash_tag(piece)
            if tag is None:
                quotes.append(RawQuote(base + start, base + start + len(piece), index))
            else:
                quotes.append(RawQuote(base + start, base + start + tag[0], index))
                if piece[tag[1]:].strip(" ,.;"):
                    quotes.append(RawQuote(base + start + tag[1], base + start + len(piece), index))
        pos = start + len(piece)
    return quotes


def _dash_tag(piece: str) -> tuple[int, int] | None:
    """Where, inside a dash speech, a tag stands with no second dash to mark it: English
    writers of dash dialogue let the tag follow the speech (``— Our mighty mother! Buck
    Mulligan said. He turned...``, ``— Yes, said Stephen. Where is it?``). The tag runs from
    the punctuation before its subject and speech verb to the end of its sentence; after a
    full stop only a tag that is a sentence of its own counts ("He came. He said nothing"
    goes on speaking)."""
    for match in _DASH_TAG.finditer(piece):
        raw = piece[match.end():].split()[:4]
        words = [w.strip(".,;:!?") for w in raw]
        for k, word in enumerate(words):
            if word.lower() in SPEECH_FORMS:
                subject = words[:k] or words[k + 1 : k + 2]  # "he said" or "said Stephen"
                last = k if k else k + 1  # the tag's last word, give or take an adverb
                ends = any(w.endswith(".") and (n == last or w.endswith("ly."))
                           for n, w in enumerate(raw[last : last + 2], start=last))
                if subject and (match.group()[0] != "." or ends) and all(
                        w[:1].isupper() or w.lower() in _TAG_PRONOUNS for w in subject):
                    close = re.search(r"[.!?:](?=\s|$)", piece[match.end():])
                    return match.start() + 1, match.end() + close.end() if close else len(piece)
                break
            if not (word[:1].isupper() or word.lower() in _TAG_PRONOUNS):
                break
    return None


_SCANNERS = {"double": _scan_double, "single": _scan_single, "dash": _scan_dash}


def has_speech_verb(narration: str) -> bool:
    """Does this stretch of narration contain a speech verb (a tag such as ``said he``)?"""
    return any(w.lower() in SPEECH_FORMS for w in _WORD_RE.findall(narration))


def _is_spoken(text: str, start: int, end: int, para: Paragraph) -> bool:
    """Quoted words mid-sentence with no speech around them (a title, a scare quote) are not speech."""
    words = text[start:end].split()
    if len(words) > 4 or not words:
        return True
    before = text[para.start : start - 1].rstrip()
    near_before = " ".join(before.split()[-2:])
    if not before or before[-1] in ",:;—–-(" or has_speech_verb(near_before):
        return True
    if text[end - 1] in "!?…":
        return True
    # A word runs straight into the opening mark with no speech verb near it: a scare quote
    # or a phrase being named ('felt wonderfully "in it."'), whatever punctuation ends it.
    return not before[-1].isalpha()


def _indented(text: str, start: int) -> bool:
    """Is the paragraph indented as a block (a quoted letter), unlike the narration around it?"""
    line_start = text.rfind("\n", 0, start) + 1
    return start - line_start >= LETTER_INDENT and not text[line_start:start].strip()


def _join(story: Story, raws: list[RawQuote]) -> list[Quote]:
    """Join raw spans into speeches: across paragraphs, and around a tag within one."""
    text = story.text
    quotes: list[Quote] = []
    prev: RawQuote | None = None
    in_paragraph: dict[int, list[RawQuote]] = {}
    for raw in raws:
        in_paragraph.setdefault(raw.paragraph, []).append(raw)
    for raw in raws:
        span = strip_span(text, raw.start, raw.end)
        if span[1] <= span[0]:
            continue
        current = quotes[-1] if quotes else None
        continued = (
            prev is not None and current is not None and prev.open_end
            and raw.paragraph == prev.paragraph + 1 and raw.opens_paragraph
        )
        same_paragraph_tag = (
            prev is not None and current is not None and raw.paragraph == prev.paragraph
            and _tag_splits(text, prev, raw, in_paragraph[raw.paragraph], story.paragraphs[raw.paragraph].start)
        )
        if continued or same_paragraph_tag:
            assert current is not None
            current.spans.append(span)
        else:
            quotes.append(Quote(id=len(quotes), spans=[span], paragraph=raw.paragraph))
        prev = raw
    return quotes


# Narration that opens with a conjunction and a new, named subject: "and Mrs. Moore thought,".
_NEW_SUBJECT_CLAUSE = re.compile(r"\s*(?:and|but|while|whereupon)\s+(?:[A-Z][a-z]*\.?\s+)*[A-Z][a-z]+")


def _tag_splits(text: str, prev: RawQuote, raw: RawQuote, paragraph: list[RawQuote], para_start: int) -> bool:
    """Is the narration between two quotes of a paragraph (whose quotes are ``paragraph``,
    starting at ``para_start``) a tag interrupting one speech?

    One paragraph, one speaker is the rule of fiction; the exception is a paragraph where
    both quotes carry their own tag (``"Coming?" asked Jack. "No," said Tom.``), or where
    the first was introduced by its tag and ends a sentence or breaks off, and new narration
    with a speech verb follows (``but Mrs. Turton said, "...give up that farce." He replied,
    "I don't..."``; ``Two began, "...and if the Queen--" At this moment Five called out``).
    """
    gap = text[prev.end + 1 : raw.start - 1]
    if not gap.strip():
        return False
    if not has_speech_verb(gap):
        return True
    before = [r for r in paragraph if r.end < prev.start]
    lead_in = text[before[-1].end + 1 if before else para_start : prev.start - 1].rstrip()
    introduced = lead_in[-1:] in ",:" and has_speech_verb(lead_in)
    if introduced and text[prev.end - 1] in _SPEECH_ENDS and gap.lstrip()[:1].isupper():
        return False
    if introduced and _NEW_SUBJECT_CLAUSE.match(gap) and gap.rstrip()[-1:] in ",:":
        return False  # 'Fielding thought, "...," and Mrs. Moore thought, "..."': each has its own tag
    if has_speech_verb(_last_clause(gap)) or _second_speaker(gap):
        return False  # a new clause introduces the second quote: 'said Ann; and Tom cried: "..."'
    following = [r for r in paragraph if r.start > raw.start]
    tail_end = following[0].start - 1 if following else None
    if tail_end is None:
        # Up to the end of the paragraph: we only know it's the last raw quote here.
        tail = text[raw.end : raw.end + 200].split("\n\n")[0][1:]  # past a closing mark, if any
    else:
        tail = text[raw.end + 1 : tail_end]
    return not has_speech_verb(tail)


def _second_speaker(narration: str) -> bool:
    """Does narration between two quotes tag the first and introduce the second with a speech
    verb of a new subject (``said Cecil, while Miss Bartlett, thinking..., added:``, ``Alice
    replied, so eagerly that the Gryphon said, in an offended tone,``)? ``said Tom, and
    added,`` has no new subject, nor has a clause that says when Tom spoke (``said Oliver,
    when Mrs. Maylie returned,``): one speech, interrupted."""
    last = narration.rstrip()[-1:]
    if last not in ",:—–":
        return False
    words = list(_WORD_RE.finditer(narration))
    verbs = [n for n, w in enumerate(words) if w.group(0).lower() in SPEECH_FORMS]
    if len(verbs) < 2:
        return False
    # The new subject comes after the first tag's clause (past its comma), not in it ("said Tom").
    clause_end = narration.find(",", words[verbs[0]].end())
    if clause_end == -1:
        return False
    between = [w.group(0) for w in words[verbs[0] + 1 : verbs[-1]] if w.start() > clause_end]
    if last == "," and between and between[0].lower() in _EARLIER_OR_LATER:
        return False  # 'said Mr. Bennet, when Elizabeth had read the note aloud, "if..."'
    return any(w[0].isupper() or w.lower() in _SUBJECT_PRONOUNS for w in between)


def _last_clause(narration: str) -> str:
    """The narration after its last clause end (none: empty), ignoring the stop of a title
    (``Mrs.``), so that ``"Yes," he said. "No."`` has an empty last clause."""
    ends = [m.end() for m in _CLAUSE_END.finditer(narration) if m.group(1).lower() not in HONORIFICS]
    return narration[ends[-1]:] if ends else ""


@stage("quotes")
def find_quotes(story: Story) -> None:
    """Fill ``story.quotes`` with every quotation, in story order."""
    convention = choose_convention(story.text)
    scan = _SCANNERS[convention]
    raws: list[RawQuote] = []
    for para in story.text_paragraphs():
        block = story.text[para.start : para.end]
        found = scan(block, para.start, para.index)
        if found:
            first_mark = para.start + len(block) - len(block.lstrip())
            found[0].opens_paragraph = found[0].start - 1 == first_mark
        raws.extend(found)
    quotes = _join(story, raws)
    paragraphs = story.paragraphs
    for quote in quotes:
        if _indented(story.text, paragraphs[quote.paragraph].start):
            quote.spoken = False  # a letter or document set off from the narration
        else:  # a speech split by its tag is spoken when either part is
            quote.spoken = any(_is_spoken(story.text, s, e, paragraphs[quote.paragraph]) for s, e in quote.spans)
    story.quotes = quotes
    story.extras.setdefault("quotes", {})["convention"] = convention
