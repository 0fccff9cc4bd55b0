"""The HTML report's structure, on stories built by hand (the browser test checks behaviour)."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from fabula.export import get_writer
from fabula.export.html import render_html
from fabula.model import Quote, Story
from handmade import add_character, add_quote, jack_and_jill, make_story

pytest.importorskip("plotly", reason="plotly is not installed; the HTML report needs it")


@pytest.fixture(scope="module")
def story():
    return jack_and_jill()


@pytest.fixture(scope="module")
def page(story):
    return render_html(story)


@pytest.fixture(scope="module")
def soup(page):
    return BeautifulSoup(page, "html.parser")


def test_self_contained(page, soup):
    """No element loads anything; the browser test also checks that nothing is fetched."""
    assert not soup.find_all("link") and not soup.find_all(src=True)
    assert all(a["href"].startswith("#") for a in soup.find_all("a", href=True))
    assert all(not re.search(r"url\(|@import", style.string) for style in soup.find_all("style"))
    assert len(page) > 3_000_000  # the plots' library is inlined, not fetched


def test_cast_table_counts(story, soup):
    rows = {row["data-c"]: row for row in soup.select("#cast tbody tr[data-c]")}
    assert set(rows) == {str(c.id) for c in story.characters} | {"u"}
    for c in story.characters:
        cells = [td.get_text(" ", strip=True) for td in rows[str(c.id)].find_all("td")]
        mine = [q for q in story.quotes if q.spoken and q.speaker == c.id]
        words = sum(len(story.text[s:e].split()) for q in mine for s, e in q.spans)
        assert cells[1] == c.name
        assert cells[2] == ", ".join(a for a in c.aliases if a != c.name)
        assert cells[4:6] == [str(len(mine)), str(words)]
    assert "he/him" in rows["0"].get_text() and "she/her" in rows["1"].get_text()
    unknown = [q for q in story.quotes if q.spoken and q.speaker is None]
    assert rows["u"].find_all("td")[4].get_text(strip=True) == str(len(unknown))


def test_each_speech_is_one_element_coloured_by_speaker(story, soup):
    marked = {int(el["data-q"]): el for el in soup.select("#text .q")}
    assert set(marked) == {q.id for q in story.quotes if q.spoken}
    for q in story.quotes:
        if not q.spoken:
            continue
        el = marked[q.id]
        assert f"s{q.speaker}" in el["class"] if q.speaker is not None else "su" in el["class"]
        for s, e in q.spans:
            assert story.text[s:e] in el.get_text()
    # The tag inside a split speech is inside the element but marked as narration.
    split = marked[next(q.id for q in story.quotes if len(q.spans) == 2)]
    assert [n.get_text() for n in split.select(".n")] == [" Jill replied, shaking the rain from her coat. "]


def test_tooltip_names_speaker_addressees_confidence(story, soup):
    title = soup.select_one('#text .q[data-q="1"]')["title"]
    assert title.startswith("Jill → Jack") and "confidence 0.80" in title
    assert "speaker unknown" in soup.select_one(".q.su")["title"]


def test_every_paragraph_reproduces_the_text(story, soup):
    for p in story.paragraphs:
        el = soup.find(id=f"p{p.index}")
        if p.kind == "break":
            assert el.name == "hr"
        else:
            assert el.get_text() == story.text[p.start:p.end]


def test_text_and_names_are_escaped():
    story = make_story('<script>alert("x")</script> & "Hi </script>," said Bo.', title="<b>T</b>")
    bo = add_character(story, "Bo</script><i>")
    other = add_character(story, "Al")
    add_quote(story, 0, "Hi </script>,", speaker=bo.id, addressees=[other.id], tag="Bo")
    soup = BeautifulSoup(render_html(story), "html.parser")
    assert soup.title.get_text().startswith("<b>T</b>")
    assert soup.select_one("#p0").get_text() == story.text
    assert not soup.select("#text script, #text i, h1 b")
    # Names inside the plots' JSON cannot close its <script> element early.
    for data in soup.select('script[type="application/json"]'):
        assert "Bo</script><i>" in json.dumps(json.loads(data.string))


def test_sections_without_data_are_left_out():
    story = make_story("Nothing is said here.", "Nor here.")
    add_character(story, "Ann")
    page = render_html(story)
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select(".plot")
    assert soup.select("#cast tbody tr") and soup.select("#text p")
    assert len(page) < 50_000  # no plots: no 4 MB plotting bundle either


def test_multi_paragraph_speech_counts_once():
    story = make_story('"It began in spring,', 'and it ended in the autumn."')
    ann = add_character(story, "Ann")
    q = add_quote(story, 0, "It began in spring,", speaker=ann.id)
    q.spans.append((story.paragraphs[1].start + 1, story.paragraphs[1].end - 1))
    soup = BeautifulSoup(render_html(story), "html.parser")
    pieces = soup.select(f'.q[data-q="{q.id}"]')
    assert [("cont" in el["class"]) for el in pieces] == [False, True]


def test_novel_sized_report_stays_small_and_fast(tmp_path):
    """170k words with a speech in most paragraphs: under 10 MB (how fast it is written is
    measured by benchmarks/bench.py, not asserted here)."""
    base = jack_and_jill()
    text_paragraphs = [base.text[p.start:p.end] for p in base.paragraphs]
    story = make_story(*(text_paragraphs * 2100), title="Long")
    for c in base.characters:
        add_character(story, c.name, c.aliases[1:], c.gender)
    per_copy = len(base.paragraphs)
    shift = story.paragraphs[per_copy].start
    for copy in range(2100):
        for q in base.quotes:
            story.quotes.append(Quote(id=len(story.quotes), spans=[(s + copy * shift, e + copy * shift) for s, e in q.spans],
                                      paragraph=q.paragraph + copy * per_copy, speaker=q.speaker,
                                      addressees=q.addressees, confidence=q.confidence, spoken=q.spoken))
    assert story.word_count > 100_000
    [path] = get_writer("html")(story, tmp_path, "long")
    assert path.stat().st_size < 10_000_000


FULL = ("segment", "parse", "quotes", "mentions", "characters", "coref", "speakers", "addressees", "scenes", "emotion")
FELT = "\n\n".join([
    "Chapter 1", "Anna Price laughed with joy in the sunny garden. Tom Hale smiled at her.",
    '"What a lovely day," said Anna.', '"The loveliest," said Tom.',
    "Chapter 2", "Anna wept in the dark. Tom was afraid and angry.",
    '"All is lost," said Anna miserably.', '"I hate this place," said Tom.',
])


def _figure(soup: BeautifulSoup, figure_id: str) -> dict:
    return json.loads(soup.select_one(f"#{figure_id}-data").string)


@pytest.fixture(scope="module")
def felt(run_stages):
    """A story run through the whole pipeline: its emotion stage leaves arcs to draw."""
    return run_stages(FELT, *FULL)


def test_emotion_arcs_are_drawn_when_the_story_has_them(felt):
    from fabula.export.cast import cast_list
    from fabula.export.report_figures import hue, ink

    soup = BeautifulSoup(render_html(felt), "html.parser")
    emotion = felt.extras["emotion"]
    arc = _figure(soup, "arc")
    assert [t["name"] for t in arc["data"]] == ["valence", *emotion["emotions"]]
    assert arc["data"][0]["y"] == emotion["arc"]["valence"]
    # Placed along the text, in order, and a click on a point opens a paragraph of the story.
    x = arc["data"][0]["x"]
    assert 0 <= x[0] < x[-1] <= 100 and x == sorted(x)
    assert set(arc["data"][0]["customdata"]) <= {p.index for p in felt.paragraphs}
    trajectories = _figure(soup, "trajectories")["data"]
    colours = {e.character.name: ink(hue(rank)) for rank, e in enumerate(cast_list(felt))}
    assert {t["name"] for t in trajectories} == {"Anna Price", "Tom Hale"}
    assert all(t["line"]["color"] == colours[t["name"]] for t in trajectories)
    anna = next(t["y"] for t in trajectories if t["name"] == "Anna Price")
    assert max(v for v in anna if v is not None) > 0 > min(v for v in anna if v is not None)  # joy, then grief
    assert soup.select('nav a[href="#arc-section"]') and soup.select('nav a[href="#trajectories-section"]')


def test_emotion_arcs_are_left_out_without_emotion_data(felt, soup):
    """A story analysed without the emotion stage, or with no characters, lacks those plots."""
    assert soup.select("#timeline") and not soup.select("#arc, #trajectories, #arc-section")
    unfelt = Story(text=felt.text, title=felt.title, paragraphs=felt.paragraphs, characters=felt.characters,
                   quotes=felt.quotes, scenes=felt.scenes)
    assert not BeautifulSoup(render_html(unfelt), "html.parser").select("#arc, #trajectories")
    nobody = Story(text=felt.text, paragraphs=felt.paragraphs, extras={"emotion": felt.extras["emotion"]})
    nobody_soup = BeautifulSoup(render_html(nobody), "html.parser")
    assert nobody_soup.select("#arc") and not nobody_soup.select("#trajectories")


def test_a_fine_arc_is_thinned_for_the_page(felt):
    from fabula.export.report_emotion import MAX_ARC_POINTS
    from fabula.pipeline import get_stage

    fine = Story(text=felt.text, paragraphs=felt.paragraphs)
    get_stage("emotion", arc_points=4 * MAX_ARC_POINTS)(fine)
    valence = _figure(BeautifulSoup(render_html(fine), "html.parser"), "arc")["data"][0]["y"]
    stored = fine.extras["emotion"]["arc"]["valence"]
    assert len(valence) == MAX_ARC_POINTS
    assert valence[0] == stored[0] and valence[-1] == stored[-1]


def test_a_character_trajectory_damps_thin_stretches_and_keeps_gaps():
    from fabula.export.report_emotion import character_valence

    profile = {"speech": {"n": [9, 1, 0, 0, 4], "valence": [0.1, 0.9, None, None, -0.5]},
               "narration": {"n": [1, 0, 0, 0, 4], "valence": [0.1, None, None, None, -0.3]}}
    valence = character_valence(profile)
    assert valence[1] == pytest.approx((0.1 * 10 + 0.9) / 11)  # one line at 0.9 among ten at 0.1
    assert valence[2] is None and valence[3] is None  # absent: a gap, not a guess
    assert valence[4] == pytest.approx(-0.4)
