"""A one-document LitBank folder written for the tests (LitBank's own files are not needed)."""

from __future__ import annotations

from pathlib import Path

LITBANK_SENTENCES = [
    "Anna Price and Tom Hale stood at the gate .",
    "“ Are you coming ? ” asked Anna .",
    "“ No , ” said Tom .",
]


def write_litbank(root: Path, speakers: tuple[str, str]) -> str:
    """A one-document LitBank folder; returns the document name."""
    name = "1_test_brat"
    for sub in ("coref/tsv", "quotations/tsv", "entities/tsv"):
        (root / sub).mkdir(parents=True)
    (root / "coref/tsv" / f"{name}.txt").write_text("\n".join(LITBANK_SENTENCES) + "\n", encoding="utf-8")
    mentions = [("T1", 0, 0, 1, "Anna", "PROP"), ("T2", 0, 3, 4, "Tom", "PROP"),
                ("T3", 1, 2, 2, "Tom", "PRON"), ("T4", 1, 7, 7, "Anna", "PROP"), ("T5", 2, 5, 5, "Tom", "PROP")]
    rows = [f"MENTION\t{t}\t{s}\t{a}\t{s}\t{b}\tx\tPER\t{kind}" for t, s, a, b, _, kind in mentions]
    rows += [f"COREF\t{t}\t{entity}-0" for t, _, _, _, entity, _ in mentions]
    (root / "coref/tsv" / f"{name}.ann").write_text("\n".join(rows) + "\n", encoding="utf-8")
    quotes = ["QUOTE\tQ1\t1\t0\t1\t4\t“ Are you coming ? ”", "QUOTE\tQ2\t2\t0\t2\t3\t“ No , ”",
              f"ATTRIB\tQ1\t{speakers[0]}-0", f"ATTRIB\tQ2\t{speakers[1]}-0"]
    (root / "quotations/tsv" / f"{name}.ann").write_text("\n".join(quotes) + "\n", encoding="utf-8")
    per = {(0, 0): "B-PER", (0, 1): "I-PER", (0, 3): "B-PER", (0, 4): "I-PER", (1, 7): "B-PER", (2, 5): "B-PER"}
    lines = []
    for s, sentence in enumerate(LITBANK_SENTENCES):
        lines += [f"{tok}\t{per.get((s, t), 'O')}\tO\tO\tO\t" for t, tok in enumerate(sentence.split())] + [""]
    (root / "entities/tsv" / f"{name}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return name
