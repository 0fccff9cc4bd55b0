"""BookNLP-compatible TSV files: ``.tokens``, ``.entities`` and ``.quotes``.

Column names and meanings follow BookNLP's output so that scripts written for BookNLP read
fabula's files unchanged. Token ids count over the whole document; ``byte_onset`` and
``byte_offset`` are, as in BookNLP, character offsets into the analysed text. ``.entities``
holds character mentions only (BookNLP's ``cat`` is always ``PER`` here), with the title
that opens a name as an entity nested in it ("Mr." in "Mr. Darcy", as LitBank and BookNLP
have it), and ``COREF`` is the fabula character id (a title takes its name's; a group of
people, :attr:`fabula.model.Mention.group`, is numbered after the characters; -1 for an
unresolved mention); ``.quotes`` uses the tag mention's tokens.
"""

from __future__ import annotations

import bisect
import csv
from pathlib import Path
from typing import Iterable, Iterator

from ..fileio import atomic_open
from ..model import Mention, Story

_PROP = {"proper": "PROP", "nominal": "NOM", "pronoun": "PRON"}


class _TokenIndex:
    """Maps story character offsets to document token ids."""

    def __init__(self, story: Story) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for p in story.paragraphs:
            if p.doc is not None:
                for tok in p.doc:
                    self.starts.append(p.start + tok.idx)
                    self.ends.append(p.start + tok.idx + len(tok.text))

    def first(self, offset: int) -> int:
        """Id of the token containing or following ``offset``."""
        return max(0, min(bisect.bisect_right(self.ends, offset), len(self.ends) - 1))

    def last(self, offset: int) -> int:
        """Id of the token containing or preceding the exclusive end ``offset``."""
        return max(0, bisect.bisect_left(self.starts, offset) - 1)


def write_booknlp(story: Story, out_dir: Path, stem: str) -> list[Path]:
    """Write ``stem.tokens``, ``stem.entities`` and ``stem.quotes`` into ``out_dir``."""
    paths = [out_dir / f"{stem}.{ext}" for ext in ("tokens", "entities", "quotes")]
    index = _TokenIndex(story)
    _write(paths[0], ["paragraph_ID", "sentence_ID", "token_ID_within_sentence", "token_ID_within_document",
                      "word", "lemma", "byte_onset", "byte_offset", "POS_tag", "fine_POS_tag",
                      "dependency_relation", "syntactic_head_ID", "event"], _token_rows(story))
    def coref(m: Mention) -> int | None:
        return m.character if m.group is None else len(story.characters) + m.group

    entities = sorted([(m.start, -m.end, coref(m), m.kind, m.text) for m in story.mentions]
                      + [(m.title[0], -m.title[1], m.character, m.kind, story.text[slice(*m.title)])
                         for m in story.mentions if m.title is not None])
    _write(paths[1], ["COREF", "start_token", "end_token", "prop", "cat", "text"],
           ([character if character is not None else -1, index.first(start), index.last(-end),
             _PROP[kind], "PER", text] for start, end, character, kind, text in entities))
    mentions = {m.id: m for m in story.mentions}
    rows = []
    for q in story.quotes:
        if not q.spoken:
            continue
        m = mentions.get(q.speaker_mention) if q.speaker_mention is not None else None
        rows.append([index.first(q.start), index.last(q.end),
                     index.first(m.start) if m else -1, index.last(m.end) if m else -1,
                     m.text if m else "", q.speaker if q.speaker is not None else -1,
                     story.quote_text(q).replace("\n", " ")])
    _write(paths[2], ["quote_start", "quote_end", "mention_start", "mention_end", "mention_phrase", "char_id", "quote"], rows)
    return paths


def _token_rows(story: Story) -> Iterator[list[object]]:
    doc_offset = 0
    sentence_id = 0
    for p in story.paragraphs:
        if p.doc is None:
            continue
        for sent in p.doc.sents:
            for i, tok in enumerate(sent):
                start = p.start + tok.idx
                yield [p.index, sentence_id, i, doc_offset + tok.i, tok.text, tok.lemma_, start,
                       start + len(tok.text), tok.pos_, tok.tag_, tok.dep_, doc_offset + tok.head.i, "O"]
            sentence_id += 1
        doc_offset += len(p.doc)


def _write(path: Path, header: list[str], rows: Iterable[list[object]]) -> None:
    with atomic_open(path, newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
