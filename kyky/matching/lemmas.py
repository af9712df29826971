"""simplemma's word lists as memory-mapped tries, built once per installation.

simplemma ships its word → lemma tables as LZMA-compressed, front-coded streams and decodes a
language's whole table into a Python dict on first use. For Finnish that is 3.5 million entries:
about 4–6 s of CPU and some 500 MB in every process that lemmatises (each gunicorn worker's first
request, each test process). The same tables are kept here as MARISA tries (marisa-trie, the format
of simplemma's own ``TrieDictionaryFactory``), one file per language in :func:`lemma_dir`. Opening
one is a memory map: milliseconds, and the pages are shared by every process on the machine. A
look-up costs about a microsecond more than a dict's, and the words analysed are cached above it
(kyky/matching/text.py).

The tables hold exactly the entries simplemma's dicts hold, so every lemma, every compound split and
so the ranking are unchanged (tests/matching/test_text.py compares the two).

``make install`` builds the files (``python -m kyky.matching.lemmas``). A process that finds none
builds and saves them itself (written to a temporary file and renamed, so a concurrent reader never
sees half a file); where the directory cannot be written it keeps them in memory and logs why.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import simplemma
from marisa_trie import BytesTrie
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.dictionary_factory import (
    CachingDictionaryFactory,
    DecodedStrMapping,
    _load_dictionary_from_disk,
)
from simplemma.utils import normalize_token

logger = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")
_FORMAT = 1  # bump when the files' layout changes


def lemma_dir() -> Path:
    """Where the tries live: ``KYKY_LEMMA_DIR``, else inside the Python environment (the virtualenv).

    The simplemma version is part of the path, so upgrading it never reads tables of another version.
    """
    base = os.environ.get("KYKY_LEMMA_DIR") or Path(sys.prefix, "share", "kyky", "lemmas")
    return Path(base, f"simplemma-{simplemma.__version__}-{_FORMAT}")


def _build(lang: str) -> BytesTrie:
    raw = _load_dictionary_from_disk(lang)  # simplemma's own decoding: the slow step done once
    return BytesTrie(((k.decode(), v) for k, v in raw.items()))


def _save(trie: BytesTrie, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        trie.save(temporary)
        os.replace(temporary, path)  # atomic: readers see the old state or the whole new file
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


class MappedWords(DecodedStrMapping):
    """A language's word → lemma table over a trie, as simplemma's strategies read it (``get``)."""

    __slots__ = ("trie",)

    def __init__(self, trie: BytesTrie) -> None:
        self.trie = trie

    def _lookup(self, key: str) -> str | None:
        value = self.trie.get(key)
        return value[0].decode() if value else None

    def get(self, key: str, default: Any = None) -> Any:  # the hot path: one call, not two
        value = self.trie.get(key)
        return value[0].decode() if value else default

    def __iter__(self) -> Iterator[str]:
        return self.trie.iterkeys()

    def __len__(self) -> int:
        return len(self.trie)


class MappedTrieFactory(CachingDictionaryFactory):
    """simplemma dictionary factory over memory-mapped tries in ``directory`` (built when missing)."""

    __slots__ = ("directory",)

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or lemma_dir()
        super().__init__(cache_max_size=len(LANGUAGES))

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        path = self.directory / f"{lang}.dic"
        if path.exists():
            try:
                return MappedWords(BytesTrie().mmap(str(path)))
            except Exception:  # a damaged file is rebuilt below
                logger.warning("lemma table %s cannot be read; rebuilding it", path)
        started = time.perf_counter()
        trie = _build(lang)
        try:
            _save(trie, path)
        except OSError as error:
            logger.warning("lemma table for %s kept in memory: cannot write %s (%s)", lang, path, error)
            return MappedWords(trie)
        logger.info("lemma table for %s built in %.1f s: %s", lang, time.perf_counter() - started, path)
        return MappedWords(BytesTrie().mmap(str(path)))


_FACTORY = MappedTrieFactory()
_LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_FACTORY))
_LOOKUP = DictionaryLookupStrategy(_FACTORY)


def lemmatize(word: str, lang: str) -> str:
    """simplemma.lemmatize(word, lang) over the mapped tables."""
    return _LEMMATIZER.lemmatize(word, lang)


def is_known(word: str, lang: str) -> bool:
    """simplemma.is_known(word, lang) over the mapped tables."""
    return _LOOKUP.get_lemma(normalize_token(word), lang) is not None


def known_head_lengths(word: str, lang: str) -> frozenset[int] | None:
    """The lengths ``i`` for which ``is_known(word[:i], lang)`` can hold, from two trie walks; None
    when the shortcut does not apply to this word (the caller then asks for each head).

    ``is_known`` of a lower-case, NFC word without apostrophes is "the word or its capitalised form
    is a key" (simplemma's DictionaryLookupStrategy). For words of precomposed Latin letters whose
    capitalised form changes only the first letter, every head's capitalised form is a prefix of the
    word's, so the keys that are prefixes of the two strings give exactly the known heads.
    """
    capitalised = word.capitalize()
    if (
        not word
        or word[0].isupper()
        or len(capitalised) != len(word)
        or capitalised[1:] != word[1:]
        or max(map(ord, word)) >= 0x250  # Latin only: no combining marks, no context-dependent casing
    ):
        return None
    trie = _FACTORY.get_dictionary(lang)
    if not isinstance(trie, MappedWords):
        return None
    return frozenset(len(key) for form in (word, capitalised) for key in trie.trie.prefixes(form))


def prepare(directory: Path | None = None) -> list[Path]:
    """Build the missing tables of fi, sv and en now (``make install`` runs this)."""
    factory = MappedTrieFactory(directory)
    for lang in LANGUAGES:
        factory.get_dictionary(lang)
    return [factory.directory / f"{lang}.dic" for lang in LANGUAGES]


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for built in prepare():
        print(f"{built} ({built.stat().st_size / 1e6:.1f} MB)")
