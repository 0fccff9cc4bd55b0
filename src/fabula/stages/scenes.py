"""Stage ``scenes``: split the story into scenes and say who is in each, where and when.

A scene starts at the beginning, at each chapter heading, at each scene-break marker
(``* * *``), and at a paragraph that opens with a jump in time ("The next morning", "Three
weeks later"; see :data:`fabula.lexicon.TIME_SHIFT_OPENERS`). Its participants are the
characters who speak in it or are named in its narration, most present first; its place
and time are the first location and time expressions spaCy finds in it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from ..lexicon import TIME_SHIFT_OPENERS
from ..model import Paragraph, Scene, Story
from ..pipeline import stage

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TIME_LABELS = frozenset({"TIME", "DATE"})
# A character named only once in a scene with many others is passing through, not taking part.
MIN_PRESENCE = 1


def _cue(story: Story, para: Paragraph) -> str | None:
    """Why a new scene starts at ``para``, or None if it does not."""
    if para.kind == "heading":
        return "chapter"
    if para.kind == "break":
        return "break"
    opening = story.text[para.start : para.start + 40].lower().lstrip("\"'“‘ ")
    for phrase in TIME_SHIFT_OPENERS:
        if opening.startswith(phrase):
            return f"time: {phrase}"
    return None


def _first_entity(paragraphs: list[Paragraph], labels: frozenset[str]) -> str:
    for p in paragraphs:
        if p.doc is not None:
            for ent in p.doc.ents:
                if ent.label_ in labels:
                    return ent.text
    return ""


def _fill_participants(story: Story, scenes: list[Scene]) -> None:
    """Speakers count twice, characters named in the narration once; one pass over each list."""
    presence: list[Counter[int]] = [Counter() for _ in scenes]
    starts = [s.start for s in scenes]

    def scene_of(offset: int) -> int:
        return max(bisect_right(starts, offset) - 1, 0)

    for q in story.quotes:
        if q.speaker is not None:
            presence[scene_of(q.start)][q.speaker] += 2
    for m in story.mentions:
        if m.character is not None and not m.in_quote:
            presence[scene_of(m.start)][m.character] += 1
    for scene, counts in zip(scenes, presence):
        scene.participants = [c for c, n in counts.most_common() if n > MIN_PRESENCE or len(counts) <= 3]


@stage("scenes")
def split_scenes(story: Story) -> None:
    """Fill ``story.scenes``: consecutive, covering every paragraph."""
    groups: list[tuple[str, list[Paragraph]]] = []
    for para in story.paragraphs:
        cue = _cue(story, para)
        if not groups or (cue is not None and groups[-1][1][-1].kind == "text"):
            groups.append((cue or "start", [para]))
        else:
            groups[-1][1].append(para)
    scenes: list[Scene] = []
    for cue, paras in groups:
        scene = Scene(id=len(scenes), start=paras[0].start, end=paras[-1].end,
                      first_paragraph=paras[0].index, last_paragraph=paras[-1].index,
                      chapter=paras[-1].chapter, cue=cue)
        scene.place = _first_entity(paras, PLACE_LABELS)
        scene.time = cue[6:] if cue.startswith("time: ") else _first_entity(paras, TIME_LABELS)
        scenes.append(scene)
    _fill_participants(story, scenes)
    story.scenes = scenes
