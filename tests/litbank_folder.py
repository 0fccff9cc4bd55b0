"""One-document LitBank folders written for the tests (LitBank's own files are not needed)."""

from __future__ import annotations

from pathlib import Path

LITBANK_SENTENCES = [
    "Anna Price and Tom Hale stood at the gate .",
    "“ Are you coming ? ” asked Anna .",
    "“ No , ” said Tom .",
]

#: A coreference mention: (id, sentence, first token, last token, entity, kind).
MentionRow = tuple[str, int, int, int, str, str]


def write_document(root: Path, sentences: list[str], mentions: list[MentionRow], quotes: list[str] = (),
                   per: dict[tuple[int, int], str] | None = None, name: str = "1_test_brat") -> str:
    """A one-document LitBank folder: its text (one sentence a line), coreference mentions,
    quotation rows and PER labels (``per[(sentence, token)]``); returns the document name."""
    for sub in ("coref/tsv", "quotations/tsv", "entities/tsv"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "coref/tsv" / f"{name}.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    rows = [f"MENTION\t{t}\t{s}\t{a}\t{s}\t{b}\tx\tPER\t{kind}" for t, s, a, b, _, kind in mentions]
    rows += [f"COREF\t{t}\t{entity}-0" for t, _, _, _, entity, _ in mentions]
    (root / "coref/tsv" / f"{name}.ann").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "quotations/tsv" / f"{name}.ann").write_text("\n".join(quotes) + "\n", encoding="utf-8")
    lines = []
    for s, sentence in enumerate(sentences):
        lines += [f"{tok}\t{(per or {}).get((s, t), 'O')}\tO\tO\tO\t" for t, tok in enumerate(sentence.split())] + [""]
    (root / "entities/tsv" / f"{name}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return name


def write_litbank(root: Path, speakers: tuple[str, str]) -> str:
    """A one-document LitBank folder of a two-line exchange whose speakers are ``speakers``."""
    mentions = [("T1", 0, 0, 1, "Anna", "PROP"), ("T2", 0, 3, 4, "Tom", "PROP"),
                ("T3", 1, 2, 2, "Tom", "PRON"), ("T4", 1, 7, 7, "Anna", "PROP"), ("T5", 2, 5, 5, "Tom", "PROP")]
    quotes = ["QUOTE\tQ1\t1\t0\t1\t4\t“ Are you coming ? ”", "QUOTE\tQ2\t2\t0\t2\t3\t“ No , ”",
              f"ATTRIB\tQ1\t{speakers[0]}-0", f"ATTRIB\tQ2\t{speakers[1]}-0"]
    per = {(0, 0): "B-PER", (0, 1): "I-PER", (0, 3): "B-PER", (0, 4): "I-PER", (1, 7): "B-PER", (2, 5): "B-PER"}
    return write_document(root, LITBANK_SENTENCES, mentions, quotes, per)
