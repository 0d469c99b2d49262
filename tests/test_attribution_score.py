"""Scoring of attributions against gold spans (coverage_study.components.attribution.score), on
spans made by hand for a sentence written for this test."""

from coverage_study.components.attribution.score import Attribution, match, score_article

#       0         1         2         3         4         5         6
#       0123456789012345678901234567890123456789012345678901234567890123
TEXT = "Ann Lee said the plan works. Bob warned that costs rise. A poll shows gains."
# spans: "Ann Lee" 0-7, "said" 8-12, "the plan works" 13-27 ("works" 22-27); "Bob" 29-32,
# "warned" 33-39, "costs rise" 45-55; "A poll" 57-63, "shows" 64-69, "gains" 70-75


def test_hand_spans_are_the_words():
    assert TEXT[0:7] == "Ann Lee" and TEXT[8:12] == "said" and TEXT[13:27] == "the plan works"
    assert TEXT[22:27] == "works"
    assert TEXT[29:32] == "Bob" and TEXT[33:39] == "warned" and TEXT[45:55] == "costs rise"
    assert TEXT[57:63] == "A poll" and TEXT[64:69] == "shows" and TEXT[70:75] == "gains"


GOLD = [
    Attribution(cue=((8, 12),), source=(0, 7), content=(13, 27), quoted=True),
    Attribution(cue=((33, 39),), source=(29, 32), content=(45, 55)),
    Attribution(cue=((64, 69),), source=(57, 63), content=(70, 75)),
]


def test_score_counts_matches_roles_and_misses():
    pred = [
        # cue right, source exact, content with the final period (exact once stripped)
        Attribution(cue=((8, 12),), source=(0, 7), content=(13, 28)),
        # cue right, source too long (overlap, not exact), content from "that" (overlap)
        Attribution(cue=((33, 39),), source=(29, 39), content=(40, 55)),
        # a cue that is no gold cue
        Attribution(cue=((22, 27),), source=None, content=(26, 28)),
    ]
    sc = score_article(TEXT, pred, GOLD)
    assert (sc.n_pred, sc.n_gold, sc.tp) == (3, 3, 2)
    assert (sc.source_exact, sc.source_overlap) == (1, 2)
    assert (sc.content_exact, sc.content_overlap) == (1, 2)
    assert (sc.n_quoted, sc.quoted_found) == (1, 1)
    assert sc.missed == {"shows": 1} and sc.spurious == {"works": 1}
    assert round(sc.precision, 3) == round(sc.recall, 3) == 0.667


def test_match_is_one_to_one_largest_overlap_first():
    gold = [Attribution(cue=((0, 10),)), Attribution(cue=((8, 12),))]
    pred = [Attribution(cue=((7, 12),))]  # overlaps gold 0 by 3, gold 1 by 4
    assert match(pred, gold) == [(0, 1)]


def test_missing_source_on_both_sides_is_right():
    gold = [Attribution(cue=((8, 12),), source=None, content=(13, 27))]
    pred = [Attribution(cue=((8, 12),), source=None, content=(0, 5))]
    sc = score_article(TEXT, pred, gold)
    assert (sc.source_exact, sc.content_exact, sc.content_overlap) == (1, 0, 0)
