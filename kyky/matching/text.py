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

simplemma loads a language's word list on first use (about 5 s for Finnish, 1.5 s for Swedish, once
per process); after that a word costs a dictionary look-up, and every word's analysis is cached.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import simplemma
import snowballstemmer
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

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

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case, compose accents (NFC) and fold typographic variants."""
    return unicodedata.normalize("NFC", text).casefold()


def words(text: str) -> list[str]:
    """Lower-case word tokens of at least two characters, hyphenated parts split."""
    return [w for w in _WORD_RE.findall(normalise(text)) if len(w) > 1]


def guess_language(tokens: Sequence[str], candidates: Sequence[str] = LANGUAGES) -> str | None:
    """The candidate language whose stop words occur most often, or None when none or a tie."""
    counts = sorted(((sum(t in STOPWORDS[lang] for t in tokens), lang) for lang in candidates), reverse=True)
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
    return simplemma.lemmatize(word, lang=lang).casefold()  # proper names come capitalised


# Swedish inflection endings that are also words (rast|erna): never a compound's last part.
_SV_ENDINGS = frozenset(["erna", "arna", "orna", "ena", "na", "en", "et", "er", "ar", "or", "are", "arens"])


def _plausible_split(head: str, tail: str, lang: str) -> bool:
    if lang == "fi":
        # A long vowel or a double consonant cut in two (kiusa|aminen, ope|ttaja) is no seam, and
        # Finnish word-final parts are at least four letters (peli, luku, kone).
        return len(tail) >= 4 and not (head[-1] == tail[0] or tail[0] == tail[1])
    return tail not in _SV_ENDINGS


def _known(part: str, lang: str) -> bool:
    return simplemma.is_known(part, lang=lang)


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
    for i in range(_MIN_PART, len(word) - _MIN_PART + 1):
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
                    for w in words(word):
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
        heads = head_chars if head_chars is not None else [0] * len(texts)
        analysed = [
            analyse(t, langs, morphology=morphology, surfaces=False, head_chars=h)
            for t, langs, h in zip(texts, languages, heads, strict=True)
        ]
        word_features = list(dict.fromkeys(f for a in analysed for f in (*a.main, *a.parts)))
        concept_features = list(dict.fromkeys(c for a in analysed for c in a.concepts))
        vocabulary = _index([*word_features, *concept_features])
        words = _index(w for a in analysed for w in a.content)
        if not vocabulary:
            empty = sp.csr_matrix((0, 0), dtype=np.float32)
            model = cls(
                {}, {}, None, np.empty(0, dtype=np.int64), empty, None, None, stem_weight, [], morphology, part_weight
            )
            return model, model._vectors(analysed, None, None)
        stem_counts = _feature_counts(analysed, vocabulary, part_weight, all_known=True)
        stem_df = np.diff(stem_counts.tocsc().indptr)
        limit = np.full(len(vocabulary), max(stem_max_df * len(texts), min_df_cap))
        # Concepts are few and broad ("≡mathematics"): the common ones, like n-grams, cost more than they tell.
        limit[len(word_features) :] = max(concept_max_df * len(texts), min_df_cap)
        kept = np.flatnonzero(stem_df <= limit)
        n_words = int(np.count_nonzero(kept < len(word_features)))
        if len(kept) < len(vocabulary):
            vocabulary = {f: i for i, f in enumerate(np.array(list(vocabulary), dtype=object)[kept].tolist())}
            stem_counts = stem_counts[:, kept].tocsr()
        word_counts = _count_matrix([a.content for a in analysed], words)
        ngrams = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=False, dtype=np.float32)
        word_ngrams = ngrams.fit_transform(list(words)).tocsr()
        ngram_counts = (word_counts @ word_ngrams).tocsc()
        df = np.diff(ngram_counts.indptr)
        columns = np.flatnonzero(df <= max(ngram_max_df * len(texts), min_df_cap))
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
        query = model._vectors(analysed, stem_counts, ngram_counts[:, columns].tocsr())
        if head_chars is not None:
            query = dataclasses.replace(query, heads=model._counted([a.head or a for a in analysed]).matrix)
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
        heads = head_chars if head_chars is not None else [0] * len(texts)
        analysed = [
            analyse(t, langs, morphology=self.morphology, surfaces=surfaces, head_chars=h)
            for t, langs, h in zip(texts, languages, heads, strict=True)
        ]
        query = self._counted(analysed)
        if head_chars is not None:
            query = dataclasses.replace(query, heads=self._counted([a.head or a for a in analysed]).matrix)
        return query

    def _counted(self, analysed: list[Analysed]) -> TextQuery:
        if self.ngrams is None:
            return self._vectors(analysed, None, None)
        stem_counts = _feature_counts(analysed, self.vocabulary, self.part_weight)
        known = _count_matrix([[w for w in a.content if w in self.words] for a in analysed], self.words)
        ngram_counts = known @ self.word_ngrams
        unknown = _index(w for a in analysed for w in a.content if w not in self.words)
        if unknown:
            # Unseen words have no feature column of their own, but their n-grams still count
            # ("matematiikkapeleissä" against "matematiikkapelit").
            unknown_counts = _count_matrix([[w for w in a.content if w in unknown] for a in analysed], unknown)
            ngram_counts = ngram_counts + unknown_counts @ self.ngrams.transform(list(unknown))[:, self.ngram_columns]
        return self._vectors(analysed, stem_counts, sp.csr_matrix(ngram_counts))

    def _vectors(
        self,
        analysed: list[Analysed],
        stem_counts: sp.csr_matrix | None,
        ngram_counts: sp.csr_matrix | None,
    ) -> TextQuery:
        surfaces = tuple(a.surface for a in analysed)
        if self.stem_idf is None or self.ngram_idf is None or stem_counts is None or ngram_counts is None:
            return TextQuery(sp.csr_matrix((len(analysed), 0), dtype=np.float32), surfaces)
        if not analysed:  # scikit-learn refuses empty batches
            width = len(self.vocabulary) + len(self.ngram_columns)
            return TextQuery(sp.csr_matrix((0, width), dtype=np.float32), surfaces)
        weighted = self.stem_idf.transform(stem_counts).tocsr()
        # Words and concepts are L2-normalised apart, so each block's share of the cosine is its weight.
        ngrams = self.ngram_idf.transform(ngram_counts)  # L2-normalised rows
        ngram_weight = max(0.0, 1 - self.stem_weight - self.concept_weight)
        blocks = [
            _scaled_rows(weighted[:, : self.n_words], self.stem_weight),
            _scaled_rows(weighted[:, self.n_words :], self.concept_weight),
            _scaled_rows(ngrams, ngram_weight),
        ]
        matrix = sp.hstack(blocks, format="csr", dtype=np.float32)
        matrix.sort_indices()
        return TextQuery(matrix, surfaces)


def _scaled_rows(block: sp.spmatrix, weight: float) -> sp.csr_matrix:
    """Rows L2-normalised then scaled by √weight (so the block adds ``weight``·cosine to products)."""
    block = sp.csr_matrix(block, dtype=np.float32)
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
    return sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ block)


def _feature_counts(
    analysed: list[Analysed], vocabulary: dict[str, int], part_weight: float, *, all_known: bool = False
) -> sp.csr_matrix:
    """Counts of the known main features plus ``part_weight`` times the known compound parts."""
    if all_known:  # the corpus a vocabulary was made of: nothing to filter
        counts = _count_matrix([a.main + a.concepts for a in analysed], vocabulary)
    else:
        counts = _count_matrix([[f for f in (*a.main, *a.concepts) if f in vocabulary] for a in analysed], vocabulary)
    if any(a.parts for a in analysed):
        listed = (
            [a.parts for a in analysed] if all_known else [[f for f in a.parts if f in vocabulary] for a in analysed]
        )
        counts = (counts + _count_matrix(listed, vocabulary) * np.float32(part_weight)).tocsr()
    return counts


def _index(items: Iterable[str]) -> dict[str, int]:
    # dict.fromkeys dedupes in C, keeping first-seen order.
    return {item: i for i, item in enumerate(dict.fromkeys(items))}


def _count_matrix(docs: list[list[str]], vocabulary: dict[str, int]) -> sp.csr_matrix:
    indptr = np.zeros(len(docs) + 1, dtype=np.int64)
    indices: list[int] = []
    lookup = vocabulary.__getitem__
    for i, items in enumerate(docs):
        indices.extend(map(lookup, items))
        indptr[i + 1] = len(indices)
    data = np.ones(len(indices), dtype=np.float32)
    m = sp.csr_matrix((data, np.asarray(indices, dtype=np.int64), indptr), shape=(len(docs), len(vocabulary)))
    m.sum_duplicates()
    return m
