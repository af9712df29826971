"""Text relevance for Finnish, Swedish and English: lemmas, compound parts, character n-grams, TF-IDF.

Each text is tokenised, stop words dropped and every word reduced to its dictionary base form
(lemma) with simplemma's word lists for its language; Finnish and Swedish compounds are also split
into their parts ("matematiikkapeli" → matematiikka, peli; "läsförståelse" → läs, förståelse), which
count half a word. simplemma (MIT, pure Python) was preferred to Voikko: Voikko analyses Finnish
better (compound boundaries from its lexicon) but needs a system library and dictionary outside the
virtual environment, and has no Swedish; on the evaluation sets the two scored within noise of each
other (see benchmarks/matching_quality.py). With ``morphology=False`` the Snowball stemmer is used
instead, as before (the benchmark's ablation).

Two TF-IDF blocks are built: the word features, and the character n-grams (3–5, word-bounded) of
the words, which still let unknown words, made-up product names and typos meet. N-grams are counted
once per distinct word and summed per text through a sparse product, which is much faster than
running an n-gram analyser over every text. Rows are L2-normalised per block and stacked with
weights, so one sparse product gives a weighted sum of the two cosines.

Word features are built the same way: a batch of texts becomes counts of its distinct (language,
word) units, each unit is analysed once (and cached across batches), and a text's feature counts
are its unit counts @ the units' features, one sparse product. simplemma's word lists are read
from memory-mapped tries (kyky/matching/lemmas.py), so a process starts lemmatising in milliseconds;
a word then costs a trie look-up, once, and a cache hit after that.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, filterfalse

import numpy as np
import scipy.sparse as sp
import snowballstemmer
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from kyky.matching import lemmas

LANGUAGES = ("fi", "sv", "en")
_STEMMER_NAMES = {"fi": "finnish", "sv": "swedish", "en": "english"}

# Function words only: content words are left to IDF. They also tell a text's language apart.
_STOPWORDS_TEXT = {
    "fi": """ja tai sekä on ovat oli olla ei että jotta kun kuin jos mutta myös vain niin nyt jo vielä
        se ne he hän me te minä sinä meidän heidän sen niiden joka jotka mikä mitä mitkä tämä nämä
        tämän näiden siitä siihen sitä tätä tässä siinä jossa joiden jonka kanssa ilman kautta
        mukaan aikana varten välillä jälkeen ennen olemme olisi voi voivat voisi pitää tulee
        saada kaikki kaikkien eri hyvin paljon lisäksi esimerkiksi noin""",
    "sv": """och eller är var vara inte att som när än om men också bara så nu redan ännu den det de
        han hon vi ni jag du vår våra deras dess denna detta dessa här där vilken vilket vilka med
        utan genom enligt under för till från på av i efter före mellan har hade kan kunna ska skall
        vill måste blir bli alla olika mycket även dessutom exempel cirka en ett""",
    "en": """and or is are was were be been being not that which who whom when than if but also only so
        now already yet it its they them their he she we you i our your this these those here there
        with without through according during for to from on of in at by after before between has
        have had can could will would should must shall may might all each every different very
        much more most such as a an the into about over up out""",
}
STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(text.split()) for lang, text in _STOPWORDS_TEXT.items()}


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector during a bulk step (a context manager or a decorator).

    Analysing 10,000 texts or giving reasons to 100,000 pairs makes hundreds of thousands of tuples
    that all live on; each few hundred new objects trigger a collection, and the full ones walk every
    object of the index again: a quarter of the time of scoring all pairs went there. Reference
    counting still frees everything as usual; the collector resumes at the end (if it ran before).
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


_WORD_RE = re.compile(r"[^\W_]{2,}", re.UNICODE)  # runs of one letter are no words


def normalise(text: str) -> str:
    """Lower-case, compose accents (NFC) and fold typographic variants."""
    return unicodedata.normalize("NFC", text).casefold()


def words(text: str) -> list[str]:
    """Lower-case word tokens of at least two characters, hyphenated parts split."""
    return _WORD_RE.findall(normalise(text))


def guess_language(tokens: Sequence[str], candidates: Sequence[str] = LANGUAGES) -> str | None:
    """The candidate language whose stop words occur most often, or None when none or a tie."""
    counts = sorted(((sum(map(STOPWORDS[lang].__contains__, tokens)), lang) for lang in candidates), reverse=True)
    if not counts or counts[0][0] == 0 or (len(counts) > 1 and counts[0][0] == counts[1][0]):
        return None
    return counts[0][1]


_STEMMERS: dict[str, snowballstemmer.stemmer] = {}
_STEM_CACHE: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
_STEM_CACHE_LIMIT = 500_000


def stem(word: str, lang: str) -> str:
    """Snowball stem of one lower-case word in ``lang`` (cached: the pure-Python stemmers are slow)."""
    cache = _STEM_CACHE[lang]
    s = cache.get(word)
    if s is None:
        stemmer = _STEMMERS.get(lang)
        if stemmer is None:
            stemmer = _STEMMERS[lang] = snowballstemmer.stemmer(_STEMMER_NAMES[lang])
        if len(cache) >= _STEM_CACHE_LIMIT:
            cache.clear()
        s = cache[word] = stemmer.stemWord(word)
    return s


_LEMMA_CACHE: dict[str, dict[str, tuple[str, ...]]] = {lang: {} for lang in LANGUAGES}
_MIN_PART = 3  # shortest compound part looked up ("tal" in "bråktal")
_MIN_COMPOUND = 7  # shortest word tried as a compound


def lemma(word: str, lang: str) -> str:
    """Dictionary base form of one lower-case word (simplemma; the word itself when unknown)."""
    return lemmas.lemmatize(word, lang).casefold()  # proper names come capitalised


# Swedish inflection endings that are also words (rast|erna): never a compound's last part.
_SV_ENDINGS = frozenset(["erna", "arna", "orna", "ena", "na", "en", "et", "er", "ar", "or", "are", "arens"])


def _plausible_split(head: str, tail: str, lang: str) -> bool:
    if lang == "fi":
        # A long vowel or a double consonant cut in two (kiusa|aminen, ope|ttaja) is no seam, and
        # Finnish word-final parts are at least four letters (peli, luku, kone).
        return len(tail) >= 4 and not (head[-1] == tail[0] or tail[0] == tail[1])
    return tail not in _SV_ENDINGS


def _known(part: str, lang: str) -> bool:
    return lemmas.is_known(part, lang)


def _head_lemma(head: str, lang: str) -> str:
    # Finnish heads are often genitives ("energian"säästö): their lemma is the word. Swedish heads
    # are stems ("skol"mat, "läs"förståelse) that simplemma sometimes shortens; keep those as they are.
    base = lemma(head, lang)
    return base if lang == "fi" or len(base) >= len(head) else head


def compound_parts(word: str, lang: str, depth: int = 0) -> tuple[str, ...]:
    """Lemmas of the parts of a Finnish or Swedish compound ("matematiikkapeli" → matematiikka, peli).

    Tries every split into two known words (at least three letters each) and keeps the most
    balanced one, then splits the parts again (up to three levels). Words that are no compound
    give nothing. The lemma of the whole word is kept as the main feature by the caller.
    """
    if lang not in ("fi", "sv") or len(word) < _MIN_COMPOUND or depth > 2:
        return ()
    best: tuple[int, str, str] | None = None
    # Both parts must be known: the heads that are (one trie walk) spare most look-ups.
    heads = lemmas.known_head_lengths(word, lang)
    for i in range(_MIN_PART, len(word) - _MIN_PART + 1):
        if heads is not None and i not in heads:
            continue
        head, tail = word[:i], word[i:]
        balance = min(len(head), len(tail))
        if best is not None and balance <= best[0]:
            continue
        if _plausible_split(head, tail, lang) and _known(tail, lang) and _known(head, lang):
            best = (balance, head, tail)
    if best is None:
        return ()
    head, tail = _head_lemma(best[1], lang), lemma(best[2], lang)
    if len(tail) < (4 if lang == "fi" else 3) or tail[:2] != best[2][:2]:
        return ()  # the tail's lemma is another word (ryhmä|ytyä → "yty")
    return (head, *compound_parts(head, lang, depth + 1), tail, *compound_parts(tail, lang, depth + 1))


def _lost_tail(word: str, main: str, lang: str) -> tuple[str, ...]:
    """The head and tail when simplemma gave a compound its head's lemma ("matematiikkapeli" → matematiikka)."""
    if lang not in ("fi", "sv") or len(word) <= len(main) + 2:
        return ()
    for i in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
        head, tail = word[:i], word[i:]
        if (
            _plausible_split(head, tail, lang)
            and _known(tail, lang)
            and lemma(tail, lang) == tail  # a base form, as a compound's last part is
            and _head_lemma(head, lang) == main
        ):
            return (main, tail, *compound_parts(tail, lang, 1))
    return ()


_Word = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # (lemma,) or (), parts, concepts


def _word(word: str, lang: str) -> _Word:
    """One word's lemma (if two letters or more), compound parts and glossary concepts (cached)."""
    cache = _LEMMA_CACHE[lang]
    found = cache.get(word)
    if found is None:
        if len(cache) >= _STEM_CACHE_LIMIT:
            cache.clear()
        main = lemma(word, lang)
        # simplemma sometimes gives a compound the lemma of its head ("matematiikkapeli" →
        # "matematiikka"): then the word itself is split.
        split = compound_parts(main, lang) or _lost_tail(word, main, lang)
        parts = tuple(dict.fromkeys(p for p in split if p != main and len(p) > 1))
        table = concepts()[lang]
        linked = tuple(dict.fromkeys(c for f in (main, *parts) if (c := table.get(f)) is not None))
        found = cache[word] = ((main,) if len(main) > 1 else (), parts, linked)
    return found


def features(word: str, lang: str) -> tuple[str, ...]:
    """The word's lemma, the lemmas of its compound parts, then their glossary concepts."""
    main, parts, linked = _word(word, lang)
    return (*main, *parts, *linked)


SEARCH_CONCEPT_PREFIX = "qq"  # a concept as a plain search token ("qqfraction"): letters only, like any word


def _searchable(feature: str) -> str:
    return SEARCH_CONCEPT_PREFIX + feature[1:] if feature.startswith(CONCEPT_MARK) else feature


def search_tokens(text: str, languages: Sequence[str] = ()) -> list[str]:
    """A text's tokens for free-text search: each word as written, its lemma, its compound parts and
    glossary concepts (in the text's language, guessed among ``languages`` or all three)."""
    found = analyse(text, languages or LANGUAGES, surfaces=False)
    return [*words(text), *found.main, *found.parts, *map(_searchable, found.concepts)]


def search_forms(word: str) -> list[str]:
    """The tokens a query word is searched by: its lemma and glossary concepts in each language that
    knows it (not the parts of a compound, which would make "murtolukupeli" find every game)."""
    out: list[str] = []
    for lang in LANGUAGES:
        main, _parts, linked = _word(word, lang)
        # A word the language's dictionary does not know is often a beginning still being typed, which
        # the lemmatiser would cut to some other word ("lukukoi" → "luku"): trust it only for an ending.
        if not lemmas.is_known(word, lang) and not all(len(m) >= len(word) - 2 for m in main):
            continue
        out.extend(main)
        out.extend(map(_searchable, linked))
    return out


_CONCEPTS: dict[str, dict[str, str]] | None = None
CONCEPT_MARK = "≡"  # concept features read "≡fraction"; no word contains the sign


def concepts() -> dict[str, dict[str, str]]:
    """Language → lemma → concept feature, from :mod:`kyky.matching.glossary` (built on first use)."""
    global _CONCEPTS
    if _CONCEPTS is None:
        from kyky.matching.glossary import entries

        table: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
        for name, by_language in entries():
            for lang, listed in by_language.items():
                for word in listed:
                    # A hyphenated entry ("murto-osa", "e-kirja") stands for itself: its parts alone are
                    # other, everyday words ("osa", a part; "kirja", a book).
                    parts = words(word)
                    for w in parts if len(parts) == 1 else ["".join(parts)]:
                        table[lang].setdefault(lemma(w, lang), CONCEPT_MARK + name)
                        table[lang].setdefault(w, CONCEPT_MARK + name)
        _CONCEPTS = table
    return _CONCEPTS


@dataclass(frozen=True)
class Analysed:
    """One text's features: main ones (lemmas or stems), compound parts, and content words."""

    main: list[str]
    parts: list[str]
    concepts: list[str]  # glossary concepts ("≡fraction"), shared by the three languages
    surface: dict[str, str]  # feature -> the text's most frequent word carrying it
    content: list[str]
    head: Analysed | None = None  # the same for the text's first ``head_chars`` characters


def analyse(
    text: str, languages: Sequence[str], *, morphology: bool = True, surfaces: bool = True, head_chars: int = 0
) -> Analysed:
    """Features of ``text``: with morphology, lemmas, compound parts and concepts; without, Snowball stems.

    With one language its lemmatiser (or stemmer) is used; with several the stop words pick one, and
    when they cannot tell, every word is analysed in each candidate language. Each feature is shown
    to people as the word of this text that carries it most often (a whole word counts twice a
    compound containing it; ties go to the first seen), so reasons read "murtoluvut, peli", not
    "murtolu, pel". ``surfaces=False`` skips that (the indexed side never shows its words).

    With ``head_chars``, the analysis of the text's beginning (up to a word boundary there) comes
    along in ``head``, without analysing it twice.
    """
    head_tokens = words(text[:head_chars]) if head_chars else []
    tokens = [*head_tokens, *words(text[head_chars:])] if head_chars else words(text)
    langs = [lang for lang in LANGUAGES if lang in languages] or list(LANGUAGES)
    if len(langs) > 1:
        guessed = guess_language(tokens, langs)
        if guessed:
            langs = [guessed]
    stop = frozenset().union(*(STOPWORDS[lang] for lang in langs))
    content = [t for t in tokens if t not in stop]
    n_head = len(head_tokens) - sum(map(stop.__contains__, head_tokens)) if head_chars else 0
    head: tuple[list[str], list[str], list[str]] = ([], [], [])
    main: list[str] = []
    parts: list[str] = []
    linked: list[str] = []
    surface: dict[str, str] = {}
    counts = Counter(content) if surfaces else None
    for lang in langs:
        if morphology:
            cache = _LEMMA_CACHE[lang]
            analysed = [cache.get(t) or _word(t, lang) for t in content]
        else:
            cache = _STEM_CACHE[lang]
            analysed = [((s,) if len(s := cache.get(t) or stem(t, lang)) > 1 else (), (), ()) for t in content]
        for k, (found, out) in enumerate(zip(((main, parts, linked)), head, strict=True)):
            found.extend(f for a in analysed for f in a[k])
            if n_head:
                out.extend(f for a in analysed[:n_head] for f in a[k])
        if counts is not None:
            best: dict[str, float] = {}
            for token, a in zip(content, analysed, strict=True):
                n = counts[token]
                for weight, found in ((2 * n, a[0]), (n, a[1]), (n, a[2])):
                    for f in found:
                        if weight > best.get(f, 0):
                            best[f] = weight
                            surface[f] = token
    start = Analysed(*head, {}, content[:n_head]) if head_chars else None
    return Analysed(main, parts, linked, surface, content, start)


_STOP_UNIONS: dict[tuple[str, ...], frozenset[str]] = {}


def _tokens(text: str, languages: Sequence[str], head_chars: int) -> tuple[list[str], int, tuple[str, ...]]:
    """A text's content words, how many of them are its head's, and the languages to analyse them in.

    The same steps as :func:`analyse`, without the analysis.
    """
    head_tokens = words(text[:head_chars]) if head_chars else []
    tokens = [*head_tokens, *words(text[head_chars:])] if head_chars else words(text)
    langs = tuple(lang for lang in LANGUAGES if lang in languages) or LANGUAGES
    if len(langs) > 1:
        guessed = guess_language(tokens, langs)
        if guessed:
            langs = (guessed,)
    stop = _STOP_UNIONS.get(langs)
    if stop is None:
        stop = _STOP_UNIONS[langs] = frozenset().union(*(STOPWORDS[lang] for lang in langs))
    content = list(filterfalse(stop.__contains__, tokens))
    n_head = len(head_tokens) - sum(map(stop.__contains__, head_tokens)) if head_chars else len(content)
    return content, n_head, langs


def _analysis(word: str, lang: str, morphology: bool) -> _Word:
    if morphology:
        return _LEMMA_CACHE[lang].get(word) or _word(word, lang)
    s = _STEM_CACHE[lang].get(word) or stem(word, lang)
    return ((s,) if len(s) > 1 else (), (), ())


def _csr(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    m = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=shape)
    m.sum_duplicates()
    return m


@dataclass
class _Batch:
    """Texts as counts of distinct words and of distinct (language, word) units, each unit analysed once.

    A text's features are then one sparse product: its unit counts @ the units' features, the way
    its n-grams are its word counts @ the words' n-grams.
    """

    contents: list[list[str]]
    langs: list[tuple[str, ...]]
    words: dict[str, int]  # content word -> column of word_counts, in first-seen order
    word_counts: sp.csr_matrix  # texts × words
    head_word_counts: sp.csr_matrix | None  # the same for the texts' heads (when asked for)
    units: list[tuple[int, str, str]]  # (language index, language, word)
    unit_counts: sp.csr_matrix  # texts × units (a text analysed in two languages counts in both)
    head_unit_counts: sp.csr_matrix | None
    unit_first: np.ndarray  # per unit: (text, position) where it is first met
    analyses: list[_Word]
    morphology: bool
    feature_names: list[str] = field(default_factory=list)
    edge_weights: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.float32))

    @classmethod
    def of(
        cls,
        texts: Sequence[str],
        languages: Sequence[Sequence[str]],
        head_chars: Sequence[int] | None,
        morphology: bool,
    ) -> _Batch:
        heads = head_chars if head_chars is not None else [0] * len(texts)
        tokenised = [_tokens(t, langs, h) for t, langs, h in zip(texts, languages, heads, strict=True)]
        contents = [c for c, _, _ in tokenised]
        n = len(contents)
        index = _index(chain.from_iterable(contents))
        lengths = np.fromiter(map(len, contents), dtype=np.int64, count=n)
        total = int(lengths.sum())
        occ_word = np.fromiter(map(index.__getitem__, chain.from_iterable(contents)), dtype=np.int64, count=total)
        occ_doc = np.repeat(np.arange(n, dtype=np.int64), lengths)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if n else np.zeros(0, dtype=np.int64)
        occ_pos = np.arange(total, dtype=np.int64) - starts[occ_doc]
        n_heads = np.fromiter((h for _, h, _ in tokenised), dtype=np.int64, count=n)
        in_head = occ_pos < n_heads[occ_doc]
        n_words = len(index)
        word_counts = _csr(occ_doc, occ_word, (n, n_words))
        with_heads = head_chars is not None
        head_word_counts = _csr(occ_doc[in_head], occ_word[in_head], (n, n_words)) if with_heads else None
        langs = [lg for _, _, lg in tokenised]
        codes, docs, positions, heads_in = [], [], [], []
        for li, lang in enumerate(LANGUAGES):
            has = np.fromiter((lang in lg for lg in langs), dtype=bool, count=n)
            m = has[occ_doc]
            if m.any():
                codes.append(li * n_words + occ_word[m])
                docs.append(occ_doc[m])
                positions.append(occ_pos[m])
                heads_in.append(in_head[m])
        if codes:
            code, doc, pos, head = (np.concatenate(x) for x in (codes, docs, positions, heads_in))
        else:
            code = doc = pos = np.zeros(0, dtype=np.int64)
            head = np.zeros(0, dtype=bool)
        distinct, first, inverse = np.unique(code, return_index=True, return_inverse=True)
        inverse = inverse.ravel()
        listed = list(index)
        units = [(c // n_words, LANGUAGES[c // n_words], listed[c % n_words]) for c in distinct.tolist()]
        return cls(
            contents=contents,
            langs=langs,
            words=index,
            word_counts=word_counts,
            head_word_counts=head_word_counts,
            units=units,
            unit_counts=_csr(doc, inverse, (n, len(units))),
            head_unit_counts=_csr(doc[head], inverse[head], (n, len(units))) if with_heads else None,
            unit_first=np.stack([doc[first], pos[first]], axis=1) if len(first) else np.zeros((0, 2), dtype=np.int64),
            analyses=[_analysis(w, lang, morphology) for _, lang, w in units],
            morphology=morphology,
        )

    def edges(self, part_weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
        """Unit × feature edges: unit rows, feature ids (``feature_names``), block (0 words, 1 concepts),
        and where each edge is first met: (text, section, language, position, rank in the word's list).
        Sets ``feature_names`` and ``edge_weights``."""
        ids: dict[str, int] = {}
        rows: list[int] = []
        names: list[int] = []
        sections: list[int] = []
        ranks: list[int] = []
        weights: list[float] = []
        for u, (main, parts, linked) in enumerate(self.analyses):
            for section, found, weight in ((0, main, 1.0), (1, parts, part_weight), (2, linked, 1.0)):
                for j, f in enumerate(found):
                    rows.append(u)
                    names.append(ids.setdefault(f, len(ids)))
                    sections.append(section)
                    ranks.append(j)
                    weights.append(weight)
        self.feature_names = list(ids)
        self.edge_weights = np.asarray(weights, dtype=np.float32)
        r = np.asarray(rows, dtype=np.int64)
        sec = np.asarray(sections, dtype=np.int64)
        lang = np.fromiter((li for li, _, _ in self.units), dtype=np.int64, count=len(self.units))[r]
        first = self.unit_first[r]
        block = (sec == 2).astype(np.int64)
        firsts = (first[:, 0], np.where(sec == 2, 0, sec), lang, first[:, 1], np.asarray(ranks, dtype=np.int64))
        return r, np.asarray(names, dtype=np.int64), block, firsts

    def no_surfaces(self) -> tuple[dict[str, str], ...]:
        return tuple({} for _ in self.contents)

    def surfaces(self) -> tuple[dict[str, str], ...]:
        """Per text, feature -> its most frequent word carrying it (as :func:`analyse` shows them)."""
        # Per (language, word): its features with their weight per occurrence (a whole word twice).
        weighted: dict[str, dict[str, tuple[tuple[str, int], ...]]] = {lang: {} for lang in LANGUAGES}
        for (_, lang, word), (main, parts, linked) in zip(self.units, self.analyses, strict=True):
            weighted[lang][word] = (*((f, 2) for f in main), *((f, 1) for f in (*parts, *linked)))
        out = []
        for content, langs in zip(self.contents, self.langs, strict=True):
            counts = Counter(content).items()  # first-seen order: ties go to the first word
            surface: dict[str, str] = {}
            best: dict[str, int] = {}
            for lang in langs:
                table = weighted[lang]
                for token, n in counts:
                    for f, m in table[token]:
                        if m * n > best.get(f, 0):
                            best[f] = m * n
                            surface[f] = token
            out.append(surface)
        return tuple(out)


@dataclass(frozen=True)
class TextQuery:
    """A batch of analysed texts in a model's feature space."""

    matrix: sp.csr_matrix  # rows: texts; columns: word-feature block then n-gram block
    surfaces: tuple[dict[str, str], ...]  # per text: feature -> the text's word carrying it
    heads: sp.csr_matrix | None = None  # the texts' beginnings (``head_chars``), when asked for


@dataclass
class TextModel:
    """TF-IDF over word features (lemmas and compound parts, or stems) and over words' character n-grams.

    Fitted on one corpus (the indexed side). A compound's parts count ``part_weight`` of a whole
    word, so "matematiikkapeli" meets "peli" without counting as much as "peli" itself.
    """

    vocabulary: dict[str, int]  # feature -> column of the feature block
    words: dict[str, int]  # content word -> row of ``word_ngrams``
    ngrams: CountVectorizer | None
    ngram_columns: np.ndarray  # kept n-gram columns of ``ngrams``
    word_ngrams: sp.csr_matrix  # known word -> kept n-gram counts
    stem_idf: TfidfTransformer | None
    ngram_idf: TfidfTransformer | None
    stem_weight: float
    stem_list: list[str] = field(default_factory=list)  # column -> feature, for the reasons' terms
    morphology: bool = True
    part_weight: float = 0.5
    concept_weight: float = 0.0
    n_words: int = 0  # the feature block's word columns; concept columns follow them

    @property
    def n_stem_features(self) -> int:
        """Width of the word-feature block (the n-gram block follows it)."""
        return len(self.vocabulary)

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        languages: Sequence[Sequence[str]],
        *,
        stem_weight: float | None = None,
        concept_weight: float | None = None,
        stem_max_df: float = 0.3,
        concept_max_df: float = 0.05,
        ngram_max_df: float = 0.05,
        min_df_cap: int = 50,
        morphology: bool = True,
        part_weight: float = 0.5,
        head_chars: Sequence[int] | None = None,
    ) -> tuple[TextModel, TextQuery]:
        """Fit on a corpus and return the model with the corpus's own vectors.

        Features in more than ``max(stem_max_df · documents, min_df_cap)`` documents and n-grams in
        more than ``max(ngram_max_df · documents, min_df_cap)`` are dropped. On a large corpus those
        are words every text uses ("oppilaat", "sovellus") and inflection endings or common
        syllables: their IDF weight is small, yet they made the products nearly dense and took most
        of the time. The cap keeps small corpora (where a share of documents is a handful) intact.
        """
        # Blocks: words 0.45, concepts 0.25, n-grams 0.30 (without morphology: stems 0.6, n-grams 0.4).
        if stem_weight is None:
            stem_weight = 0.45 if morphology else 0.6
        if concept_weight is None:
            concept_weight = 0.25 if morphology else 0.0
        batch = _Batch.of(texts, languages, head_chars, morphology)
        n_docs = len(texts)
        rows, names, blocks, firsts = batch.edges(part_weight)
        # Columns in the order the features are first met, text by text (words then parts, then the
        # concepts after all of them), as counting them text by text would number them.
        order = np.lexsort((*firsts[::-1], blocks))
        met = np.unique(names[order], return_index=True)[1] if len(names) else np.empty(0, dtype=np.int64)
        columns_of = np.empty(len(met), dtype=np.int64)
        columns_of[np.argsort(met, kind="stable")] = np.arange(len(met))
        feature_names = batch.feature_names
        ordered = [feature_names[i] for i in np.argsort(columns_of, kind="stable").tolist()]
        is_concept = np.zeros(len(met), dtype=bool)
        if len(names):
            is_concept[names[blocks == 1]] = True
        n_word_features = int(np.count_nonzero(~is_concept))
        word_features = ordered[:n_word_features]
        vocabulary = _index(ordered)
        words = batch.words
        if not vocabulary:
            empty = sp.csr_matrix((0, 0), dtype=np.float32)
            model = cls(
                {}, {}, None, np.empty(0, dtype=np.int64), empty, None, None, stem_weight, [], morphology, part_weight
            )
            return model, model._vectors(n_docs, batch.no_surfaces(), None, None)
        unit_features = sp.csr_matrix(
            (batch.edge_weights, (rows, columns_of[names])), shape=(len(batch.units), len(vocabulary))
        )
        stem_counts = (batch.unit_counts @ unit_features).tocsr()
        stem_df = np.diff(stem_counts.tocsc().indptr)
        limit = np.full(len(vocabulary), max(stem_max_df * n_docs, min_df_cap))
        # Concepts are few and broad ("≡mathematics"): the common ones, like n-grams, cost more than they tell.
        limit[len(word_features) :] = max(concept_max_df * n_docs, min_df_cap)
        kept = np.flatnonzero(stem_df <= limit)
        n_words = int(np.count_nonzero(kept < len(word_features)))
        if len(kept) < len(vocabulary):
            vocabulary = {f: i for i, f in enumerate(np.array(list(vocabulary), dtype=object)[kept].tolist())}
            stem_counts = stem_counts[:, kept].tocsr()
            unit_features = unit_features[:, kept].tocsr()
        ngrams = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=False, dtype=np.float32)
        word_ngrams = ngrams.fit_transform(list(words)).tocsr()
        ngram_counts = (batch.word_counts @ word_ngrams).tocsc()
        df = np.diff(ngram_counts.indptr)
        columns = np.flatnonzero(df <= max(ngram_max_df * n_docs, min_df_cap))
        model = cls(
            vocabulary=vocabulary,
            words=words,
            ngrams=ngrams,
            ngram_columns=columns,
            word_ngrams=word_ngrams[:, columns].tocsr(),
            stem_idf=TfidfTransformer(sublinear_tf=True, norm=None).fit(stem_counts),
            ngram_idf=TfidfTransformer(sublinear_tf=True).fit(ngram_counts[:, columns]),
            stem_weight=stem_weight,
            stem_list=list(vocabulary),
            morphology=morphology,
            part_weight=part_weight,
            concept_weight=concept_weight,
            n_words=n_words,
        )
        surfaces = batch.no_surfaces()
        query = model._vectors(n_docs, surfaces, stem_counts, ngram_counts[:, columns].tocsr())
        if batch.head_unit_counts is not None and batch.head_word_counts is not None:
            heads = model._vectors(
                n_docs,
                surfaces,
                (batch.head_unit_counts @ unit_features).tocsr(),
                (batch.head_word_counts @ model.word_ngrams).tocsr(),
            )
            query = dataclasses.replace(query, heads=heads.matrix)
        return model, query

    def transform(
        self,
        texts: Sequence[str],
        languages: Sequence[Sequence[str]],
        *,
        surfaces: bool = True,
        head_chars: Sequence[int] | None = None,
    ) -> TextQuery:
        """Vectorise texts of the other side in this model's feature space (``surfaces``: for reasons)."""
        batch = _Batch.of(texts, languages, head_chars, self.morphology)
        shown = batch.surfaces() if surfaces else batch.no_surfaces()
        if self.ngrams is None:
            return self._vectors(len(texts), shown, None, None)
        unit_features = self._unit_features(batch)
        known = np.fromiter((self.words.get(w, -1) for w in batch.words), dtype=np.int64, count=len(batch.words))
        unknown = np.flatnonzero(known < 0)
        word_ngrams = self.word_ngrams[np.maximum(known, 0)]
        if len(unknown):
            # Unseen words have no feature column of their own, but their n-grams still count
            # ("matematiikkapeleissä" against "matematiikkapelit").
            listed = list(batch.words)
            new = self.ngrams.transform([listed[i] for i in unknown.tolist()])[:, self.ngram_columns]
            word_ngrams = sp.vstack([word_ngrams, new], format="csr")
            rows = np.where(known < 0, 0, np.arange(len(known)))
            rows[unknown] = len(known) + np.arange(len(unknown))
            word_ngrams = word_ngrams[rows]
        query = self._vectors(
            len(texts),
            shown,
            (batch.unit_counts @ unit_features).tocsr(),
            (batch.word_counts @ word_ngrams).tocsr(),
        )
        if batch.head_unit_counts is not None and batch.head_word_counts is not None:
            heads = self._vectors(
                len(texts),
                shown,
                (batch.head_unit_counts @ unit_features).tocsr(),
                (batch.head_word_counts @ word_ngrams).tocsr(),
            )
            query = dataclasses.replace(query, heads=heads.matrix)
        return query

    def _unit_features(self, batch: _Batch) -> sp.csr_matrix:
        """A batch's (language, word) units × this model's feature columns, with the parts' weight."""
        rows, cols, weights = [], [], []
        lookup = self.vocabulary.get
        for u, (main, parts, linked) in enumerate(batch.analyses):
            for found, weight in ((main, 1.0), (parts, self.part_weight), (linked, 1.0)):
                for f in found:
                    c = lookup(f)
                    if c is not None:
                        rows.append(u)
                        cols.append(c)
                        weights.append(weight)
        return sp.csr_matrix(
            (np.asarray(weights, dtype=np.float32), (rows, cols)), shape=(len(batch.units), len(self.vocabulary))
        )

    def _vectors(
        self,
        n: int,
        surfaces: tuple[dict[str, str], ...],
        stem_counts: sp.csr_matrix | None,
        ngram_counts: sp.csr_matrix | None,
    ) -> TextQuery:
        if self.stem_idf is None or self.ngram_idf is None or stem_counts is None or ngram_counts is None:
            return TextQuery(sp.csr_matrix((n, 0), dtype=np.float32), surfaces)
        if not n:  # scikit-learn refuses empty batches
            width = len(self.vocabulary) + len(self.ngram_columns)
            return TextQuery(sp.csr_matrix((0, width), dtype=np.float32), surfaces)
        weighted = _tfidf(self.stem_idf, stem_counts)
        # Words and concepts are L2-normalised apart, so each block's share of the cosine is its weight.
        ngrams = _tfidf(self.ngram_idf, ngram_counts)  # L2-normalised rows
        ngram_weight = max(0.0, 1 - self.stem_weight - self.concept_weight)
        blocks = [
            _scaled_rows(weighted[:, : self.n_words], self.stem_weight),
            _scaled_rows(weighted[:, self.n_words :], self.concept_weight),
            _scaled_rows(ngrams, ngram_weight),
        ]
        matrix = sp.hstack(blocks, format="csr", dtype=np.float32)
        matrix.sort_indices()
        return TextQuery(matrix, surfaces)


def _tfidf(transformer: TfidfTransformer, counts: sp.spmatrix) -> sp.csr_matrix:
    """``transformer.transform(counts)``, the same operations in the same order and types, without
    scikit-learn's input validation: that took most of the time of vectorising a single need."""
    dtype = counts.dtype if counts.dtype in (np.float32, np.float64) else np.float64
    x = sp.csr_matrix(counts, dtype=dtype, copy=True)
    if transformer.sublinear_tf:
        np.log(x.data, x.data)
        x.data += 1.0
    x.data *= transformer.idf_[x.indices]
    if transformer.norm == "l2":
        inplace_csr_row_normalize_l2(x)
    elif transformer.norm is not None:
        raise ValueError(f"unsupported norm {transformer.norm!r}")
    return x


def _scaled_rows(block: sp.spmatrix, weight: float) -> sp.csr_matrix:
    """Rows L2-normalised then scaled by √weight (so the block adds ``weight``·cosine to products)."""
    block = sp.csr_matrix(block, dtype=np.float32, copy=True)  # scaled in place below
    if weight <= 0:
        return sp.csr_matrix(block.shape, dtype=np.float32)
    # Canonical (sorted) rows and float64 sums: a text's vector must not depend on the batch it was
    # vectorised in (one need alone, or all of them), down to the last bit.
    block.sum_duplicates()
    # A trailing zero keeps every row's start in range for reduceat; empty rows are zeroed after.
    squares = np.append(block.data.astype(np.float64) ** 2, 0.0)
    norms = np.sqrt(np.add.reduceat(squares, block.indptr[:-1])) if block.shape[0] else np.zeros(0)
    norms[np.diff(block.indptr) == 0] = 0.0
    scale = np.divide(np.sqrt(weight), norms, out=np.zeros_like(norms), where=norms > 0)
    # Each value times its row's scale, as a diagonal product would do it (one float32 multiply).
    block.data *= np.repeat(scale.astype(np.float32), np.diff(block.indptr))
    block.eliminate_zeros()
    return block


def _index(items: Iterable[str]) -> dict[str, int]:
    # dict.fromkeys dedupes in C, keeping first-seen order.
    return {item: i for i, item in enumerate(dict.fromkeys(items))}
