"""Stage ``mentions``: every reference to a person-like character, from the spaCy parse.

Three kinds, as in LitBank: *proper* names (with their honorific: ``Mr. Knightley``,
``Captain Jack Harkness``), *nominal* descriptions (``the man in front``, ``his lover``,
``the younger of the two``) and *pronouns* (``he``, ``I``, and ``you`` and ``we``).

Names come from rules judged over the whole book: spaCy's small news-trained model misses
or mislabels unusual names, so a capitalised proper noun that acts as a person (a subject,
an object, someone's possessor) is also a name when the book uses it more than once.
Descriptions come from a tagger trained on LitBank (:mod:`fabula.spantagger`), with the
rules' word list of person nouns as a fallback; :func:`with_tagged` merges the two.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from itertools import accumulate
from typing import TYPE_CHECKING, Callable, Iterator

from ..dialogue import MENTION_REACH
from ..lexicon import (
    ABSTRACT_ENDINGS,
    ABSTRACT_LOOKALIKES,
    ARTICLES,
    FIRST_PERSON_PLURAL,
    HONORIFICS,
    NOT_NAMES,
    PERSON_ADJECTIVE_HEADS,
    PERSON_NOUNS,
    PERSONAL_PRONOUNS,
    PHRASAL_SPEECH_VERBS,
    PLACE_NOUNS,
    SECOND_PERSON,
    SPEECH_PARTICLES,
    SPEECH_VERBS,
    is_given_name,
)
from ..model import Mention, MentionKind, Paragraph, Story
from ..pipeline import register
from ..spantagger import TaggedSpan, TextContext, load_weights, tag
from .quotes import PAST_SPEECH_FORMS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Entity labels that are never a character, even when the text treats them like one.
NOT_PERSON_LABELS = frozenset(
    {"GPE", "LOC", "FAC", "DATE", "TIME", "NORP", "LANGUAGE", "EVENT", "WORK_OF_ART", "LAW",
     "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "PERCENT", "PRODUCT"}
)
# Dependency roles in which a proper noun behaves like a person.
PERSON_ROLES = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "pobj", "appos", "conj", "attr", "dative", "npadvmod", "ROOT", "compound", "intj", "dep", "nmod", "oprd"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "his", "her", "my", "their", "your", "our", "its", "whose"})
# Quantifiers that open a description of people as well as a determiner does ("some women").
QUANTIFIERS = frozenset({"some", "any", "no", "every", "each", "all", "both", "these", "those", "other",
                         "another", "many", "several", "few", "such", "what", "which"})
# A name guessed from the parse alone (not a PERSON entity) must occur this often in the book.
MIN_GUESSED_NAME_COUNT = 2
# Labels that say a word names a place, a group or an organisation (not a date: "May" is
# also a heroine).
PLACE_GROUP_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "ORG"})
# A word spaCy labels a place, group or organisation this many times more than a person, over
# the book, is not a person's name.
OTHER_LABEL_VOTES = 3
# ... unless it acts as a person (a subject, a possessor, a speaker) at least this many times
# per such label (spaCy's small model calls "Fanny" an organisation as often as not).
PERSON_ROLE_SHARE = 0.3
NAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "du", "la", "le", "di", "da", "del", "della", "ten", "ter"})
# Words that open sentences and vocatives ("Because George ...", "Dearest Jane") and that
# spaCy's small model reads as part of the name after them. Not "May", "Will" or "Grace":
# they are names as often.
SENTENCE_OPENERS = frozenset(
    """because could hence hitherto and but or so then now when while if though although as
    since yet still thus therefore perhaps indeed why how what where did does do would should
    shall can must has had have was is are were oh ah yes no well meanwhile besides moreover
    however nevertheless only even here there poor dear dearest darling sweet beloved my our couldn
    wouldn shouldn didn doesn isn wasn hasn haven hadn""".split()
)
# Every pronoun that is a mention: "he", "I", and also "you" and "we".
PRONOUNS = PERSONAL_PRONOUNS | SECOND_PERSON | FIRST_PERSON_PLURAL
#: Titles of the peerage, which the place of the title follows ("the Duke of Perth"). Not
#: "Lady" ("Our Lady of Lourdes") nor "Lord", which a name follows ("Lord Henry").
PEERAGE_TITLES = frozenset({"duke", "duchess", "earl", "countess", "count", "baron", "baroness", "marquis",
                            "marchioness", "prince", "princess", "king", "queen"})
#: Relative pronouns that only a person takes ("Bartleby, who was a scrivener").
PERSONAL_RELATIVES = frozenset({"who", "whom", "whose"})
PLACE_PREPOSITIONS = frozenset({"at", "in", "from", "into", "near", "towards", "toward", "through", "around", "across", "round", "inside", "outside", "within", "beyond"})


def honorific(token: "Token") -> str | None:
    """The normalised honorific a token spells (``Mr.`` -> ``mr``), if it is one."""
    word = token.text.rstrip(".").lower()
    return word if word in HONORIFICS and token.text[:1].isupper() else None


def _is_name_token(token: "Token") -> bool:
    return (
        token.text[:1].isupper()
        and token.is_alpha
        and token.lower_ not in NOT_NAMES
        and (token.pos_ == "PROPN" or (token.tag_ == "NNP"))
    )


def _capitalised_word(token: "Token") -> bool:
    """A capitalised word after an honorific is a name whatever spaCy tagged it (``Mr. Wren``)."""
    return token.text[:1].isupper() and token.is_alpha and token.lower_ not in NOT_NAMES and token.pos_ != "PRON"


def _particle_inside(doc: "Doc", i: int) -> bool:
    """"van der" in "Mr. van der Luyden": a lower-case particle followed by more of the name."""
    j = i
    while j < len(doc) and doc[j].lower_ in NAME_PARTICLES:
        j += 1
    return j > i and j < len(doc) and _capitalised_word(doc[j])


def _strip_possessive(doc: "Doc", start: int, end: int) -> int:
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in {"'s", "’s", "'", "’"}):
        end -= 1
    return end


def _role(doc: "Doc", start: int, end: int) -> str:
    """How a name is used here: ``speaker`` (``said Ianto``), ``person`` (a subject, a possessor, the antecedent of "who"), ``place`` (``at Longbourn``) or ``other``."""
    head = doc[end - 1]
    if _in_speech_tag(doc[start]):
        return "speaker"
    if head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPOSITIONS:
        return "place"
    if head.dep_ in {"nsubj", "nsubjpass"} and head.head.pos_ in {"VERB", "AUX"} and head.head.lemma_ != "be":
        return "person"
    if head.dep_ == "poss" or any(c.dep_ == "relcl" and c.left_edge.lower_ in PERSONAL_RELATIVES for c in head.rights):
        return "person"  # "Bartleby's desk"; "the life of Bartleby, who was a scrivener"
    return "other"


def _proper_spans(doc: "Doc") -> Iterator[tuple[int, int, str]]:
    """(start token, end token, evidence) of names.

    Evidence is ``titled`` (an honorific precedes it), ``entity`` (spaCy's PERSON) or
    ``guessed`` (a capitalised proper noun in a person-like role, one spaCy labels a place
    only when it is a given name, left to :func:`person_names` to judge over the book).
    """
    taken = [False] * len(doc)
    # 1. Honorific + capitalised words: "Mr. Knightley", "Captain Jack Harkness".
    i = 0
    while i < len(doc):
        if honorific(doc[i]) and i + 1 < len(doc):
            j = i + 1
            while j < len(doc) and honorific(doc[j]):
                j += 1
            while j < len(doc) and doc[j].is_space:  # "Mrs.\nBennet" across a line break
                j += 1
            k = j
            if honorific(doc[j - 1]) in PEERAGE_TITLES and k + 1 < len(doc) and doc[k].lower_ == "of" \
                    and _capitalised_word(doc[k + 1]):
                k += 1  # a peer is named by a place: "the Duchess of Monmouth", "the Earl of Essex"
            while k < len(doc) and (_capitalised_word(doc[k]) or _particle_inside(doc, k)
                                    or (doc[k].is_space and k + 1 < len(doc) and k > j and _capitalised_word(doc[k + 1]))):
                k += 1  # a line break inside the name is part of it: "Mr. John\nKnightley"
            if k > j:
                for t in range(i, k):
                    taken[t] = True
                yield i, k, "titled"
                i = k
                continue
        i += 1
    # 2. spaCy's PERSON entities.
    for ent in doc.ents:
        if ent.label_ != "PERSON" or any(taken[t] for t in range(ent.start, ent.end)):
            continue
        start, end = ent.start, _strip_possessive(doc, ent.start, ent.end)
        while start < end and (doc[start].lower_ in ARTICLES or not doc[start].text[:1].isupper()):
            start += 1
        # A name stops at a lower-case word that is no name particle: "Mary briefly",
        # "Tom to Anna" (two names), but "Mr. van der Luyden", "the Duchess of Monmouth".
        end = next((t for t in range(start + 1, end)
                    if not doc[t].text[:1].isupper() and not doc[t].is_space
                    and doc[t].lower_ not in NAME_PARTICLES | {"of"}), end)
        while end > start and not doc[end - 1].text[:1].isupper():
            end -= 1
        start, end = _trim_name(doc, start, end)
        if end > start and all(doc[t].lower_ not in NOT_NAMES for t in range(start, end)):
            for t in range(start, end):
                taken[t] = True
            yield start, end, "entity"
    # 3. Proper nouns acting as people that spaCy did not call PERSON.
    i = 0
    while i < len(doc):
        tok = doc[i]
        if taken[i] or not _is_name_token(tok) or (tok.ent_type_ in NOT_PERSON_LABELS and not _in_speech_tag(tok)
                                                    and not is_given_name(tok.lower_)):
            i += 1
            continue
        if honorific(tok) and i > 0 and doc[i - 1].lower_ in DETERMINERS:
            i += 1  # "the Captain" is a description, found by _nominal_spans
            continue
        j = i
        while (nxt := _next_word(doc, j)) is not None and not taken[nxt] and _is_name_token(doc[nxt]) \
                and (doc[nxt].ent_type_ not in NOT_PERSON_LABELS or doc[nxt].ent_iob_ == "I"):
            j = nxt
        head = doc[j]
        if _in_speech_tag(tok) or (head.dep_ in PERSON_ROLES and not (i == head.sent.start and tok.pos_ != "PROPN")):
            yield (*_trim_name(doc, i, j + 1), "guessed")
        i = j + 1


def _trim_name(doc: "Doc", start: int, end: int) -> tuple[int, int]:
    """A name without the common words a capital glued to it: a sentence's or a speech's
    first word ("*Because* George Emerson", "*Could* Anne", "*Dearest* Jane", "*Said* Helen")
    and a verb after it ("Holmes *Gives*"). A one-word name stays whole."""
    if end - start < 2:
        return start, end
    first = doc[start]
    opens = first.is_sent_start or start == 0 or doc[start - 1].is_punct
    if opens and (first.lower_ in SENTENCE_OPENERS or first.lower_ in PAST_SPEECH_FORMS):
        start += 1  # and an inverted tag's verb: "*Said* Hamidullah, buttering him up"
    while end - start > 1 and doc[end - 1].pos_ in {"VERB", "AUX"}:
        end -= 1
    return start, end


def _next_word(doc: "Doc", i: int) -> int | None:
    """The token after ``i``, across one line break ("Frank\nChurchill" in wrapped text)."""
    j = i + 1
    if j < len(doc) and doc[j].is_space and "\n\n" not in doc[j].text:
        j += 1
    return j if j < len(doc) else None


def _in_speech_tag(token: "Token") -> bool:
    """The name in a speech tag is a person, whatever spaCy made of it ("said Beaufort", "cried
    Edmund", "told Beaufort"). Speaker or hearer alike: this asks who is a person, not who
    speaks (``dialogue.speaks_in_tag`` asks that)."""
    if token.head.lemma_.lower() in SPEECH_VERBS and token.head.pos_ in {"VERB", "AUX"}:
        return True
    before = token.nbor(-1) if token.i > 0 else None
    if before is not None and before.lower_ in SPEECH_PARTICLES and token.i > 1:
        before = token.nbor(-2)  # "broke in Adela", "piped up Kitty"
        return before.pos_ == "VERB" and before.lemma_.lower() in PHRASAL_SPEECH_VERBS | SPEECH_VERBS
    return before is not None and before.lemma_.lower() in SPEECH_VERBS and before.pos_ == "VERB"


def _tag_speaker(token: "Token") -> bool:
    """A singular noun in a speech tag is a person: "said the barman", "told the barman"."""
    return token.tag_ in {"NN", "NNP"} and _in_speech_tag(token) and any(t.is_quote for t in token.sent)


def abstract_noun(word: str) -> bool:
    """Is this an abstract noun ("shortness", "question"), which heads no description of a
    person, even as the subject of a speech verb ("as if the shortness of the time would
    reassure him")?"""
    lower = word.lower()
    return lower.endswith(ABSTRACT_ENDINGS) and lower not in ABSTRACT_LOOKALIKES


def _nominal_spans(doc: "Doc", taken: list[bool], spoken: Callable[["Token"], bool]) -> Iterator[tuple[int, int]]:
    """Descriptions: a determiner or possessive, then a person noun (``the old man``), or
    any noun that a tag outside the speech makes a person ("replied the barman"; the "pardon"
    of ``"I beg your pardon," said Tom`` is spoken, and nobody)."""
    for tok in doc:
        lower = tok.lemma_.lower()
        is_noun = tok.pos_ in {"NOUN", "PROPN"} and (
            lower in PERSON_NOUNS or tok.lower_ in PERSON_NOUNS
            or (_tag_speaker(tok) and not abstract_noun(tok.text) and not spoken(tok)))
        is_adj = tok.lower_ in PERSON_ADJECTIVE_HEADS and tok.dep_ in {"nsubj", "dobj", "pobj", "nsubjpass", "attr"}
        if not (is_noun or is_adj) or taken[tok.i]:
            continue
        if tok.dep_ == "compound" or (tok.lower_ == "other" and tok.i > 0 and doc[tok.i - 1].lower_ == "each"):
            # ("each other" is a reciprocal, no one in particular)
            continue
        left = [c for c in tok.lefts if c.dep_ in {"det", "poss", "amod", "compound", "nummod", "advmod", "predet"}]
        while left and left[0].dep_ == "advmod" and left[0].lower_ not in QUANTIFIERS:
            left.pop(0)  # "and then two old men": "then" is no part of the description
        if left:
            start = min(c.left_edge.i if c.dep_ in {"poss", "amod"} else c.i for c in left)
            opener = doc[start]
            if opener.lower_ not in DETERMINERS | QUANTIFIERS and opener.dep_ != "poss" and not opener.like_num:
                if tok.tag_ != "NNS":
                    continue  # "old women": a bare plural, with its adjectives
        elif tok.tag_ == "NNS" and is_noun:
            start = tok.i  # "men", "gentlemen": people in general, still people
        else:
            continue
        end = tok.i + 1
        # A short prepositional tail is part of the description: "the man in front", "the younger of the two".
        for child in tok.rights:
            if child.dep_ == "prep" and child.i == end and child.right_edge.i - tok.i <= 4:
                end = child.right_edge.i + 1
            break
        if any(taken[t] for t in range(start, end)):
            continue
        yield start, end


def _quote_index(story: Story) -> tuple[list[int], list[int]]:
    spans = sorted(span for q in story.quotes for span in q.spans)
    return [s for s, _ in spans], [e for _, e in spans]


def _in_quote(starts: list[int], ends: list[int], offset: int) -> bool:
    k = bisect_right(starts, offset) - 1
    return k >= 0 and offset < ends[k]


Candidate = tuple[int, int, MentionKind, str, str, int]


def paragraph_mentions(story: Story, para: Paragraph, speech: tuple[list[int], list[int]]) -> list[Candidate]:
    """(start, end, kind, evidence, role, paragraph) of the mentions in one parsed paragraph;
    ``speech`` (:func:`_quote_index`) tells the words spoken from the narration's."""
    starts, ends = speech
    doc = para.doc
    assert doc is not None
    found: list[Candidate] = []
    taken = [False] * len(doc)

    def add(s: int, e: int, kind: MentionKind, evidence: str, role: str) -> None:
        for t in range(s, e):
            taken[t] = True
        found.append((para.start + doc[s].idx, para.start + doc[e - 1].idx + len(doc[e - 1]), kind, evidence, role, para.index))

    for s, e, evidence in _proper_spans(doc):
        add(s, e, "proper", evidence, _role(doc, s, e))
    for s, e in _nominal_spans(doc, taken, lambda tok: _in_quote(starts, ends, para.start + tok.idx)):
        add(s, e, "nominal", "", "person")
    for tok in doc:
        # A possessive inside a description is a mention of its own ("*his* father").
        if tok.lower_ in PRONOUNS and tok.pos_ == "PRON" and (not taken[tok.i] or tok.tag_ == "PRP$"):
            add(tok.i, tok.i + 1, "pronoun", "", "person")
    return found


def other_labels(story: Story) -> Counter[str]:
    """How often each word is labelled a place, group or organisation by spaCy, less how often
    it is labelled a person, over the whole book."""
    votes: Counter[str] = Counter()
    for tok in story.tokens():
        if tok.ent_type_ == "PERSON":
            votes[tok.text] -= 1
        elif tok.ent_type_ in PLACE_GROUP_LABELS:
            votes[tok.text] += 1
    return votes


def person_names(candidates: list[Candidate], text: str, labels: Counter[str] | None = None,
                 quote_starts: set[int] | None = None,
                 speech: tuple[list[int], list[int]] | None = None,
                 common: set[str] | None = None, places: set[str] | None = None) -> set[str]:
    """Names the book uses for people, judged over all their uses.

    A name mostly found after "at", "in", "from" is a place (``Longbourn``), whatever spaCy
    said; so is one spaCy mostly labels a place, a group or an organisation across the book
    and that seldom acts as a person (``India``, ``Hindus``), even where it seems to speak,
    unless it opens with a given name the book never puts after "at", "in" or "from": the
    small model calls "Agnes" and "Florence" places whatever they do.
    A name spaCy did not tag must occur twice and act as a person (a subject, a possessor)
    at least once, unless it is the subject of a speech verb; one found only as the first
    word of speeches is an interjection (``"Nonsense!"``), and so is one that opens half its
    speeches and is never used in the narration (``speech``: the quotes' span starts and
    ends), whatever spaCy said (``"Nay, ..."``, ``"Hullo!"``): a name nobody narrates is at
    most someone called, who never speaks. So is one nobody narrates that the book writes in
    lower case more often (``common``, from :func:`common_words`): ``"Come, India's not as
    bad as all that"``. ``places`` is :func:`place_names` of the candidates, where the caller
    has it already.
    """
    labels = labels or Counter()
    quote_starts = quote_starts or set()
    common = common or set()
    starts, ends = speech or ([], [])
    narrated: Counter[str] = Counter()
    opens_speech: Counter[str] = Counter()
    person: Counter[str] = Counter()
    speaker: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    evidence: dict[str, set[str]] = defaultdict(set)
    for s, e, kind, ev, role, _ in candidates:
        if kind != "proper":
            continue
        name = text[s:e]
        total[name] += 1
        evidence[name].add(ev)
        person[name] += role in ("person", "speaker")
        speaker[name] += role == "speaker"
        placed[name] += role == "place"
        opens_speech[name] += s in quote_starts
        narrated[name] += not _in_quote(starts, ends, s)
    places = place_names(candidates, text) if places is None else places
    # The last words of titled names ("Sir William Lucas"): surnames, whatever the lexicon says.
    family = frozenset(text[s:e].split()[-1].lower() for s, e, kind, ev, *_ in candidates
                       if kind == "proper" and ev == "titled" and len(text[s:e].split()) > 1)
    keep: set[str] = set()
    # Single words first: a longer name holding a person's name is one too ("Fanny Price").
    for name in sorted(total, key=lambda name: len(name.split())):
        n = total[name]
        if name.lower() in SENTENCE_OPENERS:
            continue  # "Hitherto", "Dearest": a capital at the start of a sentence
        if "titled" in evidence[name]:
            keep.add(name)
        elif name in places or (not speaker[name] and _place_by_its_noun(name, family)):
            continue  # "at Lucas Lodge", "Kellynch Hall": a place, though it holds a person's name
        elif len(name.split()) > 1 and any(w in keep for w in name.split()):
            keep.add(name)
        elif (_place_name(name, labels, person[name])
              and not (is_given_name(name.split()[0].lower()) and not placed[name])):
            continue
        elif (evidence[name] == {"guessed"} and opens_speech[name] == n) or (
                speech and not narrated[name] and (2 * opens_speech[name] >= n or name in common)):
            continue
        elif "entity" in evidence[name] or speaker[name] or (person[name] >= 1 and n >= MIN_GUESSED_NAME_COUNT):
            keep.add(name)
    return keep


def _place_by_its_noun(name: str, family: frozenset[str] = frozenset()) -> bool:
    """Is this name of two words or more a place by its last word (:data:`PLACE_NOUNS`), with
    no given name to open it ("Winnie Hall" is a woman), or with a word the book gives people
    as their surname (``family``: "Lucas Lodge" beside "Sir William Lucas" is the Lucases'
    house)? (Titled names never come here.)"""
    words = [w.strip(".,;:'’").lower() for w in name.split()]
    return (len(words) >= 2 and words[-1] in PLACE_NOUNS
            and (not is_given_name(words[0]) or words[0] in family))


def place_names(candidates: list[Candidate], text: str) -> set[str]:
    """Names mostly found after "at", "in", "from" (``Longbourn``, ``at Lucas Lodge``): at least
    twice, and more than twice as often as acting as a person."""
    place: Counter[str] = Counter()
    person: Counter[str] = Counter()
    for s, e, kind, _, role, _ in candidates:
        if kind == "proper":
            place[text[s:e]] += role == "place"
            person[text[s:e]] += role in ("person", "speaker")
    return {name for name, n in place.items() if n >= 2 and n > 2 * person[name]}


def common_words(names: set[str], story: Story) -> set[str]:
    """The one-word names the book writes in lower case more often than capitalised ("Come",
    "Don" of "Don t"): a capital there is a speech's or a sentence's first word. Not a word
    for a person ("Mother", "Waiter"): called out, that is someone."""
    single = {name.lower(): name for name in names if name.isalpha() and name.lower() not in PERSON_NOUNS}
    lower, upper = case_counts(set(single), story)
    return {name for word, name in single.items() if lower[word] > upper[word]}


def case_counts(words: set[str], story: Story) -> tuple[Counter[str], Counter[str]]:
    """How often the book writes each of ``words`` (given in lower case) in lower case, and
    how often capitalised: whether a capitalised word is a name or just a sentence's first."""
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for tok in story.tokens():
        if tok.lower_ in words:
            (upper if tok.text[:1].isupper() else lower)[tok.lower_] += 1
    return lower, upper


def _place_name(name: str, labels: Counter[str], acting: int) -> bool:
    """Does spaCy label the name's first word a place, group or organisation across the book
    (:func:`other_labels`), while the name seldom (``acting`` times) acts as a person?"""
    votes = labels[name.split()[0]]
    return votes >= OTHER_LABEL_VOTES and acting < PERSON_ROLE_SHARE * votes


def name_words(names: set[str], story: Story) -> set[str]:
    """The words (lower case) that make up the book's person names, less common words.

    A word the book also writes in lower case more often than capitalised ("Will", "Hope",
    "Young") is left out: its capitalised uses are as likely a sentence's first word.
    """
    words: set[str] = set()
    for name in names:
        for word in name.replace("\n", " ").split():
            word = word.strip(".,;:'’").lower()
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            if word.isalpha() and word not in HONORIFICS and word not in NAME_PARTICLES and word not in NOT_NAMES:
                words.add(word)
    lower, upper = case_counts(words, story)
    return {w for w in words if lower[w] <= upper[w] // 2}


def known_name_mentions(para: Paragraph, words: set[str], taken: list[tuple[int, int]],
                        surnames: frozenset[str] = frozenset()) -> list[Candidate]:
    """Every capitalised use of a word of a known name that the parse-based finders missed.

    spaCy's small model tags "Edmund" an adverb in ``cried Edmund`` and misses "Fanny Price"
    beside "Edmund Bertram"; once the book has shown a word to be part of a person's name,
    its other capitalised uses are that name too (as a reader assumes), unless they name a place.
    A surname that is also a common word ("Small" of "Jonathan Small") counts only where the
    parse makes the capitalised word an adjective standing as a subject ("Small had dropped
    his mask"), which an adjective never is.
    """
    doc = para.doc
    assert doc is not None
    found: list[Candidate] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        start = para.start + tok.idx
        known = tok.lower_ in words or (tok.lower_ in surnames and tok.pos_ == "ADJ" and tok.dep_ == "nsubj")
        if not (tok.text[:1].isupper() and known and tok.pos_ != "PRON") or _overlaps(taken, start):
            i += 1
            continue
        j = i
        while (nxt := _next_word(doc, j)) is not None and doc[nxt].text[:1].isupper() and doc[nxt].lower_ in words \
                and not _overlaps(taken, para.start + doc[nxt].idx):
            j = nxt
        role = _role(doc, i, j + 1)
        if role != "place":
            found.append((start, para.start + doc[j].idx + len(doc[j]), "proper", "known", role, para.index))
        i = j + 1
    return found


def _overlaps(taken: list[tuple[int, int]], offset: int) -> bool:
    k = bisect_right(taken, (offset, float("inf"))) - 1
    return k >= 0 and taken[k][0] <= offset < taken[k][1]


RuleMention = tuple[int, int, MentionKind, int]  # start, end, kind, paragraph


def rule_mentions(story: Story) -> list[RuleMention]:
    """The mentions the rule-based finders make, in story order: names judged over the
    whole book, descriptions from the person-noun list, and pronouns."""
    candidates: list[Candidate] = []
    speech = _quote_index(story)
    for para in story.paragraphs:
        if para.doc is not None:
            candidates.extend(paragraph_mentions(story, para, speech))
    text = story.text
    quote_starts = {start for q in story.quotes for start, _ in q.spans}
    labels = other_labels(story)
    places = place_names(candidates, text)
    names = person_names(candidates, text, labels, quote_starts, speech,
                         common_words({text[s:e] for s, e, kind, *_ in candidates if kind == "proper"}, story),
                         places)
    # A word of a kept name ("Che Monteriano") that the book mostly uses as a place ("at
    # Monteriano") names no person on its own.
    words = name_words(names, story) - {name.lower() for name in places}
    surnames = frozenset(last.lower() for *first, last in (name.split() for name in names)
                         if first and last.isalpha())
    taken = sorted((s, e) for s, e, *_ in candidates)
    for para in story.paragraphs:
        if para.doc is not None:
            candidates.extend(known_name_mentions(para, words, taken, surnames))
    # A rare name spaCy guessed at is kept when every word of it is a known name word, unless
    # spaCy calls it a place across the book and it seldom acts as a person ("New York").
    acting: Counter[str] = Counter(text[s:e] for s, e, kind, _, role, _ in candidates
                                   if kind == "proper" and role in ("person", "speaker"))
    names |= {name for name in (text[s:e] for s, e, kind, *_ in candidates if kind == "proper")
              if all(w.lower().strip(".,;:'’") in words for w in name.split())
              and not _place_name(name, labels, acting[name])}
    return [(s, e, kind, para) for s, e, kind, _, _, para in sorted(candidates)
            if kind != "proper" or text[s:e] in names]


def with_tagged(rule: list[RuleMention], tagged: list[TaggedSpan], text: str) -> list[RuleMention]:
    """The rule-based names and pronouns, the tagger's descriptions, and the rule-based
    descriptions that no tagged description overlaps.

    Names stay with the rules: the rules judge a name over the whole book, and the characters
    stage groups names by their words, which a tagged span's extent ("Elizabeth, the second
    daughter") would blur. The tagger may only widen a name to the lower-case words it takes
    in front ("old Cotter", "the Claytons", "dear Mr. Ruskin": :attr:`Mention.name` drops
    them again for clustering). A tagged span headed by a word of a name ("the Hatter") is
    that name, not a description; one that crosses a name is dropped. A span headed by a
    proper noun that holds no name of the rules but a lower-case word is a description ("the
    Martians", "a Quaker", "the Lord Chancellor": LitBank's people, never a name of the cast);
    one of capitalised words alone is a name the rules judged and turned down over the book.
    """
    names = [(s, e) for s, e, kind, _ in rule if kind == "proper"]
    name_starts = [s for s, _ in names]

    def nearby(t: TaggedSpan) -> list[tuple[int, int]]:
        return names[bisect_left(name_starts, t.start - MENTION_REACH):bisect_left(name_starts, t.end)]

    def clashes(t: TaggedSpan) -> bool:
        return any(a <= t.head < b or a < t.start < b < t.end or t.start < a < t.end < b for a, b in nearby(t))

    def unnamed(t: TaggedSpan) -> bool:
        return (not any(a < t.end and t.start < b for a, b in nearby(t))
                and any(w[:1].islower() for w in text[t.start:t.end].split()))

    widened: dict[tuple[int, int], int] = {}  # name span -> new start
    for t in tagged:
        if t.head_pos == "PROPN":
            for a, b in nearby(t):
                if b == t.end and t.start < a <= t.head and text[t.start:a].islower():
                    widened[(a, b)] = t.start
    kept = [(t.start, t.end, "nominal", t.paragraph) for t in tagged
            if (t.head_pos != "PROPN" or unnamed(t)) and not clashes(t)]
    merged: dict[tuple[int, int], RuleMention] = {(s, e): (s, e, kind, p) for s, e, kind, p in kept}
    starts = [s for s, *_ in kept]
    reach = list(accumulate((e for _, e, *_ in kept), max))  # furthest end among the first k
    for s, e, kind, para in rule:
        k = bisect_left(starts, e)
        if kind != "nominal" or k == 0 or reach[k - 1] <= s:
            s = widened.get((s, e), s) if kind == "proper" else s
            merged.setdefault((s, e), (s, e, kind, para))
    return sorted(merged.values())


class MentionFinder:
    """Stage ``mentions``: fills ``story.mentions`` in story order.

    ``tagger`` names the trained span tagger's weights (:mod:`fabula.spantagger`): ``"all"``
    (the default), ``"fold-K"`` (for held-out evaluation), or ``None`` for the rule-based
    finders alone.
    """

    name = "mentions"

    def __init__(self, tagger: str | None = "all") -> None:
        self.weights = load_weights(tagger) if tagger else None

    def __call__(self, story: Story) -> None:
        found = rule_mentions(story)
        if self.weights is not None:
            context = TextContext.build(story, ((s, e, kind) for s, e, kind, _ in found))
            found = with_tagged(found, tag(story, context, self.weights), story.text)
        text = story.text
        found = sorted({with_modifiers(whole_words(m, text), story) for m in found})
        starts, ends = _quote_index(story)
        story.mentions = [
            Mention(id=i, start=s, end=e, text=text[s:e], kind=kind, paragraph=para, in_quote=_in_quote(starts, ends, s))
            for i, (s, e, kind, para) in enumerate(found)
        ]


# The rest of a hyphenated word a description's span stops inside ("her mother" of "her
# mother-in-law", "the ex" of "the ex-convict"), and the start of one it opens inside ("my
# great-uncle").
_HYPHENATED_TAIL = re.compile(r"(?:-[^\W_]+)+")
_HYPHENATED_HEAD = re.compile(r"(?:[^\W_]+-)+$")


def whole_words(mention: RuleMention, text: str) -> RuleMention:
    """A description widened to the whole of a hyphenated word at either edge: spaCy splits
    "mother-in-law" into five tokens, and a span that ends at "mother" is someone else.
    Names keep their spans ("Anne-girl" is Anne)."""
    start, end, kind, paragraph = mention
    if kind != "nominal":
        return mention
    tail = _HYPHENATED_TAIL.match(text, end)
    if tail:
        end = tail.end()
    head = _HYPHENATED_HEAD.search(text, max(0, start - 60), start)
    if head and (head.start() == 0 or not text[head.start() - 1].isalnum()):
        start = head.start()
    return start, end, kind, paragraph


#: The lower-case words in front of a name that belong to its noun phrase ("the White Rabbit",
#: "poor Isabella", "my little Lizzy"): LitBank's extent of a mention.
NAME_MODIFIER_DEPS = frozenset({"det", "amod", "poss", "nummod", "predet"})


def with_modifiers(mention: RuleMention, story: Story) -> RuleMention:
    """A name widened to the lower-case words in front of it that modify it ("the White
    Rabbit", "poor Isabella", "her Ayah"; an article that opens the sentence, "The Ayah"):
    the whole noun phrase, as LitBank marks a person. :attr:`Mention.name` drops them again
    for clustering."""
    start, end, kind, paragraph = mention
    para = story.paragraphs[paragraph]
    if kind != "proper" or para.doc is None:
        return mention
    span = para.doc.char_span(start - para.start, end - para.start, alignment_mode="expand")
    if span is None:
        return mention
    i = span.start
    # (an article is capitalised only as a sentence's first word)
    while i > 0 and ((tok := para.doc[i - 1]).text.islower() or (tok.is_sent_start and tok.lower_ in ARTICLES)) \
            and tok.dep_ in NAME_MODIFIER_DEPS and span.start <= tok.head.i < span.end:
        i -= 1
    if i == span.start:
        return mention
    return para.start + para.doc[i].idx, end, kind, paragraph


@register("mentions")
def make_mention_finder(tagger: str | None = "all") -> MentionFinder:
    return MentionFinder(tagger=tagger)
