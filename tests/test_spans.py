"""Tests for coverage_study.text.spans and the indexes that keep long articles linear: each indexed
lookup equals the plain scan it replaces, on random spans (fixed seed)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from coverage_study._regex import phrase_union
from coverage_study.components.term_voice import _BY_PRECEDENCE, _VoiceSpans
from coverage_study.text.spans import HoleIndex, subtract


def _random_spans(rng: random.Random, n: int, size: int = 200) -> list[tuple[int, int]]:
    spans = []
    for _ in range(n):
        s = rng.randrange(size)
        spans.append((s, s + rng.randrange(0, 40)))
    return spans


def test_hole_index_equals_subtract():
    rng = random.Random(6)
    for _ in range(300):
        holes = _random_spans(rng, rng.randrange(0, 12))
        index = HoleIndex(holes)
        for _ in range(10):
            s = rng.randrange(220)
            e = s + rng.randrange(0, 60)
            assert index.subtract(s, e) == subtract(s, e, holes)


def test_voice_spans_index_equals_scan():
    def scan(spans, start, end):  # the former per-hit scan over every span
        best = 0
        for s, e, rank in spans:
            if s <= start and end <= e and rank > best:
                best = rank
        return _BY_PRECEDENCE[best]

    rng = random.Random(7)
    for _ in range(300):
        spans = [(s, e, rng.choice((1, 2))) for s, e in _random_spans(rng, rng.randrange(0, 10))]
        index = _VoiceSpans(spans)
        for _ in range(10):
            s = rng.randrange(220)
            e = s + rng.randrange(1, 30)
            assert _BY_PRECEDENCE[index.rank(s, e)] == scan(spans, s, e)


def test_phrase_union_matches_like_the_sorted_alternation():
    import re

    phrases = ["said", "say", "says", "according to", "as reported by", "as quoted by", "told",
               "tell", "a", "as", "stated", "state media", "reported"]  # fmt: skip
    plain = "|".join(
        r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True)
    )
    text = (
        "As reported by Reuters, he said; she says. According  to TASS, as quoted\nby AP, "
        "state media stated: 'A says' - told, tell, telling; SAID reportedly as a"
    ) * 3
    for before, after in ((r"(?<![\w’'])", r"(?![\w’'])"), (r"(?<!\w)", r"(?!\w)")):
        old = re.compile(before + "(?:" + plain + ")" + after, re.IGNORECASE)
        trie = re.compile(before + "(?:" + phrase_union(phrases) + ")" + after, re.IGNORECASE)
        expected = [m.span() for m in old.finditer(text)]
        assert expected and [m.span() for m in trie.finditer(text)] == expected
    first = re.compile(phrase_union(phrases, not_after=r"[\w’']") + r"(?![\w’'])", re.IGNORECASE)
    old = re.compile(r"(?<![\w’'])(?:" + plain + r")(?![\w’'])", re.IGNORECASE)
    for pos in (0, 5, 17, 40):
        assert [m.span() for m in first.finditer(text, pos)] == [
            m.span() for m in old.finditer(text, pos)
        ]


def test_nfc_end_moves_an_end_inside_a_cluster_to_its_end() -> None:
    """"q" + combining acute has no composed form: NFC keeps two characters, both mapped back
    to the cluster's start; an end between them is moved past the mark (read by hand)."""
    from coverage_study.text.spans import nfc_end, nfc_offsets

    nfc, back, _ = nfc_offsets("q\u0301x")
    assert nfc == "q\u0301x" and back == [0, 0, 2, 3]
    assert [nfc_end(back, k) for k in range(4)] == [0, 2, 2, 3]
    nfc, back, _ = nfc_offsets("Bogota\u0301,")  # composes: 7 characters in, 6 + 1 out
    assert nfc == "Bogotá," and back == [0, 1, 2, 3, 4, 5, 7, 8]


_ALPHABET = (
    "ab Z9_?-'.,\n" + "éýÁ٣ß\u0301\u0327\u20dd’“”‐‑\xa0\u2009•…" + "\U0001d400\U0001f600\U0001d167"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40), st.integers(-3, 45), st.integers(-3, 45))
def test_count_words_in_is_findall_of_word(text: str, s: int, e: int) -> None:
    """The byte-level count (joiners, combining marks, "?", ranges cut anywhere) equals the
    package's word tokens found by WORD in the same range."""
    from coverage_study.text.spans import WORD, count_words_in, word_bytes

    assert count_words_in(text, word_bytes(text), s, e) == len(WORD.findall(text, s, e))


def test_word_bytes_gives_up_only_for_marks_outside_w() -> None:
    from coverage_study.text.spans import count_words_in, word_bytes

    assert word_bytes("Pa\u0301trushev said") is None  # NFD: WORD itself counts it
    # by hand: "Pátrushev" 9 word bytes, ’ a joiner, s, space, “ (other), "plan", ” (other)
    assert word_bytes("Pátrushev’s “plan”") == b"aaaaaaaaaja  aaaa "
    assert count_words_in("Pa\u0301trushev’s plan", None, 0, 18) == 2


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "q", " ", "e\u0301", "\u0301", "\u0327", "\u0308", "é", "\u212b", "\u2126",
             "\u1100", "\u1161", "가", "ﬁ", "İ", "\U0001d15e", "\U0001d165", "x\u0323\u0307",
             "\u0345", "ά", "\u0344", "\n"]
        ),
        max_size=20,
    ).map("".join)
)  # fmt: skip
def test_nfc_offsets_equals_the_character_by_character_reference(text: str) -> None:
    """Only the clusters with a non-ASCII character are looked at; the result is the
    reference's (marks alone, marks at the start, singletons such as the Ohm sign, Hangul
    jamo, which NFC of a cluster does not join, astral marks)."""
    from coverage_study.text.spans import _nfc_offsets_each, nfc_offsets

    assert nfc_offsets(text) == _nfc_offsets_each(text)
