"""Speaker and addressee attribution: one test per cue, on short texts written for the test."""

from __future__ import annotations

import pytest

UP_TO_ADDRESSEES = ("segment", "parse", "quotes", "mentions", "characters", "coref", "speakers", "addressees")


def analyse(run_stages, text: str):
    return run_stages(text, *UP_TO_ADDRESSEES)


def speaker_of(story, words: str) -> str | None:
    quote = next(q for q in story.quotes if words in story.quote_text(q))
    character = story.character(quote.speaker)
    return character.name if character else None


def quote_with(story, words: str):
    return next(q for q in story.quotes if words in story.quote_text(q))


INTRO = "Anna Price and Tom Hale stood by the gate. Anna was cold and she shivered. Tom was tired and he yawned.\n\n"


def test_tag_after_the_quote(run_stages) -> None:
    story = analyse(run_stages, INTRO + '"It is late," said Tom.')
    assert speaker_of(story, "It is late") == "Tom Hale"
    assert quote_with(story, "It is late").type == "explicit"


def test_tag_before_the_quote(run_stages) -> None:
    story = analyse(run_stages, INTRO + 'Anna whispered, "We should go."')
    assert speaker_of(story, "We should go") == "Anna Price"


def test_tag_inside_a_split_quote(run_stages) -> None:
    story = analyse(run_stages, INTRO + '"Tom," Anna murmured, "please."')
    quote = quote_with(story, "please")
    assert len(quote.spans) == 2
    assert speaker_of(story, "please") == "Anna Price"


def test_inverted_tag_with_any_speech_verb(run_stages) -> None:
    story = analyse(run_stages, INTRO + '"Never!" roared Tom.')
    assert speaker_of(story, "Never") == "Tom Hale"


def test_pronoun_tag_is_anaphoric_and_resolved_by_gender(run_stages) -> None:
    story = analyse(run_stages, INTRO + 'Anna looked at the road. "I want to go home," she said.')
    quote = quote_with(story, "go home")
    assert quote.type == "anaphoric"
    assert speaker_of(story, "go home") == "Anna Price"


def test_tag_with_a_description_resolved_to_a_character(run_stages) -> None:
    text = "Captain Maren Holt and Tobias Wren climbed the stairs. Tobias was tired; he stopped.\n\n" \
           '"Keep going," the Captain said.'
    story = analyse(run_stages, text)
    assert quote_with(story, "Keep going").type == "anaphoric"
    assert speaker_of(story, "Keep going") == "Captain Maren Holt"


def test_action_beat_names_the_speaker(run_stages) -> None:
    story = analyse(run_stages, INTRO + 'Tom swung around. "No."')
    assert speaker_of(story, "No.") == "Tom Hale"
    assert quote_with(story, "No.").type == "implicit"


def test_untagged_turns_alternate(run_stages) -> None:
    text = INTRO + '"Are you coming?" asked Anna.\n\n"No," said Tom.\n\n"Why not?"\n\n"Because it is late."\n\n"Then I will go alone."'
    story = analyse(run_stages, text)
    assert speaker_of(story, "Why not") == "Anna Price"
    assert speaker_of(story, "Because it is late") == "Tom Hale"
    assert speaker_of(story, "go alone") == "Anna Price"


LONG_BEAT = ("Tom crossed the room slowly and sat down by the fire, stretching his hands toward the coals "
             "while the wind rattled the shutters.")


@pytest.mark.parametrize(("beat", "speaker"), [
    (LONG_BEAT, "Tom Hale"),  # a long stretch of narration about him: he may well go on
    ("The wind rose.", "Anna Price"),  # a few words of narration: the floor passes back
])
def test_long_narration_opening_a_turn_lets_the_last_speaker_go_on(run_stages, beat: str, speaker: str) -> None:
    text = INTRO + f'"Where were you?" asked Anna.\n\n"Out," said Tom.\n\n{beat} "I was at the harbour."'
    story = analyse(run_stages, text)
    assert speaker_of(story, "at the harbour") == speaker


def test_vocative_is_not_the_speaker_and_is_the_addressee(run_stages) -> None:
    text = INTRO + '"Are you coming?" asked Anna.\n\n"Yes," said Tom.\n\n"Anna, wait for me."'
    story = analyse(run_stages, text)
    assert speaker_of(story, "wait for me") == "Tom Hale"
    anna = next(c for c in story.characters if c.name == "Anna Price")
    assert quote_with(story, "wait for me").addressees == [anna.id]


def test_reply_comes_from_the_person_called(run_stages) -> None:
    text = (
        "Anna Price, Tom Hale and Ruth Bell sat at the table. Ruth was quiet and she ate. "
        "Tom drank and he smiled. Anna laughed and she sang.\n\n"
        '"What do you think, Ruth?" asked Tom.\n\n"I think it will rain."'
    )
    story = analyse(run_stages, text)
    assert speaker_of(story, "it will rain") == "Ruth Bell"


def test_addressee_from_turn_taking(run_stages) -> None:
    text = INTRO + '"Are you coming?" asked Anna.\n\n"No," said Tom.'
    story = analyse(run_stages, text)
    names = {c.id: c.name for c in story.characters}
    assert [names[a] for a in quote_with(story, "Are you coming").addressees] == ["Tom Hale"]
    assert [names[a] for a in quote_with(story, "No,").addressees] == ["Anna Price"]


def test_quoted_first_person_is_the_speaker(run_stages) -> None:
    story = analyse(run_stages, INTRO + '"I am cold," said Anna.')
    i_mention = next(m for m in story.mentions if m.text == "I" and m.in_quote)
    assert story.character(i_mention.character).name == "Anna Price"


def test_confidence_is_higher_for_named_tags_than_guesses(run_stages) -> None:
    text = INTRO + '"Are you coming?" asked Anna.\n\n"No," said Tom.\n\n"Why not?"'
    story = analyse(run_stages, text)
    assert quote_with(story, "Are you coming").confidence > quote_with(story, "Why not").confidence > 0
    assert all(0 <= q.confidence <= 1 for q in story.quotes)


def test_turns_before_the_first_tag_are_counted_back_from_it(run_stages) -> None:
    text = INTRO + '"Is it far?"\n\n"Not very."\n\n"Then let us walk," said Anna.\n\n"If you like."'
    story = analyse(run_stages, text)
    assert speaker_of(story, "Is it far") == "Anna Price"
    assert speaker_of(story, "Not very") == "Tom Hale"
    assert speaker_of(story, "If you like") == "Tom Hale"


def test_a_pronoun_tag_picks_the_participant_of_its_gender(run_stages) -> None:
    text = INTRO + '"Where is the car?" asked Tom.\n\n"In the lane."\n\nThere was a long silence.\n\n"I will fetch it," she said.'
    story = analyse(run_stages, text)
    assert speaker_of(story, "In the lane") == "Anna Price"
    assert speaker_of(story, "fetch it") == "Anna Price"


def test_a_tag_right_after_the_speech_may_use_any_verb(run_stages) -> None:
    story = analyse(run_stages, INTRO + '"Are you cold?" asked Tom.\n\n"Yes, very," nodded Anna.\n\n"So am I," Tom shrugged.')
    assert speaker_of(story, "Yes, very") == "Anna Price"
    assert quote_with(story, "Yes, very").type == "explicit"
    assert speaker_of(story, "So am I") == "Tom Hale"


def test_a_role_nobody_named_holds_speaks_as_its_own_character(run_stages) -> None:
    text = INTRO + '"Two ales," said Tom.\n\n"Right away," said the barman, and he went to fetch them.'
    story = analyse(run_stages, text)
    assert speaker_of(story, "Right away") == "the barman"


def test_someone_new_who_speaks_is_a_character(run_stages) -> None:
    text = INTRO + '"Shoot him, that is what I would do," said a lady in the crowd.'
    story = analyse(run_stages, text)
    assert speaker_of(story, "Shoot him") == "a lady in the crowd"


def test_an_honorific_does_not_end_the_tag(run_stages) -> None:
    text = "Mrs. Price and Tom Hale stood by the gate. Mrs. Price was cold.\n\n" \
           '"What impertinence!" Mrs. Price cried. Tom laughed.'
    story = analyse(run_stages, text)
    assert speaker_of(story, "impertinence") == "Mrs. Price"
    assert quote_with(story, "impertinence").type == "explicit"


def test_a_generic_description_in_a_tag_picks_the_participant_of_its_gender(run_stages) -> None:
    text = INTRO + '"Where is the car?" asked Tom.\n\n"In the lane," said Anna.\n\n"Fetch it," said the young man.\n\n' \
           '"Fetch it yourself," said the lady, and Tom laughed.'
    story = analyse(run_stages, text)
    assert speaker_of(story, "Fetch it,") == "Tom Hale"
    assert speaker_of(story, "Fetch it yourself") == "Anna Price"


def test_a_generic_description_in_a_tag_is_read_as_one_of_the_conversation(run_stages) -> None:
    # "the old gentleman" who answers Anna is the man she talks with, not Oliver, the man
    # named last: the tag's own evidence says so, before any turn-taking weighs in.
    from fabula.stages.speakers import Attributor

    text = ('Mr. Grey and Anna sat by the fire. Mr. Grey was old and he was kind, and she was young.\n\n'
            '"Will you read to me?" Anna asked Mr. Grey.\n\n'
            '"Gladly," said the old gentleman, and he took up a book. Oliver came in and Oliver sat down.\n\n'
            '"What are you reading?" Anna asked.\n\n"A story," said the old gentleman.')
    story = run_stages(text, *UP_TO_ADDRESSEES[:-2])
    found = Attributor(story).first_pass()
    evidence = found[quote_with(story, "A story").id]
    assert evidence.kind == "tag-generic"
    assert story.character(evidence.character).name == "Mr. Grey"
    assert speaker_of(analyse(run_stages, text), "A story") == "Mr. Grey"


@pytest.mark.parametrize("text, expected", [
    # "he" is Jack, whom the paragraph of narration since the last speech is about, though
    # Jack spoke last and "he said" usually passes the floor.
    ('Tom Hale and Jack Dunn stood in the yard. Tom was angry and he shouted.\n\n'
     '"You lied to me," said Tom.\n\n"I did not," said Jack.\n\n'
     'Jack turned away. He stared at the fire for a long time.\n\n'
     '"I never lie," he said.', {"I never lie": "Jack Dunn", "You lied": "Tom Hale"}),
    # A thought takes no floor: the last to speak was Ralph, and Tom, who only thought, asks.
    ("Tom Hale and Ralph Denham sat by the fire. Tom was tired and he yawned. Ralph smiled.\n\n"
     '"We should go to bed," said Ralph.\n\n'
     '"I shall never understand this fellow," Tom thought, looking at the coals.\n\n'
     '"Why are you not married?" he asked.', {"never understand": "Tom Hale", "Why are you not married": "Tom Hale"}),
], ids=["narration since is about him", "he only thought"])
def test_a_pronoun_tag_may_be_the_last_speaker_again(run_stages, text: str, expected: dict[str, str]) -> None:
    story = analyse(run_stages, text)
    assert {words: speaker_of(story, words) for words in expected} == expected


def test_a_description_by_a_feature_in_a_tag_is_its_own_person_not_one_of_the_conversation(run_stages) -> None:
    text = ('Tom Hale and Jack Dunn stood by the door of the inn. A man with a black beard sat at the bar.\n\n'
            '"Shut the door," said Tom.\n\n"It is shut," said Jack.\n\n'
            '"Draw the bolts," said the man with the black beard.\n\n"That will not do," said Tom.\n\n'
            '"Then I will do it," said the man with the black beard.')
    story = analyse(run_stages, text)
    bearded = speaker_of(story, "Draw the bolts")
    assert bearded is not None and "beard" in bearded
    assert speaker_of(story, "Then I will do it") == bearded


def test_a_phrasal_speech_verb_tags_the_name_spacy_reads_as_its_object(run_stages) -> None:
    # spaCy reads "in Adela" as a preposition and its object: a place, but for the verb.
    text = ('Tom Hale and Adela Quested sat by the fire. Kitty Price sat near them.\n\n'
            '"I wonder what pa would think of it," put in Kitty.\n\n"He would be glad," said Tom.\n\n'
            '"But she died on leaving Bombay," broke in Adela.')
    story = analyse(run_stages, text)
    assert speaker_of(story, "I wonder") == "Kitty Price"
    assert speaker_of(story, "But she died") == "Adela Quested"
    assert quote_with(story, "But she died").type == "explicit"


def test_a_speech_named_by_its_speaker_s_noun_of_speech(run_stages) -> None:
    text = INTRO + '"Think of me to-morrow," was Anna\'s parting injunction.'
    story = analyse(run_stages, text)
    assert speaker_of(story, "Think of me") == "Anna Price"


def test_a_voice_is_nobody_new(run_stages) -> None:
    text = INTRO + '"Who is there?" asked Tom.\n\n"Only me," said a voice from the hall.'
    story = analyse(run_stages, text)
    assert not any("voice" in c.name for c in story.characters)
    assert speaker_of(story, "Only me") is None or "voice" not in speaker_of(story, "Only me")


def test_a_speech_verb_without_a_subject_takes_its_clause_s(run_stages) -> None:
    text = INTRO + 'Tom, who was in high good humour, did her the justice of exclaiming, "You are never idle!"'
    story = analyse(run_stages, text)
    assert speaker_of(story, "never idle") == "Tom Hale"
    assert quote_with(story, "never idle").type == "explicit"


def test_a_speech_introduced_by_its_speaker_s_possessive(run_stages) -> None:
    text = INTRO + 'Anna laughed. Tom bowed to Anna\'s "Happy to know you, sir."'
    story = analyse(run_stages, text)
    assert speaker_of(story, "Happy to know you") == "Anna Price"


def test_the_subject_of_the_narration_paragraph_before_an_untagged_speech_speaks_it(run_stages) -> None:
    story = analyse(run_stages, INTRO + 'Tom looked at the map while Anna waited.\n\n"We turn left here."')
    assert speaker_of(story, "turn left") == "Tom Hale"


def test_a_speech_to_a_group_is_addressed_to_everyone_taking_part(run_stages) -> None:
    text = (
        "Anna Price, Tom Hale and Ruth Bell sat at the table. Ruth was quiet and she ate. "
        "Tom drank and he smiled. Anna laughed and she sang.\n\n"
        '"Shall we go?" asked Tom.\n\n"Not yet," said Ruth.\n\n"After the cake," said Anna.\n\n"Then I will wait," said Tom.'
    )
    story = analyse(run_stages, text)
    names = {c.id: c.name for c in story.characters}
    assert {names[a] for a in quote_with(story, "Shall we go").addressees} == {"Ruth Bell", "Anna Price"}


def test_a_first_person_tag_is_the_narrator_the_others_call_by_name(run_stages) -> None:
    text = (
        "I had known Holmes for years, and I went to see him that evening. I found him by the fire.\n\n"
        '"Watson, sit down," said Holmes. "Major Sholto is dead."\n\n"Dead?" said I.\n\n'
        '"Dead, Watson. Sholto died on Tuesday, and Sholto left a letter."\n\n"What letter?" I asked.\n\n'
        '"Look here, Watson. I will show you."\n\nI looked, and I saw nothing. I said so. I sat down.\n\n'
        '"Watson, you are tired," said Holmes.\n\n"Good night, Watson," said Holmes.'
    )
    story = analyse(run_stages, text)
    assert speaker_of(story, "Dead?") == "Watson"
    assert speaker_of(story, "What letter") == "Watson"
    assert next(c for c in story.characters if c.name == "Watson").narrator


def test_the_shipped_decoder_weights_name_every_cue_and_nothing_else() -> None:
    import json

    from fabula.exchanges import CUE_FEATURES, WEIGHTS_PATH, DecoderWeights
    from fabula.turns import TRANSITION_FEATURES

    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert set(data["cues"]) == set(CUE_FEATURES)
    assert set(data["transitions"]) == set(TRANSITION_FEATURES)
    weights = DecoderWeights.load()
    assert weights.cues.shape == (len(CUE_FEATURES),)
    assert 0.0 < weights.confidence(0.0) < weights.confidence(5.0) < 1.0


def test_an_inverted_tag_with_a_phrasal_verb(run_stages) -> None:
    text = INTRO + '"Are you cold?" asked Tom.\n\n"But you will remember, Tom," piped up Anna, "that I told you so."'
    story = analyse(run_stages, text)
    assert speaker_of(story, "remember") == "Anna Price"
    assert quote_with(story, "remember").type == "explicit"


def test_a_speech_calling_one_of_a_group_is_heard_by_the_group(run_stages) -> None:
    text = (
        "Anna Price, Tom Hale and Ruth Bell sat at the table. Ruth was quiet and she ate. "
        "Tom drank and he smiled. Anna laughed and she sang.\n\n"
        '"Shall we go?" asked Tom.\n\n"Not yet," said Ruth.\n\n"Anna, what do you think?" asked Tom.\n\n'
        '"After the cake," said Anna.'
    )
    story = analyse(run_stages, text)
    names = {c.id: c.name for c in story.characters}
    assert {names[a] for a in quote_with(story, "what do you think").addressees} == {"Ruth Bell", "Anna Price"}


def test_the_one_a_tag_says_the_speech_is_said_to_is_its_addressee(run_stages) -> None:
    story = analyse(run_stages, INTRO + '"Come here and look," said Tom to Anna.')
    names = {c.id: c.name for c in story.characters}
    quote = quote_with(story, "Come here")
    assert names[quote.speaker] == "Tom Hale"
    assert [names[a] for a in quote.addressees] == ["Anna Price"]


def test_the_one_the_speaker_turns_to_is_the_addressee(run_stages) -> None:
    text = ("Tom Hale, Will Grant and Anna Price stood by the gate. Will was cold.\n\n"
            '"Come here and look," said Tom, turning to Anna.')
    story = analyse(run_stages, text)
    names = {c.id: c.name for c in story.characters}
    assert [names[a] for a in quote_with(story, "Come here").addressees] == ["Anna Price"]


def test_a_tag_that_keeps_the_floor_keeps_the_last_speaker(run_stages) -> None:
    text = ("Tom Hale and Will Grant stood by the gate. Tom was tired and he yawned. Will was cold and he "
            'shivered.\n\n"Is it far?" asked Tom.\n\n"Not far," said Will.\n\n"An hour at most," he continued.')
    story = analyse(run_stages, text)
    assert speaker_of(story, "An hour") == "Will Grant"


def test_a_relative_pronoun_tag_is_its_antecedent(run_stages) -> None:
    story = analyse(run_stages, INTRO + 'At the gate Anna was met by Tom, who, on hearing the news, said, "I am glad."')
    assert speaker_of(story, "I am glad") == "Tom Hale"
    assert quote_with(story, "I am glad").type == "explicit"


def test_a_new_subject_the_parser_joined_to_the_last_clause_speaks(run_stages) -> None:
    story = analyse(run_stages, INTRO + 'She sat down on the wall, and Tom, turning to the road, cried, "Look!"')
    assert speaker_of(story, "Look") == "Tom Hale"


def test_a_quoted_you_is_the_one_addressee(run_stages) -> None:
    story = analyse(run_stages, INTRO + '"Tom, you look tired," said Anna.\n\n"I am," said Tom.')
    quote = quote_with(story, "you look tired")
    you = next(m for m in story.mentions if m.text == "you")
    assert [story.character(a).name for a in quote.addressees] == ["Tom Hale"]
    assert story.character(you.character).name == "Tom Hale"


def test_a_description_a_speech_calls_out_is_the_one_addressee(run_stages) -> None:
    story = analyse(run_stages, INTRO + '"Are you tired, my child?" asked Tom.\n\n"Yes, sir," said Anna.')
    called = {m.text: m.character for m in story.mentions if m.text in ("my child", "sir")}
    assert {k: story.character(v).name for k, v in called.items() if v is not None} == \
        {"my child": "Anna Price", "sir": "Tom Hale"}


@pytest.mark.parametrize("talk, words, expected", [
    # The speech answers the one who spoke the turn before.
    ('"Shall we go?" asked Tom.\n\n"Not yet," said Ruth.\n\n"Are you always so slow?" asked Anna.',
     "Are you always", "Ruth Bell"),
    # Nobody spoke before it: the turn after tells whom "you" was put to.
    ('"Will you come with me tomorrow?" asked Anna.\n\n"I will," said Tom.\n\n"And I," said Ruth.',
     "Will you come", "Tom Hale"),
])
def test_a_quoted_you_among_several_hearers_is_the_one_answered_or_answering(
        run_stages, talk: str, words: str, expected: str) -> None:
    text = (
        "Anna Price, Tom Hale and Ruth Bell sat at the table. Ruth was quiet and she ate. "
        "Tom drank and he smiled. Anna laughed and she sang.\n\n" + talk
    )
    story = analyse(run_stages, text)
    quote = quote_with(story, words)
    assert len(quote.addressees) > 1
    you = next(m for m in story.mentions if m.text == "you")
    assert you.character is not None and story.character(you.character).name == expected


def test_a_possessive_inside_a_description_is_no_speaker_cue(run_stages) -> None:
    from fabula.stages.speakers import Attributor

    story = run_stages(INTRO + 'Tom looked at the house. "Come in," his mother called from the door.',
                       "segment", "parse", "quotes", "mentions", "characters", "coref")
    his = next(m for m in story.mentions if m.text == "his")
    assert his.character is not None  # resolved by coreference ...
    seen = Attributor(story).index.mentions
    assert his not in seen and any(m.text == "his mother" for m in seen)  # ... but never a speaker cue


def test_a_name_called_out_is_a_vocative_but_a_name_asked_about_is_not(run_stages) -> None:
    from fabula.dialogue import MentionIndex, vocatives

    text = (INTRO + '"TOM!"\n\n"Where has that boy gone? You Tom!"\n\n"Tom Hale?" asked Anna.\n\n'
            '"I told you Tom was here," said Anna.')
    story = analyse(run_stages, text)
    index = MentionIndex(story.mentions)

    def called(words: str) -> list[str]:
        return [m.text for m in vocatives(story, quote_with(story, words), index)]

    assert called("TOM!") == ["TOM"]
    assert called("You Tom!") == ["Tom"]
    assert called("Tom Hale?") == []
    assert called("I told you") == []


def test_a_title_called_out_is_a_vocative_of_the_one_it_names_and_the_reply_is_theirs(run_stages) -> None:
    from fabula.dialogue import MentionIndex, vocatives

    text = ("Uncle John sat by the fire, and Florence came in. Florence kissed him.\n\n"
            '"Surely, uncle, you are tired," said Florence.\n\n"I am well, my child. I am only old."')
    story = analyse(run_stages, text)
    uncle = next(c for c in story.characters if c.name == "Uncle John")
    assert [m.character for m in vocatives(story, quote_with(story, "you are tired"), MentionIndex(story.mentions))] \
        == [uncle.id]
    assert quote_with(story, "you are tired").addressees == [uncle.id]
    assert speaker_of(story, "only old") == "Uncle John"


def test_a_name_called_out_in_a_speech_the_speaker_repeats_is_no_vocative(run_stages) -> None:
    from fabula.dialogue import MentionIndex, vocatives

    text = (INTRO + '"Then she came in, and she says, \'Go home, Tom,\' she says. So I went," said Tom.\n\n'
            '"Tom, you should not have gone," said Anna.')
    story = analyse(run_stages, text)
    index = MentionIndex(story.mentions)
    assert [m.text for m in vocatives(story, quote_with(story, "Then she came in"), index)] == []
    assert [m.text for m in vocatives(story, quote_with(story, "should not have gone"), index)] == ["Tom"]


def test_a_name_called_in_a_later_paragraph_of_a_long_speech_is_inside_a_story_told(run_stages) -> None:
    from fabula.dialogue import MentionIndex, vocatives

    # Anna tells a story over three paragraphs; the names called in its later paragraphs are
    # called by the people in her story, not by her to those listening.
    text = (INTRO + '"Tom, listen. I went to the farm that spring.\n\n'
            '"The farmer met me at the gate. \'Well, Ruth, what is it?\' he asked.\n\n'
            '"I told him all of it. He never answered," said Anna.')
    story = analyse(run_stages, text)
    told = quote_with(story, "I went to the farm")
    assert told.end > story.paragraphs[told.paragraph].end  # one speech over three paragraphs
    assert [m.text for m in vocatives(story, told, MentionIndex(story.mentions))] == ["Tom"]


def test_a_speaker_heard_speaking_is_the_speaker_not_the_hearer(run_stages) -> None:
    story = analyse(run_stages, INTRO + '"It is late," she heard Tom say to the dog.')
    assert speaker_of(story, "It is late") == "Tom Hale"


def test_the_other_is_whoever_did_not_speak_last(run_stages) -> None:
    text = (INTRO + '"Are you coming?" asked Tom.\n\n"Yes," said Anna.\n\n'
            'Ruth Bell walked past them, and she waved.\n\n"Then hurry," replied the other.')
    story = analyse(run_stages, text)
    assert speaker_of(story, "Then hurry") == "Tom Hale"


def test_the_other_is_not_the_one_of_the_conversation_the_narration_just_mentioned(run_stages) -> None:
    text = INTRO + '"Are you coming?" asked Tom.\n\n"Soon," said Anna.\n\nTom frowned at her.\n\n"Now," replied the other.'
    assert speaker_of(analyse(run_stages, text), "Now") == "Anna Price"


def test_the_other_who_repeats_is_not_the_last_speaker(run_stages) -> None:
    text = INTRO + '"Are you coming?" asked Anna.\n\n"Yes," said Tom.\n\n"Yes," repeated the other slowly.'
    story = analyse(run_stages, text)
    assert speaker_of(story, "Yes") == "Tom Hale"
    assert story.character(story.quotes[-1].speaker).name == "Anna Price"


def test_narration_that_says_nothing_was_said_is_no_tag(run_stages) -> None:
    # "Tom said nothing": not Tom's tag; "she went on:" is the tag of the speech it introduces.
    text = INTRO + '"Is it far?" asked Anna.\n\nTom said nothing, and after a moment she went on:\n\n"We could walk."'
    assert speaker_of(analyse(run_stages, text), "We could walk") == "Anna Price"


def test_a_negated_answering_verb_is_no_tag(run_stages) -> None:
    # "Tom did not answer": the question before was not Tom's, it was put to him.
    text = INTRO + '"I won\'t," said Anna, in a great hurry. "Are you fond of dogs?" Tom did not answer.'
    story = analyse(run_stages, text)
    assert speaker_of(story, "fond of dogs") == "Anna Price"


def test_the_one_given_time_to_speak_says_the_speech(run_stages) -> None:
    # "so near as to give Anna time only to say": Anna speaks, not Tom, the subject.
    text = INTRO + 'Tom came up so quickly as to give Anna time only to say, "Here he is at last."'
    assert speaker_of(analyse(run_stages, text), "Here he is") == "Anna Price"


def test_the_subject_of_a_passive_speech_verb_is_no_speaker(run_stages) -> None:
    # "Tom was asked": Tom is the one spoken to, so the verb is not his tag.
    story = analyse(run_stages, INTRO + 'Tom was asked by Anna, "Where are you going?"')
    assert quote_with(story, "Where are you going").type != "explicit"


def test_a_speech_verb_coordinated_after_a_speech_keeps_its_subject(run_stages) -> None:
    # "and warned Anna": Anna is warned; Tom, who murmured the first words, speaks the rest.
    text = INTRO + 'Anna looked at the fire.\n\n"He will come back," Tom murmured, "of course he will," ' \
                   'and warned Anna "not to hope for too much."'
    assert speaker_of(analyse(run_stages, text), "not to hope") == "Tom Hale"


def test_a_named_speaker_and_a_pronoun_of_the_other_gender_are_two_turns(run_stages) -> None:
    # "said Tom ... she asked" in one paragraph: Tom's resumed speech stays his, the question is hers.
    text = INTRO + '"It is late," said Tom, as soon as Anna had sat down. "I will fetch the lamp." He went ' \
                   'out and came back with it, and for a long while neither of them spoke a word about anything ' \
                   'at all. "But where is your coat?" she asked.'
    story = analyse(run_stages, text)
    assert speaker_of(story, "I will fetch the lamp") == "Tom Hale"
    assert speaker_of(story, "where is your coat") == "Anna Price"


def test_a_speech_verb_in_an_as_clause_only_times_the_tag(run_stages) -> None:
    # "he added, as she laughed": the clause says when he spoke; she does not speak.
    text = INTRO + 'Tom told her about the journey.\n\n"You are cold," he added, as she laughed, "and tired."'
    assert speaker_of(analyse(run_stages, text), "and tired") == "Tom Hale"


@pytest.mark.parametrize("narration", [
    "The box was brought and placed before them, and Anna, sighing as he unlocked it, said,",
    "The lamp was lit, and Anna, frowning as he spoke, said:",
])
def test_the_subject_of_a_subordinate_clause_is_not_the_tags(run_stages, narration: str) -> None:
    # "as he unlocked it" only says when: Anna, the parser's conjunct, is the one who said.
    story = analyse(run_stages, INTRO + narration + ' "It is empty."')
    assert speaker_of(story, "It is empty") == "Anna Price"


@pytest.mark.parametrize("text, words, speaker", [
    # the parser makes "Anna" the object of "at", under "until": still the one who said
    (INTRO + 'Nothing would rouse Tom, until at last Anna, getting more and more angry, said, "Wake up."',
     "Wake up", "Anna Price"),
    # ... or hangs "Toby Crackit" on "was" as an unnamed dependent
    ("Toby Crackit and Tom Chitling sat by the fire.\n\nThere was a short silence, after which Toby Crackit, "
     "seeming to abandon as hopeless any further effort to maintain his usual swagger, turned to Chitling and "
     'said,\n\n"When was he took then?"', "When was he took", "Toby Crackit"),
])
def test_a_misparsed_subject_before_a_conjoined_speech_verb_is_its_speaker(run_stages, text: str, words: str,
                                                                           speaker: str) -> None:
    story = analyse(run_stages, text)
    assert quote_with(story, words).type == "explicit"
    assert speaker_of(story, words) == speaker


@pytest.mark.parametrize("closing, tagged", [("Anna went on.", True), ("Anna went away.", False)])
def test_a_paragraph_that_ends_saying_someone_speaks_tags_the_next_speech(run_stages, closing: str,
                                                                          tagged: bool) -> None:
    # "Mrs. Hurst began again." tags the speech after it; "went away" says nothing of speaking.
    text = INTRO + f'"Are you coming?" asked Anna.\n\n"No," said Tom.\n\nA short pause followed. {closing}\n\n' \
                   '"Then I shall go alone."'
    quote = quote_with(analyse(run_stages, text), "go alone")
    assert (quote.type == "explicit") is tagged


def test_a_speech_verb_the_parser_hangs_on_the_speech_keeps_the_narrations_subject(run_stages) -> None:
    # spaCy makes "lingered" a clause of "love", inside the speech: Anna, before it, says it.
    text = INTRO + 'So she stopped, until her relatives drove her upstairs. Anna followed her, but lingered ' \
                   'to say heavily over the banisters to Tom, "It is all right--she does not love the young ' \
                   'man--he has not been worthy of her."'
    story = analyse(run_stages, text)
    assert quote_with(story, "worthy of her").type == "explicit"
    assert speaker_of(story, "worthy of her") == "Anna Price"


@pytest.mark.parametrize("sentence, is_tag", [
    ("After a moment she went on:", True),
    ("She went on reading.", False),
    ("She went on with her work.", False),
])
def test_going_on_is_speech_only_with_nothing_after_it(sentence: str, is_tag: bool) -> None:
    from fabula.stages.parse import load_model
    from fabula.stages.speakers import speech_verb

    went = next(t for t in load_model()(sentence) if t.lower_ == "went")
    assert speech_verb(went) == is_tag


def test_one_paragraph_of_narration_keeps_a_conversation_two_end_it() -> None:
    from fabula.dialogue import same_conversation

    assert same_conversation(3, 4) and same_conversation(3, 5)
    assert not same_conversation(3, 6)


def test_a_newcomer_named_by_the_tag_speaks_despite_the_exchange(run_stages) -> None:
    text = INTRO + ('"It is late," said Tom.\n\n"It is," said Anna.\n\n"Shall we go?"\n\n'
                    '"Surely you will stay for supper," broke in a stout old gentleman.')
    story = analyse(run_stages, text)
    assert speaker_of(story, "Surely you will stay") == "a stout old gentleman"
    assert quote_with(story, "Surely you will stay").confidence >= 0.85


def test_a_speech_verb_before_a_colon_tags_the_next_paragraph(run_stages) -> None:
    text = INTRO + "After a pause Anna broke out with sudden vehemence:\n\n" + '"I want to be free of all this."'
    story = analyse(run_stages, text)
    assert speaker_of(story, "I want to be free") == "Anna Price"


def test_a_speech_noun_owned_by_a_name_is_a_tag(run_stages) -> None:
    text = INTRO + ('"Is it far?" was Tom\'s anxious inquiry.\n\n'
                    '"Not very far," was a cheerful assurance of Anna\'s.\n\n'
                    # whose words a speech was tags it, whatever the noun, or none
                    '"Shall we walk?" was Tom\'s contribution.\n\n'
                    '"If you like," was Anna\'s, and she smiled.\n\n'
                    # also where the speech goes on after it
                    '"It will rain," was Anna\'s. "Take a coat."')
    story = analyse(run_stages, text)
    spoken = ("Is it far", "Not very far", "Shall we walk", "If you like", "It will rain")
    assert [speaker_of(story, words) for words in spoken] == [
        "Tom Hale", "Anna Price", "Tom Hale", "Anna Price", "Anna Price"]
    assert quote_with(story, "Not very far").type == quote_with(story, "Shall we walk").type == "explicit"


def test_a_possessive_whose_apostrophe_was_lost_still_tags_the_speech(run_stages) -> None:
    # Some e-texts lost every apostrophe to a space: "was Tom s reply" is "was Tom's reply".
    text = INTRO + ('"Is it far?" was Tom s anxious inquiry.\n\n'
                    '"Not very far," was Anna s reply.\n\n'
                    '"Shall we walk?" was Tom s, and he smiled.\n\n'
                    '"If you like," said Anna.')
    story = analyse(run_stages, text)
    spoken = ("Is it far", "Not very far", "Shall we walk")
    assert [speaker_of(story, words) for words in spoken] == ["Tom Hale", "Anna Price", "Tom Hale"]
    assert all(quote_with(story, words).type == "explicit" for words in spoken)


def test_a_dash_speech_takes_its_tag_from_the_paragraph_before(run_stages) -> None:
    lines = ["Anna Price and Tom Hale sat by the fire. Anna was tired and she yawned.", "Anna said:",
             "-- Go to bed, Tom.", "Tom Hale answered:", "-- Not yet.", "-- Now.", "-- No.", "-- Yes.", "-- Fine."]
    story = analyse(run_stages, "\n\n".join(lines))
    assert speaker_of(story, "Not yet") == "Tom Hale"
    assert quote_with(story, "Not yet").type == "explicit"
    assert speaker_of(story, "Go to bed") == "Anna Price"


def test_he_said_is_never_the_first_person_narrator(run_stages) -> None:
    text = ('I met Tom Hale at the gate. I was cold and I was tired. Tom waited.\n\n'
            '"Is it far?" I asked.\n\n"Not far," he said.\n\n"Good," I said.\n\n"Come on, then," he said.')
    story = analyse(run_stages, text)
    narrator = story.character(quote_with(story, "Is it far").speaker)
    assert narrator.narrator and narrator.gender == "unknown"
    assert speaker_of(story, "Not far") == "Tom Hale"
    # Of unknown pronoun set, the narrator still never fits "he" or "she" (the narration says "I").
    from fabula.stages.speakers import Attributor

    attributor = Attributor(story)
    assert not attributor.fits(narrator.id, "he") and not attributor.fits(narrator.id, "she")
    assert attributor.fits(narrator.id, None)


def test_a_pronoun_tag_is_not_the_one_the_speech_names(run_stages) -> None:
    # Coreference takes "she" for Mary, the latest subject, who is also the subject of the
    # paragraph before; but people seldom name themselves.
    text = ('Anne Elliot came in. Mary Musgrove was reading a letter.\n\n'
            '"So much for Mary and her letters," she said.')
    story = analyse(run_stages, text)
    assert speaker_of(story, "So much for Mary") == "Anne Elliot"


def first_exchange(story):
    """The decoder's view of a story's first conversation (the story run up to coref, the
    speakers stage's input), the attributor that read it, and each candidate's column by name."""
    from fabula.dialogue import conversations
    from fabula.exchanges import ExchangeReader
    from fabula.stages.speakers import Attributor

    attributor = Attributor(story)
    found = attributor.first_pass()
    exchange = ExchangeReader(story, attributor.index, attributor.by_paragraph).read(conversations(story)[0], found)
    assert exchange is not None
    return attributor, exchange, {story.characters[c].name: n for n, c in enumerate(exchange.candidates)}


def test_the_decoder_sees_whom_a_turn_names_apart_from_whom_it_calls(run_stages) -> None:
    from fabula.exchanges import CUE_INDEX, default_weights

    text = INTRO + '"Tom, look," said Anna.\n\n"Anna is right, as usual."'
    _, exchange, column = first_exchange(run_stages(text, *UP_TO_ADDRESSEES[:-2]))
    named, called = CUE_INDEX["named"], CUE_INDEX["called"]
    assert exchange.features[0, column["Tom Hale"], called] == 1 and exchange.features[0, column["Tom Hale"], named] == 0
    assert exchange.features[1, column["Anna Price"], named] == 1 and exchange.features[1, column["Tom Hale"], named] == 0
    # Being named counts against a candidate, and outweighs being the subject of the paragraph before.
    assert default_weights().cues[named] < -default_weights().cues[CUE_INDEX["lead-in"]] < 0


def test_a_speaker_an_earlier_decoding_was_sure_of_is_a_participant(run_stages) -> None:
    from dataclasses import replace

    from fabula.dialogue import conversations
    from fabula.exchanges import CUE_INDEX, ExchangeReader
    from fabula.stages.speakers import Attributor

    text = INTRO + '"Are you cold?" said Anna.\n\n"Not at all."\n\n"Then walk on."'
    story = run_stages(text, *UP_TO_ADDRESSEES[:-2])
    _, exchange, column = first_exchange(story)
    participant = CUE_INDEX["participant"]
    assert exchange.features[0, column["Tom Hale"], participant] == 0  # no tag names Tom
    attributor = Attributor(story)
    found = attributor.first_pass()
    tom = next(c.id for c in story.characters if c.name == "Tom Hale")
    untagged = story.quotes[1].id
    reader = ExchangeReader(story, attributor.index, attributor.by_paragraph, sure={untagged: tom})
    sure = reader.read(conversations(story)[0], {q: replace(e) for q, e in found.items()})
    assert sure is not None and sure.features[0, sure.candidates.index(tom), participant] == 1


def test_an_action_beat_before_the_speech_is_its_nearest_subject(run_stages) -> None:
    text = ('Maria Thorpe and Isabella Thorpe sat with Catherine Morland.\n\n'
            'Maria left the room, and Isabella sat down by Catherine. "Yes, my dear, it is so."')
    story = analyse(run_stages, text)
    assert speaker_of(story, "it is so") == "Isabella Thorpe"


def test_a_voice_that_speaks_is_its_owner_s(run_stages) -> None:
    text = ('Aziz and Cyril Fielding stood in the hall. Aziz was tired.\n\n'
            '"Cyril, Cyril, don\'t leave me," called the shattered voice of Aziz.')
    story = analyse(run_stages, text)
    assert speaker_of(story, "leave me") == "Aziz"
    assert quote_with(story, "leave me").type == "explicit"


@pytest.mark.parametrize("first, second, address, answerer", [
    ("Anna Price and Tom Hale", "Anna sewed and Tom read", "sir", "Anna Price"),
    ("Tom Hale and Anna Price", "Tom read and Anna sewed", "ma'am", "Tom Hale"),
    ("Anna Price and Tom Hale", "Anna sewed and Tom read", "ma'am", "Tom Hale"),
])
def test_a_gendered_address_says_who_was_answered(run_stages, first: str, second: str, address: str,
                                                  answerer: str) -> None:
    # Untagged, the order of the introduction decides; "sir" answers the man, "ma'am" the woman.
    text = f'{first} sat by the fire. {second}.\n\n"Is the fire low?"\n\n"It is, {address}. Shall I mend it?"'
    story = analyse(run_stages, text)
    assert speaker_of(story, "Shall I mend it") == answerer
    assert speaker_of(story, "Is the fire low") != answerer


def test_narration_that_introduces_a_speech_outranks_the_story_going_on_after_it(run_stages) -> None:
    text = ('Anna Price and Tom Hale sat by the fire.\n\n'
            'Anna said, "What is to become of us?" And Tom began to tell the old story of the mill.')
    assert speaker_of(analyse(run_stages, text), "become of us") == "Anna Price"


def test_an_initial_does_not_end_the_tag(run_stages) -> None:
    text = ('Tom Hale waited by the door with M. Riviere.\n\n'
            'Tom had not long to wait. "Do not let her go!" M. Riviere exclaimed.')
    assert speaker_of(analyse(run_stages, text), "let her go") == "Riviere"


def test_a_group_conversation_is_heard_by_everyone_who_takes_part(run_stages) -> None:
    # Ruth speaks first and last; between, Anna and Tom trade nine speeches. Five turns from
    # either of Ruth's, the middle speech is still said in her hearing.
    lines = ['"Shall we go?" asked Ruth.']
    for n in range(9):
        lines.append(f'"Speech number {n}," said {"Anna" if n % 2 == 0 else "Tom"}.')
    lines.append('"Then we stay," said Ruth.')
    text = ("Anna Price, Tom Hale and Ruth Bell sat at the table. Ruth was quiet and she ate.\n\n"
            + "\n\n".join(lines))
    story = analyse(run_stages, text)
    names = {c.id: c.name for c in story.characters}
    assert speaker_of(story, "Speech number 4") == "Anna Price"
    assert {names[a] for a in quote_with(story, "Speech number 4").addressees} == {"Tom Hale", "Ruth Bell"}


def test_a_voice_s_owner_speaks_when_the_voice_opens_the_tag(run_stages) -> None:
    text = ('Anna Price sat with Tom Hale and Ruth Bell.\n\n'
            '"When an engineer falls ill, it is serious," said the voice of Tom Hale, a police inspector.')
    story = analyse(run_stages, text)
    assert speaker_of(story, "engineer falls ill") == "Tom Hale"


def test_one_speaker_per_epithet_in_a_chapter_then_in_the_book(run_stages) -> None:
    from fabula.stages.speakers import Attributor, settle_epithets

    lines = ["A stranger came in and sat by Anna Price. Tom Hale watched him.\n\n"]
    lines += [f'"Line {n} of mine," said the stranger.\n\n"Reply {n}," said Tom.\n\n' for n in range(5)]
    story = run_stages("CHAPTER I\n\n" + "".join(lines) + "CHAPTER II\n\n" + "".join(lines[:4]),
                       "segment", "parse", "quotes", "mentions", "characters", "coref")
    found = Attributor(story).first_pass()
    by_tag = [q for q, e in found.items() if e.mention is not None and e.mention.text == "the stranger"]
    assert len(by_tag) == 8
    tom, anna = (next(c.id for c in story.characters if c.name == name) for name in ("Tom Hale", "Anna Price"))

    def given(*speakers: int) -> None:
        for q, speaker in zip(by_tag, speakers):
            found[q].character, found[q].kind = speaker, "tag-generic"

    # The first chapter's five went to Tom but one; the second chapter's three to Anna. The
    # chapter's other four set the first right; the second chapter has too few to tell, and
    # over the book Tom holds five of eight, under the share.
    given(tom, tom, anna, tom, tom, anna, anna, anna)
    assert settle_epithets(story, found) == [by_tag[2]]
    assert found[by_tag[2]].character == tom and found[by_tag[2]].kind == "epithet"
    assert [found[q].character for q in by_tag[5:]] == [anna] * 3
    # One misread in the second chapter: too few there, but the book's share settles it.
    given(tom, tom, tom, tom, tom, tom, anna, tom)
    assert settle_epithets(story, found) == [by_tag[6]]
    # Split three and two in the first chapter, and even over the book: no one holds it.
    given(anna, anna, tom, tom, tom, anna, tom, anna)
    assert settle_epithets(story, found) == []


@pytest.mark.parametrize("text, words, speaker", [
    # spaCy's small model tags "sneered" before an unknown name as an adjective.
    ('Aziz and Callendar stood in the ward. Aziz was angry, and he frowned.\n\n'
     '"No pain?"\n\n"Not really."\n\n"Excellent news," sneered Aziz.', "Excellent news", "Aziz"),
    # It reads "Anna Price half opened" with "half" as the subject and the name its compound.
    (INTRO + "In a few minutes, Anna Price half opened the door and called out,\n\n"
     '"Tom, I want to speak with you."\n\n"Coming," said Tom.', "I want to speak", "Anna Price"),
    # It reads the name "Fielding" as a gerund and "thought" as a noun.
    ("Mr. Fielding and Tom Hale stood by the gate. Mr. Fielding was cold, and Fielding said so. "
     'Tom was tired and he yawned.\n\n"Where are you going?" asked Tom.\n\n'
     '"I shall not really be intimate with this fellow," Fielding thought. That was the end of it.',
     "I shall not really", "Mr. Fielding"),
], ids=["verb read as an adjective", "name hung on a misread subject", "name read as a verb"])
def test_a_tag_the_parser_misread_still_tags_the_speech(run_stages, text: str, words: str, speaker: str) -> None:
    story = analyse(run_stages, text)
    assert speaker_of(story, words) == speaker
    assert quote_with(story, words).type == "explicit"


@pytest.mark.parametrize(("after_speech", "parted"), [("", False), (" " + LONG_BEAT.replace("Tom", "Anna"), True)])
def test_narration_between_turns_is_read_after_a_speech_over_several_paragraphs(run_stages, after_speech: str,
                                                                               parted: bool) -> None:
    from fabula.dialogue import MentionIndex, conversations, quotes_by_paragraph
    from fabula.exchanges import ExchangeReader

    text = INTRO + ('"It was a long winter," said Anna, "and the snow came early.\n\n'
                    f'"Then the river froze, and nobody crossed it for a month."{after_speech}\n\n"I remember," said Tom.')
    story = analyse(run_stages, text)
    reader = ExchangeReader(story, MentionIndex(story.mentions), quotes_by_paragraph(story))
    (first, second), = conversations(story)
    assert len(first) == 1 and first[0].end > story.paragraphs[first[0].paragraph].end  # one speech, two paragraphs
    assert reader.narrated_between(first, second) is parted


@pytest.mark.parametrize("narration", [
    # E-texts lose the dash or colon of "...and said--" before a speech's paragraph: narration
    # that ends in a word still introduces the speech after it.
    "Anna rose from her chair and said\n\n",
    # Two misparses: spaCy hangs "Anna" on "half", leaving "smiled" no subject; and it hangs the
    # second relative clause elsewhere, though it shares the first one's antecedent.
    "Anna half smiled and said, ",
    "A short pause followed, which was broken by Anna, who seemed very tired, and who now said, ",
    # spaCy makes the clauses before a subjectless "said" its complement: the subject nearest
    # the verb speaks.
    "Anna smiled her agreement, and stepping over to Tom, said, in a voice that he alone could hear, ",
    "The fire had burned low, when Anna rose from her chair in great haste, and facing Tom, said,\n\n",
])
def test_a_tag_is_read_where_the_e_text_or_the_parser_hides_it(run_stages, narration: str) -> None:
    text = ('Anna Price and Tom Hale sat by the fire for a long while.\n\n'
            '"It is late," said Tom.\n\n'
            f'{narration}"Not for me."')
    story = analyse(run_stages, text)
    assert speaker_of(story, "Not for me") == "Anna Price"
    assert quote_with(story, "Not for me").type == "explicit"


def test_a_name_after_the_article_opens_a_tag_right_after_the_speech(run_stages) -> None:
    # "the Stone Giant went on": "went on" is no speech verb, and the name starts after "the".
    text = ('Anna, Tom Hale and the Stone Giant waited at the ford. The Stone Giant frowned.\n\n'
            '"It is late," said Tom.\n\n"Is it?" said Anna.\n\n'
            '"When I was a boy," the Stone Giant went on at last, more quietly, "nobody crossed the river at night."')
    story = analyse(run_stages, text)
    assert speaker_of(story, "When I was a boy") == "Stone Giant"
    assert quote_with(story, "When I was a boy").type == "explicit"


@pytest.mark.parametrize("text, words", [
    # The narration after "said John." goes on with John, in his own paragraph: the next
    # paragraph's "he" is John again, not the other man of the conversation.
    ('John Reed and Tom Hale stood by the gate.\n\n"Where is the dog?" asked Tom.\n\n'
     '"I cannot see it," said John. John looked again along the lane, but he could not even '
     'be sure of the gate.\n\n"Call it!" he commanded.', "Call it"),
    # Anna's answer is told, not quoted: "he replied" answers her, so it is John again, not the
    # other man who spoke before him.
    ('John Reed, Tom Hale and Anna Price sat by the fire.\n\n"It is late," said Tom.\n\n'
     '"Anna," said John, "you look tired."\n\nShe could not deny it, but said it was nothing.\n\n'
     '"I do not believe you," he replied.', "I do not believe you"),
])
def test_a_pronoun_tag_follows_the_narration_since_the_last_speech(run_stages, text: str, words: str) -> None:
    story = analyse(run_stages, text)
    assert speaker_of(story, words) == "John Reed"


@pytest.mark.parametrize("tagged", [False, True])
def test_he_said_passes_over_a_name_the_book_never_gives_a_gender(run_stages, tagged: bool) -> None:
    # A stray word taken for a name ("Hearthrug", "Suburbia") is present in the narration,
    # and coreference may hand it the "he" of "he said"; a candidate the book never calls
    # "he" or "she" is a poor answer to a gendered tag, unless a tag of the exchange names it.
    from fabula.exchanges import CUE_INDEX

    text = INTRO + ('"Is the cart coming?" Anna asked.\n\n'
                    + ('"By noon," said Quimby.\n\n' if tagged else "")
                    + 'Quimby had promised the cart by noon.\n\n"Not yet," he said.')
    story = run_stages(text, *UP_TO_ADDRESSEES[:-2])
    next(c for c in story.characters if c.name == "Quimby").gender = "unknown"
    attributor, exchange, column = first_exchange(story)
    ungendered = exchange.features[-1, :, CUE_INDEX["ungendered"]]
    assert ungendered[column["Quimby"]] == (0 if tagged else 1)
    assert ungendered[column["Tom Hale"]] == ungendered[column["Anna Price"]] == 0
    if not tagged:
        attributor.run()
        assert speaker_of(story, "Not yet") == "Tom Hale"


def test_a_candidate_who_has_said_little_anywhere_in_the_book_is_quiet(run_stages, monkeypatch) -> None:
    # A bystander the narration names is present, but the voices of the book's exchanges are
    # those its name-tagged speeches let fabula learn (a word model, :mod:`fabula.idiolect`).
    from fabula import idiolect
    from fabula.dialogue import conversations
    from fabula.exchanges import CUE_INDEX, KEPT_KINDS, ExchangeReader, default_weights
    from fabula.stages.speakers import Attributor

    monkeypatch.setattr(idiolect, "MIN_WORDS", 8)  # a book's worth of tagged speech, in a short text
    text = INTRO + ('"The cart is late again and the road is dark and cold," said Tom.\n\n'
                    '"Then we wait," said Anna.\n\nQuimby the carter was still at the inn.\n\n"Not long now."')
    story = run_stages(text, *UP_TO_ADDRESSEES[:-2])
    attributor = Attributor(story)
    found = attributor.first_pass()
    named = {q: e.character for q, e in found.items() if e.kind in KEPT_KINDS and e.character is not None}
    reader = ExchangeReader(story, attributor.index, attributor.by_paragraph, idiolect.Idiolects(story, named))
    exchange = reader.read(conversations(story)[0], found)
    assert exchange is not None
    quiet = {story.characters[c].name: exchange.features[0, n, CUE_INDEX["quiet"]]
             for n, c in enumerate(exchange.candidates)}
    # Tom said enough; Anna (three words) a little; Quimby nothing.
    assert quiet["Tom Hale"] == 0 and 0 < quiet["Anna Price"] < 1 and quiet.get("Quimby", 1) == 1
    assert default_weights().cues[CUE_INDEX["quiet"]] < 0


@pytest.mark.parametrize(("paragraph", "speakers"), [
    # the "she" of one tag cannot be the "he" of the next
    ('"I hate the dark!" she cried, her lips tense. "But I will be near," he said.', ("Anna Price", "Tom Hale")),
    # nothing between the two speeches: a second voice cuts in
    ('"Then we must go."\n\n"All I know is--" "But I will be near."', ("Tom Hale", "Anna Price")),
    # a description and a name of two people ("the gentleman" is the newcomer, not Tom)
    ('A gentleman came up to the gate.\n\n"And you live here?" said the gentleman, with a glance at the house. '
     '"Yes, sir," said Tom.', ("a gentleman", "Tom Hale")),
])
def test_a_paragraph_that_holds_two_speakers_is_two_turns(run_stages, paragraph: str,
                                                          speakers: tuple[str, str]) -> None:
    story = analyse(run_stages, INTRO + '"Is it far?" asked Anna.\n\n"An hour," said Tom.\n\n' + paragraph)
    last_two = [q for q in story.quotes if q.spoken][-2:]
    assert tuple(story.character(q.speaker).name for q in last_two) == speakers


# Two men, so that "he" names neither; Jack asks, Tom answers.
TWO_MEN = ("Tom Hale and Jack Reed stood in the hall. Tom was tired and he yawned. Jack was cold and he shivered.\n\n"
           '"Are you ready?" asked Jack.\n\n"Almost," said Tom.\n\n')


def test_a_pronoun_tag_is_local_only_when_its_paragraph_names_the_person(run_stages) -> None:
    # The "he" of "he cried" has only the paragraph's other "he" and "his" before it, which
    # coreference gave to Jack (named last): that is no evidence, and the turns alternate.
    text = (TWO_MEN + 'Jack waited by the door and looked at his watch.\n\n"Then hurry."\n\n'
            '"One minute." Stepping aside, he pulled off his collar and took out the stud. '
            '"Here it is," he cried.\n\n"Thank you."')
    story = analyse(run_stages, text)
    assert speaker_of(story, "Then hurry") == "Jack Reed"
    assert speaker_of(story, "Here it is") == "Tom Hale"
    assert speaker_of(story, "Thank you") == "Jack Reed"


@pytest.mark.parametrize(("narration", "lead"), [("Jack looked at his watch.", "Jack Reed"),
                                                 ("He looked at his watch.", None)])
def test_the_subject_of_the_paragraph_before_leads_in_when_it_tells_who(run_stages, narration: str,
                                                                          lead: str | None) -> None:
    # Between two men talking, "He looked at his watch." names neither.
    text = TWO_MEN + f'{narration}\n\n"Then hurry."'
    from fabula.exchanges import ExchangeReader
    from fabula.stages.speakers import Attributor

    story = run_stages(text, *UP_TO_ADDRESSEES[:-2])
    attributor = Attributor(story)
    reader = ExchangeReader(story, attributor.index, attributor.by_paragraph)
    men = {c.id for c in story.characters if c.name in ("Jack Reed", "Tom Hale")}
    assert len(men) == 2
    found = reader.leading(reader.lead_in(quote_with(story, "Then hurry")), men)
    assert (story.characters[found].name if found is not None else None) == lead



def test_the_one_a_speech_is_said_to_is_not_its_speaker(run_stages) -> None:
    # The tag's clause has no subject the parser found; "to Tom" must not stand in for one.
    text = INTRO + 'Anna stood a while in silence. Then, rising up at last, said to Tom,\n\n"Walk with me to the end of the lane."'
    story = analyse(run_stages, text)
    assert speaker_of(story, "end of the lane") != "Tom Hale"


def test_the_subject_of_the_narration_before_a_turn_takes_part_in_the_exchange(run_stages) -> None:
    # An interrogation: the maid never speaks in a tag, but the paragraph before her first
    # answer makes her its subject; she is as much one of the exchange as those the tags name.
    text = ('Tom Hale and Anna Price sat in the study.\n\n"We must ask the maid," said Anna.\n\n'
            '"Then send for her," said Tom.\n\nMary Bell came in and stood by the door.\n\n'
            '"How many letters were there?" Tom began.\n\nMary considered.\n\n"There were four, sir."\n\n'
            '"Where did you leave them?"\n\n"On the hall table, sir."')
    from fabula.exchanges import CUE_INDEX

    story = run_stages(text, *UP_TO_ADDRESSEES[:-2])
    _, exchange, column = first_exchange(story)
    assert exchange.features[:, column["Mary Bell"], CUE_INDEX["participant"]].all()


def test_a_tag_verb_far_from_its_speech_behind_an_aside_is_still_its_tag(run_stages) -> None:
    # Twelve words of aside, and five marks, between "added" and the speech: the reach of a
    # tag counts words, not commas.
    text = ('Fanny looked at her aunt.\n\n"We shall dine at six," said Mary.\n\n'
            "The ladies murmured; and Mrs. Archer added, partly, perhaps, to distract her daughter's "
            'attention from forbidden topics: "Poor Regina! She is ill."\n')
    story = analyse(run_stages, text)
    assert speaker_of(story, "Poor Regina") == "Mrs. Archer"
    assert quote_with(story, "Poor Regina").type == "explicit"


@pytest.mark.parametrize("sentence, said, subject", [
    # spaCy's small model reads the name as an adverb of "replied"...
    ('Edmund, to whom this was chiefly addressed, replied, "I believe I know what you mean."', "replied", "Edmund"),
    # ...and gives the subject to the participle set between it and its verb.
    ("Mr. Welland, beaming across a breakfast table, was presently saying to Tom: ", "saying", "Welland"),
    # ...even after "while" ...
    ("Louisa was raised up, and everything was done that Anne had prompted, but in vain; while Captain Wentworth, "
     "staggering against the wall for his support, exclaimed in the bitterest agony: ", "exclaimed", "Wentworth"),
    # ...hangs the verb on the name ...
    ("Lady Bertram had been telling her niece in the evening to write to her soon and often, and promising to be a "
     "good correspondent herself; and Edmund, at a convenient moment, then added in a whisper, ", "added", "Edmund"),
    # ...and makes the name a conjunct of the clause before.
    ("Anne, amused in spite of herself, was rather distressed for an answer, and the Admiral, fearing he might not "
     "have been civil enough, took up the subject again, to say: ", "say", "Admiral"),
])
def test_the_subject_of_a_speech_verb_the_parser_left_without_one(nlp, sentence: str, said: str, subject: str) -> None:
    from fabula.stages.speakers import clause_subject, speech_verb

    doc = nlp(sentence)
    verb = next(t for t in doc if t.text == said)
    assert speech_verb(verb)
    assert not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)  # the misparse itself
    found = clause_subject(verb)
    assert found is not None and found.text == subject


def test_a_name_the_parser_set_in_apposition_to_another_name_is_the_subject_after_it() -> None:
    # The parse is given, as spaCy's small model reads "and followed by Mr. Price, Tom took
    # the chance of saying": Tom an apposition of Price, "took" a conjunct of "called", whose
    # subject (Anna, who was called away) is not the one who speaks.
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from fabula.stages.speakers import clause_subject

    words = ["Anna", "was", "called", "away", ";", "and", "followed", "by", "Mr.", "Price", ",", "Tom", "took",
             "the", "chance", "of", "saying", ","]
    doc = Doc(Vocab(), words=words,
              heads=[2, 2, 2, 2, 2, 2, 2, 6, 9, 7, 9, 9, 2, 14, 12, 14, 15, 16],
              deps=["nsubjpass", "auxpass", "ROOT", "advmod", "punct", "cc", "conj", "agent", "compound", "pobj",
                    "punct", "appos", "conj", "det", "dobj", "prep", "pcomp", "punct"],
              pos=["PROPN", "AUX", "VERB", "ADV", "PUNCT", "CCONJ", "VERB", "ADP", "PROPN", "PROPN", "PUNCT",
                   "PROPN", "VERB", "DET", "NOUN", "ADP", "VERB", "PUNCT"])
    found = clause_subject(doc[16])
    assert found is not None and found.text == "Tom"


def test_a_speech_verb_with_no_subject_is_not_tagged_by_whom_it_is_said_to(run_stages) -> None:
    # "returned to Mr. Crawford, and said": the parser gives neither verb a subject, and the
    # name after "returned" (a speech verb too) is the one she speaks to, by every word of it.
    text = ("Fanny Price and Henry Crawford walked in the garden. Fanny was silent.\n\n"
            "After leaving him to his happier thoughts for some minutes, Fanny, feeling it due to herself, "
            'returned to Mr. Crawford, and said, "It is not merely in temper that I consider him unsuited to me."\n')
    story = analyse(run_stages, text)
    assert speaker_of(story, "not merely in temper") != "Henry Crawford"


def test_a_kin_description_in_a_tag_names_one_person_not_whoever_fits(run_stages) -> None:
    # "her mother" is Mrs. Hale through Jane's surname: a description of one person, weighed
    # as a description, not as "the lady", a guess among the conversation's women.
    from fabula.stages.speakers import Attributor

    text = ('Mrs. Hale sat by the fire with Jane Hale and Tom Price. Mrs. Hale was knitting.\n\n'
            '"Shall we walk to the village?" asked Jane.\n\n"Not in this rain," said her mother.')
    story = run_stages(text, *UP_TO_ADDRESSEES[:-2])
    evidence = Attributor(story).first_pass()[quote_with(story, "Not in this rain").id]
    assert evidence.kind == "tag-description"
    assert story.character(evidence.character).name == "Mrs. Hale"


def test_narration_after_a_resumed_speech_is_a_hearer_not_its_tag(run_stages) -> None:
    # The speech goes on after Anna's tag; "Tom frowned" after it is Tom hearing it (the
    # speech verb far on in his sentence keeps the two speeches apart).
    text = INTRO + '"Where is the car?" asked Tom.\n\n' \
                   '"In the lane," said Anna, pointing. "You left it there yourself." Tom frowned, turned ' \
                   'slowly away from her towards the empty fields, and after a long while shouted for the dog.'
    story = analyse(run_stages, text)
    assert speaker_of(story, "You left it there") == "Anna Price"


def test_the_decoder_sees_who_carries_an_exchange_by_its_tags(run_stages) -> None:
    # Two of Anna's speeches are tagged and one of Tom's: their shares of the exchange's tags.
    from fabula.exchanges import CUE_INDEX

    text = INTRO + '"Are you cold?" said Anna.\n\n"No," said Tom.\n\n"Then walk on," said Anna.\n\n"Gladly."'
    _, exchange, column = first_exchange(run_stages(text, *UP_TO_ADDRESSEES[:-2]))
    share = exchange.features[:, :, CUE_INDEX["share"]]
    assert share[:, column["Anna Price"]] == pytest.approx([2 / 3] * 4)
    assert share[:, column["Tom Hale"]] == pytest.approx([1 / 3] * 4)


def test_a_speech_an_earlier_decoding_was_sure_of_counts_in_the_share(run_stages) -> None:
    from dataclasses import replace

    from fabula.dialogue import conversations
    from fabula.exchanges import CUE_INDEX, ExchangeReader
    from fabula.stages.speakers import Attributor

    text = INTRO + '"Are you cold?" said Anna.\n\n"Not at all."\n\n"Then walk on," said Anna.'
    story = run_stages(text, *UP_TO_ADDRESSEES[:-2])
    attributor = Attributor(story)
    found = attributor.first_pass()
    tom = next(c.id for c in story.characters if c.name == "Tom Hale")
    reader = ExchangeReader(story, attributor.index, attributor.by_paragraph, sure={story.quotes[1].id: tom})
    exchange = reader.read(conversations(story)[0], {q: replace(e) for q, e in found.items()})
    assert exchange is not None
    share = exchange.features[0, :, CUE_INDEX["share"]]
    assert share[exchange.candidates.index(tom)] == pytest.approx(1 / 3)


def test_a_beat_counts_in_the_share_like_a_tag(run_stages) -> None:
    from fabula.exchanges import CUE_INDEX

    text = INTRO + '"Are you cold?" said Anna.\n\nTom shook his head. "No."\n\n"Then walk on."'
    _, exchange, column = first_exchange(run_stages(text, *UP_TO_ADDRESSEES[:-2]))
    share = exchange.features[0, :, CUE_INDEX["share"]]
    assert share[column["Anna Price"]] == pytest.approx(0.5) and share[column["Tom Hale"]] == pytest.approx(0.5)


def test_the_decoder_sees_whom_the_next_turn_calls_by_name(run_stages) -> None:
    # "Not at all, Anna." answers Anna: the turn before it is likely hers.
    from fabula.exchanges import CUE_INDEX, default_weights

    text = INTRO + '"Are you cold?"\n\n"Not at all, Anna."'
    _, exchange, column = first_exchange(run_stages(text, *UP_TO_ADDRESSEES[:-2]))
    called_after = CUE_INDEX["called-after"]
    assert exchange.features[0, column["Anna Price"], called_after] == 1
    assert exchange.features[1, column["Anna Price"], called_after] == 0
    assert default_weights().cues[called_after] > 0


def test_a_he_leading_in_is_the_one_man_of_the_exchange(run_stages) -> None:
    # "He looked up." before an untagged speech: Tom, the only man who takes part.
    from fabula.exchanges import CUE_INDEX

    text = INTRO + ('"Are you cold?" asked Tom.\n\n"A little," said Anna.\n\n'
                    'He looked up at the sky for a while.\n\n"It will rain soon."')
    _, exchange, column = first_exchange(run_stages(text, *UP_TO_ADDRESSEES[:-2]))
    lead_in = CUE_INDEX["lead-in"]
    assert exchange.features[-1, column["Tom Hale"], lead_in] == 1
    assert exchange.features[-1, column["Anna Price"], lead_in] == 0
