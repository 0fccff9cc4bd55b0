"""The Python API: fabula.analyze, the Story's DataFrames and JSON, custom stages."""

from __future__ import annotations

import json

import fabula
from fabula.model import Story
from fabula.pipeline import Pipeline


def test_analyze_text_returns_story(pipeline) -> None:
    story = fabula.analyze('"Run!" shouted Odile.\n\nShe ran.\n', pipeline=pipeline)
    assert isinstance(story, Story)
    assert [p.kind for p in story.paragraphs] == ["text", "text"]
    assert story.quotes and story.quote_text(story.quotes[0]) == "Run!"
    assert set(story.timings) == set(pipeline.names)


def test_dataframes_have_one_row_per_record(sample_story) -> None:
    quotes = sample_story.quotes_df()
    chars = sample_story.characters_df()
    mentions = sample_story.mentions_df()
    assert len(quotes) == len(sample_story.quotes)
    assert len(chars) == len(sample_story.characters)
    assert len(mentions) == len(sample_story.mentions)
    assert chars["lines"].sum() == sum(1 for q in sample_story.quotes if q.spoken and q.speaker is not None)
    assert {"speaker_name", "addressee_names", "confidence", "type"} <= set(quotes.columns)


def test_empty_frames_keep_their_columns() -> None:
    story = Story(text="Nothing happens.")
    assert list(story.quotes_df().columns)[:3] == ["id", "start", "end"]
    assert len(story.characters_df()) == 0


def test_to_json_round_trips(sample_story) -> None:
    doc = json.loads(sample_story.to_json())
    assert doc["stats"]["quotes"] == len(sample_story.quotes)
    assert doc["text"] == sample_story.text


def test_custom_stage_runs_in_order() -> None:
    seen: list[int] = []

    @fabula.stage("count_paragraphs_for_test")
    def count(story: Story) -> None:
        seen.append(len(story.paragraphs))

    Pipeline(stages=["segment", "count_paragraphs_for_test"])(Story(text="One.\n\nTwo.\n\nThree."))
    assert seen == [3]


def test_excluding_a_stage() -> None:
    p = Pipeline(stages=["segment", "parse"], exclude=["parse"])
    story = p(Story(text="Hello there."))
    assert p.names == ["segment"] and story.paragraphs[0].doc is None
