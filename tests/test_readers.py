"""Readers: encodings, Project Gutenberg licence, EPUB and fan-fiction HTML, bad input.

Fixtures are tiny files written in tmp_path; no spaCy is needed.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from fabula.errors import InputError
from fabula.readers import decode, load_story, read_bytes, read_source

STORY = "“Come here,” said Elizabeth.\n\nDarcy did not move — he never did."


# ---- plain text and encodings ------------------------------------------------------

@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (STORY.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + STORY.encode("utf-8"), "utf-8-sig"),
        (STORY.encode("utf-16"), None),  # with BOM, native order
        (STORY.encode("utf-16-le"), "utf-16-le"),  # no BOM: NULs at odd positions
        (STORY.encode("utf-16-be"), "utf-16-be"),
        (STORY.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes, encoding: str | None) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    source = read_source(str(path))
    assert source.text == STORY
    assert "\ufeff" not in source.text
    if encoding:
        assert source.encoding == encoding


def test_cp1252_smart_quotes_become_curly_quotes() -> None:
    text, encoding = decode(b"\x93Hush,\x94 she said. It\x92s late\x85 very late \x96 too late.")
    assert encoding == "cp1252"
    assert text.startswith("“Hush,” she said. It’s late… very late – too late.")
    assert not any("\x80" <= c <= "\x9f" for c in text)


def test_crlf_and_cr_become_lf(tmp_path: Path) -> None:
    path = tmp_path / "dos.txt"
    path.write_bytes(b"One line.\r\n\r\nTwo lines.\rThree.")
    assert read_source(path).text == "One line.\n\nTwo lines.\nThree."


def test_load_story_carries_title_and_source(tmp_path: Path) -> None:
    path = tmp_path / "little_tale.txt"
    path.write_text(STORY, encoding="utf-8")
    story = load_story(str(path))
    assert story.text == STORY
    assert story.title == "little_tale"
    assert story.source["format"] == "text" and story.source["path"] == str(path)


# ---- bad input ---------------------------------------------------------------------

def _zip_bytes(**files: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        _zip_bytes(**{"notes.txt": "not a book"}),
        bytes(range(256)) * 8,
        b"",
        b"   \n\n\t ",
    ],
    ids=["png", "plain-zip", "random-bytes", "empty", "blank"],
)
def test_binary_and_empty_files_are_input_errors(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "story.dat"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_source(str(path))
    message = str(info.value)
    assert message and "\n" not in message


def test_missing_path_and_directory_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(str(tmp_path / "absent.txt"))
    with pytest.raises(InputError, match="directory"):
        read_source(tmp_path)


def test_a_string_source_is_story_text() -> None:
    assert read_source("He waited.\r\nShe came.").text == "He waited.\nShe came."
    with pytest.raises(InputError):
        read_source("   ")


def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "<html><body><div id='storytext'><p>From a pipe.</p></div></body></html>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page.encode("utf-16"))))
    source = read_source("-")
    assert source.format == "html" and source.text == "From a pipe."


# ---- Project Gutenberg -------------------------------------------------------------

GUTENBERG_HEADER = (
    "The Project Gutenberg eBook of A Small Tale\n\n"
    "This ebook is for the use of anyone anywhere in the United States.\n\n"
    "Title: A Small Tale:\n       Being a Test\n\nAuthor: Nobody\n\n"
    "*** START OF THE PROJECT GUTENBERG EBOOK A SMALL TALE ***\n\n"
    "Produced by Volunteers\n\n"
)
GUTENBERG_FOOTER = (
    "\n\n*** END OF THE PROJECT GUTENBERG EBOOK A SMALL TALE ***\n\n"
    "Section 1. General Terms of Use, by Michael Hart and the Foundation.\n"
)
OLD_FOOTER = (
    "\n\nEnd of the Project Gutenberg EBook of A Small Tale, by Nobody\n\n"
    "*** END OF THIS PROJECT GUTENBERG EBOOK A SMALL TALE ***\n\nLicence text.\n"
)


@pytest.mark.parametrize("footer", [GUTENBERG_FOOTER, OLD_FOOTER], ids=["modern", "old"])
def test_gutenberg_licence_is_stripped(tmp_path: Path, footer: str) -> None:
    path = tmp_path / "pg1234.txt"
    path.write_bytes((GUTENBERG_HEADER + STORY + footer).replace("\n", "\r\n").encode("utf-8"))
    source = read_source(path)
    assert source.text == STORY
    assert source.title == "A Small Tale: Being a Test"
    assert any("header" in note for note in source.notes)
    assert any("footer" in note for note in source.notes)


def test_old_small_print_header_and_end_line_are_stripped() -> None:
    text = (
        "The Project Gutenberg Etext of A Small Tale\n\n**Welcome To The World of Free Plain Vanilla Texts**\n"
        "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\n\n"
        + STORY
        + "\n\nEnd of Project Gutenberg's A Small Tale, by Nobody\n"
    )
    assert read_source(text).text == STORY


def test_text_without_markers_is_untouched() -> None:
    source = read_source("Gutenberg was a printer.\n\nEnd of story.")
    assert source.text == "Gutenberg was a printer.\n\nEnd of story."
    assert source.notes == []


# ---- HTML --------------------------------------------------------------------------

AO3_PAGE = """<!DOCTYPE html><html><head><title>A Tale - Chapter 1 - Someone [Archive of Our Own]</title>
<script>var x = "not story";</script><style>p { color: red }</style></head><body>
<header><p>Log in | Sign up</p></header><nav><p>Works Bookmarks</p></nav>
<div id="workskin">
 <div class="preface group"><h2 class="title heading">A Tale</h2>
  <div class="summary module"><h3 class="heading">Summary:</h3>
   <blockquote class="userstuff"><p>Elizabeth waits for Darcy.</p></blockquote></div>
  <div class="notes module"><h3 class="heading">Notes:</h3>
   <blockquote class="userstuff"><p>Thanks to my beta reader Jane!</p></blockquote></div></div>
 <div id="chapters" role="article"><div class="chapter" id="chapter-1">
  <div class="chapter preface group"><h3 class="title"><a href="#">Chapter 1</a>: The Door</h3></div>
  <div class="userstuff module" role="article"><h3 class="landmark heading">Chapter Text</h3>
   <p>&#8220;Come here,&#8221; said <em>Elizabeth</em>.</p>
   <p>Darcy did
      not move.</p>
   <hr/>
   <p>Morning came.</p>
  </div>
  <div class="chapter end notes module"><p>See you next week, dear readers.</p></div>
 </div></div></div>
<footer><p>Archive of Our Own, a project of the OTW</p></footer></body></html>"""


def test_ao3_page_body_notes_and_breaks(tmp_path: Path) -> None:
    path = tmp_path / "tale.html"
    path.write_text(AO3_PAGE, encoding="utf-8")
    source = read_source(path)
    assert source.format == "html" and source.title == "A Tale"
    assert source.text.split("\n\n") == [
        "Chapter 1 : The Door",
        "“Come here,” said Elizabeth.",
        "Darcy did not move.",
        "* * *",
        "Morning came.",
    ]
    notes = " ".join(source.notes)
    assert "beta reader" in notes and "next week" in notes and "waits for Darcy" in notes
    for junk in ("beta reader", "Log in", "Works Bookmarks", "not story", "Archive", "Chapter Text", "Summary"):
        assert junk not in source.text


def test_fanfiction_net_storytext_with_br_paragraphs() -> None:
    page = (
        "<html><body><div id='profile_top'><b class='xcontrast_txt'>Net Tale</b><p>Rated T</p></div>"
        "<div id='storytext'>First paragraph<br>still first.<br><br>Second paragraph.<p>Third.</p></div>"
        "<div><p>Review this story! " + "Review. " * 50 + "</p></div></body></html>"
    )
    source = read_bytes(page.encode("cp1252"), suffix=".htm")
    assert source.title == "Net Tale"
    assert source.text == "First paragraph\nstill first.\n\nSecond paragraph.\n\nThird."


def test_unknown_page_falls_back_to_the_largest_block_of_paragraphs() -> None:
    story = "".join(f"<p>Paragraph {i} of the story, long enough to count.</p>" for i in range(5))
    page = (
        "<!doctype html><html><head><title>Some Site</title></head><body>"
        "<div class='sidebar'><p>Links</p><p>More links</p></div>"
        f"<div class='content'><h2>The Story</h2>{story}</div></body></html>"
    )
    source = read_bytes(page.encode("utf-8"))  # no extension: sniffed as HTML
    assert source.format == "html" and source.title == "Some Site"
    parts = source.text.split("\n\n")
    assert parts[0] == "The Story" and len(parts) == 6
    assert parts[1] == "Paragraph 0 of the story, long enough to count."
    assert "Links" not in source.text


def test_html_without_text_is_an_input_error() -> None:
    with pytest.raises(InputError):
        read_bytes(b"<html><body><script>x()</script></body></html>", suffix=".html")


# ---- EPUB --------------------------------------------------------------------------

def _write_epub(path: Path) -> None:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("test-book")
    book.set_title("The Test Book")
    book.set_language("en")
    chapters = []
    for number, body in (
        (1, "<h1>Chapter One</h1><p>It began &#8220;quietly&#8221;.</p><p>Then it went on.</p>"),
        (2, "<h2>Chapter Two</h2><p>It ended.</p><hr/><p>Or did it?</p>"),
    ):
        chapter = epub.EpubHtml(title=f"Chapter {number}", file_name=f"ch{number}.xhtml", lang="en")
        chapter.content = f"<html><body>{body}</body></html>"
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    # The spine, not the order files were added or listed, is the reading order.
    book.spine = ["nav", chapters[1], chapters[0]]
    epub.write_epub(str(path), book)


@pytest.fixture(scope="module")
def epub_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("epub") / "book.epub"
    _write_epub(path)
    return path.read_bytes()


def test_epub_chapters_in_spine_order_without_the_toc(tmp_path: Path, epub_bytes: bytes) -> None:
    path = tmp_path / "book.epub"
    path.write_bytes(epub_bytes)
    source = read_source(path)
    assert source.format == "epub" and source.title == "The Test Book"
    assert source.text.split("\n\n") == [
        "Chapter Two",
        "It ended.",
        "* * *",
        "Or did it?",
        "Chapter One",
        "It began “quietly”.",
        "Then it went on.",
    ]


def test_epub_is_sniffed_without_extension(epub_bytes: bytes) -> None:
    assert read_bytes(epub_bytes).format == "epub"


def test_corrupt_epub_is_an_input_error(tmp_path: Path, epub_bytes: bytes) -> None:
    path = tmp_path / "broken.epub"
    path.write_bytes(epub_bytes[: len(epub_bytes) // 2])
    with pytest.raises(InputError, match="not a readable EPUB"):
        read_source(path)
    fake = tmp_path / "fake.epub"
    fake.write_bytes(_zip_bytes(mimetype="application/epub+zip"))
    with pytest.raises(InputError):
        read_source(fake)
