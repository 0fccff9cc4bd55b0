"""The trained person-span tagger: candidates, decoding, weights, and how the mentions stage
merges its spans with the rule-based ones."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from fabula.model import Story
from fabula.pipeline import Pipeline
from fabula.linear import HASH_SLOTS, LinearWeights, hashed
from fabula.spantagger import WEIGHTS_DIR, TaggedSpan, candidates, decode, load_weights
from fabula.stages.mentions import rule_mentions, with_tagged


def _texts(doc, cands) -> set[str]:
    return {doc[c.first : c.last + 1].text for c in cands}


def test_candidates_offer_head_left_and_full_extents(nlp) -> None:
    doc = nlp("The old man in the corner laughed at the undertaker.")
    cands = candidates(doc)
    texts = _texts(doc, [c for c in cands if doc[c.head].text == "man"])
    assert {"man", "The old man", "The old man in the corner"} <= texts
    assert len({(c.first, c.last) for c in cands if c.head == cands[0].head}) == len(
        [c for c in cands if c.head == cands[0].head])  # each extent of a head once
    assert not any(doc[c.last].is_punct for c in cands)


def _crosses(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]


def _decode_slowly(spans, heads, probabilities, threshold):
    best: dict[int, int] = {}
    for i, (h, p) in enumerate(zip(heads, probabilities)):
        if p > threshold and (h not in best or p > probabilities[best[h]]):
            best[h] = i
    chosen: list[int] = []
    for i in sorted(best.values(), key=lambda i: -probabilities[i]):
        if not any(_crosses(spans[i], spans[j]) for j in chosen):
            chosen.append(i)
    return sorted(chosen, key=lambda i: spans[i])


def test_decode_matches_the_quadratic_definition() -> None:
    rng = random.Random(7)
    for _ in range(200):
        n = rng.randint(1, 25)
        spans = []
        for _ in range(n):
            s = rng.randint(0, 30)
            spans.append((s, s + rng.randint(1, 12)))
        heads = [rng.randint(0, 8) for _ in range(n)]
        probabilities = np.array([rng.random() for _ in range(n)])
        got = decode(spans, heads, probabilities, threshold=0.3)
        assert got == _decode_slowly(spans, heads, probabilities, 0.3)
        assert not any(_crosses(spans[i], spans[j]) for i in got for j in got)
        assert len({heads[i] for i in got}) == len(got)


def test_weights_round_trip_through_their_compact_file(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    weights = np.zeros(HASH_SLOTS, dtype=np.float32)
    slots = rng.choice(HASH_SLOTS, size=500, replace=False)
    weights[slots] = rng.normal(size=500).astype(np.float32)
    weights[slots[:10]] = 1e-5  # too small to change a decision: not stored
    LinearWeights(weights, -1.25).save(tmp_path / "w.npz")
    loaded = LinearWeights.load(tmp_path / "w.npz")
    assert loaded.bias == pytest.approx(-1.25)
    assert np.allclose(loaded.weights[slots[10:]], weights[slots[10:]], atol=2e-3)
    assert not loaded.weights[slots[:10]].any()
    row = np.array(sorted(slots[10:20]))
    assert loaded.probabilities([row])[0] == pytest.approx(1 / (1 + np.exp(-(weights[row].sum() - 1.25))), abs=1e-2)


def test_feature_slots_are_stable_and_memoised() -> None:
    features = ["w=man", "pos=NOUN", "w=man", "lemma=man"]
    memo: dict[str, int] = {}
    first = hashed(features, memo)
    assert len(first) == 3 and list(first) == sorted(first)
    assert np.array_equal(first, hashed(features))
    assert set(memo) == set(features)


def test_every_shipped_weight_file_loads() -> None:
    names = ["all"] + [f"fold-{k}" for k in range(10)]
    for name in names:
        assert (WEIGHTS_DIR / f"{name}.npz").exists(), name
        assert load_weights(name).weights.any()
    assert sum((WEIGHTS_DIR / f"{n}.npz").stat().st_size for n in names) < 4_000_000


def _tagged(start: int, end: int, head: int) -> TaggedSpan:
    return TaggedSpan(start, end, paragraph=0, head=head, head_pos="NOUN", probability=0.9)


def test_merge_keeps_names_and_pronouns_and_prefers_tagged_descriptions() -> None:
    # "the Hatter said to the old man who ..., and he ..." laid out by offsets.
    rule = [(4, 10, "proper", 0), (20, 27, "nominal", 0), (40, 42, "pronoun", 0), (60, 67, "nominal", 0)]
    tagged = [
        _tagged(0, 10, head=4),  # "the Hatter": headed by a name, so it is the name
        _tagged(20, 35, head=24),  # "the old man who ...": replaces the shorter rule description
        _tagged(8, 15, head=12),  # crosses the name: dropped
    ]
    merged = with_tagged(rule, tagged, "x" * 80)
    assert (4, 10, "proper", 0) in merged and (40, 42, "pronoun", 0) in merged
    assert (20, 35, "nominal", 0) in merged and (20, 27, "nominal", 0) not in merged
    assert (60, 67, "nominal", 0) in merged  # nothing tagged there: the rule's description stays
    assert all((s, e) not in {(0, 10), (8, 15)} for s, e, *_ in merged)


def test_tagger_finds_descriptions_missing_from_the_word_list(run_stages) -> None:
    text = ("The undertaker came in with his hat in his hand. The beadle followed him.\n\n"
            "The undertaker bowed to the old woman, and the beadle coughed.")
    story = run_stages(text, "segment", "parse", "quotes", "mentions")
    found = {m.text.lower() for m in story.mentions if m.kind == "nominal"}
    assert {"the undertaker", "the beadle"} <= found
    assert {"his hat", "his hand"}.isdisjoint(found)
    rules_only = Pipeline(stages=("segment", "parse", "quotes", "mentions"), config={"mentions": {"tagger": None}})
    plain = rules_only(Story(text=text))
    assert [(m.start, m.end, m.kind) for m in plain.mentions] == [(s, e, k) for s, e, k, _ in rule_mentions(plain)]


def test_pipeline_replaced_rebuilds_one_stage_and_shares_the_rest() -> None:
    base = Pipeline(stages=("segment", "parse", "quotes", "mentions"))
    swapped = base.replaced("mentions", tagger="fold-3")
    assert swapped.names == base.names
    assert swapped.stages[1] is base.stages[1]
    assert swapped.stages[3] is not base.stages[3]
    assert swapped.stages[3].weights is load_weights("fold-3")
    with pytest.raises(Exception, match="not in this pipeline"):
        base.replaced("emotion")


def test_the_tagger_may_widen_a_name_only_by_lower_case_words_in_front() -> None:
    text = "and old Cotter, with Jim Brown, Esq. came"
    cotter, brown = (text.index("Cotter"), text.index("Cotter") + 6), (text.index("Jim"), text.index("Brown") + 5)
    rule = [(*cotter, "proper", 0), (*brown, "proper", 0)]
    propn = [
        TaggedSpan(text.index("old"), cotter[1], 0, head=cotter[0], head_pos="PROPN", probability=0.9),
        TaggedSpan(brown[0], text.index("Esq.") + 4, 0, head=text.index("Brown"), head_pos="PROPN", probability=0.9),
    ]
    merged = with_tagged(rule, propn, text)
    assert [text[s:e] for s, e, *_ in merged] == ["old Cotter", "Jim Brown"]
    assert all(kind == "proper" for _, _, kind, _ in merged)


def test_a_mention_name_drops_the_words_a_span_takes_in_front() -> None:
    from fabula.model import Mention

    def name(text: str, kind: str = "proper") -> str:
        return Mention(id=0, start=0, end=len(text), text=text, kind=kind, paragraph=0).name  # type: ignore[arg-type]

    assert name("old Cotter") == "Cotter" and name("dear Mr. Ruskin") == "Mr. Ruskin"
    assert name("Captain Jack Harkness") == "Captain Jack Harkness"
    assert name("the old man", kind="nominal") == "the old man"


def test_a_proper_noun_span_with_no_name_of_the_rules_is_a_description() -> None:
    text = "Then the Martians came, and Charlotte saw the Hatter."
    hatter = (text.index("Hatter"), text.index("Hatter") + 6)
    rule = [(*hatter, "proper", 0)]
    propn = [
        TaggedSpan(text.index("the Martians"), text.index(" came"), 0, head=text.index("Martians"), head_pos="PROPN",
                   probability=0.9),
        # a name of capitalised words alone: the rules turned it down, so the tagger may not add it
        TaggedSpan(text.index("Charlotte"), text.index(" saw"), 0, head=text.index("Charlotte"), head_pos="PROPN",
                   probability=0.9),
        TaggedSpan(text.index("the Hatter"), hatter[1], 0, head=hatter[0], head_pos="PROPN", probability=0.9),
    ]
    merged = {text[s:e]: kind for s, e, kind, _ in with_tagged(rule, propn, text)}
    assert merged == {"the Martians": "nominal", "the Hatter": "proper"}


def test_a_person_noun_missing_from_the_word_list_is_known_from_wordnet(nlp) -> None:
    from fabula.lexicon import PERSON_NOUNS
    from fabula.spantagger import TextContext, span_features

    doc = nlp("The combatants rested beside the haystacks, and a witness watched.")
    context = TextContext({}, {}, {}, Counter(), Counter())

    def features(word: str) -> list[str]:
        cand = next(c for c in candidates(doc) if doc[c.head].text == word and c.extent == "head")
        return span_features(list(doc), cand, 0, context)

    assert "combatant" not in PERSON_NOUNS and "witness" not in PERSON_NOUNS
    assert "wordnet=firstNOUN" in features("combatants")  # a kind of person, by its lemma
    assert "wordnet=firstNOUN" in features("witness")
    assert "wordnet=noneNOUN" in features("haystacks")  # not one
