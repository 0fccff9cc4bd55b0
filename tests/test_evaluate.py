"""The evaluation command's scoring, on a tiny PDNC-shaped novel written for the test."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fabula.evaluate.metrics import Counts, expected_calibration_error, normalise_name
from fabula.evaluate.pdnc import load_gold, score_novel

from litbank_folder import write_document, write_litbank

TEXT = (
    "Anna Price and Tom Hale stood at the gate. Anna was cold and she shivered.\n\n"
    '"Are you coming?" asked Anna.\n\n"No," said Tom.\n\nThe wind rose.\n'
)


def test_counts_and_f1() -> None:
    c = Counts(tp=3, fp=1, fn=2)
    assert c.precision == pytest.approx(0.75) and c.recall == pytest.approx(0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 0.0


def test_expected_calibration_error() -> None:
    assert expected_calibration_error([0.9] * 10, [True] * 9 + [False]) == pytest.approx(0.0)
    assert expected_calibration_error([1.0, 1.0], [False, False]) == pytest.approx(1.0)
    assert expected_calibration_error([], []) == 0.0


def test_normalise_name() -> None:
    assert normalise_name("The Mock Turtle") == normalise_name("mock turtle")
    assert normalise_name("Mr. Darcy") == normalise_name("Mr Darcy")


CAST_HEADER = ["Character ID", "Main Name", "Aliases", "Gender", "Category"]


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def _write_novel(folder: Path, speakers: tuple[str, str], genders: tuple[str, str] = ("F", "M")) -> None:
    folder.mkdir()
    (folder / "novel_text.txt").write_text(TEXT, encoding="utf-8")
    _write_csv(folder / "character_info.csv", CAST_HEADER, [
        [0, "Anna Price", "{'Anna', 'Anna Price'}", genders[0], "major"],
        [1, "Tom Hale", "{'Tom', 'Tom Hale'}", genders[1], "major"]])
    spans = []
    for words in ("Are you coming?", "No,"):
        start = TEXT.index(words)
        spans.append([[start, start + len(words)]])
    _write_csv(folder / "quotation_info.csv", ["quoteID", "quoteByteSpans", "speaker", "addressees", "quoteType"], [
        ["Q0", str(spans[0]), speakers[0], "['Tom']", "Explicit"],
        ["Q1", str(spans[1]), speakers[1], "['Anna Price']", "Explicit"]])


def test_score_novel_counts_right_and_wrong_speakers(tmp_path: Path, pipeline) -> None:
    _write_novel(tmp_path / "right", ("Anna Price", "Tom"))
    _write_novel(tmp_path / "wrong", ("Tom Hale", "Anna"))
    right = score_novel(tmp_path / "right", pipeline).figures()
    wrong = score_novel(tmp_path / "wrong", pipeline).figures()
    assert right["det_f1"] == 1.0 and right["quotes"] == 2
    assert right["speaker_acc"] == 1.0 and right["explicit_acc"] == 1.0
    assert right["addressee_f1"] == 1.0
    assert right["cast_found"] == 1.0 and right["cast_merged"] == 0.0
    assert wrong["speaker_acc"] == 0.0


def test_score_novel_keeps_what_became_of_each_gold_quotation(tmp_path: Path, pipeline) -> None:
    _write_novel(tmp_path / "wrong", ("Tom Hale", "Anna"))
    with open(tmp_path / "wrong" / "quotation_info.csv", "a", newline="", encoding="utf-8") as fh:
        start = TEXT.index("The wind rose")  # narration, which no speech overlaps
        csv.writer(fh).writerow(["Q2", str([[start, start + 13]]), "Tom", "[]", "Implicit"])
    outcomes = score_novel(tmp_path / "wrong", pipeline).outcomes
    assert [(o.gold_speaker, o.found, o.predicted_gold, o.right) for o in outcomes] == [
        ("Tom Hale", True, "Anna Price", False), ("Anna Price", True, "Tom Hale", False), ("Tom Hale", False, "", False)]
    assert outcomes[0].text == "Are you coming?" and outcomes[0].gold_type == "Explicit"
    assert outcomes[0].predicted_type == "explicit" and outcomes[0].novel == "wrong"
    assert outcomes[2].predicted == "" and outcomes[2].confidence == 0.0


def test_evaluate_pdnc_writes_one_row_per_gold_quotation(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from fabula.cli import main
    from fabula.evaluate.pdnc import OUTCOME_FIELDS

    _write_novel(tmp_path / "right", ("Anna Price", "Tom"))
    out = tmp_path / "quotes.tsv"
    result = CliRunner().invoke(main, ["evaluate", "pdnc", str(tmp_path), "--quotes", str(out)])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert list(rows[0]) == list(OUTCOME_FIELDS)
    assert [(r["gold_speaker"], r["predicted_gold"], r["right"]) for r in rows] == [
        ("Anna Price", "Anna Price", "1"), ("Tom Hale", "Tom Hale", "1")]


def test_score_novel_checks_the_main_casts_pronoun_sets(tmp_path: Path, pipeline) -> None:
    _write_novel(tmp_path / "as_told", ("Anna Price", "Tom"))
    _write_novel(tmp_path / "swapped", ("Anna Price", "Tom"), genders=("M", "F"))
    _write_novel(tmp_path / "unmarked", ("Anna Price", "Tom"), genders=("X", "X"))
    assert score_novel(tmp_path / "as_told", pipeline).figures()["gender_acc"] == 1.0
    assert score_novel(tmp_path / "swapped", pipeline).figures()["gender_acc"] == 0.0
    unmarked = score_novel(tmp_path / "unmarked", pipeline)
    assert unmarked.gender_total == 0  # gold genders other than M and F are not scored


def _write_cast(folder: Path, links: int, silent_speaks: bool = False,
                mentions: tuple[str, ...] = ("Mr. Hale",)) -> None:
    """A cast list that gives "Mr. Hale" to a silent Mr. Hale, and ``links`` quotations whose
    annotated mentions link each of ``mentions`` to Tom Hale."""
    folder.mkdir()
    _write_csv(folder / "character_info.csv", CAST_HEADER, [
        [0, "Anna Price", "{'Anna'}", "F", "major"],
        [1, "Tom Hale", "{'Tom'}", "M", "major"],
        [2, "Mr. Hale", "{'Mr. Hale'}", "M", "minor"]])
    rows: list[list[object]] = [[f"Q{n}", "[[0, 1]]", "Tom", "['Anna']", "Implicit", repr([list(mentions)]),
                                 repr([[["Tom Hale"]] * len(mentions)])] for n in range(links)]
    if silent_speaks:
        rows.append(["Q9", "[[0, 1]]", "Mr. Hale", "[]", "Implicit", "[]", "[]"])
    _write_csv(folder / "quotation_info.csv", ["quoteID", "quoteByteSpans", "speaker", "addressees", "quoteType",
                                               "mentionTextsList", "mentionEntitiesList"], rows)


def test_a_silent_cast_entry_follows_the_annotated_mentions(tmp_path: Path) -> None:
    _write_cast(tmp_path / "linked", links=3)
    _write_cast(tmp_path / "rarely", links=2)
    _write_cast(tmp_path / "speaks", links=3, silent_speaks=True)
    assert load_gold(tmp_path / "linked").alias_to_gold["mr hale"] == "Tom Hale"
    assert load_gold(tmp_path / "rarely").alias_to_gold["mr hale"] == "Mr. Hale"
    assert load_gold(tmp_path / "speaks").alias_to_gold["mr hale"] == "Mr. Hale"


def test_a_name_missing_from_the_cast_list_follows_the_annotated_mentions(tmp_path: Path) -> None:
    # "Tommy Hale" shares a name word with the list; "Mother" and "Dear" are no names of it.
    _write_cast(tmp_path / "linked", links=3, mentions=("Tommy Hale", "Mother", "Dear"))
    _write_cast(tmp_path / "rarely", links=2, mentions=("Tommy Hale",))
    linked = load_gold(tmp_path / "linked").alias_to_gold
    assert linked["tommy hale"] == "Tom Hale"
    assert "mother" not in linked and "dear" not in linked
    assert "tommy hale" not in load_gold(tmp_path / "rarely").alias_to_gold


def _write_tagged(folder: Path, tags: list[tuple[str, str, str]]) -> None:
    """A cast list that gives "Miss Hale" to Lucy Hale, whose sister Anne is only "Anne",
    and one quotation per (speaker, type, tag)."""
    folder.mkdir()
    _write_csv(folder / "character_info.csv", CAST_HEADER, [
        [0, "Lucy Hale", "{'Lucy', 'Miss Hale'}", "F", "major"],
        [1, "Anne Hale", "{'Anne', 'Hale'}", "F", "major"]])
    _write_csv(folder / "quotation_info.csv",
               ["quoteID", "quoteByteSpans", "speaker", "addressees", "quoteType", "referringExpression"],
               [[f"Q{n}", "[[0, 1]]", speaker, "[]", kind, tag] for n, (speaker, kind, tag) in enumerate(tags)])


def test_a_listed_name_follows_the_explicit_tags_that_give_it_to_another_speaker(tmp_path: Path) -> None:
    anne = [("Anne Hale", "Explicit", "said Miss\nHale"), ("Anne Hale", "Explicit", "Miss Hale cried")]
    _write_tagged(tmp_path / "tagged", anne * 2 + [("Lucy Hale", "Explicit", "said Lucy")])
    _write_tagged(tmp_path / "rarely", anne)
    _write_tagged(tmp_path / "anaphoric", [("Anne Hale", "Anaphoric", "said Miss Hale")] * 4)
    _write_tagged(tmp_path / "disputed", anne * 2 + [("Lucy Hale", "Explicit", "said Miss Hale")] * 3)
    assert load_gold(tmp_path / "tagged").alias_to_gold["miss hale"] == "Anne Hale"
    assert load_gold(tmp_path / "tagged").alias_to_gold["lucy"] == "Lucy Hale"
    for folder in ("rarely", "anaphoric", "disputed"):
        assert load_gold(tmp_path / folder).alias_to_gold["miss hale"] == "Lucy Hale", folder


def test_evaluate_pdnc_on_shared_data(shared_data) -> None:
    from click.testing import CliRunner

    from fabula.cli import main

    root = shared_data("pdnc")
    result = CliRunner().invoke(main, ["evaluate", "pdnc", str(root), "--novels", "DaisyMiller"])
    assert result.exit_code == 0, result.output
    assert "DaisyMiller" in result.output and "overall" in result.output


# ---- shared metrics -------------------------------------------------------------------


def test_match_quotes_takes_the_largest_overlap_and_counts_hits() -> None:
    from fabula.evaluate.metrics import match_quotes

    gold = [[(0, 10)], [(20, 25), (30, 40)], [(50, 60)]]
    predicted = [[(2, 9)], [(18, 21)], [(31, 39)], [(70, 80)]]
    best, hit = match_quotes(gold, predicted)
    assert best == [0, 2, None]  # the tag-split gold quote overlaps two; the larger wins
    assert hit == {0, 1, 2}  # the quote at 70 overlaps nothing: a false positive


# Pradhan et al. (2014), figure 1: key {a b c} {d e f g}, response {a b} {c d} {f g h i}.
PRADHAN_KEY = [set("abc"), set("defg")]
PRADHAN_RESPONSE = [set("ab"), set("cd"), set("fghi")]


def test_coref_metrics_match_the_reference_paper_example() -> None:
    pytest.importorskip("scorch")
    from fabula.evaluate.metrics import coref_counts

    counts = coref_counts(PRADHAN_KEY, PRADHAN_RESPONSE)
    muc, b3, ceafe = counts["muc"], counts["b3"], counts["ceafe"]
    assert (muc.recall_num, muc.recall_den, muc.precision_num, muc.precision_den) == pytest.approx((2, 5, 2, 5))
    assert b3.recall_num / b3.recall_den == pytest.approx(35 / 84)
    assert b3.precision_num / b3.precision_den == pytest.approx(0.5)
    assert ceafe.recall_num / ceafe.recall_den == pytest.approx(0.65)
    assert ceafe.precision_num / ceafe.precision_den == pytest.approx(1.3 / 3)


def test_coref_counts_sum_over_documents_like_one_big_document() -> None:
    pytest.importorskip("scorch")
    from fabula.evaluate.metrics import CorefCounts, coref_counts

    other_key, other_response = [{1, 2}, {3}], [{1}, {2, 3}]
    summed = coref_counts(PRADHAN_KEY, PRADHAN_RESPONSE)
    for name, c in coref_counts(other_key, other_response).items():
        summed[name] += c
    joint = coref_counts(PRADHAN_KEY + other_key, PRADHAN_RESPONSE + other_response)
    for name in joint:
        assert summed[name].f1 == pytest.approx(joint[name].f1)
    assert CorefCounts().f1 == 0.0


# ---- LitBank --------------------------------------------------------------------------


def test_rebuild_text_spaces_tokens_like_print_and_keeps_their_spans() -> None:
    from fabula.evaluate.litbank import rebuild_text

    sentences = [
        ["The", "boy", "waited", "."],
        ["“", "Do", "n't", "go", ",", "Tom", "."],
        ["It", "'s", "late", "!", "”"],
        ["said", "Anna", "."],
        ["“", "Fine", "(", "really", ")", "!", "”"],
        ["He", "left", ":"],
        ["“", "Bye", "!", "”"],
    ]
    rebuilt = rebuild_text(sentences)
    # A speech opening outside any quotation starts a paragraph, but not right after a colon;
    # so does a new sentence of narration after a speech, but not a tag in lower case.
    assert rebuilt.text.split("\n\n") == [
        "The boy waited.",
        "“Don't go, Tom. It's late!” said Anna.",
        "“Fine (really)!”",
        "He left: “Bye!”",
    ]
    for sentence, spans in zip(sentences, rebuilt.tokens):
        assert [rebuilt.text[s:e] for s, e in spans] == sentence


def test_rebuild_text_reads_straight_single_quotes_as_speech_but_not_apostrophes() -> None:
    from fabula.evaluate.litbank import rebuild_text

    sentences = [
        ["'", "I", "'m", "goin", "'", "home", ",", "'"],
        ["said", "Tom", "."],
        ["'", "Good", "!", "'"],
        ["—", "Yes", ",", "he", "said", "."],
    ]
    rebuilt = rebuild_text(sentences)
    # A sentence opening with a dialogue dash is a paragraph of its own, as in print.
    assert rebuilt.text.split("\n\n") == ["'I'm goin ' home,' said Tom.", "'Good!'", "— Yes, he said."]


def test_rebuild_text_keeps_a_tag_of_its_own_sentence_with_its_speech() -> None:
    from fabula.evaluate.litbank import rebuild_text

    sentences = [["“", "Mr.", "Heathcliff", "?", "”"], ["I", "said", "."],
                 ["“", "Yes", ".", "”"], ["Mr.", "Bennet", "replied", "that", "he", "had", "not", "."]]
    # "I said." is the tag; "Mr. Bennet replied that he had not." is narration of its own.
    assert rebuild_text(sentences).text.split("\n\n") == [
        "“Mr. Heathcliff?” I said.", "“Yes.”", "Mr. Bennet replied that he had not."]


def test_rebuild_text_lets_a_speaker_go_on_after_a_tag_but_not_after_a_question() -> None:
    from fabula.evaluate.litbank import rebuild_text

    sentences = [["“", "Oh", "tut", ",", "tut", "!", "”", "said", "Miss", "Betsey", ",", "in", "a", "hurry", "."],
                 ["“", "Do", "n't", "do", "that", "!", "”"],
                 ["“", "Who", "is", "she", "?", "”", "asked", "Tom", "."],
                 ["“", "My", "aunt", ".", "”"]]
    # The speech broken off by its tag goes on in the same paragraph; a question's tag is
    # followed by the answer, in a paragraph of its own.
    assert rebuild_text(sentences).text.split("\n\n") == [
        "“Oh tut, tut!” said Miss Betsey, in a hurry. “Don't do that!”", "“Who is she?” asked Tom.", "“My aunt.”"]


def test_rebuild_text_opens_a_paragraph_at_a_dialogue_dash_after_a_colon() -> None:
    from fabula.evaluate.litbank import rebuild_text

    sentences = [
        ["His", "mother", "said", ":", "--", "O", ",", "he", "will", "apologize", "."],
        ["Dante", "said", ":", "--", "O", ",", "if", "not", "."],
        ["He", "hid", "under", "the", "table", "."],
    ]
    rebuilt = rebuild_text(sentences)
    # Narration that introduces the next dash speech is a paragraph of its own; other
    # narration after a dash speech cannot be told from more speech and stays.
    assert rebuilt.text.split("\n\n") == [
        "His mother said:", "-- O, he will apologize.", "Dante said:", "-- O, if not. He hid under the table."]
    for sentence, spans in zip(sentences, rebuilt.tokens):
        assert [rebuilt.text[s:e] for s, e in spans] == sentence


def test_rebuild_text_reads_a_dash_inside_an_open_speech_as_part_of_it() -> None:
    from fabula.evaluate.litbank import rebuild_text

    sentences = [
        ["She", "sang", ":", '"', "He", "loves", "me", "!"],
        ["--", '"', "and", "she", "smiled", "."],
        ['"', "Again", "!", '"'],
    ]
    # The dash opens no dialogue paragraph: the speech is still open, and the mark after the
    # dash closes it (read as opening, it flipped every later mark of the document).
    assert rebuild_text(sentences).text.split("\n\n") == ['She sang: "He loves me! --" and she smiled.', '"Again!"']


def test_litbank_doc_scores_right_and_wrong_speakers(tmp_path: Path, pipeline) -> None:
    pytest.importorskip("scorch")
    from fabula.evaluate.litbank import score_doc

    right = score_doc((tmp_path / "r", write_litbank(tmp_path / "r", ("Anna", "Tom")), 0), pipeline).figures()
    wrong = score_doc((tmp_path / "w", write_litbank(tmp_path / "w", ("Tom", "Anna")), 0), pipeline).figures()
    assert right["quotes"] == 2 and right["det_f1"] == 1.0
    assert right["speaker_acc"] == 1.0 and wrong["speaker_acc"] == 0.0
    assert right["per_r"] == 1.0  # both full names and both tag names are found exactly
    assert 0.0 < right["conll_f1"] <= 1.0


@pytest.mark.parametrize("gold_entity, right", [("Mary", 1), ("Anna", 0)])
def test_litbank_scores_the_narrations_he_and_she_against_the_chains(tmp_path: Path, pipeline, gold_entity: str,
                                                                      right: int) -> None:
    pytest.importorskip("scorch")
    from fabula.evaluate.litbank import score_doc

    sentences = ["Anna Price met Mary Hale at the gate .", "Mary Hale smiled .", "She waved ."]
    # "Anna" and "Mary" open their chains (a first mention is never scored); "She" is scored.
    mentions = [("T1", 0, 0, 1, "Anna", "PROP"), ("T2", 0, 3, 4, "Mary", "PROP"), ("T3", 1, 0, 1, "Mary", "PROP"),
                ("T4", 2, 0, 0, gold_entity, "PRON")]
    score = score_doc((tmp_path, write_document(tmp_path, sentences, mentions), 0), pipeline)
    assert (score.pronouns, score.pronouns_right) == (1, right)


def test_evaluate_litbank_on_shared_data(shared_data) -> None:
    pytest.importorskip("scorch")
    from click.testing import CliRunner

    from fabula.cli import main

    root = shared_data("litbank")
    result = CliRunner().invoke(main, ["evaluate", "litbank", str(root), "--docs", "1342"])
    assert result.exit_code == 0, result.output
    assert "1342_pride_and_prejudice" in result.output and "overall" in result.output
    assert "Evaluated 1 LitBank documents" in result.output


def test_pdncs_placeholder_for_unknown_speakers_is_no_cast_member(tmp_path: Path) -> None:
    _write_cast(tmp_path / "novel", links=0)
    with open(tmp_path / "novel" / "character_info.csv", "a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow([3, "_unknowable", "{'_unknowable'}", "X", "intermediate"])
    gold = load_gold(tmp_path / "novel")
    assert gold.main_characters == ["Anna Price", "Tom Hale"]


def test_litbank_maps_a_character_by_its_names_before_its_pronouns() -> None:
    from fabula.evaluate.litbank import Gold, map_characters
    from fabula.model import Mention, Story

    def mention(i: int, start: int, kind: str, character: int, in_quote: bool = False) -> Mention:
        return Mention(id=i, start=start, end=start + 3, text="abc", kind=kind, paragraph=0,
                       character=character, in_quote=in_quote)

    # Tom's name, and three pronouns coreference wrongly gave him that are the captain's.
    tom = [mention(0, 0, "proper", 0)] + [mention(i, 10 * i, "pronoun", 0) for i in (1, 2, 3)]
    # Never named: a description outvotes the narration's pronoun, which outvotes quoted ones.
    captain = [mention(4, 40, "nominal", 1), mention(5, 50, "pronoun", 1), mention(6, 60, "pronoun", 1)]
    narrated = [mention(7, 70, "pronoun", 2), mention(8, 80, "pronoun", 2, True), mention(9, 90, "pronoun", 2, True),
                mention(10, 100, "nominal", 2, True)]  # "my lad" said to him: no better than "you"
    gold_of = {0: "TOM", 10: "CAPTAIN", 20: "CAPTAIN", 30: "CAPTAIN", 40: "CAPTAIN", 50: "MATE", 60: "MATE",
               70: "BOY", 80: "COOK", 90: "COOK", 100: "COOK"}
    story = Story(text="x" * 110, title="t")
    story.mentions = tom + captain + narrated
    gold = Gold(quotes=[], mentions={(s, s + 3): e for s, e in gold_of.items()}, person_entities=set(gold_of.values()),
                per_spans=set())
    assert map_characters(story, gold) == {0: "TOM", 1: "CAPTAIN", 2: "BOY"}
