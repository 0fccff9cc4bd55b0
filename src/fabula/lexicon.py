"""Word lists shared by the stages: speech verbs, pronouns, honorifics, person nouns.

They live in one place so that the mention finder, the alias clusterer, coreference and
speaker attribution agree on what "a speech verb" or "a female honorific" is. All entries
are lower case; compare against ``token.lower_`` or ``token.lemma_``.
"""

from __future__ import annotations

from importlib import resources

#: Lemmas of verbs that introduce or describe speech (``"No," he *murmured*``).
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say speak tell ask answer reply respond return retort rejoin add continue begin resume repeat
    cry call shout yell scream shriek roar bellow bawl holler exclaim
    whisper murmur mutter mumble breathe hiss sigh groan moan sob whimper wail lament
    laugh chuckle giggle snicker snigger titter smile grin sneer scoff snort jeer
    growl snarl snap bark grunt grumble grouse complain protest object insist urge plead beg
    implore entreat pray demand order command instruct warn caution threaten promise swear
    vow declare announce proclaim state remark observe comment note mention explain suggest
    propose offer venture hazard agree concede admit confess acknowledge allow grant assent
    interrupt interpose interject put cut inquire enquire query question wonder muse reflect
    think speculate conclude finish stammer stutter falter drawl lisp chirp squeak squeal
    gasp pant wheeze croak rasp sing chant hum trill coo purr gush babble prattle chatter
    blurt burst rattle recite read quote counter argue reason persist press pursue urge
    scold chide rebuke reprove tease joke jest mock taunt console soothe comfort reassure
    greet hail address accost correct remind inform assure confirm deny retort reply rejoin
    write sob pout sniff sniffle yawn choke whine drone intone echo utter assert conjecture hesitate
    break""".split()
)

#: Nouns that name a speech, for tags such as ``was Edmund's only reply``.
SPEECH_NOUNS: frozenset[str] = frozenset(
    "reply answer rejoinder retort response exclamation remark observation question cry comment "
    "words speech greeting whisper inquiry enquiry query conclusion apostrophe reflection "
    "suggestion request reproach assurance compliment salutation admonition remonstrance protest "
    "entreaty declaration announcement explanation farewell murmur shout exhortation injunction warning "
    "interruption confession appeal advice".split()
)

#: Pronouns by the character gender they point to.
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
THEY_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themself", "themselves"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
THIRD_PERSON = MALE_PRONOUNS | FEMALE_PRONOUNS | THEY_PRONOUNS
PERSONAL_PRONOUNS = THIRD_PERSON | FIRST_PERSON
#: Pronouns for the hearer and for a group with the speaker: mentions of people, resolved only
#: inside speech ("you" is the one addressee) or left as they are ("we").
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves"})
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})

#: Honorifics and titles that may precede a name, with the gender they imply.
HONORIFICS: dict[str, str] = {
    "mr": "he", "mister": "he", "sir": "he", "lord": "he", "master": "he", "monsieur": "he",
    "signor": "he", "herr": "he", "don": "he", "king": "he", "prince": "he", "duke": "he",
    "earl": "he", "count": "he", "baron": "he", "father": "he", "brother": "he", "uncle": "he",
    "mrs": "she", "miss": "she", "ms": "she", "madam": "she", "madame": "she", "mme": "she",
    "mlle": "she", "mademoiselle": "she", "lady": "she", "dame": "she", "queen": "she",
    "princess": "she", "duchess": "she", "countess": "she", "baroness": "she", "mother": "she",
    "sister": "she", "aunt": "she", "signora": "she", "frau": "she", "fraulein": "she",
    "dr": "unknown", "doctor": "unknown", "captain": "unknown", "capt": "unknown",
    "colonel": "unknown", "col": "unknown", "major": "unknown", "general": "unknown",
    "lieutenant": "unknown", "lt": "unknown", "sergeant": "unknown", "sgt": "unknown",
    "professor": "unknown", "prof": "unknown", "inspector": "unknown", "detective": "unknown",
    "admiral": "unknown", "commander": "unknown", "rev": "unknown", "reverend": "unknown",
    "judge": "unknown", "nurse": "unknown", "officer": "unknown", "agent": "unknown",
    "st": "unknown", "saint": "unknown", "aunty": "she", "auntie": "she", "granny": "she",
    "grandma": "she", "grandpa": "he", "mammy": "she", "old": "unknown", "young": "unknown",
    "little": "unknown",
}

#: Military and naval ranks: no gender of their own, but held by men in most fiction before
#: the last century (a weak prior, :func:`fabula.stages.characters.name_prior`).
RANKS = frozenset({"captain", "capt", "colonel", "col", "major", "general", "lieutenant", "lt", "sergeant", "sgt",
                   "admiral", "commander", "corporal"})

#: Honorifics that are titles, not words of age ("Mr.", "Captain"; not "Old", "Young"): in
#: LitBank, as in BookNLP, the title that opens a name is a person entity of its own.
TITLES = frozenset(HONORIFICS) - {"old", "young", "little"}
#: The articles, which open a description ("the old man") and never a name.
ARTICLES = frozenset({"the", "a", "an"})

#: Words a speech calls its addressee by that say the addressee's gender ("Yes, sir.", "My
#: lord!", "Thank you, ma'am"): the one spoken to is a man, or a woman. Older texts lose the
#: apostrophe ("ma am").
GENDERED_ADDRESS: dict[str, str] = {
    "sir": "he", "my lord": "he", "papa": "he", "father": "he", "uncle": "he", "my boy": "he",
    "my lad": "he", "mister": "he", "madam": "she", "madame": "she", "ma'am": "she", "ma’am": "she",
    "ma am": "she", "my lady": "she", "mamma": "she", "mama": "she", "mother": "she", "aunt": "she",
    "my girl": "she", "miss": "she",
}

#: Endings of abstract nouns ("the shortness of the time", "the question"): a phrase they head
#: is no person, whatever the mention tagger says; the nouns that look like them and are
#: people are ABSTRACT_LOOKALIKES.
ABSTRACT_ENDINGS = ("ness", "tion", "sion", "ment")
ABSTRACT_LOOKALIKES = frozenset({"witness", "highness", "governess", "baroness", "lioness", "patroness"})

#: Nouns whose noun phrases describe a person (``the man in front``, ``his lover``).
PERSON_NOUNS: frozenset[str] = frozenset(
    """
    man men woman women boy girl lad lass child kid baby infant youth gentleman gentlemen lady
    ladies fellow chap guy person stranger visitor guest host hostess traveller traveler
    father mother papa mamma mama mum mom dad daddy mummy son daughter brother sister uncle
    aunt nephew niece cousin husband wife widow widower bride groom fiance fiancee lover
    sweetheart friend companion partner boss master mistress servant maid housemaid footman
    butler valet cook nurse governess tutor teacher pupil student doctor physician surgeon
    lawyer attorney clerk curate vicar rector parson priest minister clergyman bishop
    captain colonel major general officer soldier sailor pilot driver coachman keeper
    landlord landlady innkeeper porter guard policeman constable inspector detective judge
    king queen prince princess duke duchess earl countess baron lord knight squire
    merchant shopkeeper farmer peasant beggar thief murderer prisoner villain hero heroine
    old-timer elder younger older youngster girlie creature beast horse
    professor scientist artist painter writer poet musician singer actor actress dancer
    neighbour neighbor colleague assistant secretary manager owner stranger newcomer
    gardener housekeeper waiter waitress boatman fisherman hunter shepherd blacksmith
    grandfather grandmother granddaughter grandson stepmother stepfather baronet
    welshman englishman irishman scotsman frenchman american englishwoman
    """.split()
)

#: Verbs that, with a particle, tag a speech ("broke in Adela", "piped up Kitty"): spaCy reads
#: the particle as a preposition and the name as its object.
PHRASAL_SPEECH_VERBS = frozenset({"break", "chime", "put", "cut", "pipe", "speak", "strike", "burst", "sing"})
SPEECH_PARTICLES = frozenset({"in", "up", "out"})

#: Nouns for the sound of someone speaking: "said a voice" tells that someone spoke, not who.
VOICE_NOUNS = frozenset({"voice", "tones", "lips", "tongue"})

#: Adjective heads that act as descriptions of a person (``the younger of the two``).
PERSON_ADJECTIVE_HEADS = frozenset({"younger", "elder", "older", "eldest", "youngest", "former", "latter", "other"})

#: Proper-noun-looking words that are never character names. (April, May and June are
#: names too; spaCy's DATE label keeps the months out.)
NOT_NAMES: frozenset[str] = frozenset(
    """
    i oh ah yes no well sir madam god lord heaven heavens christ jesus mr mrs miss dear
    monday tuesday wednesday thursday friday saturday sunday january february march
    july august september october november december christmas easter chapter
    english french german italian spanish london paris england france america
    the a an and but or so then there here now why what who how when where this that
    """.split()
)

#: Common English diminutives, so "Lizzy" joins "Elizabeth". Keys and values lower case.
DIMINUTIVES: dict[str, frozenset[str]] = {
    short: frozenset(full.split())
    for short, full in {
        "lizzy": "elizabeth", "lizzie": "elizabeth", "eliza": "elizabeth", "liz": "elizabeth",
        "beth": "elizabeth", "betsy": "elizabeth", "bess": "elizabeth", "betty": "elizabeth",
        "kitty": "catherine katherine", "kate": "catherine katherine", "katie": "catherine katherine",
        "cathy": "catherine", "jenny": "jane jennifer", "jack": "john", "johnny": "john",
        "will": "william", "bill": "william", "billy": "william", "willy": "william",
        "bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert",
        "dick": "richard", "rick": "richard", "ricky": "richard", "tom": "thomas", "tommy": "thomas",
        "ned": "edward", "ted": "edward", "teddy": "edward", "eddie": "edward", "harry": "henry",
        "hal": "henry", "fanny": "frances", "frank": "francis", "fred": "frederick",
        "freddy": "frederick", "charlie": "charles", "chuck": "charles", "sam": "samuel",
        "sammy": "samuel", "jim": "james", "jimmy": "james", "jamie": "james", "joe": "joseph",
        "joey": "joseph", "ben": "benjamin", "benny": "benjamin", "nick": "nicholas",
        "tony": "anthony", "andy": "andrew", "dan": "daniel", "danny": "daniel",
        "mike": "michael", "mick": "michael", "pat": "patrick patricia", "peggy": "margaret",
        "meg": "margaret", "maggie": "margaret", "molly": "mary", "polly": "mary",
        "annie": "anne ann anna", "nan": "anne ann", "nancy": "anne ann", "sally": "sarah",
        "sue": "susan", "susie": "susan", "nell": "eleanor helen ellen", "nelly": "eleanor helen ellen",
        "ellie": "eleanor", "tilly": "matilda", "lottie": "charlotte", "becky": "rebecca",
        "abby": "abigail", "dolly": "dorothy", "dora": "dorothy", "toby": "tobias",
        "gil": "gilbert", "matt": "matthew", "alf": "alfred", "alec": "alexander",
        "alex": "alexander alexandra", "sandy": "alexander", "louie": "louis", "di": "diana",
        "emmy": "emma", "georgie": "georgiana george", "ianto": "ianto",
        "evie": "evelyn eve eva", "nance": "nancy anne ann", "josie": "josephine", "jo": "josephine",
        "gussie": "augusta augustus", "bertie": "albert herbert bertram", "archie": "archibald",
        "reggie": "reginald", "ronny": "ronald", "ronnie": "ronald", "freddie": "frederick",
        "davy": "david", "dave": "david", "patty": "martha patricia", "mattie": "martha matilda",
        "hetty": "henrietta hester", "cissy": "cecilia",
        "lou": "louisa louise", "winnie": "winifred", "jem": "james", "jemmy": "james",
        "nat": "nathaniel", "bella": "isabella arabella", "izzy": "isabella", "sukey": "susan",
        "charley": "charles", "bessie": "elizabeth", "betsey": "elizabeth", "patsy": "martha patricia",
        "belle": "isabella arabella annabel",
    }.items()
}

#: Opening phrases of a paragraph that signal a jump in time or place (a scene shift).
TIME_SHIFT_OPENERS: tuple[str, ...] = (
    "the next morning", "the next day", "next morning", "the following morning",
    "the following day", "the next evening", "that evening", "that night", "later that",
    "the next week", "a week later", "a month later", "a year later", "some time later",
    "some days later", "hours later", "days later", "weeks later", "months later",
    "years later", "meanwhile", "in the meantime", "the morning after", "early the next",
    "on the following", "when morning came", "at dawn", "at daybreak",
)

#: Common English given names and the pronouns most bearers use. Only a weak prior for
#: alias clustering and coreference: pronouns in the text always outvote it.
FEMININE_NAMES: frozenset[str] = frozenset(
    """
    abigail ada adela april may june evie adelaide agatha agnes alice amelia amy anna anne annie arabella augusta
    barbara beatrice becky bella bertha bessie betsy betty blanche bridget caroline catherine
    cecilia cecily celia charlotte clara clarissa constance cora cynthia daisy dinah dora
    dorothea dorothy edith eleanor elinor eliza elizabeth ella ellen elsie emily emma esther
    ethel eugenia eva evelyn fanny flora florence frances georgiana gertrude grace gwendolen
    hannah harriet helen henrietta hester hilda isabel isabella jane janet janey jemima jennie
    jessie joan josephine judith julia juliet kate katherine kitty laura lavinia leonora letitia
    lilian lily lizzie lizzy louisa louise lucy lydia mabel madeline maggie margaret margery
    maria marian marianne marie marion martha mary matilda maud meg milly minnie miriam molly
    nancy nell nellie olive olivia pamela patience peggy penelope phoebe polly priscilla rachel
    rebecca rose rosamond rosa ruth sally sarah sophia sophie susan susanna sybil tabitha
    theresa tilly ursula victoria violet winifred ann anne-marie cordelia diana helena hermia
    imogen miranda ophelia portia rosalind viola adele edna mildred myrtle pearl ruby sadie
    tessa wendy alison claire emma jenny lisa natalie rosie chloe gwen tosh
    """.split()
)
MASCULINE_NAMES: frozenset[str] = frozenset(
    """
    abraham adam albert alexander alfred algernon allan alan ambrose andrew anthony archibald
    arthur augustus austin barnaby bartholomew basil ben benjamin bernard bertie bertram bill
    bob brian cecil charles charley charlie christopher clarence claude clement cyril daniel
    david denis dick donald douglas duncan edgar edmund edward edwin ernest eustace felix
    ferdinand francis frank fred frederick geoffrey george gerald gilbert godfrey gregory guy
    harold harry henry herbert horace howard hubert hugh humphrey ian isaac jack jacob james
    jasper jeremy jim jimmy joe john jonathan joseph joshua julian julius lawrence leonard
    lewis lionel louis luke malcolm mark martin matthew maurice michael nathaniel ned neville
    newland nicholas noah oliver oscar owen patrick paul percy peter philip ralph randolph
    raymond reginald richard robert roderick roger rupert samuel sebastian sidney silas simon
    stephen sydney theodore thomas timothy toby tom tony victor vincent walter wilfred will
    william willoughby jack owen ianto rhys tobias amos edmund fitzwilliam herbert bertie
    """.split()
)


def _lexicon_lines(name: str) -> list[str]:
    """The entries of a word list shipped in ``fabula/lexicons`` (no blank or ``#`` lines)."""
    table = resources.files("fabula").joinpath(f"lexicons/{name}").read_text(encoding="utf-8")
    return [line for line in table.splitlines() if line and not line.startswith("#")]


def _given_names() -> frozenset[str]:
    return frozenset(_lexicon_lines("given_names.txt"))


#: Some 2,500 given names of at least 1,000 US children born 1880-1940 (the Social Security
#: baby-name counts, ``tools/given_names.py``): whether a word is a given name at all, for
#: which the hand lists above are too short. Not a guide to anyone's gender.
COMMON_GIVEN_NAMES: frozenset[str] = _given_names()


def _person_nouns() -> dict[str, str]:
    rows = (line.split() for line in _lexicon_lines("person_nouns.txt"))
    return {word: "first" if first == "1" else "rare" for word, first in rows}


#: Some 8,000 nouns that can mean a person, from WordNet 3.0's ``noun.person`` senses
#: (``tools/person_nouns.py``): ``"first"`` when every sense is a person or the most
#: frequent one is ("combatant", "witness"), ``"rare"`` when only another one is, or WordNet
#: does not know which is the most frequent ("card", "figure", "stud"). The hand list
#: :data:`PERSON_NOUNS` is what the rules trust; this one is a feature the tagger weighs.
WORDNET_PERSONS: dict[str, str] = _person_nouns()


def given_name_gender(word: str) -> str | None:
    """The pronoun set a common given name (lower case) usually goes with, if the hand lists
    have it."""
    if word in FEMININE_NAMES:
        return "she"
    if word in MASCULINE_NAMES:
        return "he"
    return None


def is_given_name(word: str) -> bool:
    """Is this word (lower case) a given name: in the hand lists or in the census of them?"""
    return word in COMMON_GIVEN_NAMES or given_name_gender(word) is not None


#: The last word of a place's name ("Kellynch Hall", "Windy Corner", "Waterloo Bridge"): a
#: name of two words or more that ends so, opens with no given name and has no title, is a
#: place, though spaCy may call it a person and it may hold a person's name ("Lucas Lodge").
PLACE_NOUNS: frozenset[str] = frozenset(
    """lodge park hall street abbey house castle manor cottage square court place road lane church
    bridge station hotel inn farm mill gardens terrace row hill wood woods common green chapel
    college school club museum gate gates corner corners villa grange priory rectory parsonage
    vicarage cathedral palace tower avenue crescent heath fields river lake island bay""".split()
)

# Description heads that say what someone is, not which role they hold: resolved by recency.
GENERIC_HEADS = frozenset(
    """man men woman women boy girl lad lass child kid baby infant youth gentleman gentlemen lady
    ladies fellow chap guy person people stranger visitor guest creature youngster younger elder
    older eldest youngest former latter other friend companion lover partner sweetheart father
    mother papa mamma mama mum mom dad daddy mummy son daughter brother sister uncle aunt nephew
    niece cousin husband wife widow widower bride groom host hostess neighbour neighbor newcomer
    hero heroine villain creature beast dog cat horse wolf one welshman englishman irishman
    scotsman frenchman american englishwoman voice crowd""".split()
)

# Heads of a description that names a body of people, not one person ("the family", "the jury").
COLLECTIVE_NOUNS = frozenset(
    """family party crowd company group audience class jury couple pair race clan rest public
    assembly congregation committee council mob troop regiment army household staff team gang band
    society multitude throng gathering tribe nation world""".split()
)
