"""Stage ``coref``: attach pronouns and descriptions to characters, and find the narrator.

One pass over the mentions in story order, keeping the people seen in the last few
paragraphs: time and memory are linear in the book's length. A third-person pronoun may mean
any character of the window whose pronoun set agrees with it (or is not yet known), or someone
the window met only as a description ("A stranger came in. He..."), never the subject of its
own clause when it is an object (``Rook watched him``: *him* is not Rook); which of them it
means is chosen by a ranker trained on LitBank (:mod:`fabula.antecedents`), and a description
chosen becomes a character. A description goes to the character who holds it as a title
(``the Captain``), who was named with it (``the pilot Rook`` ... ``the pilot``), to someone
just introduced with it and not yet named (``a stranger came in`` ... ``the stranger``), or to
the most recent character of the right gender; "the stranger" met without such an
introduction is one unnamed person, never the named character nearest; "the boy" of a story
that has met nobody he could be is someone new, whom the pronouns after it may mean. Quoted
first-person pronouns are left for the ``speakers`` stage, which knows who is talking;
narrative ones make the narrator a character.
A quoted "he" or "she" is the latest person of that pronoun set named in its conversation's
speeches; a quoted title alone ("Surely, uncle, ...", "the Captain") is the one person the
book names with it ("Uncle John").

Finally every character's pronoun set is recomputed from the pronouns now attached to it.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from typing import TYPE_CHECKING, Callable

from ..antecedents import Candidate, Ranker, Site, Sites, load_weights
from ..dialogue import MentionIndex, conversations, speaks_in_tag, vocatives
from ..lexicon import (
    ARTICLES,
    COLLECTIVE_NOUNS,
    FIRST_PERSON,
    FIRST_PERSON_PLURAL,
    GENERIC_HEADS,
    HONORIFICS,
    PERSON_NOUNS,
    RANKS,
    THEY_PRONOUNS,
    THIRD_PERSON,
    VOICE_NOUNS,
    given_name_gender,
)
from ..model import Character, Mention, Story
from ..pipeline import register
from .characters import (
    SUBJECT_DEPS,
    TITLE_DOMINANCE,
    gender_from_votes,
    name_key,
    name_prior,
    parse_name,
    pronoun_gender,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

# How far back (in mentions of characters) a pronoun or description may look for its referent.
WINDOW = 25
# Paragraphs a description may reach back over.
NOMINAL_PARAGRAPHS = 3
# "The latter" and "the former": which of the last two people mentioned, latest first.
ORDINAL_HEADS = {"latter": 0, "former": 1}
# A story told in the first person uses "I" in the narration at least this often per 1,000 words.
NARRATOR_RATE = 2.0
# A narrator's name is mostly spoken by others: this share of its mentions inside quotes.
NARRATOR_QUOTED_SHARE = 0.85
NARRATOR_MIN_NAMES = 5
OBJECT_DEPS = frozenset({"dobj", "pobj", "dative", "iobj"})
# A comma that opens an apposition or a relative clause inside a description.
_APPENDED = re.compile(r",\s+(?=(?:a|an|the|who|whom|whose|which|that|with)\b)", re.IGNORECASE)
# A hyphenated word ("mother-in-law"): a kin word inside one names other kin.
_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
# Resolved pronouns that settle the gender of a character whose names did not: at least
# this many, and this many times the runner-up.
SEEN_MIN = 3
SEEN_MAJORITY = 2
# Where "a stranger" introduces someone (not "she was a stranger"), and how many paragraphs
# later "the stranger" still means that one.
INTRODUCING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
INTRODUCED_PARAGRAPHS = 5
# Every pronoun set a character may have but "they".
GENDERED = frozenset({"he", "she", "unknown"})
# Prepositions of a feature that singles someone out ("the man with the black beard").
EPITHET_PREPOSITIONS = frozenset({"with", "in"})
# Heads that say nobody present knows the person ("the stranger"): one unnamed person, like a
# role, never the named character nearest.
UNKNOWN_HEADS = frozenset({"stranger", "newcomer"})
#: Words for a young person: "a small boy came along the path ... the child" is one person.
YOUNG_HEADS = frozenset("child boy girl lad lass baby infant urchin youngster kid".split())
# Paragraphs without a plural pronoun after which "they" starts a new group.
GROUP_GAP = 1
MALE_NOUNS = frozenset("man gentleman boy lad fellow father son brother uncle nephew husband king prince duke lord sir widower groom".split())
FEMALE_NOUNS = frozenset("woman lady girl lass mother daughter sister aunt niece wife queen princess duchess widow bride mistress maid governess".split())
# Words ending in "man" that name no man ("German" is an adjective as often as a person).
NOT_PERSON_COMPOUNDS = frozenset({"human", "german", "roman", "talisman", "shaman", "ottoman", "caiman",
                                  "cayman", "dolman", "specimen", "abdomen", "acumen", "regimen", "stamen"})
# Kin a first-person narrator has one of, or one at a time.
FAMILY_NOUNS = frozenset("""father mother papa mamma mama dad daddy mum mom mummy brother sister uncle aunt
    wife husband son daughter grandfather grandmother grandpapa grandmamma guardian stepfather
    stepmother""".split())
# Kin named through someone else ("her mother", "his wife") and the title they bear.
KIN_TITLES = {"mother": "mrs", "wife": "mrs", "lady": "mrs", "father": "mr", "husband": "mr"}
# Titles a speech may call one person by alone ("Surely, uncle, ...", "my aunt"): its holder,
# when the book names one person with it. Not "sir", "miss" or "madam", said to anyone.
# Spelled as :func:`_title` spells them ("doctor" is "dr").
QUOTED_TITLES = frozenset({"uncle", "aunt", "aunty", "auntie", "granny", "grandma", "grandpa", "captain",
                           "colonel", "major", "general", "dr", "professor", "inspector", "sergeant",
                           "lieutenant", "admiral", "judge"})
# Words that may stand before such a title in a speech.
QUOTED_TITLE_OPENERS = frozenset({"my", "dear", "dearest", "the", "your", "our"})
TITLE_ALIASES = {"doctor": "dr", "capt": "captain", "mister": "mr", "col": "colonel", "prof": "professor", "lt": "lieutenant"}


#: Chooses a pronoun's antecedent: the index of one of its candidates (nearest first).
Chooser = Callable[[Mention, Site, list[Candidate]], int]


def nearest(pronoun: Mention, site: Site, candidates: list[Candidate]) -> int:
    """The chooser without a trained model: the nearest candidate."""
    return 0


def _title(word: str) -> str:
    word = word.lower().rstrip(".")
    return TITLE_ALIASES.get(word, word)


class Resolver:
    """Walks the mentions once, resolving as it goes."""

    def __init__(self, story: Story, choose: Chooser = nearest) -> None:
        self.story = story
        self.choose = choose
        self.sites = Sites(story)
        self.recent: deque[Mention] = deque(maxlen=WINDOW)
        self.titles, self.title_bearers = self._title_holders(story)
        self.descriptions: dict[str, int] = {}
        self.surnames, self.family = self._families(story.characters)
        # Pronouns resolved so far to characters whose names did not reveal their gender.
        self.seen: dict[int, Counter[str]] = {}
        self.name_priors = self._name_priors(story.characters)
        # Those a rank alone calls "he" ("Captain Maren Holt"): a guess the text may overturn.
        self.rank_only = {c.id for c in story.characters if _rank_only(c)}
        # Characters made here from a description ("a tall stranger").
        self.described: set[int] = set()
        # Roles held by no named character ("cook") and the character each became.
        self.roles: dict[str, int] = {}
        # Those of them told apart by a name ("the Duchess of Harley").
        self.named_roles: set[int] = set()
        # Mentions (ids) that are the subject of their clause.
        self.subjects: set[int] = set()
        # Where the head word of each description the tagger found sits (story offsets).
        self.description_heads: set[int] = set()
        for d in story.mentions:
            root = story.mention_root(d) if d.kind == "nominal" else None
            if root is not None:
                self.description_heads.add(story.token_offset(story.paragraphs[d.paragraph], root))
        # Someone new met as "a stranger" / "an old gentleman", by head noun, for a later
        # "the stranger" to refer back to.
        self.introduced: dict[str, Mention] = {}
        #: Characters a description has called young ("the child"): see :meth:`recent_fitting`.
        self.young: set[int] = set()
        # "The boy" before the story has met anyone he could be: someone new (mention ids).
        self.unmet: set[int] = set()
        # The pronoun sets of the characters met so far.
        self.met: set[str] = set()

    @staticmethod
    def _title_holders(story: Story) -> tuple[dict[str, int], dict[str, set[int]]]:
        """Title -> the character the book names with it most (``captain`` -> Captain Maren
        Holt), and title -> everyone it names, for titles two characters share."""
        counts: dict[str, Counter[int]] = {}
        for m in story.mentions:
            if m.kind == "proper" and m.character is not None:
                for t in parse_name(m.name).titles:
                    counts.setdefault(_title(t), Counter())[m.character] += 1
        holders: dict[str, int] = {}
        for t, cnt in counts.items():
            ranked = cnt.most_common(2)
            if len(ranked) == 1 or ranked[0][1] >= TITLE_DOMINANCE * ranked[1][1]:
                holders[t] = ranked[0][0]
        return holders, {t: set(cnt) for t, cnt in counts.items()}

    def gender_source(self, character: int) -> str:
        """Where :meth:`gender` finds the character's pronoun set: "text" (its names and the
        narration, as clustering read them), "name" (titles and given names), "pronouns" (those
        resolved to it so far), "words" (a description's words), or "unknown"."""
        if self.story.characters[character].gender != "unknown":
            return "words" if character in self.described else "text"
        if character in self.name_priors:
            return "name"
        return "pronouns" if self.gender(character) != "unknown" else "unknown"

    def gender(self, character: int) -> str:
        """The character's pronoun set; for one its names left open, what its titles and given
        names suggest, else what a clear majority of its resolved pronouns say so far.

        The order matters: a character of unknown gender takes any pronoun, so letting the
        first few resolved pronouns decide would snowball ("Henry Tilney ... she" in a novel
        whose heroine is never far away).
        """
        known = self.story.characters[character].gender
        votes = self.seen.get(character)
        if character in self.rank_only and votes and not votes[known]:
            return votes.most_common(1)[0][0]  # "Captain Maren Holt ... waiting for her"
        if known != "unknown":
            return known
        prior = self.name_priors.get(character)
        if prior is not None:
            return prior
        votes = self.seen.get(character)
        if votes:
            (top, n), *rest = votes.most_common(2) + [("", 0)]
            if n >= SEEN_MIN and n >= SEEN_MAJORITY * rest[0][1]:
                return top
        return "unknown"

    @staticmethod
    def _name_priors(characters: list[Character]) -> dict[int, str]:
        """Gender from a character's titles ("Mr. Henry Tilney") or, failing that, common
        given names and ranks, for characters whose clustering left their gender unknown."""
        priors: dict[int, str] = {}
        for c in characters:
            if c.gender != "unknown":
                continue
            votes: Counter[str] = Counter()
            for alias in c.aliases:
                name = parse_name(alias)
                prior = name_prior(name)
                if name.title_gender != "unknown":
                    votes[name.title_gender] += 2
                elif prior is not None:
                    votes[prior] += 1
            if len(votes) == 1:
                priors[c.id] = next(iter(votes))
        return priors

    def resolve_pronoun(self, m: Mention) -> int | None:
        wanted = pronoun_gender(m.text)
        if wanted is None:
            return None
        candidates = self.candidates(m, wanted)
        if not candidates:
            return None
        chosen = candidates[0] if wanted == "they" else candidates[self.choose(m, self.sites(m), candidates)]
        if chosen.character is None:  # someone met only as a description: now a character
            chosen.mention.character = self.new_character(chosen.mention)
            return chosen.mention.character
        return chosen.character

    def candidates(self, m: Mention, wanted: str) -> list[Candidate]:
        """Whom in the window a pronoun of pronoun set ``wanted`` may mean, nearest first: the
        characters whose pronoun set fits, none the subject of the clause whose object the
        pronoun is (``Rook watched him``: *him* is not Rook, nor is it the judge of "An
        impartial judge might have assured him"; "himself" may be), and people met only as a
        description ("A stranger came in. *He*...")."""
        excluded: set[int] = set()
        tok = self.sites(m).token
        if tok is not None and tok.dep_ in OBJECT_DEPS and not tok.lower_.endswith(("self", "selves")):
            excluded = self._subjects_of(m, tok.head.head if tok.dep_ == "pobj" else tok.head)
        counts = Counter(prev.character for prev in self.recent)
        nearest, latest_subject = self._nearest(wanted, excluded, soft=False)
        if not nearest and wanted in ("he", "she") and tok is not None and tok.dep_ not in SUBJECT_DEPS:
            # Nobody fits "her": a character a rank alone calls "he", never yet called so, may
            # be the one ("Captain Maren Holt climbed the steps. Tobias was waiting for her"),
            # unless it is the subject of the pronoun's own clause ("Colonel Brandon took her
            # hand"). A subject "She" after him is more likely someone not yet met.
            nearest, latest_subject = self._nearest(wanted, excluded | self._clause_subjects(m, tok), soft=True)
        found = []
        for prev in nearest:
            c = prev.character
            if c is None:
                exact = description_gender(prev.text) == wanted
                found.append(Candidate(None, prev, self.sites(prev), 1, exact, prev.id in self.subjects,
                                       "words" if exact else "unknown"))
            else:
                found.append(Candidate(c, prev, self.sites(prev), counts[c], self.gender(c) == wanted,
                                       c == latest_subject, self.gender_source(c)))
        return found

    def _nearest(self, wanted: str, excluded: set[int], soft: bool) -> tuple[list[Mention], int | None]:
        """The window's possible antecedents, nearest first (a character by its latest
        mention, a description as it stands), and the latest subject among them; ``soft``
        lets a rank's guessed pronoun set give way (:meth:`_fits`)."""
        nearest: list[Mention] = []
        seen: set[int] = set()
        latest_subject = None
        for prev in reversed(self.recent):
            c = prev.character
            if c is None:
                if (wanted != "they" and description_gender(prev.text) in (wanted, None)
                        and _referent(prev) not in excluded):
                    nearest.append(prev)
            elif c not in excluded and self._fits(c, wanted, soft):
                if c not in seen:
                    seen.add(c)
                    nearest.append(prev)
                if latest_subject is None and prev.id in self.subjects:
                    latest_subject = c
        return nearest, latest_subject

    def _clause_subjects(self, m: Mention, tok: "Token") -> set[int]:
        """Who is the subject of the verb a pronoun hangs from (see :meth:`_subjects_of`)."""
        verb = tok
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        return self._subjects_of(m, verb)

    def _subjects_of(self, m: Mention, verb: "Token") -> set[int]:
        """Who the mentions before ``m`` that hold a subject of ``verb`` refer to
        (:func:`_referent`), found by the whole mention: "Colonel Vesk" of "Colonel Vesk
        watched him", not only its head."""
        base = self.story.paragraphs[m.paragraph].start
        heads = {base + child.idx for child in verb.children if child.dep_ in SUBJECT_DEPS}
        return {_referent(r) for r in self.recent if any(r.start <= h < r.end for h in heads)}

    def antecedent_description(self, m: Mention) -> bool:
        """Could a pronoun refer back to this unresolved description: one person, met as
        someone ("a stranger came in", "the guide stood"), not said to be something ("he was a
        good man", "like a child") nor named in passing as a possessor ("the station-master's
        garden")?"""
        tok = self.sites(m).token
        if tok is None or (m.text.split()[0].lower() not in {"a", "an"} and tok.lower_ in GENERIC_HEADS
                           and m.id not in self.unmet):
            return False  # "the man" points back to someone known; "a man" may be someone new
        return (tok.tag_ in {"NN", "NNP"} and tok.dep_ not in {"attr", "appos", "npadvmod", "poss"}
                and tok.head.lower_ not in {"as", "like", "than"} and tok.lower_ not in VOICE_NOUNS)

    def _fits(self, character: int, wanted: str, soft: bool = False) -> bool:
        g = self.gender(character)
        if soft and character in self.rank_only and not self.seen.get(character, Counter())[g]:
            return True  # a rank's guess, not yet borne out by a single pronoun
        return g == wanted or (wanted != "they" and g == "unknown")

    def resolve_nominal(self, m: Mention) -> int | None:
        words = m.text.split()
        root = self.story.mention_root(m)
        determiner = words[0].lower()
        head = _title(root.lower_ if root is not None else words[-1].strip(".,"))
        compound = _HYPHENATED.search(m.text.lower())
        if compound and head in FAMILY_NOUNS and head in compound.group().split("-"):
            head = compound.group()  # "her mother-in-law", "my step-father": other kin
        if (root is not None and root.tag_ in {"NNS", "NNPS"}) or head in COLLECTIVE_NOUNS:
            return None  # "the men", "some women", "the jury": a group, not one of the characters
        if head in VOICE_NOUNS:
            return None  # "a voice called": someone's voice, not someone new
        if determiner in {"his", "her"} and head in KIN_TITLES:
            return self.resolve_kin(m, words[0], head)
        if determiner == "my" and not m.in_quote and head in FAMILY_NOUNS:
            # The narrator's "my father" is one person throughout the book ("my friend" is not).
            return self.role_character(m, f"my {head}")
        if determiner in {"a", "an"} and not m.in_quote and root is not None and speaks_in_tag(root):
            # "said a lady in the group": someone new who speaks, whom "the lady" means next
            self.introduced[head] = m
            return self.new_character(m)
        if (determiner in ARTICLES and head in GENERIC_HEADS and not m.in_quote and root is not None
                and epithet(root, self.story.paragraphs[m.paragraph].start, m)):
            # "a gentleman in a white waistcoat", "the hump-backed man": a name in all but form
            return self.role_character(m, " ".join(w.lower() for w in words if w.lower() not in ARTICLES))
        if determiner in {"a", "an"} and not m.in_quote:
            # "A stranger came in": someone new, unnamed for now ("she was a nice girl" and
            # "like a child" say what someone is)
            if root is not None and root.dep_ in INTRODUCING_DEPS and root.head.lower_ not in {"as", "like"}:
                self.introduced[head] = m
            return None
        if determiner not in {"the", "this", "that"}:
            return None  # "a tall man" is someone new; "his son" is someone else
        if head in self.titles and head in HONORIFICS:
            return self.titles[head]
        if head in self.title_bearers:  # two colonels: the one last seen
            return next((prev.character for prev in reversed(self.recent) if prev.character in self.title_bearers[head]),
                        None)
        if head in self.descriptions:
            return self.descriptions[head]
        if head in UNKNOWN_HEADS and determiner == "the" and not m.in_quote:
            # "The stranger": the one just introduced as "a stranger", else one unnamed person
            # throughout, like a role; never the named character recency would give (the
            # landlady the stranger is talking to).
            introduced = self.just_introduced(m, head)
            if introduced is not None:
                self.roles[head] = introduced
                return introduced
            return self.role_character(m, head)
        if (determiner == "the" and not m.in_quote and root is not None and root.tag_ in {"NN", "NNP"}
                and head not in GENERIC_HEADS and (head in PERSON_NOUNS or head in self.roles or speaks_in_tag(root))):
            if root.dep_ == "poss" and head not in self.roles:
                return None  # "the station-master's garden": a role in passing, nobody in the scene
            return self.role_character(m, head, _named_role(root))
        introduced = self.just_introduced(m, head)
        if introduced is not None:
            return introduced
        if head in ORDINAL_HEADS:
            return self.former_or_latter(m, ORDINAL_HEADS[head])
        wanted = noun_gender(head)
        recent = self.recent_fitting(m, wanted, young=head in YOUNG_HEADS)
        if recent is not None:
            return recent
        if determiner == "the" and not m.in_quote and not self.met & ({wanted, "unknown"} if wanted else GENDERED):
            # "The boy" of a story that has met nobody he could be: someone new, whom a
            # pronoun may take up ("The boy dropped his bundle").
            self.unmet.add(m.id)
        return None

    def recent_fitting(self, m: Mention, wanted: str | None, young: bool = False) -> int | None:
        """The last character of the pronoun set ``wanted`` met in the last few paragraphs.

        A ``young`` description ("the child", "the little boy") takes the last one still in
        the window that the story has called young, however long ago: in a scene of a man
        and a boy, "the child" is the boy however lately the man was named. Whoever it
        takes is young from then on.
        """
        fitting = [prev.character for prev in reversed(self.recent)
                   if prev.character is not None and (wanted is None or self.gender(prev.character) in (wanted, "unknown"))
                   and (m.paragraph - prev.paragraph <= NOMINAL_PARAGRAPHS or (young and prev.character in self.young))]
        if young:
            fitting = [c for c in fitting if c in self.young] or fitting
            if fitting:
                self.young.add(fitting[0])
        return fitting[0] if fitting else None

    def quoted_title(self, m: Mention) -> int | None:
        """A speech's "uncle", "my aunt", "the Captain": the one person the book names with
        that title ("Uncle John"), if only one."""
        *before, last = (w.strip(".,;:!?'’") for w in m.text.lower().split())
        title = _title(last)
        if title not in QUOTED_TITLES or not set(before) <= QUOTED_TITLE_OPENERS:
            return None
        return self.titles.get(title)

    def just_introduced(self, m: Mention, head: str) -> int | None:
        """"A stranger came in ... the stranger said": the one just met as "a <head>", not a
        known name (made a character now if nothing has made it one yet)."""
        heads = YOUNG_HEADS if head in YOUNG_HEADS else {head}
        met = [self.introduced[h] for h in heads if h in self.introduced
               and len({noun_gender(h), noun_gender(head)} - {None}) < 2]  # not "a boy ... the girl"
        introduced = max(met, key=lambda i: i.start, default=None)
        if introduced is None or m.paragraph - introduced.paragraph > INTRODUCED_PARAGRAPHS or m.in_quote:
            return None
        if introduced.character is None:
            introduced.character = self.new_character(introduced)
        if head in YOUNG_HEADS:
            self.young.add(introduced.character)
        return introduced.character

    def former_or_latter(self, m: Mention, place: int) -> int | None:
        """"The latter" (``place`` 0) and "the former" (1): of the last two people mentioned
        before the pair's own mentions, the later and the earlier one (recency alone would give
        "the former" the later one)."""
        seen: list[int] = []
        for prev in reversed(self.recent):
            if m.paragraph - prev.paragraph > NOMINAL_PARAGRAPHS:
                break
            if prev.character is None or prev.character in seen or prev.text.split()[-1].lower() in ORDINAL_HEADS:
                continue
            seen.append(prev.character)
            if len(seen) > place:
                return prev.character
        return None

    def role_character(self, m: Mention, head: str, named: str | None = None) -> int:
        """"The cook", "the barman", "the King": a role nobody named holds is a character.

        A description by occupation, station or title that no title holder, apposition or
        name has tied to a named character names one person throughout the book (as PDNC's
        and a reader's cast lists do: *The Cook*, *The Turnkey*); generic heads ("the man",
        "the lady") are left to recency instead. Only a role from fabula's word list of
        person nouns, or one that speaks in a tag, starts a character: "the beadle" of a book
        with a named beadle is better left to recency than made a second person.

        A role told apart by a proper name after "of" (``named``: "Duchess of Harley",
        "Duchess of Monmouth") is one person per name, called by the role and name alone
        ("the pretty Duchess of Monmouth" is "the Duchess of Monmouth"), and the bare role
        ("the duchess") means whichever of them the story met last; a bare role met before
        any name was the first one named ("the King" ... "the King of Hearts").
        """
        key = named.lower() if named else head
        if key not in self.roles:
            bare = self.roles.get(head)
            if named and bare is not None and bare not in self.named_roles:
                self.roles[key] = bare
            else:
                self.roles[key] = self.new_character(m)
            if named:
                self.named_roles.add(self.roles[key])
                holder = self.story.characters[self.roles[key]]
                holder.name = f"the {named}"
                holder.aliases = [holder.name] + [a for a in holder.aliases if a != holder.name]
        if named:
            self.roles[head] = self.roles[key]
        character = self.story.characters[self.roles[key]]
        text = description_name(m.text)
        if text not in character.aliases:
            character.aliases.append(text)
        return character.id

    def new_character(self, m: Mention) -> int:
        """A character first met as this description, named by it, of the pronoun set its
        words imply ("my aunt": she)."""
        name = description_name(m.text)
        character = Character(id=len(self.story.characters), name=name, aliases=[name],
                              gender=description_gender(m.text) or "unknown")
        self.story.characters.append(character)
        self.described.add(character.id)
        return character.id

    def resolve_kin(self, m: Mention, possessive: str, head: str) -> int | None:
        """``her mother`` is Mrs. Bennet when "her" is a Bennet: kin share the surname."""
        owner = Mention(id=-1, start=m.start, end=m.start + len(possessive), text=possessive,
                        kind="pronoun", paragraph=m.paragraph)
        possessor = self.resolve_pronoun(owner)
        if possessor is None:
            return None
        surname = self.surnames.get(possessor)
        return self.family.get((KIN_TITLES[head], surname)) if surname else None

    @staticmethod
    def _families(characters: list[Character]) -> tuple[dict[int, str], dict[tuple[str, str], int]]:
        """Each character's surname, and who is "Mr. X" / "Mrs. X" for each surname X."""
        surnames: dict[int, str] = {}
        family: dict[tuple[str, str], int] = {}
        for c in characters:
            names = [parse_name(alias) for alias in c.aliases]
            # A full name tells the surname best; "Mr. Darcy" next; never "Miss Eliza".
            full = [n for n in names if len(n.words) >= 2]
            titled = [n for n in names if len(n.words) == 1 and n.titles and _title(n.titles[0]) in ("mr", "mrs")]
            for n in full + titled:
                surnames.setdefault(c.id, n.words[-1])
            for n in titled:
                family.setdefault((_title(n.titles[0]), n.words[-1]), c.id)
        return surnames, family

    def learn_apposition(self, m: Mention) -> None:
        """``the pilot Rook`` / ``Rook, the pilot``: remember that "pilot" means Rook.

        Only the narration's appositions teach (in a speech, "You feel as a mother, Mrs.
        Mann" is a vocative the parser calls an apposition), only a role word in the name's own
        noun phrase ("the pilot Rook") or heading a description the tagger found (not "Oliver
        Twist, the consolation..."), and never a generic word: "Mrs. Mann, the good lady of the
        house" does not make every later "the old lady" Mrs. Mann.
        """
        span = self.story.mention_span(m)
        if span is None or m.character is None or m.in_quote:
            return
        tok, doc = span.root, span.doc
        base = self.story.paragraphs[m.paragraph].start
        nouns = [child for child in tok.children if child.dep_ in {"compound", "appos"}]
        if tok.dep_ == "appos":
            nouns.append(tok.head)
        if span.start > 0 and base + doc[span.start - 1].idx in self.description_heads:
            nouns.append(doc[span.start - 1])  # "with the pilot Rook beside him", however parsed
        for noun in nouns:
            if (noun.pos_ == "NOUN" and noun.lower_ not in GENERIC_HEADS
                    and (noun.dep_ == "compound" or base + noun.idx in self.description_heads)):
                self.descriptions.setdefault(noun.lower_, m.character)

    def run(self) -> None:
        nested = nested_mentions(self.story.mentions)
        # Appositions first: "the beadle" is Mr. Bumble even before "Mr. Bumble, the beadle".
        for m in self.story.mentions:
            if m.kind == "proper":
                self.learn_apposition(m)
        for m in self.story.mentions:
            if m.kind == "pronoun" and not m.in_quote and m.text.lower() in THIRD_PERSON:
                m.character = self.resolve_pronoun(m)
                gender = pronoun_gender(m.text)
                if m.character is not None and gender is not None:
                    self.seen.setdefault(m.character, Counter())[gender] += 1
            elif not m.in_quote and (m.kind == "nominal" or (m.kind == "proper" and m.character is None
                                                              and not parse_name(m.name).words)):
                # A bare title no named character holds ("the King") is read as a description.
                m.character = self.resolve_nominal(m)
            elif m.in_quote and m.kind == "nominal":
                m.character = self.quoted_title(m)
            if m.in_quote or m.id in nested:
                continue
            if m.character is not None:
                self.met.add(self.gender(m.character))
            if m.character is not None or (m.kind == "nominal" and self.antecedent_description(m)):
                tok = self.sites(m).token
                if tok is not None and tok.dep_ in SUBJECT_DEPS:
                    self.subjects.add(m.id)
                self.recent.append(m)


def _referent(m: Mention) -> int:
    """Whom a mention in the window refers to: its character's id, or, for a description no
    character holds yet, a negative number of its own."""
    return m.character if m.character is not None else -1 - m.id


def _named_role(root: "Token") -> str | None:
    """A role and the proper name after its "of" ("Duchess of Harley" of "the pretty Duchess
    of Harley, a lady of..."), or None when no proper name follows."""
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            place = [t for t in prep.children if t.dep_ == "pobj" and t.pos_ == "PROPN"]
            if place:
                name = " ".join(t.text for t in place[0].subtree if t.pos_ == "PROPN")
                return f"{root.text} of {name}"
    return None


def description_name(text: str) -> str:
    """A description as a character's name or alias: one line, an article that opened a
    sentence lower-cased ("the keeper", not "The keeper"), and no apposition or relative
    clause after a comma ("the Duchess of Harley, a lady of admirable good-nature..." is
    "the Duchess of Harley"; "a short, thick-set man" keeps its comma)."""
    text = _APPENDED.split(" ".join(text.split()), maxsplit=1)[0]
    first, _, rest = text.partition(" ")
    return f"{first.lower() if first.lower() in ARTICLES else first} {rest}".strip()


def nested_mentions(mentions: list[Mention]) -> set[int]:
    """Ids of mentions inside another ("his" in "his father"): resolved, but never an
    antecedent themselves (the description around them is the one a later "he" may mean)."""
    nested: set[int] = set()
    outer: list[Mention] = []  # mentions still open at the current start, by start
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        outer = [o for o in outer if o.end > m.start]
        if any(o.start <= m.start and m.end <= o.end for o in outer):
            nested.add(m.id)
        outer.append(m)
    return nested


def noun_gender(word: str) -> str | None:
    """The pronoun set a person noun implies: the gendered nouns, and the compounds English
    makes with "-man" and "-woman" ("countryman", "policeman", "washerwoman")."""
    word = word.lower()
    if word in FEMALE_NOUNS or (word.endswith(("woman", "women")) and word not in NOT_PERSON_COMPOUNDS):
        return "she"
    if word in MALE_NOUNS or (len(word) > 5 and word.endswith(("man", "men")) and word not in NOT_PERSON_COMPOUNDS):
        return "he"
    return None


def description_gender(text: str) -> str | None:
    """The pronoun set a description's words imply ("the old lady": she), if any, read before
    any apposition or relative clause: "the Duchess of Monmouth, who with her husband, a
    jaded-looking man of sixty, ..." is a woman."""
    genders = {noun_gender(w.strip(".,;:'’")) for w in description_name(text).split()}
    if "he" in genders:
        return "he"
    if "she" in genders:
        return "she"
    return None


def epithet(root: "Token", base: int, mention: Mention) -> bool:
    """Does a description single someone out by a feature, as a name would ("the man with the
    black beard", "the gentleman in the white waistcoat", "the hump-backed man")?

    Only the description's own words count (``base`` is the story offset of the root's
    paragraph)."""
    for child in root.children:
        if not mention.start <= base + child.idx < mention.end:
            continue
        if child.dep_ == "prep" and child.lower_ in EPITHET_PREPOSITIONS:
            if any(grand.dep_ == "pobj" and any(g.dep_ == "amod" for g in grand.children) for grand in child.children):
                return True
        if child.dep_ in {"amod", "compound"} and "-" in child.text and child.i < root.i:
            return True
    return False


def add_narrator(story: Story) -> None:
    """A story told in the first person gets its narrator as a character.

    The narrator's name is rarely written in the narration but often spoken to them
    (``"Watson," said Holmes``): a frequent character named almost only inside quotes is
    taken to be the narrator; failing one, the narrator is a character of its own.
    """
    narration = [m for m in story.mentions if m.kind == "pronoun" and not m.in_quote and m.text.lower() in FIRST_PERSON]
    if not narration or len(narration) * 1000 < NARRATOR_RATE * max(story.word_count, 1):
        return
    narrator = _named_narrator(story)
    if narrator is None:
        narrator = Character(id=len(story.characters), name="Narrator", aliases=["I"])
        story.characters.append(narrator)
    narrator.narrator = True
    for m in narration:
        m.character = narrator.id


def _named_narrator(story: Story) -> Character | None:
    quoted: Counter[int] = Counter()
    total: Counter[int] = Counter()
    for m in story.mentions:
        if m.kind == "proper" and m.character is not None:
            total[m.character] += 1
            quoted[m.character] += m.in_quote
    candidates = [c for c, n in total.items() if n >= NARRATOR_MIN_NAMES and quoted[c] >= NARRATOR_QUOTED_SHARE * n]
    if not candidates:
        return None
    # Others talk *to* the narrator ("Watson, look here"), and only *about* someone absent
    # ("Major Sholto was..."): the one most often called by name wins.
    index = MentionIndex(story.mentions)
    called: Counter[int] = Counter(
        m.character for q in story.quotes if q.spoken for m in vocatives(story, q, index) if m.character in candidates
    )
    return story.characters[max(candidates, key=lambda c: (called[c], total[c]))]


def _rank_only(character: Character) -> bool:
    """Is a rank all that says the character is a man: a rank among its titles, no title of
    either gender, no common given name ("Captain Maren Holt", "Colonel Brandon")?"""
    names = [parse_name(alias) for alias in character.aliases]
    return (any(set(n.titles) & RANKS for n in names)
            and all(n.title_gender == "unknown" and not (n.words and given_name_gender(n.words[0])) for n in names))


def finish_characters(story: Story) -> None:
    """Mention counts, first appearance and pronoun set from what is now attached."""
    votes: dict[int, Counter[str]] = {c.id: Counter() for c in story.characters}
    counts: Counter[int] = Counter()
    first: dict[int, int] = {}
    for m in story.mentions:
        if m.character is None:
            continue
        counts[m.character] += 1
        first.setdefault(m.character, m.start)
        if m.kind == "pronoun":
            gender = pronoun_gender(m.text)
            if gender:
                votes[m.character][gender] += 1
        elif m.kind == "proper":
            title_gender = parse_name(m.name).title_gender
            if title_gender != "unknown":
                votes[m.character][title_gender] += 3
    for c in story.characters:
        c.mention_count = counts[c.id]
        c.first_mention = first.get(c.id)
        if not c.narrator:
            c.gender = gender_from_votes(votes[c.id]) if votes[c.id] else c.gender


def resolve_quoted(story: Story) -> None:
    """A quoted "he" or "she" is the latest person of that pronoun set named in the speeches
    of its conversation so far: "Have you seen Tom?" "He was here." The narration's people
    are often not the ones a conversation talks about, so only what is said counts, and a
    pronoun with no such name stays unresolved. (Quoted "I" and "you" are the speaker and
    the addressee: the ``speakers`` and ``addressees`` stages attach them.)"""
    index = MentionIndex(story.mentions)
    for talk in conversations(story):
        seen: list[int] = []
        for quote in (q for turn in talk for q in turn):
            for start, end in quote.spans:
                for m in index.between(start, end):
                    if m.kind == "proper" and m.character is not None:
                        seen.append(m.character)
                    elif m.kind == "pronoun" and m.character is None and m.text.lower() in THIRD_PERSON:
                        wanted = pronoun_gender(m.text)
                        m.character = next((c for c in reversed(seen) if story.characters[c].gender == wanted), None)


def link_groups(story: Story) -> None:
    """Chain the narration's plural pronouns that no character takes into groups.

    "They", "them", "their" keep meaning one group while they keep coming, paragraph after
    paragraph (:data:`GROUP_GAP`); the narration's "we" is the narrator's group throughout.
    A family's name, which the ``characters`` stage left without a character ("the
    Wilcoxes"), is one group wherever it is used, and the "they" that follow it in the
    narration are the family. A group is a chain of mentions, not a character: nobody in it
    speaks or is counted in the cast (LitBank's coreference chains group people this way).
    """
    groups = 0
    they: int | None = None
    we: int | None = None
    last = -GROUP_GAP - 1
    families: dict[str, int] = {}
    for m in story.mentions:
        if m.kind == "proper" and m.character is None and parse_name(m.name).words:  # not a bare title
            key = name_key(m.name)
            if key not in families:
                families[key], groups = groups, groups + 1
            m.group = families[key]
            if not m.in_quote:
                they, last = m.group, m.paragraph
            continue
        if m.kind != "pronoun" or m.character is not None or m.in_quote:
            continue
        word = m.text.lower()
        if word in THEY_PRONOUNS:
            if they is None or m.paragraph - last > GROUP_GAP:
                they, groups = groups, groups + 1
            m.group, last = they, m.paragraph
        elif word in FIRST_PERSON_PLURAL:
            if we is None:
                we, groups = groups, groups + 1
            m.group = we


class Coreference:
    """Stage ``coref``: attach pronouns and descriptions to characters; add a first-person
    narrator; chain the plural pronouns left over into groups.

    ``ranker`` names the trained pronoun ranker's weights (:mod:`fabula.antecedents`):
    ``"all"`` (the default), ``"fold-K"`` (trained without LitBank fold K, for held-out
    evaluation), or None for the nearest fitting character.
    """

    name = "coref"

    def __init__(self, ranker: str | None = "all") -> None:
        self.choose: Chooser = Ranker(load_weights(ranker)) if ranker else nearest

    def __call__(self, story: Story) -> None:
        Resolver(story, self.choose).run()
        resolve_quoted(story)
        add_narrator(story)
        finish_characters(story)
        link_groups(story)


@register("coref")
def make_coreference(ranker: str | None = "all") -> Coreference:
    return Coreference(ranker=ranker)
