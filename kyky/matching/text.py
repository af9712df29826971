"""Text relevance for Finnish, Swedish and English: stems plus character n-grams, TF-IDF, cosine.

Each text is tokenised, stop words dropped and every word stemmed with the Snowball stemmer of its
language. Two TF-IDF blocks are built: the stems, and the character n-grams (3–5, word-bounded) of
the words, which let "murtoluvut" meet "murtolukujen" and "matematiikkapeli" meet "peli" where the
stems differ. N-grams are counted once per distinct word and summed per text through a sparse
product, which is much faster than running an n-gram analyser over every text. Rows are
L2-normalised per block and stacked with weights, so one sparse product gives a weighted sum of the
two cosines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
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


def analyse(text: str, languages: Sequence[str]) -> tuple[list[str], dict[str, str], list[str]]:
    """Stems of ``text``, for each stem the first surface word it came from, and the content words.

    With one language its stemmer is used; with several the stop words pick one, and when they
    cannot tell, every word is stemmed by each candidate's stemmer.
    """
    tokens = words(text)
    langs = [lang for lang in LANGUAGES if lang in languages] or list(LANGUAGES)
    if len(langs) > 1:
        guessed = guess_language(tokens, langs)
        if guessed:
            langs = [guessed]
    stop = frozenset().union(*(STOPWORDS[lang] for lang in langs))
    content = [t for t in tokens if t not in stop]
    stems: list[str] = []
    surface: dict[str, str] = {}
    for lang in langs:
        cache = _STEM_CACHE[lang]
        # The cache answers almost every word; call the stemmer only for new ones.
        lang_stems = [cache.get(t) or stem(t, lang) for t in content]
        for token, s in zip(content, lang_stems, strict=True):
            if len(s) > 1:
                stems.append(s)
                if s not in surface:
                    surface[s] = token
    return stems, surface, content


@dataclass(frozen=True)
class TextQuery:
    """A batch of analysed texts in a model's feature space."""

    matrix: sp.csr_matrix  # rows: texts; columns: stem block then n-gram block
    surfaces: tuple[dict[str, str], ...]  # per text: stem -> first surface word


@dataclass
class TextModel:
    """TF-IDF over stems and over words' character n-grams, fitted on one corpus (the indexed side)."""

    vocabulary: dict[str, int]  # stem -> column of the stem block
    words: dict[str, int]  # content word -> row of ``word_ngrams``
    ngrams: CountVectorizer | None
    ngram_columns: np.ndarray  # kept n-gram columns of ``ngrams``
    word_ngrams: sp.csr_matrix  # known word -> kept n-gram counts
    stem_idf: TfidfTransformer | None
    ngram_idf: TfidfTransformer | None
    stem_weight: float
    stem_list: list[str] = field(default_factory=list)  # column -> stem, for the reasons' terms

    @property
    def n_stem_features(self) -> int:
        """Width of the stem block (the n-gram block follows it)."""
        return len(self.vocabulary)

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        languages: Sequence[Sequence[str]],
        *,
        stem_weight: float = 0.6,
        stem_max_df: float = 0.3,
        ngram_max_df: float = 0.05,
        min_df_cap: int = 50,
    ) -> tuple[TextModel, TextQuery]:
        """Fit on a corpus and return the model with the corpus's own vectors.

        Stems in more than ``max(stem_max_df · documents, min_df_cap)`` documents and n-grams in more
        than ``max(ngram_max_df · documents, min_df_cap)`` are dropped. On a large corpus those are
        words every text uses ("oppilaat", "sovellus") and inflection endings or common syllables:
        their IDF weight is small, yet they made the products nearly dense and took most of the
        time. The cap keeps small corpora (where a share of documents is a handful) intact.
        """
        analysed = [analyse(t, langs) for t, langs in zip(texts, languages, strict=True)]
        vocabulary = _index(s for a in analysed for s in a[0])
        words = _index(w for a in analysed for w in a[2])
        if not vocabulary:
            empty = sp.csr_matrix((0, 0), dtype=np.float32)
            model = cls({}, {}, None, np.empty(0, dtype=np.int64), empty, None, None, stem_weight)
            return model, model._vectors(analysed, None, None)
        stem_counts = _count_matrix([a[0] for a in analysed], vocabulary)
        stem_df = np.diff(stem_counts.tocsc().indptr)
        kept = np.flatnonzero(stem_df <= max(stem_max_df * len(texts), min_df_cap))
        if len(kept) < len(vocabulary):
            vocabulary = {stem: i for i, stem in enumerate(np.array(list(vocabulary), dtype=object)[kept].tolist())}
            stem_counts = stem_counts[:, kept].tocsr()
        word_counts = _count_matrix([a[2] for a in analysed], words)
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
            stem_idf=TfidfTransformer(sublinear_tf=True).fit(stem_counts),
            ngram_idf=TfidfTransformer(sublinear_tf=True).fit(ngram_counts[:, columns]),
            stem_weight=stem_weight,
            stem_list=list(vocabulary),
        )
        return model, model._vectors(analysed, stem_counts, ngram_counts[:, columns].tocsr())

    def transform(self, texts: Sequence[str], languages: Sequence[Sequence[str]]) -> TextQuery:
        """Vectorise texts of the other side in this model's feature space."""
        analysed = [analyse(t, langs) for t, langs in zip(texts, languages, strict=True)]
        if self.ngrams is None:
            return self._vectors(analysed, None, None)
        stem_counts = _count_matrix([[s for s in a[0] if s in self.vocabulary] for a in analysed], self.vocabulary)
        known = _count_matrix([[w for w in a[2] if w in self.words] for a in analysed], self.words)
        ngram_counts = known @ self.word_ngrams
        unknown = _index(w for a in analysed for w in a[2] if w not in self.words)
        if unknown:
            # Unseen words have no stem column of their own, but their n-grams still count
            # ("matematiikkapeleissä" against "matematiikkapelit").
            unknown_counts = _count_matrix([[w for w in a[2] if w in unknown] for a in analysed], unknown)
            ngram_counts = ngram_counts + unknown_counts @ self.ngrams.transform(list(unknown))[:, self.ngram_columns]
        return self._vectors(analysed, stem_counts, sp.csr_matrix(ngram_counts))

    def _vectors(
        self,
        analysed: list[tuple[list[str], dict[str, str], list[str]]],
        stem_counts: sp.csr_matrix | None,
        ngram_counts: sp.csr_matrix | None,
    ) -> TextQuery:
        surfaces = tuple(a[1] for a in analysed)
        if self.stem_idf is None or self.ngram_idf is None or stem_counts is None or ngram_counts is None:
            return TextQuery(sp.csr_matrix((len(analysed), 0), dtype=np.float32), surfaces)
        if not analysed:  # scikit-learn refuses empty batches
            width = len(self.vocabulary) + len(self.ngram_columns)
            return TextQuery(sp.csr_matrix((0, width), dtype=np.float32), surfaces)
        stems = self.stem_idf.transform(stem_counts)  # L2-normalised rows
        ngrams = self.ngram_idf.transform(ngram_counts)
        matrix = sp.hstack(
            [stems * np.sqrt(self.stem_weight), ngrams * np.sqrt(1 - self.stem_weight)], format="csr", dtype=np.float32
        )
        return TextQuery(matrix, surfaces)


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
