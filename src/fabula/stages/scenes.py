"""Stage ``scenes``: split the story into scenes and say who is in each, where and when.

A scene starts at the beginning, at each chapter heading, at each scene-break marker
(``* * *``), and at a paragraph that opens with a jump in time ("The next morning", "Three
weeks later"; see :data:`fabula.lexicon.TIME_SHIFT_OPENERS`). Two softer cues start one
too, unless they fall inside a conversation:

* place: a narration paragraph that opens by naming a place ("In Meryton they parted");
* cast: the characters present change almost completely. Presence is counted per paragraph
  (a speech weighs :data:`SPEECH_WEIGHT`, a name or pronoun in the narration
  :data:`MENTION_WEIGHT`); the :data:`CAST_WINDOW` paragraphs after a point are compared
  with the :data:`CAST_WINDOW` before it, and a scene starts where their shares of presence
  overlap by at most :data:`MAX_CAST_OVERLAP`, at the point they overlap least. Windows are a fixed number of paragraphs, so
  the test costs O(paragraphs x CAST_WINDOW): linear in the length of the book.

A conversation is a run of speeches with at most :data:`fabula.dialogue.CONVERSATION_GAP` narration
paragraphs (action beats) between them; its cast can change completely as people come and
go, but it is one scene, so neither soft cue cuts it.

A scene's participants are the characters who speak in it or are named in its narration,
most present first; its place and time are those its cue names, else the first location and
time expressions spaCy finds in it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from ..dialogue import same_conversation
from ..lexicon import TIME_SHIFT_OPENERS
from ..model import Paragraph, Scene, Story
from ..pipeline import stage

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TIME_LABELS = frozenset({"TIME", "DATE"})
# A character named only once in a scene with many others is passing through, not taking part.
MIN_PRESENCE = 1
#: Presence of a character in a paragraph: speaking shows them there more surely than a mention.
SPEECH_WEIGHT = 2
MENTION_WEIGHT = 1
#: Paragraphs on each side of a possible cast shift; also the shortest scene a cast shift makes.
CAST_WINDOW = 4
#: The most the two windows' presence shares may overlap (0: nobody in common; 1: the same
#: people, equally present) for the cast to count as changed.
MAX_CAST_OVERLAP = 0.2
#: Presence each window needs before its cast is worth comparing (two speeches, or a speech
#: and a mention): a paragraph or two of scenery says nothing about who is there.
MIN_WINDOW_PRESENCE = 3
#: Words that open a paragraph set somewhere new: "At Pemberley", "In the Crown Inn".
PLACE_PREPOSITIONS = frozenset({"at", "in", "inside", "outside"})


def _cue(story: Story, para: Paragraph) -> str | None:
    """Why a new scene must start at ``para`` whatever goes on around it, or None."""
    if para.kind == "heading":
        return "chapter"
    if para.kind == "break":
        return "break"
    opening = story.text[para.start : para.start + 40].lower().lstrip("\"'“‘ ")
    for phrase in TIME_SHIFT_OPENERS:
        if opening.startswith(phrase):
            return f"time: {phrase}"
    return None


def _place_opening(para: Paragraph, names: frozenset[str]) -> str | None:
    """The place a narration paragraph opens with ("In Meryton they parted"), or None.

    The place is the run of proper nouns right after the preposition (and a "the"), whatever
    entity label spaCy gives it: the small model calls invented places people ("Meryton") or
    organisations. Names of characters ("In Darcy's presence"), numbers ("In Three Volumes",
    a title page) and dates ("At Christmas") are no places. A paragraph opening with a
    quotation mark opens with no preposition, so speech never qualifies.
    """
    doc = para.doc
    if doc is None or len(doc) < 3 or doc[0].lower_ not in PLACE_PREPOSITIONS:
        return None
    start = end = 2 if doc[1].lower_ == "the" else 1
    while end < len(doc) and doc[end].pos_ == "PROPN":
        end += 1
    place = doc[start:end].text
    if end == start or place in names or doc[start].like_num or doc[start].ent_type_ in TIME_LABELS:
        return None
    return place


def _paragraph_presence(story: Story) -> list[Counter[int]]:
    """Per paragraph: each character's presence, from the speeches and narration mentions in it."""
    presence: list[Counter[int]] = [Counter() for _ in story.paragraphs]
    for q in story.quotes:
        if q.speaker is not None:
            presence[q.paragraph][q.speaker] += SPEECH_WEIGHT
    for m in story.mentions:
        if m.character is not None and not m.in_quote:
            presence[m.paragraph][m.character] += MENTION_WEIGHT
    return presence


def _conversation_joins(story: Story) -> list[bool]:
    """``joins[i]``: paragraphs ``i - 1`` and ``i`` belong to one conversation.

    True when the last speech before ``i`` and the first from ``i`` on are at most
    :data:`fabula.dialogue.CONVERSATION_GAP` narration paragraphs apart. A speech running over several
    paragraphs makes each of them a speech paragraph. Two passes over the paragraphs.
    """
    n = len(story.paragraphs)
    speech = [False] * n
    starts = [p.start for p in story.paragraphs]
    for q in story.quotes:
        if q.spoken and q.spans:
            last = max(bisect_right(starts, q.end - 1) - 1, q.paragraph)
            speech[q.paragraph : last + 1] = [True] * (last + 1 - q.paragraph)
    before, previous = [0] * n, -n  # index of the last speech paragraph before each one
    for i in range(n):
        before[i] = previous
        previous = i if speech[i] else previous
    joins, following = [False] * n, 2 * n  # index of the first speech paragraph from each one on
    for i in range(n - 1, -1, -1):
        following = i if speech[i] else following
        joins[i] = same_conversation(before[i], following)
    return joins


def _window(presence: list[Counter[int]], start: int, end: int) -> Counter[int]:
    """Everyone's presence summed over paragraphs ``start`` to ``end - 1``."""
    total: Counter[int] = Counter()
    for counts in presence[start:end]:
        total.update(counts)
    return total


def _overlap(a: Counter[int], b: Counter[int]) -> float:
    """Histogram intersection of two casts' presence shares, 0..1: a passing mention barely counts."""
    ta, tb = a.total(), b.total()
    return sum(min(a[c] / ta, b[c] / tb) for c in a.keys() & b.keys())


def _cast_changes(presence: list[Counter[int]], open_: list[bool], hard: list[str | None]) -> list[float | None]:
    """Per paragraph: how much the casts before and after it overlap, where a cast cue may fall.

    None where it may not: a paragraph a soft cue cannot open (``open_``), one with fewer than
    :data:`CAST_WINDOW` paragraphs on either side before the book ends or a chapter, break or
    time cue comes, or one where either window has too little presence to tell who is there.
    """
    changes: list[float | None] = [None] * len(presence)
    for i in range(CAST_WINDOW, len(presence) - CAST_WINDOW + 1):
        if open_[i] and not any(hard[i : i + CAST_WINDOW]):
            before, after = _window(presence, i - CAST_WINDOW, i), _window(presence, i, i + CAST_WINDOW)
            if min(before.total(), after.total()) >= MIN_WINDOW_PRESENCE:
                changes[i] = _overlap(before, after)
    return changes


def _cast_shift(changes: list[float | None], scene_start: int, i: int) -> bool:
    """Whether the cast changes almost wholly at paragraph ``i``, at the sharpest point.

    The window before ``i`` must lie in the current scene, and the cut waits a paragraph
    when the casts part more cleanly there (a transition paragraph that still names the
    people leaving belongs to their scene).
    """
    here = changes[i]
    if here is None or here > MAX_CAST_OVERLAP or i - scene_start < CAST_WINDOW:
        return False
    following = changes[i + 1] if i + 1 < len(changes) else None
    return following is None or here <= following


def _fill_participants(scenes: list[Scene], presence: list[Counter[int]]) -> None:
    """Everyone present in the scene's paragraphs, most present first, passers-by left out."""
    for scene in scenes:
        counts = _window(presence, scene.first_paragraph, scene.last_paragraph + 1)
        scene.participants = [c for c, n in counts.most_common() if n > MIN_PRESENCE or len(counts) <= 3]


def _scene(paras: list[Paragraph], cue: str, scene_id: int) -> Scene:
    """A scene of ``paras``; its place and time are those its cue names, else the first found."""
    scene = Scene(id=scene_id, start=paras[0].start, end=paras[-1].end,
                  first_paragraph=paras[0].index, last_paragraph=paras[-1].index,
                  chapter=paras[-1].chapter, cue=cue)
    kind, _, named = cue.partition(": ")
    scene.place = named if kind == "place" else _first_entity(paras, PLACE_LABELS)
    scene.time = named if kind == "time" else _first_entity(paras, TIME_LABELS)
    return scene


def _first_entity(paragraphs: list[Paragraph], labels: frozenset[str]) -> str:
    for p in paragraphs:
        if p.doc is not None:
            for ent in p.doc.ents:
                if ent.label_ in labels:
                    return ent.text
    return ""


@stage("scenes")
def split_scenes(story: Story) -> None:
    """Fill ``story.scenes``: consecutive, covering every paragraph."""
    presence = _paragraph_presence(story)
    hard = [_cue(story, p) for p in story.paragraphs]
    joins = _conversation_joins(story)
    open_ = [h is None and p.kind == "text" and not j for h, p, j in zip(hard, story.paragraphs, joins)]
    changes = _cast_changes(presence, open_, hard)
    names = frozenset(a for c in story.characters for a in c.aliases)
    groups: list[tuple[str, list[Paragraph]]] = []
    for i, para in enumerate(story.paragraphs):
        cue = hard[i]
        if open_[i] and groups:
            place = _place_opening(para, names)
            if place is not None:
                cue = f"place: {place}"
            elif _cast_shift(changes, groups[-1][1][0].index, i):
                cue = "cast"
        if not groups or (cue is not None and groups[-1][1][-1].kind == "text"):
            groups.append((cue or "start", [para]))
        else:
            groups[-1][1].append(para)
    story.scenes = [_scene(paras, cue, i) for i, (cue, paras) in enumerate(groups)]
    _fill_participants(story.scenes, presence)
