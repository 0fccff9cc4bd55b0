"""Evaluate fabula on LitBank (Bamman et al. 2019-2020): quotations, PER entities, coreference.

LitBank gives each excerpt as tokens, one sentence a line. fabula should see prose, so each
document is rebuilt as text (:func:`rebuild_text`): tokens are joined with the spacing a
printed book would have (no space before ``,`` or ``n't``, none inside quote marks) and
sentences are grouped into paragraphs (LitBank keeps no paragraph breaks, so a new paragraph
starts where a speech opens outside any open quotation, not after a colon nor where a speech
broken off by its tag goes on (``"Oh tut!" said Miss Betsey. "Don't do that!"``), the usual
layout of dialogue, and where a sentence of narration opens with a capital right after a
speech, as three in four such sentences do in PDNC's novels, whose paragraphs are known). Every
token's character span is kept, so gold annotations map exactly onto ``Story.text``.

Definitions (micro-averaged over documents):

* **Quotation detection** P/R/F1: as for PDNC, a gold quotation is found when a spoken
  predicted quotation overlaps it by a character (gold spans include the quote marks,
  fabula's do not; overlap makes that difference irrelevant).
* **Speaker accuracy** over all 1,765 attributed gold quotations (missed = wrong). Each
  predicted character maps to the gold coreference entity that most of its names fall on
  (a fabula mention falls on the gold mention it overlaps with the best Jaccard ratio; a
  character never named is mapped by its descriptions, then by its pronouns:
  :func:`map_characters`); the speaker is right when it maps to the entity of the
  quotation's ``ATTRIB`` row.
* **PER** P/R/F1: fabula's proper and nominal mentions, and the title that opens a name
  (:attr:`fabula.model.Mention.title`: LitBank annotates "Mr." of "Mr. Darcy" as a PER
  entity nested in the name), against the gold PER spans of ``entities/tsv`` at every
  nesting level, exact character span match. fabula's mention
  tagger and pronoun ranker are trained on LitBank, so each document is read with the weights
  trained without its fold (:mod:`fabula.training`): every figure is held-out.
* **Coreference**: MUC, B³, CEAF-e and their mean (the CoNLL F1), with gold chains restricted
  to PER entities (fabula tracks people only); fabula's mentions of all kinds form the
  response, grouped by character or by group of people (:attr:`fabula.model.Mention.group`),
  unresolved ones as singletons. Mentions match by exact span.
* **he/she**: of the narration's "he", "him", "his", "she", "her" (and "-self", "hers")
  that fabula finds exactly where a gold mention of a person is, whose person the gold chains
  mention earlier, the share whose character maps to that person (as for speakers): how well
  the pronouns that matter most to a reader are resolved.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Story
from ..pipeline import Pipeline
from ..stages.characters import pronoun_gender
from ..stages.quotes import DOUBLE_CLOSE, DOUBLE_OPEN, SINGLE_CLOSE, SINGLE_OPEN, SPEECH_FORMS
from .metrics import COREF_METRICS, CorefCounts, Counts, coref_counts, match_quotes
from .runner import run_all

Span = tuple[int, int]
# Tokens written against the previous word in print.
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}%") | {"...", "n't", "n’t"}
_OPENERS = frozenset("([{")
_DIALOGUE_DASHES = frozenset({"—", "--"})


@dataclass
class Rebuilt:
    """A LitBank document as prose: the text and each token's span, by sentence."""

    text: str
    tokens: list[list[Span]]

    def span(self, sentence: int, first: int, last: int) -> Span:
        """Character span of tokens ``first..last`` (inclusive) of ``sentence``."""
        return self.tokens[sentence][first][0], self.tokens[sentence][last][1]

    def multi_span(self, start: tuple[int, int], end: tuple[int, int]) -> Span:
        """Character span from token ``start`` to token ``end``, each ``(sentence, token)``."""
        return self.tokens[start[0]][start[1]][0], self.tokens[end[0]][end[1]][1]


# Marks after which a straight single quote closes a speech.
_SPEECH_END = ".,!?;:-—"


def _quote_role(token: str, open_marks: dict[str, bool]) -> str:
    """``"open"``, ``"close"`` or ``""``: what a token does to the quotation state.

    Straight quotes open or close by parity; a lone ``’`` closes only an open ``‘`` (it is
    otherwise a plural possessive).
    """
    if token in DOUBLE_OPEN or token in SINGLE_OPEN:
        return "open"
    if token in DOUBLE_CLOSE:
        return "close"
    if token == SINGLE_CLOSE:
        return "close" if open_marks["single"] else ""
    if token in ('"', "''", "``"):
        return "close" if open_marks["double"] else "open"
    return ""


def _sentence_roles(sentence: list[str], open_marks: dict[str, bool]) -> tuple[list[str], dict[str, bool]]:
    """The quotation role of each token of a sentence, from the state ``open_marks``, and the
    state after it.

    A straight single quote (``'``, a token of its own in LitBank, as are the apostrophes of
    "goin '") opens a speech before a word when no word comes just before it, and closes an
    open one after the speech's last punctuation.
    """
    state = dict(open_marks)
    roles: list[str] = []
    for n, token in enumerate(sentence):
        if token == "'":
            prev = sentence[n - 1] if n else None
            nxt = sentence[n + 1] if n + 1 < len(sentence) else ""
            if not state["single"] and (prev is None or not prev[-1:].isalnum()) and nxt[:1].isalnum():
                role = "open"
            elif state["single"] and prev is not None and prev[-1:] in _SPEECH_END:
                role = "close"
            else:
                role = ""
            kind = "single"
        else:
            role = _quote_role(token, state)
            kind = "single" if token in SINGLE_OPEN or token == SINGLE_CLOSE else "double"
        if role:
            state[kind] = role == "open"
        roles.append(role)
    return roles, state


def _short_tag(sentence: list[str]) -> bool:
    """A sentence that is nothing but a speech tag ("I said.", "Mr. Lockwood muttered
    angrily."), which stays with its speech; "Mr. Bennet replied that he had not." is narration."""
    verb = next((k for k, token in enumerate(sentence[:4]) if token.lower() in SPEECH_FORMS), None)
    return verb is not None and verb > 0 and len(sentence) - verb <= 3 and all(
        token[:1].isupper() for token in sentence[:verb])


def _speech_goes_on(sentence: list[str], roles: list[str]) -> bool:
    """Is this sentence a speech broken off by its tag, after which the speaker goes on in
    the same paragraph: ``"Oh tut, tut!" said Miss Betsey, in a hurry.`` / ``"Don't do that!"``?

    In PDNC's novels, whose paragraphs are known, a speech that ends in a comma, semicolon or
    exclamation mark and a lower-case tag sentence is followed by more speech in the same
    paragraph two times in three (the same speaker); after a question and its tag, the next
    speech opens a paragraph two times in three (the answer).
    """
    if not sentence or roles[0] != "open" or sentence[-1] != ".":
        return False
    close = next((k for k, role in enumerate(roles) if role == "close"), None)
    return (close is not None and close > 0 and sentence[close - 1] in {",", "!", ";"}
            and close + 1 < len(sentence) - 1 and sentence[close + 1][:1].islower() and "open" not in roles[close:])


def rebuild_text(sentences: list[list[str]]) -> Rebuilt:
    """Prose text for tokenised sentences, with the character span of every token."""
    parts: list[str] = []
    length = 0
    spans: list[list[Span]] = []
    open_marks = {"double": False, "single": False}
    glue = True  # no space before the next token (start of a paragraph, after an opening mark)
    closed = False  # the last sentence ended a speech
    in_dash = False  # the paragraph being written opens with a dialogue dash
    broken_off = False  # the last sentence was a speech broken off by its tag
    for s, sentence in enumerate(sentences):
        roles, after = _sentence_roles(sentence, open_marks)
        speech_opens = bool(sentence) and roles[0] == "open"
        after_colon = bool(s and sentences[s - 1]) and sentences[s - 1][-1] == ":"
        # Narration that opens a new sentence after a speech mostly starts a paragraph
        # ("...at last?" / Mr. Bennet replied that he had not.); a tag in lower case does not.
        narration_after = (closed and not any(open_marks.values()) and sentence[:1] != [] and sentence[0][:1].isupper()
                           and not _short_tag(sentence))
        # "— Our mighty mother!"; not a dash inside a speech still open ("...HE LOVES ME! / -- "
        # and sprinkling...": the mark after it closes the speech).
        dash_speech = sentence[:1] != [] and sentence[0] in _DIALOGUE_DASHES and not any(open_marks.values())
        # After a dash speech, narration that introduces the next one ("Stephen had answered:
        # -- A gentleman.") is a paragraph of its own, as in print.
        introduces_dash = in_dash and any(a == ":" and b in _DIALOGUE_DASHES for a, b in zip(sentence, sentence[1:]))
        if s and (dash_speech or introduces_dash or not after_colon and (
                (speech_opens and not any(open_marks.values()) or sentence[:1] == ["“"]) and not broken_off
                or narration_after)):
            parts.append("\n\n")
            length += 2
            glue = True
            roles, after = _sentence_roles(sentence, {"double": False, "single": False})
            in_dash = dash_speech
        row: list[Span] = []
        for t, (token, role) in enumerate(zip(sentence, roles)):
            if t and token in _DIALOGUE_DASHES and sentence[t - 1] == ":":
                # "His mother said: -- O, Stephen will apologize.": the dash opens a paragraph
                parts.append("\n\n")
                length += 2
                glue = True
                in_dash = True
            attached = role == "close" or token in _NO_SPACE_BEFORE or (
                token[:1] in "'’" and token[1:2].isalpha()
            )
            if not glue and not attached:
                parts.append(" ")
                length += 1
            row.append((length, length + len(token)))
            parts.append(token)
            length += len(token)
            glue = role == "open" or token in _OPENERS
        open_marks = after
        closed = bool(sentence) and roles[-1] == "close"
        broken_off = _speech_goes_on(sentence, roles)
        spans.append(row)
    return Rebuilt("".join(parts), spans)


def read_sentences(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if lines and not lines[-1]:
        lines.pop()  # the newline that ends the file, when there is one
    return [line.split(" ") if line.strip() else [] for line in lines]


@dataclass
class Gold:
    """One LitBank document's annotation, in character offsets of the rebuilt text."""

    quotes: list[tuple[Span, str]]  # (span, speaker entity), sorted by start
    mentions: dict[Span, str]  # coreference mention -> entity
    person_entities: set[str]
    per_spans: set[Span]


def _per_spans(path: Path, rebuilt: Rebuilt) -> set[Span]:
    """Gold PER spans of an ``entities/tsv`` file, at every nesting level."""
    spans: set[Span] = set()
    sentence, token = 0, 0
    open_at: dict[int, int] = {}  # nesting column -> start offset of the open PER span
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if not cells[0]:
                for start in open_at.values():
                    spans.add((start, rebuilt.tokens[sentence][token - 1][1]))
                open_at, sentence, token = {}, sentence + 1, 0
                continue
            if sentence >= len(rebuilt.tokens) or token >= len(rebuilt.tokens[sentence]):
                raise InputError(f"{path.name} does not match its text file (sentence {sentence})")
            for col, label in enumerate(cells[1:]):
                if col in open_at and label != "I-PER":
                    spans.add((open_at.pop(col), rebuilt.tokens[sentence][token - 1][1]))
                if label == "B-PER":
                    open_at[col] = rebuilt.tokens[sentence][token][0]
            token += 1
    for start in open_at.values():
        spans.add((start, rebuilt.tokens[sentence][token - 1][1]))
    return spans


def load_gold(root: Path, name: str, rebuilt: Rebuilt) -> Gold:
    """Quotations, coreference mentions and PER spans of document ``name``."""
    mention_span: dict[str, Span] = {}
    mention_type: dict[str, str] = {}
    entity_of: dict[str, str] = {}
    for row in _rows(root / "coref" / "tsv" / f"{name}.ann"):
        if row[0] == "MENTION":
            s1, t1, s2, t2 = map(int, row[2:6])
            mention_span[row[1]] = rebuilt.multi_span((s1, t1), (s2, t2))
            mention_type[row[1]] = row[7]
        elif row[0] == "COREF":
            entity_of[row[1]] = row[2]
    mentions = {span: entity_of.get(t, t) for t, span in mention_span.items()}  # unlinked = singleton
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for t, span in mention_span.items():
        types[mentions[span]][mention_type[t]] += 1
    person_entities = {e for e, c in types.items() if c.most_common(1)[0][0] == "PER"}

    quote_span: dict[str, Span] = {}
    speaker: dict[str, str] = {}
    for row in _rows(root / "quotations" / "tsv" / f"{name}.ann"):
        if row[0] == "QUOTE":
            s1, t1, s2, t2 = map(int, row[2:6])
            quote_span[row[1]] = rebuilt.multi_span((s1, t1), (s2, t2))
        elif row[0] == "ATTRIB":
            speaker[row[1]] = row[2]
    quotes = sorted((quote_span[q], speaker.get(q, "")) for q in quote_span)
    per = _per_spans(root / "entities" / "tsv" / f"{name}.tsv", rebuilt)
    return Gold(quotes, mentions, person_entities, per)


def read_document(root: Path, name: str) -> tuple[Rebuilt, Gold]:
    """Document ``name`` of the LitBank folder ``root``, rebuilt as prose, and its annotation."""
    rebuilt = rebuild_text(read_sentences(root / "coref" / "tsv" / f"{name}.txt"))
    return rebuilt, load_gold(root, name, rebuilt)


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip()]


@dataclass
class DocScore:
    """Raw counts for one document; figures are derived so that documents can be summed."""

    doc: str
    gold_quotes: int = 0
    detection: Counts = field(default_factory=Counts)
    speaker_correct: int = 0
    per: Counts = field(default_factory=Counts)
    pronouns: int = 0
    pronouns_right: int = 0
    coref: dict[str, CorefCounts] = field(default_factory=lambda: {m: CorefCounts() for m in COREF_METRICS})
    seconds: float = 0.0

    def add(self, other: "DocScore") -> None:
        self.gold_quotes += other.gold_quotes
        self.detection += other.detection
        self.speaker_correct += other.speaker_correct
        self.per += other.per
        self.pronouns += other.pronouns
        self.pronouns_right += other.pronouns_right
        for m in COREF_METRICS:
            self.coref[m] += other.coref[m]
        self.seconds += other.seconds

    def figures(self) -> dict[str, Any]:
        coref = {f"{m}_f1": round(self.coref[m].f1, 4) for m in COREF_METRICS}
        return {
            "doc": self.doc,
            "quotes": self.gold_quotes,
            "det_p": round(self.detection.precision, 4),
            "det_r": round(self.detection.recall, 4),
            "det_f1": round(self.detection.f1, 4),
            "speaker_acc": round(self.speaker_correct / self.gold_quotes, 4) if self.gold_quotes else 0.0,
            "per_p": round(self.per.precision, 4),
            "per_r": round(self.per.recall, 4),
            "per_f1": round(self.per.f1, 4),
            **coref,
            "conll_f1": round(sum(self.coref[m].f1 for m in COREF_METRICS) / len(COREF_METRICS), 4),
            "pronoun_acc": round(self.pronouns_right / self.pronouns, 4) if self.pronouns else 0.0,
            "seconds": round(self.seconds, 1),
        }


class _MentionIndex:
    """Finds the gold mention a predicted span falls on, without a scan of every mention."""

    def __init__(self, mentions: dict[Span, str]) -> None:
        self.spans = sorted(mentions)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def best(self, start: int, end: int) -> Span | None:
        """The gold span with the highest Jaccard overlap with ``start..end`` (None if none)."""
        best, best_score = None, 0.0
        i = bisect_right(self.starts, start - self.longest)
        while i < len(self.spans) and self.spans[i][0] < end:
            s, e = self.spans[i]
            inter = min(e, end) - max(s, start)
            if inter > 0:
                score = inter / (max(e, end) - min(s, start))
                if score > best_score:
                    best, best_score = (s, e), score
            i += 1
        return best


def map_characters(story: Story, gold: Gold) -> dict[int, str]:
    """Each predicted character's gold entity: the one most of its names fall on.

    A character is who its names say, as in PDNC's mapping: its proper-name mentions vote
    first; a character never named is mapped by its descriptions, then by the narration's
    pronouns, and only failing those by the pronouns and descriptions inside speeches.
    Counting every mention alike would let errors vouch for themselves: the quoted "I" of a
    speech is attached to whoever the speech was attributed to, and pronouns coreference
    gave the wrong person would carry that person's name over to their true owner
    (*Treasure Island*'s "my father", holding the captain's "he", would "be" the captain).
    """
    index = _MentionIndex(gold.mentions)
    votes: dict[int, list[Counter[str]]] = defaultdict(lambda: [Counter() for _ in range(4)])
    for m in story.mentions:
        if m.character is not None:
            span = index.best(m.start, m.end)
            if span is not None:
                tier = 3 if m.in_quote and m.kind != "proper" else {"proper": 0, "nominal": 1}.get(m.kind, 2)
                votes[m.character][tier][gold.mentions[span]] += 1
    return {c: next(v for v in tiers if v).most_common(1)[0][0] for c, tiers in votes.items()}


def score_doc(item: tuple[Path, str, int], pipeline: Pipeline) -> DocScore:
    """Run fabula on one rebuilt LitBank document and count what it got right.

    The document is read with the mention tagger and the pronoun ranker that were trained
    without its fold, so no figure here comes from a document fabula was trained on.
    """
    root, name, fold = item
    rebuilt, gold = read_document(root, name)
    started = time.perf_counter()
    held_out = pipeline.replaced("mentions", tagger=f"fold-{fold}").replaced("coref", ranker=f"fold-{fold}")
    story = held_out(Story(text=rebuilt.text, title=name))
    score = DocScore(name, seconds=time.perf_counter() - started)

    mapping = map_characters(story, gold)
    predicted = sorted((q for q in story.quotes if q.spoken), key=lambda q: q.start)
    matches, hit = match_quotes([[span] for span, _ in gold.quotes], [q.spans for q in predicted])
    for (_, entity), match in zip(gold.quotes, matches):
        score.gold_quotes += 1
        if match is None:
            score.detection.fn += 1
            continue
        score.detection.tp += 1
        speaker = predicted[match].speaker
        score.speaker_correct += speaker is not None and mapping.get(speaker) == entity
    score.detection.fp = len(predicted) - len(hit)

    found = {(m.start, m.end) for m in story.mentions if m.kind in ("proper", "nominal")}
    found |= {m.title for m in story.mentions if m.title is not None}  # "Mr." of "Mr. Darcy", nested
    score.per = Counts(len(found & gold.per_spans), len(found - gold.per_spans), len(gold.per_spans - found))

    key: dict[str, set[Span]] = defaultdict(set)
    for span, entity in gold.mentions.items():
        if entity in gold.person_entities:
            key[entity].add(span)
    response: dict[object, set[Span]] = defaultdict(set)
    for m in story.mentions:
        chain = m.character if m.character is not None else ("group", m.group) if m.group is not None else ("alone", m.id)
        response[chain].add((m.start, m.end))
    score.coref = coref_counts(list(key.values()), list(response.values()))
    score.pronouns, score.pronouns_right = _pronoun_counts(story, gold, mapping)
    return score


def _pronoun_counts(story: Story, gold: Gold, mapping: dict[int, str]) -> tuple[int, int]:
    """(scored, right) narration "he"/"she" pronouns (definition: module docstring)."""
    first_seen: dict[str, int] = {}
    for (start, _), entity in gold.mentions.items():
        first_seen[entity] = min(start, first_seen.get(entity, start))
    scored = right = 0
    for m in story.mentions:
        entity = gold.mentions.get((m.start, m.end))
        if (m.kind == "pronoun" and not m.in_quote and pronoun_gender(m.text) in ("he", "she")
                and entity in gold.person_entities and first_seen[entity] < m.start):
            scored += 1
            right += m.character is not None and mapping.get(m.character) == entity
    return scored, right


def documents(root: Path) -> list[str]:
    """Names of the LitBank documents that have quotation, coreference and entity files."""
    quotes = root / "quotations" / "tsv"
    if not quotes.is_dir():
        raise InputError(f"{root} is not a LitBank folder (no quotations/tsv inside)")
    return sorted(
        p.stem for p in quotes.glob("*.ann")
        if (root / "coref" / "tsv" / f"{p.stem}.ann").exists() and (root / "entities" / "tsv" / f"{p.stem}.tsv").exists()
    )


def evaluate(root: Path, selected: list[str] | None = None, jobs: int = 1) -> list[DocScore]:
    """Score every (or every selected) LitBank document; the last item is the overall total."""
    from ..training import fold_of

    items = [(root, n, fold_of(i)) for i, n in enumerate(documents(root))
             if not selected or n in selected or n.split("_")[0] in selected]
    scores = run_all(score_doc, items, jobs=jobs, desc="LitBank")
    total = DocScore("overall")
    for s in scores:
        total.add(s)
    return scores + [total]
