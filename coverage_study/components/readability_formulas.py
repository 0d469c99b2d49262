"""The readability formulas: textstat 0.7.13's, term for term, one small pure function per index,
from the counts of :func:`coverage_study.components.readability.readability_counts`. NaN where a
denominator is zero (textstat returns 0.0). Each docstring says which way the score points. The
table that applies them is :func:`coverage_study.readability_table`, which re-exports them.
"""

from __future__ import annotations

__all__ = [
    "automated_readability_index",
    "coleman_liau_index",
    "dale_chall_readability_score",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "gunning_fog",
    "smog_index",
]

_NAN = float("nan")


def flesch_reading_ease(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """Flesch Reading Ease: ``206.835 - 1.015 * words/sentence - 84.6 * syllables/word``.

    Higher = easier (about 0-100; 60-70 is plain English).
    """
    if not n_words or not n_sentences or not n_syllables:
        return _NAN
    return 206.835 - 1.015 * (n_words / n_sentences) - 84.6 * (n_syllables / n_words)


def flesch_kincaid_grade(n_words: int, n_sentences: int, n_syllables: int) -> float:
    """Flesch–Kincaid Grade Level: ``0.39 * words/sentence + 11.8 * syllables/word - 15.59``.

    Higher = harder (a US school grade).
    """
    if not n_words or not n_sentences or not n_syllables:
        return _NAN
    return (0.39 * (n_words / n_sentences)) + (11.8 * (n_syllables / n_words)) - 15.59


def gunning_fog(n_words: int, n_sentences: int, n_complex_words: int) -> float:
    """Gunning fog: ``0.4 * (words/sentence + 100 * complex words/words)``.

    Complex words: not on the Dale–Chall easy list and 3+ syllables (textstat's rule).
    Higher = harder (years of schooling).
    """
    if not n_words or not n_sentences:
        return _NAN
    return 0.4 * ((n_words / n_sentences) + 100 * n_complex_words / n_words)


def smog_index(n_sentences: int, n_polysyllables: int) -> float:
    """SMOG: ``1.043 * sqrt(30 * polysyllables/sentences) + 3.1291``.

    Scaled to 30 sentences whatever the number of sentences (textstat's behaviour; see the
    module docstring). Higher = harder (a US school grade).
    """
    if not n_sentences:
        return _NAN
    root: float = (30 * (n_polysyllables / n_sentences)) ** 0.5  # float ** float: Any to mypy
    return (1.043 * root) + 3.1291


def coleman_liau_index(n_letters: int, n_words: int, n_sentences: int) -> float:
    """Coleman–Liau: ``0.058 * L - 0.296 * S - 15.8``, L and S letters and sentences per 100 words.

    Letters are textstat's (word characters, digits included). Higher = harder (a grade).
    """
    if not n_words or not n_letters or not n_sentences:
        return _NAN
    letters = (n_letters / n_words) * 100
    sentences = (n_sentences / n_words) * 100
    return (0.058 * letters) - (0.296 * sentences) - 15.8


def automated_readability_index(
    n_chars: int, n_tokens: int, n_words: int, n_sentences: int
) -> float:
    """ARI: ``4.71 * chars/token + 0.5 * words/sentence - 21.43``.

    As textstat: characters are non-space characters (punctuation included) and are divided
    by white-space tokens (punctuation-only tokens included). Higher = harder (a grade).
    """
    if not n_tokens or not n_chars or not n_words or not n_sentences:
        return _NAN
    return (4.71 * (n_chars / n_tokens)) + (0.5 * (n_words / n_sentences)) - 21.43


def dale_chall_readability_score(n_words: int, n_sentences: int, n_difficult_words: int) -> float:
    """Dale–Chall: ``0.1579 * % difficult words + 0.0496 * words/sentence`` (+3.6365 above 5 %).

    Difficult: not on textstat's easy-word list (inflected easy words and proper names count
    as difficult, as in textstat). Higher = harder (4.9 or less: grade 4; 9-9.9: college).
    """
    if not n_words or not n_sentences:
        return _NAN
    per_difficult = 100 * n_difficult_words / n_words
    score = (0.1579 * per_difficult) + (0.0496 * (n_words / n_sentences))
    if per_difficult > 5:
        score += 3.6365
    return score


def _indices(c: dict[str, int], smog_min_sentences: int = 0) -> dict[str, float]:
    w, s = c["n_words"], c["n_sentences"]
    return {
        "flesch_reading_ease": flesch_reading_ease(w, s, c["n_syllables"]),
        "flesch_kincaid_grade": flesch_kincaid_grade(w, s, c["n_syllables"]),
        "gunning_fog": gunning_fog(w, s, c["n_complex_words"]),
        "smog_index": (
            smog_index(s, c["n_polysyllables"]) if s >= smog_min_sentences else _NAN
        ),
        "coleman_liau_index": coleman_liau_index(c["n_letters"], w, s),
        "automated_readability_index": automated_readability_index(
            c["n_chars"], c["n_tokens"], w, s
        ),
        "dale_chall_readability_score": dale_chall_readability_score(
            w, s, c["n_difficult_words"]
        ),
    }
