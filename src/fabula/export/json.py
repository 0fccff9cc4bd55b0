"""The ``fabula/1`` JSON document: the stable, documented output format.

The schema is in ``fabula/schema/fabula-1.schema.json`` and described in ``docs/json.md``.
Fields are only ever added within ``fabula/1``; renaming or removing one makes ``fabula/2``.
Offsets refer to the ``text`` field, which is the exact text fabula analysed.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from ..fileio import atomic_open
from ..model import Story

SCHEMA_ID = "fabula/1"


def _sentences(story: Story) -> list[dict[str, int]]:
    out: list[dict[str, int]] = []
    for p in story.paragraphs:
        if p.doc is None:
            continue
        for sent in p.doc.sents:
            out.append({"start": p.start + sent.start_char, "end": p.start + sent.end_char, "paragraph": p.index})
    return out


def story_to_dict(story: Story) -> dict[str, Any]:
    """The whole model as plain JSON-serialisable data."""
    from .. import __version__

    names = {c.id: c.name for c in story.characters}
    doc: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "fabula_version": __version__,
        "title": story.title,
        "source": story.source,
        "warnings": list(story.warnings),
        "text": story.text,
        "stats": {
            "words": story.word_count,
            "paragraphs": len(story.paragraphs),
            "characters": len(story.characters),
            "quotes": len(story.quotes),
        },
        "paragraphs": [
            {"index": p.index, "start": p.start, "end": p.end, "kind": p.kind, "chapter": p.chapter}
            for p in story.paragraphs
        ],
        "sentences": _sentences(story),
        "characters": [
            {
                "id": c.id,
                "name": c.name,
                "aliases": list(c.aliases),
                "gender": c.gender,
                "pronouns": _PRONOUN_SETS[c.gender],
                "mention_count": c.mention_count,
                "first_mention": c.first_mention,
                "narrator": c.narrator,
            }
            for c in story.characters
        ],
        "mentions": [
            {
                "id": m.id,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "kind": m.kind,
                "character": m.character,
                "paragraph": m.paragraph,
                "in_quote": m.in_quote,
                "group": m.group,
            }
            for m in story.mentions
        ],
        "quotes": [
            {
                "id": q.id,
                "start": q.start,
                "end": q.end,
                "spans": [[s, e] for s, e in q.spans],
                "text": story.quote_text(q),
                "paragraph": q.paragraph,
                "spoken": q.spoken,
                "speaker": q.speaker,
                "speaker_name": names.get(q.speaker) if q.speaker is not None else None,
                "speaker_mention": q.speaker_mention,
                "addressees": list(q.addressees),
                "confidence": round(float(q.confidence), 4),
                "type": q.type,
            }
            for q in story.quotes
        ],
        "scenes": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "first_paragraph": s.first_paragraph,
                "last_paragraph": s.last_paragraph,
                "chapter": s.chapter,
                "participants": list(s.participants),
                "cue": s.cue,
                "place": s.place,
                "time": s.time,
            }
            for s in story.scenes
        ],
        "analysis": story.extras,
        "timings": {k: round(v, 4) for k, v in story.timings.items()},
    }
    return doc


_PRONOUN_SETS: dict[str, list[str]] = {
    "he": ["he", "him", "his"],
    "she": ["she", "her", "hers"],
    "they": ["they", "them", "their"],
    "it": ["it", "its"],
    "unknown": [],
}


def story_to_json(story: Story, indent: int | None = None) -> str:
    return json.dumps(story_to_dict(story), ensure_ascii=False, indent=indent, default=_default)


def _default(obj: Any) -> Any:
    """numpy scalars and arrays that analysis stages may leave in ``extras``."""
    if hasattr(obj, "tolist"):
        return obj.tolist()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def load_schema() -> dict[str, Any]:
    """The JSON Schema of ``fabula/1`` documents, shipped inside the package."""
    return json.loads(resources.files("fabula").joinpath("schema/fabula-1.schema.json").read_text("utf-8"))


def validate(document: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if ``document`` is not a valid ``fabula/1`` document."""
    import jsonschema

    jsonschema.validate(document, load_schema())


def write_json(story: Story, out_dir: Path, stem: str) -> list[Path]:
    """Write ``stem.json`` atomically (a temporary file renamed into place)."""
    path = out_dir / f"{stem}.json"
    with atomic_open(path) as fh:
        fh.write(story_to_json(story, indent=1))
    return [path]
