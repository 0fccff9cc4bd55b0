"""The segment stage: paragraphs, headings and the title page."""

from __future__ import annotations


def test_the_title_page_is_headings_not_prose_and_counts_no_chapter(run_stages) -> None:
    text = ("The Lighthouse Keeper's Ledger\n\nby Anna Price\n\nChapter 1\n\n"
            "Tom Hale climbed the steps. He was tired.\n\nTom Hale Again\n\n"
            "'Edith!' said Tom.")
    story = run_stages(text, "segment")
    kinds = [(story.text[p.start:p.end], p.kind, p.chapter) for p in story.paragraphs]
    assert kinds[:3] == [("The Lighthouse Keeper's Ledger", "heading", 0), ("by Anna Price", "heading", 0),
                         ("Chapter 1", "heading", 1)]
    # after the first prose paragraph, a short line without a full stop is prose again
    assert [k for _, k, _ in kinds[3:]] == ["text", "text", "text"]


def test_a_story_that_opens_with_a_speech_has_no_title_page(run_stages) -> None:
    story = run_stages("'Edith!' said Margaret, gently, 'Edith!'\n\nEdith slept on.", "segment")
    assert [p.kind for p in story.paragraphs] == ["text", "text"]


def test_the_author_of_the_title_page_is_no_character(run_stages) -> None:
    text = "The Keeper\n\nby Anna Price\n\nTom Hale climbed the steps. Tom was tired, and he sat down."
    story = run_stages(text, "segment", "parse", "quotes", "mentions", "characters")
    assert {c.name for c in story.characters} == {"Tom Hale"}


def test_a_chapter_line_and_the_title_under_it_are_one_heading(run_stages) -> None:
    text = ("CHAPTER I.\nTHE STRANGE MAN'S ARRIVAL\n\nTom Hale climbed the steps.\n\n"
            "Chapter 2\nIt was dark when Tom came home.\n\nCHAPTER III\nA Visit\n\nTom slept.")
    story = run_stages(text, "segment")
    kinds = [(p.kind, p.chapter) for p in story.paragraphs]
    # the title under a chapter line is part of the heading; a sentence under it is prose
    assert kinds == [("heading", 1), ("text", 1), ("text", 1), ("heading", 2), ("text", 2)]


def test_a_long_title_in_title_case_under_a_numbered_chapter_line_is_the_heading(run_stages) -> None:
    text = ("CHAPTER IX.\nCONTAINING FURTHER PARTICULARS CONCERNING THE OLD GENTLEMAN,\nAND HIS HOPEFUL PUPILS; "
            "WITH A VISIT\nTO THE MARKET.\n\nTom Hale climbed the steps.\n\n"
            "Chapter X: The Reverend Arthur Beebe, Mr. Emerson, and Miss Lucy Honeychurch\n"
            "Drive Out in Carriages to See a View; Italians Drive Them.\n\nTom slept.\n\n"
            "Chapter 11\nIt was dark, and the rain fell on the roofs of the town all night.\n\nTom woke.")
    story = run_stages(text, "segment")
    kinds = [(p.kind, p.chapter) for p in story.paragraphs]
    # however punctuated, a title-case block under "CHAPTER IX." is its title; prose under a
    # chapter line stays prose
    assert kinds == [("heading", 1), ("text", 1), ("heading", 2), ("text", 2), ("text", 2), ("text", 2)]
