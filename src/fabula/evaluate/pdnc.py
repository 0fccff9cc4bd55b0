"""Evaluate fabula end to end on PDNC (Project Dialogism Novel Corpus).

fabula reads each ``novel_text.txt`` itself, finds the quotations and the characters, and is
scored against the gold annotation. Definitions (all per novel, and micro-averaged overall):

* **Detection** P/R/F1: a gold quotation is found when a predicted spoken quotation overlaps
  it by at least one character; a predicted quotation is right when it overlaps some gold one.
* **Speaker accuracy** over *all* gold quotations (a missed one counts as wrong): the
  predicted quotation overlapping the gold one most must have a speaker that maps to the gold
  speaker. A predicted character maps to the gold character that its names point to in
  ``character_info.csv`` (main name and aliases, compared case- and punctuation-blind),
  weighted by how often each name is used; names shared by two gold characters are ignored,
  and a name the list gives to a character who never speaks, or that the list misses, follows
  the annotated mentions inside the quotations when they link it to one speaking character
  (*Mr. Crawford* is Henry Crawford; *May* is May Welland); and a listed name follows the
  gold explicit tags when they give it to another speaker (*Miss Steele* is Anne Steele).
  Also reported per PDNC quote type (explicit, anaphoric, implicit).
* **Addressee F1**: micro-averaged over found quotations, predicted addressees mapped as above.
* **ECE**: expected calibration error of the speaker confidence (10 bins) on found quotations.
* **Cast**: the share of gold major and intermediate characters (not PDNC's placeholder
  "_unknowable" for speakers nobody could identify) that exactly one predicted character maps to, and the share of predicted characters whose names point to two or more
  gold characters (each with at least a fifth of its names).
* **Gender**: of the major and intermediate characters found as one cluster whose gold gender
  is M or F, the share whose pronoun set fabula inferred as "he" or "she" accordingly
  ("unknown" counts as wrong).

``--quotes FILE`` also writes what became of each gold quotation (:class:`QuoteOutcome`: found
or not, the gold and the predicted speaker, right or wrong), one tab-separated row each.
"""

from __future__ import annotations

import ast
import csv
import time
from collections import Counter, defaultdict
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from ..lexicon import HONORIFICS
from ..model import Quote, Story
from ..pipeline import Pipeline
from .metrics import Counts, expected_calibration_error, match_quotes, normalise_name
from .runner import run_all

QUOTE_TYPES = ("Explicit", "Anaphoric", "Implicit")
# PDNC's cast lists name the speaker its annotators could not identify "_unknowable" (in two
# novels as an intermediate character): a placeholder, never a character to be found.
PLACEHOLDER = "_"
MERGE_SHARE = 0.2
# A cast-list name moves to the speaking character its annotated mentions point to (see
# _follow_annotated_references) when at least this many, and this share, point there.
REFERENCE_MIN = 3
REFERENCE_SHARE = 2 / 3


@dataclass(frozen=True, slots=True)
class QuoteOutcome:
    """What became of one gold quotation: the row ``fabula evaluate pdnc --quotes`` writes, so
    that anyone can see which speeches fabula gets wrong, not only how many."""

    novel: str
    start: int
    end: int
    gold_type: str
    gold_speaker: str
    #: Did fabula find a spoken quotation overlapping it?
    found: bool
    #: fabula's speaker (its canonical name), empty when none.
    predicted: str
    #: The gold character that speaker's names point to, empty when they point to none.
    predicted_gold: str
    confidence: float
    predicted_type: str
    right: bool
    #: The opening words of the gold quotation.
    text: str


OUTCOME_FIELDS = tuple(QuoteOutcome.__slots__)
# How much of each quotation a --quotes row shows.
OUTCOME_TEXT = 80


def write_outcomes(path: Path, outcomes: list[QuoteOutcome]) -> None:
    """Write the outcomes as a tab-separated table with a header row."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t")
        writer.writerow(OUTCOME_FIELDS)
        for o in outcomes:
            writer.writerow([int(v) if isinstance(v, bool) else v for v in astuple(o)])


@dataclass
class NovelScore:
    """Raw counts for one novel; figures are derived so that novels can be summed."""

    novel: str
    gold_quotes: int = 0
    detection: Counts = field(default_factory=Counts)
    speaker_correct: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    type_total: Counter[str] = field(default_factory=Counter)
    addressees: Counts = field(default_factory=Counts)
    confidences: list[float] = field(default_factory=list)
    correct: list[bool] = field(default_factory=list)
    cast_found: int = 0
    cast_total: int = 0
    merged: int = 0
    clusters: int = 0
    gender_right: int = 0
    gender_total: int = 0
    seconds: float = 0.0
    outcomes: list[QuoteOutcome] = field(default_factory=list)

    def add(self, other: "NovelScore") -> None:
        self.gold_quotes += other.gold_quotes
        self.detection += other.detection
        self.speaker_correct += other.speaker_correct
        self.by_type.update(other.by_type)
        self.type_total.update(other.type_total)
        self.addressees += other.addressees
        self.confidences += other.confidences
        self.correct += other.correct
        self.cast_found += other.cast_found
        self.cast_total += other.cast_total
        self.merged += other.merged
        self.clusters += other.clusters
        self.gender_right += other.gender_right
        self.gender_total += other.gender_total
        self.seconds += other.seconds
        self.outcomes += other.outcomes

    def figures(self) -> dict[str, Any]:
        def share(a: float, b: float) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "novel": self.novel,
            "quotes": self.gold_quotes,
            "det_p": round(self.detection.precision, 4),
            "det_r": round(self.detection.recall, 4),
            "det_f1": round(self.detection.f1, 4),
            "speaker_acc": share(self.speaker_correct, self.gold_quotes),
            **{f"{t.lower()}_acc": share(self.by_type[t], self.type_total[t]) for t in QUOTE_TYPES},
            "addressee_f1": round(self.addressees.f1, 4),
            "ece": round(expected_calibration_error(self.confidences, self.correct), 4),
            "cast_found": share(self.cast_found, self.cast_total),
            "cast_merged": share(self.merged, self.clusters),
            "gender_acc": share(self.gender_right, self.gender_total),
            "seconds": round(self.seconds, 1),
        }


@dataclass
class Gold:
    """One novel's annotation."""

    quotes: list[dict[str, Any]]
    alias_to_gold: dict[str, str]
    main_characters: list[str]
    #: Gold gender (M, F, X...) of each main character.
    genders: dict[str, str] = field(default_factory=dict)


def novels(root: Path) -> list[Path]:
    """Novel folders under ``root`` (the PDNC folder, or its ``data`` folder)."""
    data = root / "data" if (root / "data").is_dir() else root
    return sorted(p for p in data.iterdir() if (p / "quotation_info.csv").exists())


def load_gold(folder: Path) -> Gold:
    """A novel's quotations and cast; names owned by two gold characters map to neither."""
    owners: dict[str, set[str]] = defaultdict(set)
    main: list[str] = []
    genders: dict[str, str] = {}
    with open(folder / "character_info.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row["Main Name"]
            for alias in {name, *ast.literal_eval(row["Aliases"] or "set()")}:
                owners[normalise_name(alias)].add(name)
            if row.get("Category", "").strip().lower() in ("major", "intermediate") and not name.startswith(PLACEHOLDER):
                main.append(name)
                genders[name] = row.get("Gender", "").strip().upper()
    alias_to_gold = {alias: next(iter(names)) for alias, names in owners.items() if len(names) == 1}
    with open(folder / "quotation_info.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    quotes = []
    for row in rows:
        spans = [tuple(s) for s in ast.literal_eval(row["quoteByteSpans"])]
        addressees = ast.literal_eval(row["addressees"]) if row["addressees"].startswith("[") else []
        quotes.append({"spans": spans, "speaker": row["speaker"], "addressees": addressees, "type": row["quoteType"]})
    _follow_annotated_references(alias_to_gold, owners, rows)
    return Gold(quotes, alias_to_gold, main, genders)


def _follow_annotated_references(alias_to_gold: dict[str, str], owners: dict[str, set[str]],
                                 rows: list[dict[str, str]]) -> None:
    """Map a name to the speaking character the annotators link it to, where the cast list
    gives it to a character who never speaks, or to nobody.

    PDNC's cast list has entries such as *Mr. Crawford* in *Mansfield Park*, a minor character
    with no quotation, while the annotated mentions inside the quotations link "Mr. Crawford"
    to Henry Crawford 45 times in 46. Followed literally, the list scores a cluster that rightly
    joins "Mr. Crawford" and "Henry Crawford" as the wrong man. The list also misses names:
    May Welland, the heroine of *The Age of Innocence*, is listed only as "Miss Welland" and
    "May Wellend", while the annotators link "May" to her; a name that no list entry holds,
    written as a name and sharing a word other than a title with a listed name, follows the
    annotation the same way. A name is moved only when it
    is annotated at least :data:`REFERENCE_MIN` times and :data:`REFERENCE_SHARE` of those
    point to one character who speaks.

    The explicit tags are annotation too, and they overrule both: *Sense and
    Sensibility*'s list gives "Miss Steele" to Lucy Steele, while all twelve quotations
    tagged "said Miss Steele" (or the like) are Anne Steele's, the eldest sister's, as the
    name means in the book. A listed name moves to the speaker its explicit tags point to, by
    the same thresholds; a tag counts for the longest listed name it holds ("said Sir John"
    counts for "sir john", not "john").
    """
    def gold(name: str) -> str:
        return alias_to_gold.get(normalise_name(name), name)

    speaking = {gold(row["speaker"]) for row in rows}
    references: dict[str, Counter[str]] = defaultdict(Counter)
    # Annotated mentions that are names missing from the list: written as names, and sharing a
    # word other than a title with a listed name ("May" of "May Wellend"; not "Mother", "Dear").
    listed_words = {w for alias in owners for w in alias.split()} - HONORIFICS.keys()
    names_used: set[str] = set()
    for row in rows:
        texts = ast.literal_eval(row.get("mentionTextsList") or "[]")
        entities = ast.literal_eval(row.get("mentionEntitiesList") or "[]")
        for part_texts, part_entities in zip(texts, entities):
            for text, linked in zip(part_texts, part_entities):
                if len(linked) == 1:
                    key = normalise_name(text)
                    references[key][gold(linked[0])] += 1
                    if all(w[:1].isupper() for w in text.split()) and listed_words.intersection(key.split()):
                        names_used.add(key)
    unlisted = {alias: set() for alias in names_used if alias not in owners}
    for alias, names in {**owners, **unlisted}.items():
        if names & speaking or alias not in references:
            continue
        target = _decisive(references[alias], speaking)
        if target is not None:
            alias_to_gold[alias] = target
    for alias, speakers in _explicit_tags(alias_to_gold, rows).items():
        target = _decisive(speakers, speaking)
        if target is not None:
            alias_to_gold[alias] = target


def _decisive(votes: Counter[str], speaking: set[str]) -> str | None:
    """The speaking character that at least :data:`REFERENCE_MIN` of a name's annotated
    references, and :data:`REFERENCE_SHARE` of them, point to; None when there is none."""
    target, n = votes.most_common(1)[0]
    if n >= REFERENCE_MIN and n >= REFERENCE_SHARE * sum(votes.values()) and target in speaking:
        return target
    return None


def _explicit_tags(alias_to_gold: dict[str, str], rows: list[dict[str, str]]) -> dict[str, Counter[str]]:
    """For each listed name, the gold speakers of the explicit quotations whose tag ("said
    Miss Steele") holds it as its longest listed name."""
    tagged: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row["quoteType"] != "Explicit":
            continue
        words = normalise_name(row.get("referringExpression") or "").split()
        held = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
        listed = [name for name in held if name in alias_to_gold]
        if listed:
            speaker = alias_to_gold.get(normalise_name(row["speaker"]), row["speaker"])
            tagged[max(listed, key=len)][speaker] += 1
    return tagged


def read_novel(folder: Path) -> Story:
    """The novel exactly as annotated: PDNC offsets index the file's text, so no reader runs."""
    with open(folder / "novel_text.txt", encoding="utf-8", newline="") as fh:
        return Story(text=fh.read(), title=folder.name)


def map_characters(story: Story, gold: Gold) -> tuple[dict[int, str], dict[int, Counter[str]]]:
    """Each predicted character's gold character, by the names its mentions use (and the votes)."""
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    for m in story.mentions:
        if m.character is not None and m.kind == "proper":
            target = gold.alias_to_gold.get(normalise_name(m.name))
            if target:
                votes[m.character][target] += 1
    for c in story.characters:  # characters never named in a mention still have aliases
        if not votes[c.id]:
            for alias in c.aliases:
                target = gold.alias_to_gold.get(normalise_name(alias))
                if target:
                    votes[c.id][target] += 1
    return {c: v.most_common(1)[0][0] for c, v in votes.items() if v}, votes


def score_novel(folder: Path, pipeline: Pipeline) -> NovelScore:
    """Run fabula on one PDNC novel and count what it got right (definitions: module docstring)."""
    gold = load_gold(folder)
    started = time.perf_counter()
    story = pipeline(read_novel(folder))
    score = NovelScore(folder.name, seconds=time.perf_counter() - started)
    mapping, votes = map_characters(story, gold)

    def to_gold(name: str) -> str:
        return gold.alias_to_gold.get(normalise_name(name), name)

    predicted = sorted((q for q in story.quotes if q.spoken), key=lambda q: q.start)
    matches, hit = match_quotes([g["spans"] for g in gold.quotes], [q.spans for q in predicted])
    for g, match in zip(gold.quotes, matches):
        score.gold_quotes += 1
        score.type_total[g["type"]] += 1
        best = predicted[match] if match is not None else None
        gold_speaker = to_gold(g["speaker"])
        right = best is not None and best.speaker is not None and mapping.get(best.speaker) == gold_speaker
        score.outcomes.append(_outcome(folder.name, story, g, gold_speaker, best, mapping, right))
        if best is None:
            score.detection.fn += 1
            continue
        score.detection.tp += 1
        score.speaker_correct += right
        score.by_type[g["type"]] += right
        if best.speaker is not None:
            score.confidences.append(best.confidence)
            score.correct.append(right)
        gold_to = {to_gold(a) for a in g["addressees"]}
        said_to = {mapping[a] for a in best.addressees if a in mapping}
        score.addressees += Counts(len(gold_to & said_to), len(said_to - gold_to), len(gold_to - said_to))
    score.detection.fp = len(predicted) - len(hit)

    found = Counter(gold_name for gold_name in mapping.values())
    score.cast_total = len(gold.main_characters)
    score.cast_found = sum(found[name] == 1 for name in gold.main_characters)
    pronouns = {"M": "he", "F": "she"}
    for character, name in mapping.items():
        if found[name] == 1 and name in gold.main_characters and gold.genders.get(name) in pronouns:
            score.gender_total += 1
            score.gender_right += story.characters[character].gender == pronouns[gold.genders[name]]
    for v in votes.values():
        total = sum(v.values())
        if not total:
            continue
        score.clusters += 1
        score.merged += sum(n >= MERGE_SHARE * total for n in v.values()) >= 2
    return score


def _outcome(novel: str, story: Story, gold_quote: dict[str, Any], gold_speaker: str, best: Quote | None,
             mapping: dict[int, str], right: bool) -> QuoteOutcome:
    start, end = gold_quote["spans"][0][0], gold_quote["spans"][-1][1]
    speaker = best.speaker if best is not None else None
    return QuoteOutcome(
        novel=novel, start=start, end=end, gold_type=gold_quote["type"], gold_speaker=gold_speaker,
        found=best is not None,
        predicted=story.characters[speaker].name if speaker is not None else "",
        predicted_gold=mapping.get(speaker, "") if speaker is not None else "",
        confidence=round(best.confidence, 3) if best is not None else 0.0,
        predicted_type=(best.type or "") if best is not None else "",
        right=right,
        text=" ".join(story.text[start:end].split())[:OUTCOME_TEXT],
    )


def evaluate(root: Path, selected: list[str] | None = None, jobs: int = 1) -> list[NovelScore]:
    """Score every (or every selected) PDNC novel; the last item is the overall total."""
    folders = [f for f in novels(root) if not selected or f.name in selected]
    scores = run_all(score_novel, folders, jobs=jobs, desc="PDNC")
    total = NovelScore("overall")
    for s in scores:
        total.add(s)
    return scores + [total]
