"""Text relevance in Finnish, Swedish and English: stemming, compounds, language guessing."""

from __future__ import annotations

import numpy as np

from kyky.matching.text import TextModel, analyse, compound_parts, features, guess_language, stem, words


def cosine(query: str, docs: list[str], lang: str) -> np.ndarray:
    """Cosines of ``query`` against each of ``docs`` in a model fitted on the docs."""
    model, corpus = TextModel.fit(docs, [[lang]] * len(docs))
    q = model.transform([query], [[lang]])
    return (q.matrix @ corpus.matrix.T).toarray().ravel()


FILLER_FI = [
    "Kuvataiteen piirustussovellus väreistä ja sommittelusta",
    "Liikuntavälituntien ulkoleikit ja kisat",
    "Ruotsin kielen puhumisen harjoittelu videoiden avulla",
]


def test_words_are_lower_cased_and_split_on_hyphens():
    assert words("Matematiikka-PELI, 3D-tulostus!") == ["matematiikka", "peli", "3d", "tulostus"]


def test_finnish_inflections_share_a_stem():
    assert stem("murtoluku", "fi") == stem("murtolukujen", "fi")
    assert stem("robotti", "fi") == stem("robotteja", "fi")


def test_finnish_consonant_gradation_is_bridged_by_character_ngrams():
    # "murtoluvut" and "murtolukujen" stem differently (v/k gradation): n-grams still link them.
    assert stem("murtoluvut", "fi") != stem("murtolukujen", "fi")
    scores = cosine("murtoluvut", ["Harjoittelemme murtolukujen vertailua", *FILLER_FI], "fi")
    assert scores[0] > 0.1
    assert scores[1:].max() < scores[0] / 3


def test_finnish_compound_meets_its_part():
    scores = cosine("peli", ["Hauska matematiikkapeli alakouluun", *FILLER_FI], "fi")
    assert scores[0] > 0.05
    assert scores[1:].max() < scores[0] / 3


def test_swedish_inflections_match():
    docs = ["Spelet tränar bråken i årskurs fem", "Läsförståelse med berättelser", "Musik och sång i förskolan"]
    scores = cosine("bråk och spel", docs, "sv")
    assert scores.argmax() == 0


def test_english_stemming_matches_plural_and_verb_forms():
    docs = ["A fractions game for coding robots", "Reading stories aloud", "Singing and music lessons"]
    assert cosine("fraction games", docs, "en").argmax() == 0
    assert cosine("reads a story", docs, "en").argmax() == 1


def test_stop_words_tell_languages_apart():
    assert guess_language(words("Lapset oppivat ja pelaavat, kun se on hauskaa")) == "fi"
    assert guess_language(words("Barnen lär sig och spelar med det")) == "sv"
    assert guess_language(words("The children learn and play with it")) == "en"
    assert guess_language(["murtoluku"]) is None


def test_a_multilingual_proposal_is_analysed_in_its_guessed_language():
    analysed = analyse("Lapset pelaavat ja oppivat murtolukuja", ["fi", "en"])
    assert "murtoluku" in analysed.main
    assert analysed.surface["murtoluku"] == "murtolukuja"


def test_finnish_word_forms_share_a_lemma():
    # Consonant gradation (k/v) defeated the stemmer; the lemmatiser knows both forms.
    assert features("murtolukuja", "fi")[0] == features("murtoluvut", "fi")[0] == "murtoluku"
    assert features("äänteiden", "fi")[0] == features("äänteet", "fi")[0]
    model, corpus = TextModel.fit(["Harjoittelemme murtolukuja", *FILLER_FI], [["fi"]] * 4)
    query = model.transform(["murtoluvut"], [["fi"]])
    feature_block = (query.matrix[:, : model.n_stem_features] @ corpus.matrix[:, : model.n_stem_features].T).toarray()
    assert feature_block[0, 0] > 0.3  # the block carries 0.6 of the cosine
    assert feature_block[0, 1:].max() == 0


def test_compounds_are_split_into_their_parts():
    assert {"matematiikka", "peli"} <= set(features("matematiikkapeli", "fi"))
    assert {"energia", "säästö"} <= set(features("energiansäästöön", "fi"))
    assert "förståelse" in features("läsförståelse", "sv")
    assert compound_parts("peli", "fi") == ()
    assert compound_parts("kiusaaminen", "fi") == ()


def test_a_compound_part_counts_less_than_the_whole_word():
    scores = cosine("peli", ["Hauska matematiikkapeli alakouluun", "Hauska peli alakouluun", *FILLER_FI], "fi")
    assert scores[1] > scores[0] > scores[2:].max()


def test_a_feature_shows_as_the_texts_most_frequent_word_carrying_it():
    analysed = analyse("Murtolukujen peli. Murtoluvut ja murtoluvut: matematiikkapeli", ["fi"])
    assert analysed.surface["murtoluku"] == "murtoluvut"
    # A whole word wins over a compound that contains it.
    assert analysed.surface["peli"] == "peli"
    assert analyse("Matematiikkapeli", ["fi"]).surface["peli"] == "matematiikkapeli"


def test_without_morphology_the_snowball_stems_are_used():
    analysed = analyse("Lapset oppivat murtolukuja", ["fi"], morphology=False)
    assert stem("murtolukuja", "fi") in analysed.main
    assert analysed.parts == []


def test_unknown_words_of_the_query_still_count_through_ngrams():
    model, corpus = TextModel.fit(["matematiikkapelit alakouluun", "laulu ja soitto"], [["fi"], ["fi"]])
    q = model.transform(["matematiikkapeleissä"], [["fi"]])
    scores = (q.matrix @ corpus.matrix.T).toarray().ravel()
    assert scores[0] > scores[1]


def test_empty_corpus_and_empty_texts_give_zero_vectors():
    model, corpus = TextModel.fit([], [])
    assert corpus.matrix.shape[0] == 0
    assert model.transform(["mitä tahansa"], [["fi"]]).matrix.nnz == 0
    model, corpus = TextModel.fit(["", "peli"], [["fi"], ["fi"]])
    assert corpus.matrix[0].nnz == 0


def test_mapped_word_list_holds_exactly_simplemmas_entries(tmp_path):
    # The tries are built from simplemma's own tables: same keys, same lemmas (English: the smallest list).
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    from kyky.matching.lemmas import MappedTrieFactory

    original = _load_dictionary_from_disk("en")
    mapped = MappedTrieFactory(tmp_path).get_dictionary("en")
    assert (tmp_path / "en.dic").exists()
    assert len(mapped) == len(original)
    assert all(mapped.get(k.decode()) == v.decode() for k, v in original.items())
    assert mapped.get("notawordatall") is None
    # A second process opens the saved file instead of building it again.
    assert MappedTrieFactory(tmp_path).get_dictionary("en").get("children") == "child"


def test_lemmas_come_from_the_mapped_lists_not_simplemmas_in_memory_dicts():
    from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

    from kyky.matching.lemmas import lemma_dir

    assert features("koulussa", "fi")[0] == "koulu"
    assert features("skolorna", "sv")[0] == "skola"
    assert all((lemma_dir() / f"{lang}.dic").exists() for lang in ("fi", "sv", "en"))
    # simplemma's own loader (seconds and hundreds of MB per process) never ran.
    assert DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_info().currsize == 0
