"""Stage ``characters``: group the names of the story into characters (alias clustering).

"Captain Jack Harkness", "Jack Harkness", "Jack" and "Captain Harkness" are one person;
"Mr. Bennet" and "Elizabeth Bennet" are two. The clusterer works on distinct names, longest
first, as BookNLP does, and uses each name's gender as evidence. That gender comes from the
text: honorifics (``Mrs.``) and the pronoun that follows the name
in the narration (``Maren sat down. She...``), with a weak prior from common given names
that the text always outvotes. Diminutives (Lizzy -> Elizabeth) come from
:data:`fabula.lexicon.DIMINUTIVES`. A capitalised role the narration sets beside a name ("the
Collector, Mr. Turton") is that name's (:func:`apposed_roles`).

Only proper names are clustered here; pronouns and descriptions are attached to these
characters by the ``coref`` stage, and a first-person narrator is added there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..lexicon import (
    DIMINUTIVES,
    FEMALE_PRONOUNS,
    HONORIFICS,
    MALE_PRONOUNS,
    RANKS,
    THEY_PRONOUNS,
    given_name_gender,
    is_given_name,
)
from ..model import Character, Gender, Mention, Story
from ..pipeline import stage

_PUNCT = re.compile(r"[^\w'-]+")
_SENTENCE_END = re.compile(r"[.!?;]\s")
# "the" right before a name or opening its span, across a line break ("the\nMr. Knightleys").
_THE_ENDS = re.compile(r"\bthe\s+$", re.IGNORECASE)
# How many following mentions in a paragraph may hold the pronoun that reveals a name's gender.
PRONOUN_LOOKAHEAD = 6
# Titles used with a given name ("Miss Jane", "Sir William"); others go with surnames.
GIVEN_NAME_TITLES = frozenset({"miss", "lady", "sir", "lord", "master", "aunt", "uncle", "cousin", "brother", "sister", "father", "mother", "prince", "princess", "king", "queen", "young", "little", "old", "don", "saint", "st"})
# Titles of other languages that cluster as their English equivalent: Poirot's "Monsieur
# Lawrence" is Mr. Lawrence Cavendish, "Mademoiselle Cynthia" is Miss Cynthia Murdoch.
SAME_TITLES = {"monsieur": "mr", "signor": "mr", "herr": "mr", "madame": "mrs", "mme": "mrs", "signora": "mrs",
               "frau": "mrs", "mademoiselle": "miss", "mlle": "miss", "fraulein": "miss"}
# Words of age or affection before a title that leave the name it titles the same.
AGE_EPITHETS = frozenset({"old", "young", "little", "poor", "dear", "good"})
# Nobody calls Lady Catherine "Kitty": pet names never join a cluster with these titles.
FORMAL_TITLES = frozenset({"lady", "lord", "sir", "king", "queen", "prince", "princess", "duke", "duchess"})
# A full name used this often is a character of its own, not a rare long form of a short one.
FULL_NAME_EVIDENCE = 5
# "Mr. X" is the one man whose full name bears "Mr." when used at most this many times as often
# as his own names ("Mr. Inglethorp" and "Alfred Inglethorp"); far more often, it is another
# man of the family ("Mr. Knightley", five times as frequent as "John Knightley" in *Emma*).
SHORT_FORM_SHARE = 2.0
# Titles that, with a bare surname, name the head of a family (Austen's "Mr. Knightley").
FAMILY_TITLES = frozenset({"mr", "mrs", "lady"})
# Titles a woman takes with her husband's surname: "Lady Bertram" is not Maria Bertram.
MARRIED_TITLES = frozenset({"mrs", "lady"})
# A dash or colon between a role and a name breaks the sentence off: "the Mem Sahib -- Mary
# used to call her that" sets no name beside the role, whatever the parser says.
_BROKEN_OFF = re.compile(r"--|[—–:;()]")
# Words that say a role changed hands ("the new City Magistrate").
SUCCESSION = frozenset({"new", "late", "former", "acting"})
# Share of a name's paragraphs that, shared with another name, say they are two people (a
# mother and daughter appear together in a third or more of the mother's paragraphs; one
# woman's two names, "Mrs. Hamilton" and "Fannie", in a sixth or fewer).
TOGETHER_SHARE = 0.25
# A title is one character's when the book names that one with it this many times as often as
# others: a bare "Captain" in clustering counts everyone else together; a description ("the
# Admiral") in coreference, the runner-up.
TITLE_DOMINANCE = 3
# "Miss X" goes to the woman of the name named this many times as often as the next one.
MISS_DOMINANCE = 3.0
# Weight of a common given name's usual gender, against one pronoun per use in the text.
NAME_PRIOR = 1.5
# Dependency labels of a clause's subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "himself", "herself", "themself"})


@dataclass(frozen=True, slots=True)
class Name:
    """A name split into its honorifics and the words that follow them."""

    titles: tuple[str, ...]
    words: tuple[str, ...]

    @property
    def title_gender(self) -> str:
        genders = {HONORIFICS[t] for t in self.titles} - {"unknown"}
        return genders.pop() if len(genders) == 1 else "unknown"


def name_key(text: str) -> str:
    """A name as clustered and listed: whitespace (line breaks in wrapped text) normalised."""
    return " ".join(text.split())


def parse_name(text: str) -> Name:
    """``"Capt. Jack Harkness's"`` -> titles ``("capt",)``, words ``("jack", "harkness")``."""
    words = [w.strip("'-").lower() for w in _PUNCT.sub(" ", text).split()]
    words = [w[:-2] if w.endswith("'s") else w for w in words if w]
    while len(words) > 2 and words[0] in AGE_EPITHETS and words[1] in HONORIFICS:
        words.pop(0)  # "Old Mr. Emerson" is Mr. Emerson
    titles: list[str] = []
    while words and words[0] in HONORIFICS and len(words) > 1:
        word = words.pop(0)
        titles.append(SAME_TITLES.get(word, word))
    if words and words[0] in HONORIFICS and not titles and len(words) == 1:
        return Name((words[0],), ())
    return Name(tuple(titles), tuple(words))


@dataclass
class Cluster:
    """One character being assembled from names."""

    firsts: set[str] = field(default_factory=set)
    lasts: set[str] = field(default_factory=set)
    titles: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    votes: Counter[str] = field(default_factory=Counter)
    #: Titles this character bears with a bare surname ("Mr." of "Mr. Darcy") and with a full name.
    bare_titled: set[str] = field(default_factory=set)
    titled_full: set[str] = field(default_factory=set)
    #: A wife named by her husband's given name ("Mrs. Charles Musgrove"): that name is his.
    wife: bool = False

    @property
    def size(self) -> int:
        return sum(self.names.values())

    def gender(self) -> Gender:
        return gender_from_votes(self.votes)

    def titles_fit(self, name: Name) -> bool:
        """"Mrs. John Knightley" is not "Mr. John Knightley": gendered titles must agree."""
        gender = name.title_gender
        return gender == "unknown" or all(HONORIFICS[t] in ("unknown", gender) for t in self.titles)

    def compatible(self, gender: str) -> bool:
        mine = self.gender()
        return gender == "unknown" or mine in ("unknown", gender)


def gender_from_votes(votes: Counter[str]) -> Gender:
    """The pronoun set the evidence supports clearly (1.5 times the runner-up), else ``unknown``.

    One vote is enough when nothing contradicts it (a minor character seen once).
    """
    ranked = votes.most_common()
    if not ranked or ranked[0][1] < (2 if len(ranked) > 1 else 1):
        return "unknown"
    if len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
        return "unknown"
    return ranked[0][0]  # type: ignore[return-value]


def pronoun_gender(word: str) -> str | None:
    lower = word.lower()
    if lower in MALE_PRONOUNS:
        return "he"
    if lower in FEMALE_PRONOUNS:
        return "she"
    if lower in THEY_PRONOUNS:
        return "they"
    return None


def name_prior(name: Name) -> str | None:
    """The pronoun set a name suggests before the text says anything: its common given
    name's usual one, else "he" for a military rank ("Colonel Brandon", "Captain Harville":
    men in most fiction before the last century, and the text outvotes it where not)."""
    given = given_name_gender(name.words[0]) if name.words else None
    if given is None and set(name.titles) & RANKS:
        return "he"
    return given


def _alone(story: Story, mentions: list[Mention], i: int, key: str) -> bool:
    """Is mention ``i`` (of name ``key``) the first person its sentence names, so that a
    "they" after it is likely that person ("Rook crossed to the ledger. They turned its pages";
    "The Wilcoxes left. They...")? Where the sentence has others in it, "they" is mostly all of
    them: after "Mrs. Honeychurch was glad, while Freddy proffered a hand", "they" is the family."""
    paragraph = mentions[i].paragraph
    start = story.paragraphs[paragraph].start
    sentence = max((e.end() for e in _SENTENCE_END.finditer(story.text, start, mentions[i].start)), default=start)
    for j in range(i - 1, -1, -1):  # back from the name, without copying the book's mentions
        m = mentions[j]
        if m.paragraph != paragraph or m.end <= sentence:
            return True
        if (m.kind != "pronoun" and name_key(m.name) != key) or pronoun_gender(m.text) in ("he", "she"):
            return False
    return True


def name_gender_votes(story: Story) -> dict[str, Counter[str]]:
    """Gender evidence per name text: its honorific, and the next pronoun in the narration."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    mentions = story.mentions
    for i, m in enumerate(mentions):
        if m.kind != "proper":
            continue
        key = name_key(m.name)
        name = parse_name(key)
        if key not in votes and name.words:
            # A weak prior from a common given name or a rank, once per name: the text outvotes it.
            prior = name_prior(name)
            if prior is not None:
                votes[key][prior] += NAME_PRIOR
        title_gender = name.title_gender
        if title_gender != "unknown":
            votes[key][title_gender] += 2
        if m.in_quote:
            continue
        # Only a name that is its sentence's subject: the next subject pronoun after an
        # object ("Archer looked at May. He ...") is usually someone else.
        root = story.mention_root(m)
        if root is None or root.dep_ not in SUBJECT_DEPS:
            continue
        for nxt in mentions[i + 1 : i + 1 + PRONOUN_LOOKAHEAD]:
            if nxt.paragraph != m.paragraph or nxt.kind != "pronoun":
                break
            gender = pronoun_gender(nxt.text)
            # Object pronouns ("Rook watched him") usually point at someone else, and so does a
            # new subject in the same sentence ("Tilney laughed and she blushed": the same
            # person would go unsaid, "Tilney laughed and blushed").
            if gender and not nxt.in_quote and nxt.text.lower() in SUBJECT_PRONOUNS:
                if _SENTENCE_END.search(story.text, m.end, nxt.start) and (
                        gender != "they" or _alone(story, mentions, i, key)):
                    votes[key][gender] += 1
                break
    return votes


class AliasClusterer:
    """Assigns distinct names to clusters, longest and most frequent first."""

    def __init__(self, counts: Counter[str], votes: dict[str, Counter[str]],
                 paragraphs: dict[str, set[int]] | None = None, narrated: Counter[str] | None = None,
                 sisters: set[str] | None = None) -> None:
        self.counts = counts
        #: How often the narration (outside speech) uses each name.
        self.narrated = counts if narrated is None else narrated
        self.votes = votes
        #: The paragraphs each name is used in: two names of one person seldom share one.
        self.paragraphs = paragraphs or {}
        self.parsed = {text: parse_name(text) for text in counts}
        # Evidence about a given name used alone ("Jane ... she") counts for every "Jane X".
        self.word_votes: dict[str, Counter[str]] = defaultdict(Counter)
        self.given_counts: Counter[str] = Counter()
        for text, name in self.parsed.items():
            if len(name.words) == 1 and not name.titles:
                self.word_votes[name.words[0]].update(votes.get(text, Counter()))
                self.given_counts[name.words[0]] += counts[text]
        #: Words the book writes alone after "Miss" ("Miss Eliza", "Miss Julia").
        self.miss_words = {name.words[0] for name in self.parsed.values()
                           if name.titles == ("miss",) and len(name.words) == 1}
        #: Surnames the book gives several daughters ("the Miss Steeles"), lower-case.
        self.sisters = sisters or set()
        self.clusters: list[Cluster] = []
        self.of_name: dict[str, int] = {}

    def run(self) -> None:
        parsed = self.parsed
        order = sorted(self.counts, key=lambda t: (-len(parsed[t].words), -bool(parsed[t].titles), -self.counts[t], t))
        for text in order:
            name = parsed[text]
            if not name.words:
                continue
            target = self._full(name) if len(name.words) >= 2 else self._single(name)
            self._add(text, name, target)
        for text in order:
            name = parsed[text]
            if not name.words:
                target = self._title_holder(name.titles[0])
                if target is not None:
                    self._add(text, name, target)

    def _title_holder(self, title: str) -> int | None:
        """The cluster a bare title ("Captain", "Mademoiselle") names: the one whose names
        carry it, or the one whose names carry it TITLE_DOMINANCE times as often as all the
        others' together (*The Awakening*'s "Mademoiselle" is Mademoiselle Reisz, named so 49
        times, not Mademoiselle Duvigne, named once)."""
        uses: Counter[int] = Counter()
        for i, c in enumerate(self.clusters):
            for text, count in c.names.items():
                if title in _PUNCT.sub(" ", text).lower().split():
                    uses[i] += count
        if not uses:
            return None
        (top, n), *rest = uses.most_common()
        return top if n >= TITLE_DOMINANCE * sum(m for _, m in rest) else None

    def _gender(self, text: str, name: Name) -> str:
        title = name.title_gender
        return title if title != "unknown" else gender_from_votes(self.votes.get(text, Counter()))

    def _husbands_name(self, name: Name) -> bool:
        """Is this a wife called by her husband's given name ("Mrs. Charles Musgrove")?"""
        if name.title_gender != "she":
            return False
        first = name.words[0]
        return (given_name_gender(first) or gender_from_votes(self.word_votes.get(first, Counter()))) == "he"

    def _full(self, name: Name) -> int | None:
        first, last = name.words[0], name.words[-1]
        wife = self._husbands_name(name)
        for i, c in enumerate(self.clusters):
            if c.wife != wife:
                continue  # "Charles Musgrove" is not "Mrs. Charles Musgrove"
            # Nobody calls Sir Thomas Bertram "Tom Bertram": that is his son.
            pet = _diminutive_of(first, c.firsts) and not set(c.titles) & FORMAL_TITLES
            if (last in c.lasts and (first in c.firsts or pet)
                    and c.titles_fit(name) and c.compatible(name.title_gender)):
                return i
        return None

    def _single(self, name: Name) -> int | None:
        if name.titles and name.titles[0] in AGE_EPITHETS:
            # "Old Callendar", "Young Sally": the epithet leaves the name as it is alone.
            return self._single(Name(name.titles[1:], name.words))
        word = name.words[0]
        gender = name.title_gender
        by_first = [
            i for i, c in enumerate(self.clusters)
            if not c.wife and (word in c.firsts or (_diminutive_of(word, c.firsts) and not set(c.titles) & FORMAL_TITLES))
            and c.compatible(gender)
        ]
        by_last = [i for i, c in enumerate(self.clusters) if word in c.lasts and c.compatible(gender)]
        if name.titles:
            # "Mr. Bennet": the only compatible Bennet with a given name, or a cluster with the
            # same title; "Mrs. Campbell" is not "Colonel Campbell".
            surname_holders = set(by_last)
            fitting = [i for i in by_last if self.clusters[i].titles_fit(name) and not self._stray(i)
                       and not self._married_for_miss(name, i) and not self._younger_daughter(name, i, by_last)]
            # A baronet or knight is never "Mr. X": with one at the head of the family, the
            # name is his eldest son's (*Mansfield Park*'s Sir Thomas and Tom Bertram).
            knights = [i for i in fitting if name.titles[0] == "mr" and "sir" in self.clusters[i].titles]
            fitting = [i for i in fitting if i not in knights]
            by_last = [i for i in fitting if not self._distinguished(name, i, alone=len(fitting) == 1)]
            same_title = [i for i in by_last if name.titles[0] in self.clusters[i].titles]
            full = [i for i in by_last if self.clusters[i].firsts]
            if same_title:
                target = max(same_title, key=lambda i: self.clusters[i].size)
                # "Miss X" names the eldest daughter: the only woman of the name is she, however
                # rarely her full name appears ("Miss Mary Morstan", then "Miss Morstan").
                only_miss = name.titles[0] == "miss" and len(by_last) == 1
                # A rank is personal: "Captain Wentworth" is the captain of that name ("Mr. X"
                # may be another man of the family).
                rank = name.titles[0] not in FAMILY_TITLES | {"miss"}
                if not self.clusters[target].firsts or only_miss or rank or self._plausible_short_form(name, target):
                    return target
                return None
            if len(full) == 1 and len(by_last) == 1 and (len(fitting) == 1 or knights):
                # The only man of the name; where another was set apart ("Mr. Charles
                # Wilcox"), "Mr. Wilcox" is likelier their father than the one left (Paul),
                # unless the father is a knight: then "Mr. Bertram" is the son left, Tom.
                return full[0]
            if (name.titles[0] == "miss" and len(full) == len(by_last) > 1
                    and not any(self._miss_by_given_name(i) for i in full)):
                # "Miss Welland" is the daughter the book is about (May, not her mother
                # Augusta): of the women of the name with a given name and never called "Mrs.",
                # the one named far more often. Not where the book calls one of them "Miss"
                # with her given name ("Miss Marianne", "Miss Elizabeth Bennet"): then it has
                # several daughters, and "Miss Dashwood" is the eldest, whoever she is.
                plain = sorted((i for i in full if "mrs" not in self.clusters[i].titles),
                               key=lambda i: -self.weight(i))
                if plain and (len(plain) == 1 or self.weight(plain[0]) >= MISS_DOMINANCE * self.weight(plain[1])):
                    return plain[0]
            if len(by_last) == 1 and self._rank_and_mister(name, self.clusters[by_last[0]]):
                return by_last[0]
            # A woman ruled out as this "Miss X" by her surname ("Lady Bertram") is not this
            # "Miss X" by a given name either.
            by_first = [i for i in by_first if i in by_last or i not in surname_holders]
            if not by_last and by_first and name.titles[0] in GIVEN_NAME_TITLES:
                # "Miss Jane", "Lady Catherine"; "Sir John" is the one John who is a knight
                titled = [i for i in by_first if name.titles[0] in self.clusters[i].titles]
                if len(by_first) == 1 or len(titled) == 1:
                    return (titled or by_first)[0]
            if not fitting:
                # "Mrs. Rachel", "Mr. Frank": the one Rachel called "Mrs." with her full name
                titled = [i for i in by_first if name.titles[0] in self.clusters[i].titled_full]
                if len(titled) == 1:
                    return titled[0]
                # A servant's "Mr. Harry": the one man of that given name, when nobody bears it
                # as a surname.
                if name.titles[0] == "mr" and not by_last and len(by_first) == 1:
                    return by_first[0]
            return None
        if by_first and by_last:
            # "Archer": Newland Archer's surname beats a stray "Archer Madeira", by the uses of
            # the names each holds so far (the bare word's own would count for either).
            # A bare surname in narration usually means the man ("Darcy" = "Mr. Darcy").
            men = [i for i in by_last if self.clusters[i].gender() != "she"] or by_last
            return max(by_first + men, key=lambda i: self.clusters[i].size)
        if len(by_first) == 1:
            return by_first[0]
        if by_first:
            # Two "Jane"s: the one the book names far more often by a full name with this given
            # name ("Jane Fairfax", not "Miss Bates", whose "Miss Jane Bates" is rare).
            uses = {i: self.given_uses(i, word) for i in by_first}
            ranked = sorted(by_first, key=lambda i: -uses[i])
            if uses[ranked[0]] >= 3 * uses[ranked[1]]:
                return ranked[0]
            return None
        if by_last:
            # A bare surname in narration usually means the man ("Darcy" = "Mr. Darcy"): the
            # one the narration names most by that surname ("Oakley" is Maurice Oakley, not
            # his brother Francis, whom it calls "Frank").
            return max(by_last, key=lambda i: (self.clusters[i].gender() == "he", self.surname_uses(i, word), self.weight(i)))
        return None

    def _distinguished(self, name: Name, target: int, alone: bool = False) -> bool:
        """Does the cluster hold a form that sets its bearer apart from plain "Mr. X"?

        "Mrs. Bennet" is not Elizabeth Bennet, and in a book with "Mr. John Knightley",
        plain "Mr. Knightley" is his brother: family titles with a bare surname name the
        head of the family, and only a cluster already called that way may take them. One
        exception: the only man of that surname (``alone``), whose own names are used at least
        half as often as "Mr. X", is Mr. X ("Mr. Matthew Cuthbert" and "Mr. Cuthbert").
        """
        title = name.titles[0]
        if title not in FAMILY_TITLES:
            return False
        cluster = self.clusters[target]
        if title in cluster.bare_titled:
            return False
        if title in MARRIED_TITLES:
            if self._titled_with_her_own_name(title, cluster):
                return False  # "Mrs. Rachel Lynde" is called "Mrs." already, with her own given name
            # A married woman is not the "Elizabeth X" of the book, unless that is the only
            # woman of the name and the book has no "Miss" of it ("Fannie Hamilton", "Mrs. Hamilton").
            # Mother and daughter share paragraphs; a woman's two names seldom do.
            only_wife = (title == "mrs" and alone and cluster.gender() == "she" and "miss" not in cluster.titles
                         and not self.uses(Name(("miss",), name.words)) and not self._together(name, cluster))
            return bool(cluster.firsts) and not only_wife
        if title not in cluster.titled_full:
            return False
        return not (alone and self.uses(name) <= SHORT_FORM_SHARE * cluster.size)

    def _together(self, name: Name, cluster: Cluster) -> bool:
        """Does the name share at least :data:`TOGETHER_SHARE` of its paragraphs with the cluster's names?"""
        own = set().union(*(self.paragraphs.get(t, set()) for t in self.spellings(name)))
        # Her given name alone ("Fannie") joins later but is the best witness.
        given = {Name((), (first,)) for first in cluster.firsts}
        theirs = set().union(*(self.paragraphs.get(t, set()) for t in self.counts
                               if t in cluster.names or self.parsed[t] in given))
        return bool(own) and len(own & theirs) >= TOGETHER_SHARE * len(own)

    @staticmethod
    def _rank_and_mister(name: Name, cluster: Cluster) -> bool:
        """"Mr. Losberne" and "Doctor Losberne", "Mr. Brandon" and "Colonel Brandon": the only
        one of the name, with no given name, called by his rank and by "Mr." alike."""
        titles = {name.titles[0], *cluster.titles}
        ranks = {t for t in titles if HONORIFICS[t] == "unknown"}
        return not cluster.firsts and "mr" in titles and len(ranks) == 1 and titles <= ranks | {"mr"}

    def _miss_by_given_name(self, target: int) -> bool:
        """Does the book call this woman "Miss" with her given name ("Miss Marianne", "Miss
        Elizabeth Bennet")?"""
        cluster = self.clusters[target]
        return "miss" in cluster.titled_full or bool(cluster.firsts & self.miss_words)

    def _younger_daughter(self, name: Name, target: int, others: list[int]) -> bool:
        """Is this "Miss X" set against a younger daughter: a woman the book calls "Miss" with
        her given name or its pet form alone ("Miss Eliza", "Miss Julia"), where ``others`` of
        the name hold a sister who is not (Jane Bennet)?

        A given name after "Miss" tells a younger daughter from the eldest, who alone is "Miss
        X": in *Pride and Prejudice* "Miss Bennet" is Jane, not Elizabeth. An only daughter
        is called both ("Miss Rose" by the servants, "Miss Maylie"), so without a sister of the
        name in sight "Miss X" may still be her; a sister named less often than "Miss X" is a
        younger one still (*Sense and Sensibility*'s Margaret Dashwood, not Elinor, whom the
        book never names with her surname). A book that speaks of "the Miss Xs" has said
        there are sisters, even if the eldest never gets a given name of her own: its "Miss
        Steele" is Anne, not Lucy, whom it calls "Miss Lucy".
        """
        def younger(i: int) -> bool:
            firsts = self.clusters[i].firsts
            return any(word in firsts or _diminutive_of(word, firsts) for word in self.miss_words)

        def sister(i: int) -> bool:
            c = self.clusters[i]
            return (i != target and bool(c.firsts) and not c.wife and "mrs" not in c.titles
                    and c.gender() != "he" and not younger(i) and self.weight(i) >= self.uses(name))

        return (name.titles[0] == "miss" and younger(target)
                and (name.words[0] in self.sisters or any(sister(i) for i in others)))

    def _married_for_miss(self, name: Name, target: int) -> bool:
        """Is this "Miss X" set against a woman the book calls "Mrs. X" and never "Miss"?

        The same surname under "Mrs." and "Miss" is mother and daughter ("Mrs. Welland" and
        "Miss Welland", who is May): a woman who marries changes her surname, so she is seldom
        both of one name.
        """
        cluster = self.clusters[target]
        return name.titles[0] == "miss" and "mrs" in cluster.bare_titled and "miss" not in cluster.titles

    def _stray(self, target: int) -> bool:
        """A one-off "full name" that is a misread ("Clasping Rodney", "Papa Poirot"): used once
        or twice, of no known gender, its first word never a name alone nor a common given name.
        It does not count as another bearer of the surname."""
        c = self.clusters[target]
        return (c.size <= 2 and c.gender() == "unknown" and not c.titles
                and all(not self.given_counts[f] and given_name_gender(f) is None for f in c.firsts))

    def given_uses(self, target: int, word: str) -> int:
        """How often the cluster's full names with the given name ``word`` are used."""
        return sum(n for text, n in self.clusters[target].names.items()
                   if len(self.parsed[text].words) >= 2 and self.parsed[text].words[0] == word)

    def spellings(self, name: Name) -> list[str]:
        """The texts the book writes this name as ("Mr. X", "Mr X")."""
        return [text for text, parsed in self.parsed.items() if parsed == name]

    def uses(self, name: Name) -> int:
        """How often the book uses this name, in any of its spellings."""
        return sum(self.counts[text] for text in self.spellings(name))

    def weight(self, target: int) -> int:
        """How often the book names this cluster, counting given names that will join it later."""
        cluster = self.clusters[target]
        return cluster.size + sum(self.given_counts.get(first, 0) for first in cluster.firsts)

    def surname_uses(self, target: int, word: str) -> int:
        """How often the narration names this cluster with the surname ``word``."""
        return sum(self.narrated[text] for text in self.clusters[target].names
                   if self.parsed[text].words[-1:] == (word,))

    @staticmethod
    def _titled_with_her_own_name(title: str, cluster: Cluster) -> bool:
        """Does the cluster hold a full name with this title and a woman's given name ("Mrs.
        Rachel Lynde"), not her husband's ("Mrs. John Knightley") or a word we cannot tell
        ("Mrs. Warrington Wilcox")?"""
        return (title in cluster.titled_full and not cluster.wife
                and any(given_name_gender(first) == "she" for first in cluster.firsts))

    def _plausible_short_form(self, name: Name, target: int) -> bool:
        """Is "Mr. Knightley" a short form of this "John Knightley"?

        Not when the short form is far more frequent than a well-attested full name: then
        the book has two men of that name (Mr. Knightley and Mr. John Knightley in *Emma*).
        A married woman's own given name is different: "Mrs. Rachel Lynde" is "Mrs. Lynde",
        where "Mrs. John Knightley" (her husband's name) is not.
        """
        size = self.weight(target)
        if name.title_gender == "she" and self._titled_with_her_own_name(name.titles[0], self.clusters[target]):
            return True  # "Mrs. Lynde" of "Mrs. Rachel Lynde": a woman titled with her own given name
        return size < FULL_NAME_EVIDENCE or self.uses(name) <= 3 * size

    def _add(self, text: str, name: Name, target: int | None) -> None:
        if target is None:
            self.clusters.append(Cluster(wife=len(name.words) >= 2 and self._husbands_name(name)))
            target = len(self.clusters) - 1
        c = self.clusters[target]
        # A bare given name's evidence was counted when its full name joined the cluster.
        counted = len(name.words) == 1 and not name.titles and name.words[0] in c.firsts
        if len(name.words) >= 2:
            if name.words[0] not in c.firsts:
                c.votes.update(self.word_votes.get(name.words[0], Counter()))
            c.firsts.add(name.words[0])
            c.lasts.add(name.words[-1])
        elif len(name.words) == 1 and name.words[0] not in c.firsts | c.lasts:
            # "Mr. Darcy": a surname; "Darcy" or "Lizzy" alone: a given name or nickname.
            (c.lasts if name.titles else c.firsts).add(name.words[0])
            if name.titles and name.titles[0] in GIVEN_NAME_TITLES and is_given_name(name.words[0]):
                c.firsts.add(name.words[0])  # "Miss Nancy", "Aunt Polly": a given name too
        c.titles.update(name.titles)
        if len(name.words) == 1 and name.titles:
            c.bare_titled.add(name.titles[0])
        elif len(name.words) >= 2:
            c.titled_full.update(name.titles)
        c.names[text] += self.counts[text]
        if not counted:
            c.votes.update(self.votes.get(text, Counter()))
        self.of_name[text] = target


def _diminutive_of(word: str, firsts: set[str]) -> bool:
    """Is ``word`` a pet form of one of ``firsts``, their full form, or another pet form of
    the same name ("Tommy" and "Tom", both of Thomas)?"""
    fulls = DIMINUTIVES.get(word, frozenset())
    return bool(fulls & firsts) or any(word in DIMINUTIVES.get(f, ()) or fulls & DIMINUTIVES.get(f, frozenset())
                                       for f in firsts)


def canonical_name(names: Counter[str]) -> str:
    """The fullest name the story uses at least twice as often as a tenth of the top name."""
    top = max(names.values())
    frequent = [n for n, c in names.items() if c * 10 >= top] or list(names)
    return max(frequent, key=lambda n: (len(parse_name(n).words), len(parse_name(n).titles), names[n], n))


def _singulars(word: str) -> list[str]:
    """The words a plural surname may be the plural of ("Wilcoxes" -> "wilcoxe", "wilcox")."""
    forms = [word[:-1]] if word.endswith("s") else []
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    return forms


def after_the(story: Story, m: Mention) -> bool:
    """Does "the" stand before the name, in its mention ("both the Mr. Knightleys") or just
    before it?"""
    words = m.text.split()
    in_front = words[: len(words) - len(m.name.split())]
    return "the" in (w.lower() for w in in_front) or _THE_ENDS.search(story.text[max(0, m.start - 10) : m.start]) is not None


def family_names(story: Story, proper: list[Mention]) -> set[str]:
    """The names that stand for a family, not a person: a plural of a surname the book gives
    someone, used after "the" at least half the time ("the Wilcoxes" beside "Mr. Wilcox",
    "the Miss Bertrams" beside "Maria Bertram"). Without the article a plural-looking name is
    a person's ("Mr. Williams" beside "William"; "Mr. Sikes", whom the book once calls "Mr.
    Sike")."""
    uses: Counter[str] = Counter()
    after_article: Counter[str] = Counter()
    for m in proper:
        key = name_key(m.name)
        uses[key] += 1
        after_article[key] += after_the(story, m)
    parsed = {key: parse_name(key) for key in uses}
    surnames = {name.words[-1] for name in parsed.values() if name.words}
    return {key for key, n in after_article.items()
            if 2 * n >= uses[key] and parsed[key].words and any(s in surnames for s in _singulars(parsed[key].words[-1]))}


def sisters_of(families: set[str]) -> set[str]:
    """The surnames of the family names that are daughters ("the Miss Steeles": steele)."""
    return {form for key in families for name in [parse_name(key)]
            if name.titles == ("miss",) and name.words for form in _singulars(name.words[-1])}


@stage("characters")
def cluster_characters(story: Story) -> None:
    """Fill ``story.characters`` from the proper-name mentions and link those mentions.

    A family's name ("the Wilcoxes") makes no character: its mentions stay without one, and
    the ``coref`` stage chains them as a group of people."""
    proper: list[Mention] = [m for m in story.mentions if m.kind == "proper"]
    families = family_names(story, proper)
    proper = [m for m in proper if name_key(m.name) not in families]
    counts = Counter(name_key(m.name) for m in proper)
    paragraphs: dict[str, set[int]] = defaultdict(set)
    for m in proper:
        paragraphs[name_key(m.name)].add(m.paragraph)
    narrated = Counter(name_key(m.name) for m in proper if not m.in_quote)
    clusterer = AliasClusterer(counts, name_gender_votes(story), paragraphs, narrated, sisters_of(families))
    clusterer.run()
    order = sorted(range(len(clusterer.clusters)), key=lambda i: -clusterer.clusters[i].size)
    new_id = {old: new for new, old in enumerate(order)}
    characters: list[Character] = []
    for old in order:
        c = clusterer.clusters[old]
        characters.append(
            Character(id=new_id[old], name=canonical_name(c.names),
                      aliases=[n for n, _ in c.names.most_common()], gender=c.gender())
        )
    for m in proper:
        old = clusterer.of_name.get(name_key(m.name))
        if old is not None:
            m.character = new_id[old]
    story.characters = characters
    story.merge_characters(apposed_roles(story, proper))


def apposed_roles(story: Story, proper: list[Mention]) -> dict[int, int]:
    """Roles the narration sets beside a name, each mapped to the named character: "the
    Collector, Mr. Turton", "Mr. McBryde, the District Superintendent of Police".

    A capitalised role is a name to the clusterer ("Collector"); it is the role's, not a
    person's, when the book mostly says "the" before it. A role set beside two people, beside
    a name of the other sex or of none ("Parliament, the Thames"), or said to be new ("young
    Milner, the new City Magistrate": someone else held it before) joins nobody.
    """
    starts = [m.start for m in proper]  # proper mentions come in story order and do not nest

    def at(offset: int) -> int | None:
        i = bisect_right(starts, offset) - 1
        return proper[i].character if i >= 0 and offset < proper[i].end else None

    articled: Counter[int] = Counter()
    uses: Counter[int] = Counter()
    for m in proper:
        if m.character is not None:
            uses[m.character] += 1
            articled[m.character] += after_the(story, m)
    pairs: dict[int, set[int]] = defaultdict(set)
    for m in proper:
        person = m.character
        if m.in_quote or person is None or 2 * articled[person] >= uses[person]:
            continue
        root = story.mention_root(m)
        if root is None:
            continue
        base = story.paragraphs[m.paragraph].start
        apposed = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
        for token in apposed:
            if any(c.lower_ in SUCCESSION for c in token.children):
                continue  # "Major Roberts, the new Civil Surgeon": the role had another holder
            offset = base + token.idx
            role = at(offset)
            gap = story.text[min(m.end, offset) : max(m.start, offset)]
            if role is not None and role != person and 2 * articled[role] > uses[role] and not _BROKEN_OFF.search(gap):
                pairs[role].add(person)
    genders = {c.id: c.gender for c in story.characters}
    return {role: person for role, (person,) in ((r, p) for r, p in pairs.items() if len(p) == 1)
            if genders[person] in ("he", "she") and genders[role] in (genders[person], "unknown")}
