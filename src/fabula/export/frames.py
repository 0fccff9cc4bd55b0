"""pandas DataFrames of the model's records, for analysis in notebooks.

One row per record; character ids are resolved to names so a frame reads on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Story

if TYPE_CHECKING:
    import pandas as pd


def quotes_df(story: Story) -> "pd.DataFrame":
    import pandas as pd

    names = {c.id: c.name for c in story.characters}
    rows = [
        {
            "id": q.id,
            "start": q.start,
            "end": q.end,
            "n_spans": len(q.spans),
            "text": story.quote_text(q),
            "paragraph": q.paragraph,
            "spoken": q.spoken,
            "speaker": q.speaker,
            "speaker_name": names.get(q.speaker) if q.speaker is not None else None,
            "addressees": list(q.addressees),
            "addressee_names": [names[a] for a in q.addressees if a in names],
            "confidence": q.confidence,
            "type": q.type,
        }
        for q in story.quotes
    ]
    return pd.DataFrame(rows, columns=("id start end n_spans text paragraph spoken speaker "
                                               "speaker_name addressees addressee_names confidence type").split())


def characters_df(story: Story) -> "pd.DataFrame":
    import pandas as pd

    lines: dict[int, int] = {}
    words: dict[int, int] = {}
    for q in story.quotes:
        if q.speaker is not None and q.spoken:
            lines[q.speaker] = lines.get(q.speaker, 0) + 1
            words[q.speaker] = words.get(q.speaker, 0) + len(story.quote_text(q).split())
    rows = [
        {
            "id": c.id,
            "name": c.name,
            "aliases": list(c.aliases),
            "gender": c.gender,
            "mention_count": c.mention_count,
            "first_mention": c.first_mention,
            "narrator": c.narrator,
            "lines": lines.get(c.id, 0),
            "words_spoken": words.get(c.id, 0),
        }
        for c in story.characters
    ]
    return pd.DataFrame(rows, columns=("id name aliases gender mention_count first_mention "
                                               "narrator lines words_spoken").split())


def mentions_df(story: Story) -> "pd.DataFrame":
    import pandas as pd

    names = {c.id: c.name for c in story.characters}
    rows = [
        {
            "id": m.id,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "kind": m.kind,
            "character": m.character,
            "character_name": names.get(m.character) if m.character is not None else None,
            "paragraph": m.paragraph,
            "in_quote": m.in_quote,
            "group": m.group,
        }
        for m in story.mentions
    ]
    return pd.DataFrame(rows, columns=("id start end text kind character character_name paragraph in_quote group").split())


def scenes_df(story: Story) -> "pd.DataFrame":
    import pandas as pd

    rows = [
        {
            "id": s.id,
            "start": s.start,
            "end": s.end,
            "chapter": s.chapter,
            "first_paragraph": s.first_paragraph,
            "last_paragraph": s.last_paragraph,
            "participants": list(s.participants),
            "cue": s.cue,
        }
        for s in story.scenes
    ]
    return pd.DataFrame(rows, columns=("id start end chapter first_paragraph last_paragraph participants cue").split())

