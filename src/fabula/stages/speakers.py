"""Stage ``speakers``: who says each quotation, how we know, and how sure we are.

Evidence, strongest first, as a reader weighs it:

1. **A tag**: a speech verb next to the quote (between its spans, after it, or before it),
   with its subject: ``"No," said Jack`` / ``he murmured`` / ``called the younger of the two``.
   The quote is *explicit* when the subject is a name, *anaphoric* when it is a pronoun or
   a description (resolved by the ``coref`` stage).
2. **An action beat**: the paragraph's narration has a character as its subject
   (``The man in front swung around. "No."``).
3. **Turn-taking**: in a run of untagged speeches, speakers alternate; a speech that calls
   someone by name is not spoken by them, and answers the last speaker who named them. A
   speech that only speaks of someone by name ("So much for Isabella!") is seldom theirs.
   Words of address give the gender of the one a speech answers ("Yes, sir." answers a man).
4. **Voice**: the words of the speeches tags attribute teach how each character talks
   (:mod:`fabula.idiolect`); an untagged speech leans, a little, to the one it sounds like.

Attribution runs in two passes. The first reads the quotes in order and weighs the local
evidence above. The second reads each conversation as a whole (its *turns* are the paragraphs
that hold speech, read by :mod:`fabula.exchanges`) and chooses every turn's speaker at once
with :func:`fabula.turns.decode`: the local evidence scores each candidate, and the decoder
adds what a reader expects of an exchange (the floor changes hands; two turns back is the
same person). It reaches forward
as well as back, so the opening turns of an exchange whose first tag comes late are counted
back from that tag, and a "she said" picks the participant whose pronouns fit. The
conversations are decoded twice: the speeches the first decoding is sure of teach the voices
too, and their speakers count as participants, in the second.

Confidence comes from the kind of evidence for a named tag, and from the decoder's margin
over the runner-up for the rest (``fabula evaluate pdnc`` reports the calibration). Quoted
first-person pronouns are attached to the speaker afterwards.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from ..dialogue import (
    INTRODUCING_MARKS,
    MentionIndex,
    Region,
    SPEECH_OPENERS,
    conversations,
    named_in,
    quoted_pronouns,
    quotes_by_paragraph,
    same_conversation,
    sentence_before,
    sentence_cut,
    tag_regions,
    vocatives,
)
from ..exchanges import KEPT_KINDS, TEACHING_KINDS, DecoderWeights, Evidence, ExchangeReader, decode_exchange, default_weights
from ..idiolect import Idiolects
from ..lexicon import (
    FIRST_PERSON,
    FIRST_PERSON_PLURAL,
    GENERIC_HEADS,
    SECOND_PERSON,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    VOICE_NOUNS,
)
from ..model import Mention, Paragraph, Quote, QuoteType, Story
from ..pipeline import stage
from .characters import SUBJECT_DEPS, pronoun_gender
from .coref import FAMILY_NOUNS, description_gender, epithet, finish_characters, nested_mentions
from .quotes import PAST_SPEECH_FORMS, SPEECH_FORMS

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spacy.tokens import Token

#: Confidence by evidence (the share of such attributions that are right on LitBank).
CONFIDENCE: dict[str, float] = {
    "tag-name": 0.95,
    "tag-narrator": 0.95,
    "tag-newcomer": 0.9,
    "tag-pronoun-local": 0.9,
    "tag-pronoun": 0.85,
    "tag-description": 0.75,
    "epithet": 0.75,
    "tag-generic": 0.6,
    "beat": 0.65,
    "reply": 0.6,
    "alternation": 0.55,
    "recent": 0.3,
}
#: A decoded speech is never as sure as a named tag, and stays just under one (on PDNC, the
#: turns the decoder was surest of were right 94% of the time, named tags 98%: 2026-12-02).
DECODED_CEILING = CONFIDENCE["tag-name"] - 0.001
#: A decoded speech this sure of its speaker joins the tagged ones that teach the idiolects
#: (:meth:`Attributor.run`; on PDNC and LitBank 0.8 and 0.9 do about as well).
TEACHING_CONFIDENCE = 0.85
# Speech verbs whose direct object is the one spoken to ("he told her", "she asked Tom").
TELLING_VERBS = frozenset({"tell", "ask", "answer", "address", "assure", "remind", "inform", "beg", "implore",
                           "entreat", "warn", "urge", "thank", "interrupt", "greet", "accost", "reassure",
                           "console", "question", "scold", "chide", "rebuke", "tease", "caution", "command", "order"})
# Verbs of turning one's attention, with the prepositions of whom it turns to.
FACING_VERBS = frozenset({"turn", "look", "glance", "nod", "smile", "bow", "appeal", "lean", "wave", "stare", "gaze"})
FACING_PREPOSITIONS = frozenset({"to", "at", "towards", "toward"})
# Particles of phrasal speech verbs that may stand between the verb and an inverted subject.
PARTICLES = frozenset({"in", "out", "on", "up", "forth", "back", "down"})
# "...," was Helen's contribution: the forms of "be" that open such a tag, how many words
# in the possessive may stand, and the marks of a possessive.
COPULAS = frozenset({"was", "were"})
COPULA_REACH = 6
POSSESSIVE_MARKS = frozenset({"'s", "’s"})
# Speech verbs of answering: negated ("The Mouse did not answer"), their subject is a hearer.
ANSWERING_VERBS = frozenset({"answer", "reply", "respond", "rejoin", "retort"})
# Descriptions that name the other party of a conversation ("said the other").
ANSWERING_WORDS = frozenset({"other"})
# A chapter's (then a book's) speeches tagged with one definite description ("said the
# stranger") have one speaker where at least EPITHET_MIN of them mostly (EPITHET_SHARE) went
# to one already.
EPITHET_MIN = 4
EPITHET_SHARE = 0.7
# Determiners of a description that points back to someone already in the scene.
DEFINITE = frozenset({"the", "this", "that"})
# Tokens back from a speech within which its speaker's possessive introduces it.
POSSESSOR_REACH = 5
# Pronouns that never name a speaker: the hearer, or a group with the speaker.
HEARER_OR_GROUP = SECOND_PERSON | FIRST_PERSON_PLURAL
# A relative clause's subject that stands for the noun the clause hangs from.
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
# Words spaCy may parse as prepositions that open a clause with its own subject.
SUBORDINATORS = frozenset({"till", "until", "when", "while", "as", "before", "after", "since"})
# Clauses up from a subjectless speech verb ("by saying") to look for its subject.
CLAUSE_HOPS = 5
# A speech verb must sit within this many words of the quote to count as its tag.
TAG_REACH = 12
# Tags that keep the floor with the last speaker ("he continued").
CONTINUING_VERBS = frozenset({"continue", "add", "resume", "go", "repeat", "persist", "pursue", "proceed", "finish", "conclude"})
# Verbs that alone, with no speech for object, say the next speech comes ("Mrs. Hurst began
# again." / "Mr. Mace began at once."): a paragraph ending so tags the speech opening the next.
# ("went on", not "went"; "continued", not "finished", after which someone else may speak).
OPENING_VERBS = frozenset({"begin", "continue", "resume", "go", "add", "repeat", "speak", "interpose",
                           "interrupt"}) | ANSWERING_VERBS
# Tags of a thought: the thinker does not take the floor, and may speak next ("thought" as
# the parser may leave it: a noun after a name it took for a verb).
THOUGHT_VERBS = frozenset({"think", "thought", "wonder", "reflect", "muse", "ponder"})
# How far back (characters of text) to look for someone present, and how much a character's
# share of all mentions counts against plain recency when guessing.
RECENT_CHARS = 2000
CENTRALITY = 0.6
# Quotes of the past a conversation may reach back over.
HISTORY = 12


class Attributor:
    """Attributes the quotes of one story in order (turn-taking needs the previous turns)."""

    def __init__(self, story: Story, weights: DecoderWeights | None = None) -> None:
        self.story = story
        self.weights = weights or default_weights()
        # A mention inside another ("his" in "his father said") never speaks or acts itself.
        nested = nested_mentions(story.mentions)
        self.index = MentionIndex([m for m in story.mentions if m.id not in nested])
        # ... except for a voice's owner: "said the voice of Mr. Haq, a police inspector" is
        # one description around the name.
        self.every = MentionIndex(story.mentions)
        self.by_paragraph = quotes_by_paragraph(story)
        # Characters the quote being attributed calls or names ("Jane!", "So much for Isabella"):
        # people seldom name themselves.
        self.named: set[int] = set()
        # Quotes tagged as thoughts ("Fielding thought"): nobody was answered.
        self.thoughts: set[int] = set()
        # The first pass's evidence so far (quote id -> evidence): a speech may resume the last.
        self.found: dict[int, Evidence] = {}
        top = max((c.mention_count for c in story.characters), default=0) or 1
        self.centrality = {c.id: CENTRALITY * c.mention_count / top for c in story.characters}

    # ---- 1. tags ---------------------------------------------------------------------
    def _paragraph(self, region: Region) -> Paragraph:
        """The paragraph a tag region lies in (regions never cross paragraphs)."""
        return self.story.paragraphs[self.story.paragraph_at(region.start)]

    def _tokens(self, region: Region) -> list["Token"]:
        para = self._paragraph(region)
        if para.doc is None:
            return []
        span = para.doc.char_span(region.start - para.start, region.end - para.start, alignment_mode="expand")
        return list(span) if span is not None else []

    def _mention_at(self, token: "Token", para_start: int) -> Mention | None:
        """The mention at ``token`` that could name a speaker ("you" and "we" never do)."""
        mention = self.index.at(para_start + token.idx)
        if mention is not None and mention.kind == "pronoun" and mention.text.lower() in HEARER_OR_GROUP:
            return None
        return mention

    def tag(self, quote: Quote, region: Region, history: list[Quote], resumed: bool = False) -> Evidence | None:
        """The tag in one region; ``resumed``: the speech goes on after its speaker's tag, so
        narration that merely follows it (``Catherine sighed.``) is a hearer's, not a tag."""
        tokens = self._tokens(region)
        if not tokens:
            return None
        para_start = self._paragraph(region).start
        adjacent = (self._adjacent_tag(tokens, region, para_start) or self._possessor_tag(tokens, region, para_start)
                    or self._copular_tag(tokens, region, para_start))
        if adjacent is not None and resumed and adjacent[1] not in SPEECH_VERBS:
            adjacent = None
        if adjacent is not None:
            return self._tag_evidence(quote, *adjacent, history)
        ordered = tokens if region.where != "before" else list(reversed(tokens))
        words = 0
        for tok in ordered:
            if words > TAG_REACH:
                break
            words += not (tok.is_punct or tok.is_space)
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in SPEECH_NOUNS:
                # "was Edmund's only reply", "was her answer", "a tender apostrophe of Fanny's"
                owner = _owner(tok)
                mention = self._mention_at(owner, para_start) if owner is not None else None
                if mention is not None and not mention.in_quote:
                    qtype: QuoteType = "explicit" if mention.kind == "proper" else "anaphoric"
                    return Evidence(mention.character, "tag-name" if mention.kind == "proper" else "tag-pronoun", qtype, mention)
                continue
            if not speech_verb(tok) or unsaid(tok, tokens):
                continue
            if (tok.dep_ == "advcl" and tok.head in tokens and speech_verb(tok.head)
                    and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)):
                # "exclaimed Mrs. Hilbery, as he finished": the clause only times her words
                # (but "murmured Margaret, while Helen said" hands the speech on)
                continue
            subject = clause_subject(tok)
            voice = self._voice_owner(tok, subject, tokens, para_start)
            if voice is not None:
                return self._tag_evidence(quote, voice, tok.lemma_.lower(), history)
            if subject is not None and subject.lemma_.lower() in VOICE_NOUNS:
                return None  # "said a voice": someone speaks, and the tag does not say who
            if subject is None:  # inverted tags the parser missed: "said the Captain"
                subject = self._inverted_subject(tok, tokens, para_start)
            if subject is None:
                continue
            mention = self._mention_at(subject, para_start) or self._compound_subject(subject, para_start)
            if mention is None or mention.in_quote or not region.start <= mention.start < region.end:
                # The parser took a word of the speech for the subject ("Pride," observed Mary).
                subject = self._inverted_subject(tok, tokens, para_start)
                mention = self._mention_at(subject, para_start) if subject is not None else None
            if (mention is None or mention.in_quote) and region.where == "before":
                # The parser hung the verb on the speech it introduces ("Fraulein Mosebach
                # followed her, but lingered to say..., "...she does not love..."): the
                # narration's own subject before the verb.
                subject = _nearest_main_subject([t for t in tokens if t.i < tok.i])
                mention = self._mention_at(subject, para_start) if subject is not None else None
            if mention is None or mention.in_quote:
                continue
            return self._tag_evidence(quote, mention, tok.lemma_.lower(), history)
        return None

    def _inverted_subject(self, verb: "Token", tokens: list["Token"], para_start: int) -> "Token | None":
        """The mention just after a speech verb the parser gave no subject ("said the Captain"),
        if one follows within four words; not the one it is said to ("said to Elizabeth")."""
        def said_to(t: "Token") -> bool:
            head = t.head if t.dep_ == "compound" else t  # "Mr." of "returned to Mr. Crawford"
            return head.dep_ == "pobj" and head.head.lower_ == "to"

        if verb.i > 0 and verb.nbor(-1).pos_ == "CCONJ":
            return None  # "and warned Aziz": a coordinated verb's subject went before; Aziz is warned
        return next((t for t in tokens if 0 < t.i - verb.i <= 4 and not said_to(t)
                     and self._mention_at(t, para_start)), None)

    def _compound_subject(self, subject: "Token", para_start: int) -> Mention | None:
        """The name the parser hung on a subject it misread: in "Mrs. Bennet half opened the
        door and called out," spaCy makes "half" the subject and "Mrs. Bennet" its compound."""
        name = hung_name(subject)
        return self._mention_at(name, para_start) if name is not None else None

    def _voice_owner(self, verb: "Token", subject: "Token | None", tokens: list["Token"],
                     para_start: int) -> Mention | None:
        """The named owner of a voice that speaks: "called the shattered voice of Aziz",
        "the Rabbit's voice said"."""
        if subject is None or subject.lemma_.lower() not in VOICE_NOUNS:
            subject = next((t for t in tokens if 0 < t.i - verb.i <= 4 and t.lemma_.lower() in VOICE_NOUNS), None)
        owner = _owner(subject) if subject is not None else None
        if owner is None:
            return None
        return next((m for m in self.every.covering(para_start + owner.idx)
                     if m.kind == "proper" and not m.in_quote), None)

    def _adjacent_tag(self, tokens: list["Token"], region: Region, para_start: int) -> tuple[Mention, str] | None:
        """A tag right after a speech, whatever its verb: ``"Yes," nodded Evie`` / ``Evie nodded``.

        Narration that opens with a verb and a mention, or a mention and a verb, straight
        after the closing mark is the speech's tag (an inverted or plain tag), whether or not
        the verb is one of speech. A name opens a plain tag even where the parser took it for
        a verb and the verb for a noun (``"...," Fielding thought``: a gerund and a thought).
        """
        if region.where == "before":
            return None
        words = [t for t in tokens if not t.is_punct and not t.is_space]
        if len(words) > 2 and words[0].lower_ == "the" and (
                (name := self._mention_opening(words[1], para_start)) is not None and name.kind == "proper"):
            words = words[1:]  # "the Mock Turtle went on": a name the article stands outside of
        if len(words) < 2:
            return None
        first = words[0]
        mention = self._mention_opening(first, para_start)
        opens = mention is not None
        named = opens and mention.kind == "proper"
        if (first.pos_ == "VERB" or speech_verb(first)) and not named:
            # A phrasal verb's particle may come first: "broke in Davis", "piped up Kitty".
            rest = words[2:] if words[1].dep_ == "prt" or words[1].lower_ in PARTICLES else words[1:]
            subject = self._mention_at(rest[0], para_start) if rest else None
            root = self.story.mention_root(subject) if subject is not None and subject.kind == "nominal" else None
            voice = root is not None and root.lemma_.lower() in VOICE_NOUNS
            if subject is not None and not subject.in_quote and subject.kind != "pronoun" and not voice:
                return subject, first.lemma_.lower()
            return None  # "said the voice of Mr. Haq": the owner is read with the speech verbs
        if not opens or mention.in_quote:
            return None
        after = next((t for t in words if para_start + t.idx >= mention.end), None)
        if after is not None and ((after.pos_ == "VERB" and after.dep_ not in {"aux", "auxpass"})
                                  or (named and after.lower_ in SPEECH_FORMS)):
            return self._heard_speaker(after, para_start) or (mention, after.lemma_.lower())
        return None

    def _mention_opening(self, token: "Token", para_start: int) -> Mention | None:
        """The mention that starts at this token, if one does (not one it is inside of)."""
        mention = self._mention_at(token, para_start)
        return mention if mention is not None and mention.start == para_start + token.idx else None

    def _heard_speaker(self, verb: "Token", para_start: int) -> tuple[Mention, str] | None:
        """The speaker someone hears or sees speak: ``she heard Ralph say`` is Ralph's tag."""
        for child in verb.children:
            if child.dep_ in {"ccomp", "xcomp"} and child.lemma_.lower() in SPEECH_VERBS:
                subject = next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
                mention = self._mention_at(subject, para_start) if subject is not None else None
                if mention is not None and not mention.in_quote:
                    return mention, child.lemma_.lower()
        return None

    def _possessor_tag(self, tokens: list["Token"], region: Region, para_start: int) -> tuple[Mention, str] | None:
        """A speech introduced by its speaker's possessive: ``He bowed to Joe's "Happy to..."``,
        ``Mrs. Weston's accounting for it with "I suppose..."``."""
        if region.where != "before" or self.story.text[region.start:region.end].rstrip()[-1:] in ".!?":
            return None
        for tok in list(reversed(tokens))[:POSSESSOR_REACH]:
            if tok.dep_ == "poss":
                mention = self._mention_at(tok, para_start)
                if mention is not None and not mention.in_quote and mention.kind == "proper":
                    return mention, tok.head.lemma_.lower()
        return None

    def _copular_tag(self, tokens: list["Token"], region: Region, para_start: int) -> tuple[Mention, str] | None:
        """A speech followed by whose words they were: ``"..." was Helen's contribution``,
        ``"Oh! certainly," was his daughter's``, whatever the noun (or none)."""
        words = [t for t in tokens if not t.is_punct and not t.is_space]
        if region.where == "before" or not words or words[0].lower_ not in COPULAS:
            return None
        for tok in words[1:COPULA_REACH]:
            if tok.lower_ in POSSESSIVE_MARKS or _lost_apostrophe(tok):
                mention = self._mention_at(tok.nbor(-1), para_start)
                if mention is not None and not mention.in_quote:
                    return mention, "say"
                return None
        return None

    def _tag_evidence(self, quote: Quote, mention: Mention, verb: str, history: list[Quote]) -> Evidence:
        """What a tag whose subject is ``mention`` says of the speaker."""
        kind = {"proper": "tag-name", "pronoun": "tag-pronoun", "nominal": "tag-description"}[mention.kind]
        words = [w.lower().strip(".,;:") for w in mention.text.split()]
        if mention.kind == "nominal" and words[0] in {"a", "an"} and self.first_named(mention):
            kind = "tag-newcomer"  # "said a thin gentleman": someone new, whom coref made a character
        elif mention.kind == "nominal" and words[0] not in {"a", "an"} and GENERIC_HEADS.intersection(words) \
                and not self._epithet(mention) and not (words[0] in {"his", "her"} and words[-1] in FAMILY_NOUNS):
            # "said the old lady": one of the conversation, a weak guess ("said her mother" is
            # one person, whom coreference found through her child's name)
            kind = "tag-generic"
        qtype: QuoteType = "explicit" if mention.kind == "proper" else "anaphoric"
        character = mention.character
        gender = description_gender(mention.text) if mention.kind == "nominal" else None
        if mention.kind == "pronoun" and mention.text.lower() in FIRST_PERSON and character is not None:
            return Evidence(character, "tag-narrator", qtype, mention)  # "said I": the narrator
        if mention.kind == "pronoun":
            gender = pronoun_gender(mention.text)
            if character in self.named:
                character = self.pronoun_speaker(quote, mention, verb, history)
            elif self.antecedent_in_narration(mention, quote.paragraph, named=True):
                # (named: a "he" whose only antecedent in the paragraph is another pronoun,
                # ``"One minute." Stepping aside, he pulled off his collar. "Here it is," he
                # cried``, has coreference's guess beyond the paragraph, not the paragraph's)
                kind = "tag-pronoun-local"
            elif not self.antecedent_in_narration(mention, narration_since(self.story, quote, history)) \
                    and not self._named_after_last_tag(mention, quote, history):
                # (a "he" of the narration since the last speech keeps coreference's antecedent:
                # ``He took a step towards her. / "You put me out," he repeated``)
                character = self.pronoun_speaker(quote, mention, verb, history)
        elif mention.kind == "nominal" and (words[-1] in ANSWERING_WORDS or (kind == "tag-generic" and words[0] in DEFINITE)):
            # "replied the other", "said the old gentleman": like "he said", one of the
            # conversation who did not speak last (coreference's nearest man may be a bystander)
            character = self.pronoun_speaker(quote, mention, verb, history, gender,
                                             other=words[-1] in ANSWERING_WORDS)
        if verb in THOUGHT_VERBS:
            self.thoughts.add(quote.id)
        return Evidence(character, kind, qtype, mention, gender, continues=verb in CONTINUING_VERBS,
                        thought=verb in THOUGHT_VERBS)

    def _epithet(self, mention: Mention) -> bool:
        """Does the description name someone by a feature ("the man with the black beard"),
        as coreference reads it: one person throughout, not whoever of the conversation fits?"""
        root = self.story.mention_root(mention)
        return root is not None and epithet(root, self.story.paragraphs[mention.paragraph].start, mention)

    def first_named(self, mention: Mention) -> bool:
        """Is this description the first mention of its character (a newcomer it introduced)?"""
        if mention.character is None:
            return False
        first = self.story.characters[mention.character].first_mention
        return first is None or first == mention.start

    def told(self, quote: Quote, regions: list[Region]) -> set[int]:
        """Whom the tag says the speech is said to: ``said Emma to Harriet``, ``he told her``,
        ``said he, turning to Mrs. Bennet``."""
        found: set[int] = set()
        for region in regions:
            para_start = self._paragraph(region).start
            for tok in self._tokens(region):
                preposition = tok.head.lower_ if tok.dep_ == "pobj" else None
                verb = tok.head.head if preposition is not None else tok.head
                lemma = verb.lemma_.lower()
                object_of_speech = (preposition == "to" and lemma in SPEECH_VERBS) or (
                    tok.dep_ in {"dobj", "dative"} and lemma in TELLING_VERBS)
                # "said he, turning to Mrs. Bennet": the one the speaker turns or looks to
                facing = preposition in FACING_PREPOSITIONS and lemma in FACING_VERBS
                if object_of_speech or facing:
                    mention = self._mention_at(tok, para_start)
                    if mention is not None and not mention.in_quote and mention.character is not None \
                            and mention.kind == "proper":  # "said to her" is only as good as its coreference
                        found.add(mention.character)
        return found

    def pronoun_speaker(self, quote: Quote, mention: Mention, verb: str, history: list[Quote],
                        gender: str | None = None, other: bool = False) -> int | None:
        """Who "he said" (or "said the other", "said the lady": a description's ``gender``)
        is, in a conversation.

        (The narration's own antecedent, when it is in the same paragraph, is taken before
        this is asked.) "He continued" is the last speaker, and "he replied" is the most recent other
        participant of the conversation whose pronouns fit (other than the last speaker, or than
        the one the narration since reports speaking), else the narration's antecedent; never
        someone the speech names.

        "The ``other``" is whoever of the conversation was not referred to last: not the one of
        it the narration since the last speech last made a subject (``Philip merely bowed. / "Italy
        too," the other continued``; a passer-by does not count), else not the last speaker,
        whatever the verb ("repeated the other" echoes the last speaker's words).
        """
        resolved = mention.character
        gender = gender or pronoun_gender(mention.text)
        talk = [q for q in conversation(self.story, quote, history) if q.id not in self.thoughts]
        last = talk[-1] if talk else None
        if (verb in CONTINUING_VERBS and not other and last is not None and last.speaker is not None
                and self.fits(last.speaker, gender)):
            return last.speaker
        people = [c for q in reversed(talk) for c in (q.speaker, *q.addressees) if c is not None]
        # "She could not deny it, but said it was not very bad." / "...," he replied: speech the
        # narration reports took the floor, and the reply answers its speaker.
        floor = last.speaker if last is not None else None
        reported = self._reported_speaker(last, quote) if last is not None else None
        if reported is not None:
            floor = reported
        if other and last is not None:
            since = self.story.paragraphs[self.story.ending_paragraph(last)].end  # past its tag
            floor = next((m.character for m in reversed(self.index.between(since, mention.start))
                          if m.character in people and not m.in_quote and self._subject(m)), floor)
        people = [c for c in people if c != floor and c not in self.named]
        for c in people:
            if self.fits(c, gender, exact=True):
                return c
        if resolved is not None and resolved not in self.named:
            return resolved
        return next((c for c in people if self.fits(c, gender)), None if resolved in self.named else resolved)

    def _subject(self, mention: Mention) -> bool:
        """Is the mention the subject of its clause (the one the sentence is about)?"""
        root = self.story.mention_root(mention)
        return root is not None and root.dep_ in SUBJECT_DEPS

    def _reported_speaker(self, last: Quote, quote: Quote) -> int | None:
        """Who the narration paragraphs between two speeches last reports speaking ("but said
        it was not very bad"), if anyone."""
        found = None
        for para in self.story.paragraphs[self.story.ending_paragraph(last) + 1 : quote.paragraph]:
            if para.doc is None or self.by_paragraph.get(para.index):
                continue
            for tok in para.doc:
                if speech_verb(tok) and (subject := clause_subject(tok)) is not None:
                    mention = self._mention_at(subject, para.start)
                    if mention is not None and mention.character is not None and not mention.in_quote:
                        found = mention.character
        return found

    def antecedent_in_narration(self, mention: Mention, first: int, named: bool = False) -> bool:
        """Is the pronoun's antecedent mentioned (``named``: by a name or description, not a
        pronoun) in the narration from paragraph ``first`` up to it?"""
        return self._narrated(mention.character, self.story.paragraphs[first].start, mention.start, named)

    def _named_after_last_tag(self, mention: Mention, quote: Quote, history: list[Quote]) -> bool:
        """Is the pronoun's antecedent named in narration that follows the last speech's tag
        sentence in the paragraph before (``"...," he said. And Aziz, looking again, could
        not ... / "Shout!" he commanded``)?"""
        if not history or self.story.ending_paragraph(history[-1]) != quote.paragraph - 1:
            return False
        para = self.story.paragraphs[quote.paragraph - 1]
        return self._narrated(mention.character, sentence_cut(self.story.text, history[-1].end + 1, para.end), para.end)

    def _narrated(self, character: int | None, start: int, end: int, named: bool = False) -> bool:
        """Does the narration (not a speech) between these offsets mention the character (by a
        name or description, when ``named``)?"""
        return character is not None and any(
            m.character == character and not m.in_quote and not (named and m.kind == "pronoun")
            for m in self.index.between(start, end))

    def fits(self, character: int, gender: str | None, exact: bool = False) -> bool:
        """Can "he"/"she" (``gender``) be this character? Never a first-person narrator, whom
        the narration calls "I"."""
        if gender is None:
            return True
        known = self.story.characters[character]
        return not known.narrator and (known.gender == gender or (not exact and known.gender == "unknown"))

    # ---- 2. action beats -------------------------------------------------------------
    def beat(self, quote: Quote, regions: list[Region]) -> Evidence | None:
        """The subject of the narration nearest the speech, in its own paragraph (not one who
        is said to say nothing, "Tom did not answer": a hearer)."""
        for region in regions:
            tokens = self._tokens(region)
            para_start = self._paragraph(region).start
            for tok in reversed(tokens) if region.where == "before" else tokens:
                if tok.dep_ not in SUBJECT_DEPS or (speech_verb(tok.head) and unsaid(tok.head, tokens)):
                    continue
                mention = self._mention_at(tok, para_start)
                if mention is not None and mention.character is not None and not mention.in_quote:
                    return Evidence(mention.character, "beat", "implicit", mention)
        return None

    # ---- 3. turn-taking --------------------------------------------------------------
    def turn(self, quote: Quote, history: list[Quote], called: set[int]) -> Evidence | None:
        """Turn-taking evidence; ``called``: those the speech calls by name (vocatives), who
        are not speaking it, unlike those it only names, who are seldom the speaker."""
        convo = conversation(self.story, quote, history)
        if convo:
            last = convo[-1]
            # An answer to a speech that called someone by name comes from that someone.
            for c in last.addressees:
                if c != last.speaker and c not in self.named:
                    return Evidence(c, "reply", "implicit")
            # Otherwise the floor goes back to the last other person who spoke.
            if last.speaker is not None:
                for q in reversed(convo[:-1]):
                    if q.speaker is not None and q.speaker != last.speaker and q.speaker not in self.named:
                        return Evidence(q.speaker, "alternation", "implicit")
                # The one the speech calls cannot be speaking: whoever else was talking is.
                if called and last.speaker not in called:
                    return Evidence(last.speaker, "alternation", "implicit")
        # Someone present: a character named in the narration just before, the most recent and
        # the most central first (the heroine is in most conversations of her novel).
        last_speaker = convo[-1].speaker if convo else None
        window = self.index.between(max(0, quote.start - RECENT_CHARS), quote.start)
        scores: dict[int, float] = {}
        rank = 0
        for m in reversed(window):
            c = m.character
            if c is None or m.in_quote or c == last_speaker or c in self.named or c in scores:
                continue
            rank += 1
            scores[c] = 1.0 / rank + self.centrality[c]
        if scores:
            return Evidence(max(scores, key=scores.__getitem__), "recent", "implicit")
        return None

    def tagged(self, quote: Quote, regions: list[Region], history: list[Quote]) -> Evidence | None:
        """The tag of the nearest region that has one, except that narration which introduces
        the speech (``She said, "What is to become of us?"``, ``to hear the Rabbit say to
        itself, "Oh dear!"``) outranks the narration after it (``And she began the oft-told
        tale``, ``(when she thought it over...``): the story going on, not a tag."""
        resumed = self.resumes_tagged_speech(quote)
        found = ((r, e) for r in regions if (e := self.tag(quote, r, history, resumed)) is not None)
        region, evidence = next(found, (None, None))
        if region is not None and region.where == "after":  # only "before" regions come later
            introduced = next((e for r, e in found
                               if self.story.text[r.start:r.end].rstrip()[-1:] in INTRODUCING_MARKS), None)
            return introduced or evidence
        return evidence

    def opened(self, quote: Quote, history: list[Quote]) -> Evidence | None:
        """The tag a narration paragraph ends with, for the speech opening the next paragraph:
        its last sentence says, and only says, that someone speaks ("Mrs. Hurst began again.").
        (A paragraph that ends "...and said:" is a tag region of its own, see tag_regions.)"""
        opening = self.story.text[self.story.paragraphs[quote.paragraph].start : quote.start]
        if quote.paragraph == 0 or opening.strip().strip(SPEECH_OPENERS) or quote.paragraph - 1 in self.by_paragraph:
            return None
        para = self.story.paragraphs[quote.paragraph - 1]
        if para.kind != "text" or para.doc is None:
            return None
        sentence = list(para.doc.sents)[-1]
        verb = sentence.root
        lemma = verb.lemma_.lower()
        if lemma not in OPENING_VERBS or (lemma == "go" and not speech_verb(verb)) or any(
                c.dep_ in {"dobj", "xcomp", "ccomp", "dative", "auxpass", "nsubjpass"} for c in verb.children):
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        mention = self._mention_at(subject, para.start) if subject is not None else None
        if mention is None or mention.in_quote:
            return None
        return self._tag_evidence(quote, mention, lemma, history)

    def resumes_tagged_speech(self, quote: Quote) -> bool:
        """Does the speech go on after its speaker's tag: the paragraph's speech before it has
        its tag between the two (``"He shall not," shouted Mrs. Turton. "Call the other
        witnesses"``), as a writer resumes one speaker's words after a full stop?"""
        earlier = [q for q in self.by_paragraph.get(quote.paragraph, []) if q.end <= quote.start]
        evidence = self.found.get(earlier[-1].id) if earlier else None
        return (evidence is not None and evidence.mention is not None and evidence.kind.startswith("tag-")
                and earlier[-1].end <= evidence.mention.start < quote.start)

    def attribute(self, quote: Quote, history: list[Quote]) -> Evidence | None:
        neighbours = self.by_paragraph.get(quote.paragraph, [])
        regions = tag_regions(self.story, quote, neighbours)
        called = {m.character for m in vocatives(self.story, quote, self.index) if m.character is not None}
        self.named = called | named_in(self.story, quote, self.index)
        tagged = self.tagged(quote, regions, history) or self.opened(quote, history)
        told = self.told(quote, regions)
        # Those the speech calls or is said to (the addressees stage adds the other hearers).
        quote.addressees = sorted((called | told) - {tagged.character if tagged else None})
        if tagged is not None and tagged.character is not None:
            return tagged
        evidence = None
        if len(neighbours) == 1 or quote is neighbours[0]:
            whole = sentence_before(self.story, quote, neighbours)
            evidence = self.beat(quote, regions + ([whole] if whole is not None else []))
            if evidence is not None and evidence.character in self.named:
                evidence = None
        evidence = evidence or self.turn(quote, history, called)
        if tagged is not None and evidence is not None:
            # A tag we could not resolve still says what kind of quote this is.
            evidence.quote_type = tagged.quote_type
            evidence.mention = tagged.mention
            evidence.gender = tagged.gender
        return evidence or tagged

    # ---- the two passes --------------------------------------------------------------
    def first_pass(self) -> dict[int, Evidence]:
        """Each spoken quote's local evidence, read in story order."""
        history: list[Quote] = []
        found = self.found = {}
        for quote in self.story.quotes:
            if not quote.spoken:
                continue
            evidence = self.attribute(quote, history)
            if evidence is not None:
                found[quote.id] = evidence
                quote.speaker = evidence.character
            history.append(quote)
            if len(history) > HISTORY:
                history.pop(0)
        return found

    def decode(self, found: dict[int, Evidence], taught: dict[int, int],
               sure: dict[int, int] | None = None) -> dict[int, float]:
        """Decode every conversation, with idiolects learned from the ``taught`` speeches
        (quote id -> speaker) and the speakers an earlier decoding was ``sure`` of, updating
        ``found``; the decoded turns' margins."""
        reader = ExchangeReader(self.story, self.index, self.by_paragraph, Idiolects(self.story, taught), sure)
        margins: dict[int, float] = {}
        for turns in conversations(self.story):
            exchange = reader.read(turns, found)
            if exchange is not None:
                decode_exchange(exchange, found, margins, self.weights)
        return margins

    def run(self) -> None:
        found = self.first_pass()
        first = {q: replace(e) for q, e in found.items()}
        # Tagged speeches teach fabula how each character talks; then the speeches the
        # decoder was sure of teach too (the book's untagged dialogue is most of its speech)
        # and their speakers count as their conversations' participants, and the
        # conversations are decoded again from the first pass's evidence.
        taught = {q: e.character for q, e in found.items() if e.kind in TEACHING_KINDS and e.character is not None}
        margins = self.decode(found, taught)
        sure = {q: e.character for q, e in found.items() if q in margins and e.character is not None
                and self.weights.confidence(margins[q]) >= TEACHING_CONFIDENCE}
        found = first
        margins = self.decode(found, sure | taught, sure)
        for qid in settle_epithets(self.story, found):
            margins.pop(qid, None)
        for quote in self.story.quotes:
            evidence = found.get(quote.id)
            if not quote.spoken or evidence is None:
                quote.type = "implicit" if quote.spoken else None
                continue
            quote.speaker = evidence.character
            quote.type = evidence.quote_type
            quote.speaker_mention = evidence.mention.id if evidence.mention is not None else None
            if evidence.character is None:
                quote.confidence = 0.1
            elif evidence.kind in KEPT_KINDS or quote.id not in margins:
                quote.confidence = CONFIDENCE[evidence.kind]
            else:
                quote.confidence = min(DECODED_CEILING, self.weights.confidence(margins[quote.id]))


def settle_epithets(story: Story, found: dict[int, Evidence]) -> list[int]:
    """One person per epithet, in a chapter and then in the book: the ids of the quotes whose
    speaker this changes.

    Within a chapter a novelist keeps a description for one person ("the stranger", "the old
    gentleman", "the girl"), so the speeches tagged with the same definite description there
    have one speaker. Where at least :data:`EPITHET_MIN` such speeches mostly
    (:data:`EPITHET_SHARE`) went to one character, the rest join them: each was decided
    alone, by the turns around it, and a single misjudged turn is likelier than a second
    "the stranger" in the chapter. Then the same over the whole book, for the epithets a
    novel gives one person throughout ("the Jew", "the girl" of *Oliver Twist*); one it gives
    to several people in turn ("the old lady") rarely reaches the share.
    """
    # (quote id, chapter, the description's words) of each speech tagged "the ..."
    tagged = [(qid, story.paragraphs[e.mention.paragraph].chapter, " ".join(e.mention.text.lower().split()))
              for qid, e in found.items()
              if e.mention is not None and e.mention.kind == "nominal" and e.character is not None
              and e.mention.text.split()[0].lower() == "the"]
    changed: list[int] = []
    for in_chapter in (True, False):
        groups: dict[tuple[int, str], list[int]] = {}
        for qid, chapter, words in tagged:
            groups.setdefault((chapter if in_chapter else -1, words), []).append(qid)
        for qids in groups.values():
            if len(qids) < EPITHET_MIN:
                continue
            top, n = Counter(found[q].character for q in qids).most_common(1)[0]
            if n < EPITHET_SHARE * len(qids):
                continue
            for q in qids:
                if found[q].character != top:
                    found[q].character, found[q].kind = top, "epithet"
                    changed.append(q)
    return changed


def _owner(noun: "Token") -> "Token | None":
    """Whose a noun is: its possessor ("Edmund's reply") or the object of its "of" ("the voice
    of Aziz")."""
    return next((c for c in noun.children if c.dep_ == "poss"), None) or next(
        (g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
        None)


def _lost_apostrophe(token: "Token") -> bool:
    """Is this the "s" of a possessive whose apostrophe the e-text lost to a space ("was Tom s
    reply")? Nine of PDNC's 22 texts lost every apostrophe so."""
    return token.lower_ == "s" and token.i > 0 and token.nbor(-1).is_alpha and bool(token.nbor(-1).whitespace_)


def speech_verb(token: "Token") -> bool:
    """Is this a speech verb? Also when spaCy's small model takes a past form for an adjective
    ("sneered Aziz": ADJ, lemma "sneered"), as it does before a name it does not know; and
    "went on" with nothing after it, which goes on speaking."""
    if token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in SPEECH_VERBS:
        return True
    if token.lemma_.lower() == "go" and any(c.dep_ == "prt" and c.lower_ == "on" for c in token.children) \
            and not any(c.dep_ in {"xcomp", "prep", "dobj"} and c.i > token.i for c in token.children):
        return True  # "she went on:" (not "went on reading", "went on with her work")
    return token.lower_ in PAST_SPEECH_FORMS and token.pos_ in {"ADJ", "PROPN", "NOUN"}


def unsaid(verb: "Token", narration: list["Token"]) -> bool:
    """Does the narration say nothing was said ("I said nothing")? Its subject is not the
    speaker: ``I said nothing, and after a moment, she went on:``. (The word must be the
    narration's: in ``answered: "Nothing."`` it is the speech.)"""
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return True  # passive: "Mr. Bertram was called out of the room" names the one called
    if verb.lemma_.lower() in ANSWERING_VERBS and any(c.dep_ == "neg" and c in narration for c in verb.children):
        return True  # "The Mouse did not answer" (but "Anne could not say the word" trails off)
    return any(c.dep_ == "dobj" and c.lower_ == "nothing" and c in narration for c in verb.children)


def hung_name(token: "Token") -> "Token | None":
    """A name the parser hung on a word before a verb as that word's compound ("Anne half
    smiled", "Mrs. Bennet half opened"), leaving the verb no subject of its own or "half" for
    one."""
    names = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return names[-1] if names else None


def _antecedent(relative: "Token", verb: "Token") -> "Token | None":
    """Whom a relative pronoun subject of ``verb`` stands for: the noun its clause qualifies,
    or, when the parser hung a second relative clause elsewhere ("Miss Steele, who seemed
    ..., and who now said"), the first one's."""
    clause = verb
    while clause.dep_ == "conj":
        clause = clause.head
    if clause.dep_ == "relcl":
        return clause.head
    earlier = relative.doc[relative.sent.start : relative.i]
    return next((t.head.head for t in reversed(earlier) if t.lower_ == relative.lower_ and t.head.dep_ == "relcl"),
                None)


def _standing_for(subject: "Token") -> "Token":
    """A subject as the speaker it names: a relative pronoun's antecedent, else itself."""
    if subject.lower_ in RELATIVE_PRONOUNS:
        return _antecedent(subject, subject.head) or subject
    return subject


def clause_subject(verb: "Token") -> "Token | None":
    """The subject of a speech verb, or of the clause it hangs from when it has none of its own
    ("Julia did her the justice of *exclaiming*", "Mrs. Allen did all she could by *saying*").

    Misparses of spaCy's small model are read as a reader would: a relative pronoun's
    antecedent speaks ("met by Mr. Allen, who ... said"); a noun between the clause the
    verb hangs from and the verb itself is its subject when the parser made it a conjunct of
    that clause, of another verb or of an adjective, the object of a subordinating
    "till"/"when" or of a preposition under one, or a name it hangs on nothing it can name
    ("She sat down, and Mary, turning to her sister, cried"; "and the Admiral, fearing he had
    not been civil, took up the subject again, to say"; "till Lady Narborough, looking at the
    clock, exclaimed"; "until at last Lilia, getting more and more angry, said"; "after which
    Toby Crackit, seeming to abandon..., turned to Chitling and said") or a name it set in
    apposition to another ("and followed soon afterwards by Mr. Rushworth, Edmund almost
    immediately took the opportunity of saying"); a capitalised word
    the parser hangs on the verb as an adverb is a name ("Edmund, to whom this was
    addressed, replied"), and so is a name it hangs the verb on
    ("and Edmund, at a convenient moment, then added"); the subject of a participle between
    the subject and its verb is the verb's ("Mr. Welland, beaming across the table, was
    saying"; "while Captain Wentworth, staggering against the wall, exclaimed"); and a verb
    the parser makes the root over the clauses before it (a complement or a clause set beside
    it: "Lady Catherine... declined eating any thing; and then rising up, said"), or hangs on
    one of them with no relation it can name ("Mr. Crawford smiled his acquiescence, and
    stepping forward to Maria, said"), has the subject nearest before it.
    """
    for _ in range(CLAUSE_HOPS):
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            return _standing_for(subject)
        named = next((n for c in verb.children if c.dep_ in {"advmod", "dep"} and c.i < verb.i
                      if (n := hung_name(c)) is not None), None)
        if named is not None:
            return named  # "Anne half smiled and said": the parser hangs the name on "half"
        adverb = next((c for c in verb.children if c.dep_ in {"advmod", "npadvmod", "dep"} and c.i < verb.i
                       and c.text[:1].isupper()), None)
        if adverb is not None:
            return adverb  # "Edmund, to whom this was addressed, replied": the name read as an adverb
        subject = _participle_subject(verb)
        if subject is not None:
            return _standing_for(subject)
        if verb.dep_ == "dep" and verb.head.pos_ == "PROPN" and verb.head.i < verb.i:
            return verb.head  # "and Edmund, at a convenient moment, then added": hung on the name
        if verb.dep_ == "dep" or (verb.dep_ == "ROOT" and any(c.dep_ in {"ccomp", "parataxis"} and c.i < verb.i
                                                               for c in verb.children)):
            # the clauses before the verb are its complement, or it hangs on one as "dep"
            subject = _nearest_main_subject(verb.doc[verb.sent.start : verb.i])
            if subject is not None:
                return _standing_for(subject)
        if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
            return verb.head  # "she heard Mary saying"
        controller = _infinitive_subject(verb)
        if controller is not None:
            return controller
        if verb.dep_ not in {"advcl", "xcomp", "pcomp", "pobj", "prep", "dobj", "conj"}:
            return None
        between = verb.doc[verb.head.i + 1 : verb.i] if verb.head.i < verb.i else []
        misparsed = [t for t in between if t.pos_ in {"PROPN", "NOUN", "PRON"} and (
            (t.dep_ == "conj" and (t.head == verb.head or t.head.pos_ in {"VERB", "AUX", "ADJ"}))
            or (t.dep_ == "pobj" and SUBORDINATORS & {t.head.lower_, t.head.head.lower_})
            or (t.dep_ == "dep" and t.pos_ == "PROPN")
            or (t.dep_ == "appos" and t.pos_ == "PROPN" and t.head.pos_ == "PROPN"))]
        if misparsed:
            return misparsed[-1]
        verb = verb.head
    return None


def _infinitive_subject(verb: "Token") -> "Token | None":
    """Who says an infinitive: the one the verb above it gives the chance ("so near as to give
    Emma time only to say", "left her time to say"), not that verb's subject. (A direct object
    is not enough: "he begged her to say" is often answered by his own next words.)"""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    above = verb.head.head if verb.head.pos_ == "NOUN" and verb.dep_ in {"relcl", "acl"} else verb.head
    if above.pos_ != "VERB" or above is verb:
        return None
    return next((c for c in above.children if c.dep_ == "dative" and c.pos_ in {"PROPN", "PRON"}), None)


def _main_subject(token: "Token") -> bool:
    """Could this word before a verb with no subject of its own be that verb's subject: a
    subject, but not of a clause "as", "when" or "if" subordinates ("Mrs Smith, sighing over
    it as she unlocked it, said"), or a name the parser made a conjunct of a verb or of a
    subject ("and Mrs Smith", "said Mary, and Katharine, after considering, said")?"""
    if token.dep_ in SUBJECT_DEPS:
        return not any(c.dep_ == "mark" for c in token.head.children)
    return token.dep_ == "conj" and token.pos_ == "PROPN" and (
        token.head.pos_ in {"VERB", "AUX"} or token.head.dep_ in SUBJECT_DEPS)


def _nearest_main_subject(before: "Iterable[Token]") -> "Token | None":
    """The last word of ``before`` (the words before a verb) that could be its subject."""
    return next((t for t in reversed(list(before)) if _main_subject(t)), None)


def _participle_subject(verb: "Token") -> "Token | None":
    """The subject the parser gave a participle set between a verb and its subject ("Mr.
    Welland, beaming across the table, was saying"), if the verb has such a participle."""
    participle = next((c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i and c.tag_ in {"VBG", "VBN"}
                       and not any(m.dep_ == "aux" for m in c.children)), None)
    if participle is None:
        return None
    return next((c for c in participle.children if c.dep_ in SUBJECT_DEPS and c.i < participle.i), None)


def conversation(story: Story, quote: Quote, history: list[Quote]) -> list[Quote]:
    """The run of recent quotes, each in the same conversation as the one after it (counted
    from the paragraph where it ends: a speech may run over several)."""
    run: list[Quote] = []
    after = quote.paragraph
    for q in reversed(history):
        if not same_conversation(story.ending_paragraph(q), after):
            break
        run.append(q)
        after = q.paragraph
    return run[::-1]


def narration_since(story: Story, quote: Quote, history: list[Quote]) -> int:
    """The first paragraph of the narration since the last speech before ``quote``: the
    paragraphs after the one the last speech ends in (after ``"Yes," said Tom.``, "he said" is
    seldom Tom again), else the quote's own."""
    ending = story.ending_paragraph(history[-1]) if history else quote.paragraph
    return ending + 1 if ending < quote.paragraph - 1 else quote.paragraph


def attach_first_person(story: Story) -> None:
    """Quoted "I", "me", "my" refer to whoever speaks the quote."""
    for quote, m in quoted_pronouns(story, FIRST_PERSON):
        if quote.speaker is not None:
            m.character = quote.speaker


@stage("speakers")
def attribute_speakers(story: Story) -> None:
    """Give every spoken quote a speaker, a type and a confidence."""
    Attributor(story).run()
    attach_first_person(story)
    finish_characters(story)
