"""Quotation detection: each convention on short texts written for the test."""

from __future__ import annotations

import pytest

from fabula.stages.quotes import choose_convention

STAGES = ("segment", "quotes")


def spoken(story):
    return [story.quote_text(q, " | ") for q in story.quotes if q.spoken]


def test_straight_double_quotes_and_tag_split(run_stages) -> None:
    story = run_stages('"Jack," he said brokenly, "please."\n\n"No."', *STAGES)
    assert spoken(story) == ["Jack, | please.", "No."]
    assert len(story.quotes[0].spans) == 2


def test_curly_quotes_with_inner_single_quotes(run_stages) -> None:
    story = run_stages("“She wrote ‘Tuesday’ on it,” said Ann. “Nothing else.”", *STAGES)
    assert spoken(story) == ["She wrote ‘Tuesday’ on it, | Nothing else."]


def test_two_speakers_in_one_paragraph_stay_apart(run_stages) -> None:
    story = run_stages('"Coming?" asked Jack. "No," said Tom.', *STAGES)
    assert spoken(story) == ["Coming?", "No,"]


def test_a_new_clause_that_introduces_the_second_speech_splits_the_paragraph(run_stages) -> None:
    text = ('"I am sorry to hear it," said Mrs. Archer; and Ann murmured: "Ah, my dear!"\n\n'
            '"Very well," Tom retorted, and glared at him. Mr. Lane said: "Go away."\n\n'
            '"Yes," he said. "No."\n\n'
            '"Yes," said Mrs. Lane, "no."')
    story = run_stages(text, *STAGES)
    assert spoken(story) == ["I am sorry to hear it,", "Ah, my dear!", "Very well,", "Go away.",
                             "Yes, | No.", "Yes, | no."]


def test_a_second_speaker_introduced_mid_sentence_splits_the_paragraph(run_stages) -> None:
    text = ('"Then I will not play," said Cecil, while Miss Bartlett, thinking herself clever, added: "Quite right."\n\n'
            '"A song," Alice replied, so eagerly that the Gryphon said, in an offended tone, "Hm!"\n\n'
            '"Yes," said Tom, and added, "I will come."\n\n'  # one speaker, no new subject: one speech
            '"Yes," said Tom, turning to the window, "I will come."')
    story = run_stages(text, *STAGES)
    assert spoken(story) == ["Then I will not play,", "Quite right.", "A song,", "Hm!",
                             "Yes, | I will come.", "Yes, | I will come."]


def test_a_clause_of_when_the_speaker_spoke_keeps_one_speech(run_stages) -> None:
    text = ('"Well, my dear," said Tom, when Ann had read the note aloud, "if you must go, go."\n\n'
            '"I hope," said Ann, after Tom had answered, "that you are right."\n\n'
            '"Well, Jane," said Ann, till after a while she heard Tom say, "I shall never marry."')
    story = run_stages(text, *STAGES)
    assert spoken(story) == ["Well, my dear, | if you must go, go.", "I hope, | that you are right.",
                             "Well, Jane,", "I shall never marry."]


def test_a_speech_introduced_by_its_tag_ends_where_new_narration_tags_the_next(run_stages) -> None:
    text = ('But Mrs. Turton said, "Really, give up that farce." He replied in a sad voice, "I don\'t hate them."\n\n'
            'She said, "Yes." Then she added, "No."\n\n'  # a second tag, even of the same speaker
            'Two began, "If the Queen--" At this moment Five called out, "The Queen!"\n\n'  # broken off
            '"Yes," he said. "No."\n\n'  # no tag before the first part: one speech, interrupted
            'Ann said, "Come in," and added, "sit down."')  # the first part ends no sentence
    story = run_stages(text, *STAGES)
    assert spoken(story) == ["Really, give up that farce.", "I don't hate them.", "Yes.", "No.",
                             "If the Queen--", "The Queen!", "Yes, | No.", "Come in, | sit down."]


def test_a_conjoined_clause_with_a_new_speaker_tags_a_speech_of_its_own(run_stages) -> None:
    text = ('Tom thought with hostility, "These women will make trouble," and Mrs. Lane thought, '
            '"This man tries to blame us."\n\n'
            'Ann said, "Come in," and added, "sit down."')  # no new subject: one speech
    story = run_stages(text, *STAGES)
    assert spoken(story) == ["These women will make trouble,", "This man tries to blame us.", "Come in, | sit down."]


@pytest.mark.parametrize(("text", "convention"), [
    # a short single-quoted scene with one phrase in double quotes
    ("Meg read the letter from the \"Colonial Office\" twice.\n\n'Business first,' she said.\n\n"
     "'Morning, Meg!' called Bob.\n\n'Morning.'\n\n'Any news?'", "single"),
    # elisions are not speeches: the one double-quoted speech decides
    ("'Tis late, and 'twas cold. \"Come in,\" said Meg. The men brought 'em in.", "double"),
])
def test_a_short_text_s_convention_is_its_speeches(text: str, convention: str) -> None:
    assert choose_convention(text) == convention


def test_speeches_with_nothing_between_them_are_two_speeches(run_stages) -> None:
    story = run_stages('"Up yonder," "Over there," cried the guides.', *STAGES)
    assert spoken(story) == ["Up yonder,", "Over there,"]


def test_british_single_quotes_are_not_confused_with_apostrophes(run_stages) -> None:
    text = (
        "'I'm going to the Joneses' house,' said Meg. 'Rock 'n' roll, 'tis the season.'\n\n"
        "'Don't,' said Bob.\n\n'Why not?' asked Meg.\n\n'Because it's late.'"
    )
    assert choose_convention(text) == "single"
    story = run_stages(text, *STAGES)
    assert spoken(story) == [
        "I'm going to the Joneses' house, | Rock 'n' roll, 'tis the season.",
        "Don't,",
        "Why not?",
        "Because it's late.",
    ]


def test_speech_over_several_paragraphs_is_one_quote(run_stages) -> None:
    text = '"The first part of a long story.\n\n"The second part.\n\n"The end," she said.\n\nThen silence.'
    story = run_stages(text, *STAGES)
    assert len(story.quotes) == 1
    assert [story.text[s:e] for s, e in story.quotes[0].spans] == [
        "The first part of a long story.", "The second part.", "The end,"]


def test_em_dash_dialogue(run_stages) -> None:
    lines = ["—Where are you going? —asked Stephen.", "—Home.", "—Now? It's late.", "—Yes.",
             "—Then go —he said— and take the lamp.", "—Thank you.", "He went."]
    story = run_stages("\n\n".join(lines), *STAGES)
    texts = spoken(story)
    assert texts[0] == "Where are you going?"
    assert "Home." in texts and "Yes." in texts
    assert "Then go | and take the lamp." in texts
    assert all("He went" not in t for t in texts)


def test_dash_dialogue_written_with_two_hyphens(run_stages) -> None:
    # Plain-text books (Project Gutenberg's Joyce) write the dialogue dash as "--".
    lines = ["-- Where are you going? -- asked Stephen.", "-- Home.", "-- Now? It's late.", "-- Yes.",
             "-- Then go -- he said -- and take the lamp.", "-- Thank you.", "He went."]
    texts = spoken(run_stages("\n\n".join(lines), *STAGES))
    assert texts[0] == "Where are you going?"
    assert "Then go | and take the lamp." in texts
    assert all("He went" not in t for t in texts)


def test_dash_dialogue_whose_tag_follows_the_speech_without_a_dash(run_stages) -> None:
    # Joyce's convention: the tag follows the speech, and the speech may go on after it.
    lines = ["Stephen looked at the sea.", "— Our mighty mother! Buck Mulligan said. He turned to Stephen.",
             "— He was raving all night, Stephen said. Where is his guncase?", "— Why?",
             "— Because, said Buck Mulligan.", "— Very well.", "— I went there. He said nothing.", "— Go. Stephen said quietly. Then he left.",
             "— Good."]
    story = run_stages("\n\n".join(lines), *STAGES)
    texts = spoken(story)
    assert "Our mighty mother! | He turned to Stephen." in texts
    assert "He was raving all night, | Where is his guncase?" in texts
    assert "Because," in texts
    # A full stop, then a pronoun and a speech verb that go on speaking: no tag.
    assert "I went there. He said nothing." in texts
    assert "Go. | Then he left." in texts  # "Stephen said quietly." is the tag


def test_guillemets(run_stages) -> None:
    story = run_stages("«Bonjour,» said Marie. «Come in.»", *STAGES)
    assert spoken(story) == ["Bonjour, | Come in."]


def test_scare_quotes_are_kept_but_not_spoken(run_stages) -> None:
    story = run_stages('He called the old boat his "palace" and laughed.', *STAGES)
    assert len(story.quotes) == 1 and not story.quotes[0].spoken


def test_two_scare_quotes_in_one_sentence_are_not_spoken(run_stages) -> None:
    story = run_stages('They called him a "true sea-dog" and a "real old salt" and such names.', *STAGES)
    assert story.quotes and not any(q.spoken for q in story.quotes)


def test_scare_quotes_with_punctuation_inside_are_not_spoken(run_stages) -> None:
    story = run_stages('It made him feel wonderfully "in it." Then he left.\n\n'
                       'She answered only "No." Then she left.', *STAGES)
    spoken = {story.quote_text(q): q.spoken for q in story.quotes}
    assert spoken == {"in it.": False, "No.": True}


def test_unbalanced_quote_runs_to_paragraph_end(run_stages) -> None:
    story = run_stages('"I never finished this one, said Ann.\n\nShe left.', *STAGES)
    assert story.quote_text(story.quotes[0]).startswith("I never finished")
    assert all("She left" not in story.quote_text(q) for q in story.quotes)


@pytest.mark.parametrize("text", ["No quotes here at all.", "It's the dog's bone, isn't it?"])
def test_text_without_speech_has_no_quotes(run_stages, text: str) -> None:
    assert run_stages(text, *STAGES).quotes == []
