"""Tests for coverage_study.components.quotations (and the quotes table of coverage_study.quotes):
one tiny text per rule, then a hand-counted gold list per seed."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from coverage_study import load_corpus
from coverage_study.components.quotations import QUOTE_COLUMNS, find_quotations
from coverage_study.reading.corpus import CorpusWarning
from coverage_study.tables.quotes import quotes

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def corpus_of(*texts: str) -> pd.DataFrame:
    """A corpus table as load_corpus gives it: each non-blank line of a text is a body paragraph."""
    rows = []
    for i, text in enumerate(texts):
        spans = tuple((m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text))
        rows.append(
            {"article_id": f"t{i}", "outlet": "test", "text": text, "headline": None,
             "headline_span": None, "body_spans": spans}
        )  # fmt: skip
    return pd.DataFrame(rows)


def contents(text: str) -> list[str]:
    found, _ = find_quotations(text)
    return [text[q.start : q.end] for q in found]


# --- one glyph family at a time ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are ready,” he said.", ["We are ready,"]),
        ('"We are ready," he said.', ["We are ready,"]),
        ("He said: «Nous sommes prêts».", ["Nous sommes prêts"]),
        ("Er sagte: „Wir sind bereit“.", ["Wir sind bereit"]),
        ("Er sagte: »Wir sind bereit«.", ["Wir sind bereit"]),
        ("He called it ‘a farce’ yesterday.", ["a farce"]),
        ("He called it 'a farce' yesterday.", ["a farce"]),
        ("Il a dit ‹ oui › hier.", ["oui"]),
        ("Han sa ”vi är redo” igår.", ["vi är redo"]),
        ("Mixed “typography\" happens.", ["typography"]),
    ],
)
def test_each_glyph(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Russia’s position and China’s plan.",
        "I don't think that's right, Xi Jinping's aides said.",
        "The countries’ interests and the ’90s.",
        "The '90s were different, they said.",
        "Rock 'em.",
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    found, problems = find_quotations(text)
    assert found == []
    assert problems == []


def test_apostrophes_inside_a_quotation() -> None:
    assert contents("“That's the one I support,” Lipavský added.") == ["That's the one I support,"]
    assert contents("\"I don't think so,\" he said.") == ["I don't think so,"]


def test_nested_single_inside_double() -> None:
    text = "“They called it ‘a special operation’ again,” she said."
    found, problems = find_quotations(text)
    assert problems == []
    assert [(text[q.start : q.end], q.depth) for q in found] == [
        ("They called it ‘a special operation’ again,", 0),
        ("a special operation", 1),
    ]


def test_offsets_content_and_marks() -> None:
    text = "He said “ yes ” today."
    (q,), _ = find_quotations(text)
    assert text[q.start : q.end] == "yes"
    assert text[q.mark_start : q.mark_end] == "“ yes ”"


# --- full vs partial -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("“We need to pay attention,” Wang said.", "full"),
        ("“We are open to a dialogue.”", "full"),
        ("Putin said: “We are open.”", "full"),
        ("Putin said, “We are open,” and left.", "full"),
        ("It was over. “We are open,” he said.", "full"),
        ("calling it a “genuine desire of our friends.”", "partial"),
        ("Putin stressed that “cooperation is important.”", "partial"),
        ("a “normal” trade relationship", "partial"),
        ("“Smearing” is what they called it.", "partial"),
    ],
)
def test_kind(text: str, kind: str) -> None:
    (q,), _ = find_quotations(text)
    assert q.kind == kind


# --- paragraphs ----------------------------------------------------------------------------------
def test_quotation_continues_only_by_newspaper_convention() -> None:
    text = "“We are open to talks.\n“But not at any price,” he said."
    found, problems = find_quotations(text)
    assert problems == []
    assert [text[q.start : q.end] for q in found] == [
        "We are open to talks.", "But not at any price,"
    ]
    assert found[0].quote_id == found[1].quote_id
    assert found[0].mark_end == text.index("\n")


def test_quotes_lists_a_multi_paragraph_quotation_once() -> None:
    # written for this test; read by hand: one quotation in two paragraphs (5 + 5 word tokens,
    # "isn't" is one), attributed to Jane Roe by the "she said" of its last paragraph; then
    # one more quotation of 2 words
    text = "“We are open to talks.\n“But isn't it a price,” Jane Roe said.\n“Not now,” she added."
    table = quotes(corpus_of(text), warn=False)
    assert table["quote_id"].tolist() == [0, 1]
    assert table["n_parts"].tolist() == [2, 1]
    assert table["n_words"].tolist() == [10, 2]
    first = table.iloc[0]
    assert first["text"] == "We are open to talks.\n“But isn't it a price,"
    assert text[first["start"] : first["end"]] == first["text"]
    assert first["speaker"] == "Jane Roe" and first["cue"] == "said"


def test_open_mark_without_continuation_warns() -> None:
    corpus = corpus_of("“We are open to talks.\nHe left.\n“Fine,” she said.")
    with pytest.warns(CorpusWarning, match=r"t0: unbalanced quotation mark '“' at character 0 "):
        table = quotes(corpus, attribute=False)
    assert table["text"].tolist() == ["Fine,"]


def test_marks_never_pair_across_paragraphs_otherwise() -> None:
    text = "He said “yes.\nShe said no” twice."
    found, problems = find_quotations(text)
    assert found == []
    assert [(p.position, p.mark) for p in problems] == [(8, "“"), (text.index("”"), "”")]


# --- unbalanced ----------------------------------------------------------------------------------
def test_stray_closing_mark_warns_with_position_and_keeps_the_rest() -> None:
    text = "He urged NATO “to stop.” ”, adding that it is “the largest source”."
    corpus = corpus_of(text)
    stray = text.index("” ”") + 2
    with pytest.warns(
        CorpusWarning, match=rf"t0: unbalanced quotation mark '”' at character {stray} "
    ):
        table = quotes(corpus, attribute=False)
    assert table["text"].tolist() == ["to stop.", "the largest source"]


def test_odd_number_of_marks_never_raises() -> None:
    found, problems = find_quotations("“a” “b” “c")
    assert len(found) == 2 and len(problems) == 1


def test_empty_corpus_has_the_columns() -> None:
    table = quotes(corpus_of("No quotation here."), attribute=False)
    assert list(table.columns) == [*QUOTE_COLUMNS, "n_parts", "n_words"] and table.empty


def test_linear_on_long_paragraphs() -> None:
    text = ("“a” " * 20000) + "“" * 5000
    found, problems = find_quotations(text, [(0, len(text))])
    assert len(found) == 20000 and len(problems) == 5000


# --- gold: every direct quotation in each seed ---------------------------------------------------
# Counted by hand by reading each seed's headline and body (seeds/*.txt; photo captions and teasers
# are outside the zones). Each entry is the exact text between the marks, trimmed, and its kind.
GOLD = {
    "000_b7f4353a78393275": [
        ("We need to pay attention to all security concerns,", "full"),
        ("We back the strengthening of the world’s multipolarity and the democratization of "
         "international relations,", "full"),
        ("Cooperation between China and Russia is of great importance for the stability of the "
         "international situation,", "full"),
    ],
    "001_9905d9d86601233a": [
        ("root causes and global geopolitical significance (of the Ukraine war),", "partial"),
        ("genuine desire of our Chinese friends to help stabilize the situation.", "partial"),
        ("We have never refused to negotiate,", "full"),
        ("We are open to a dialogue on Ukraine, but such negotiations must take into account the "
         "interests of all countries involved in the conflict, including ours.", "full"),
        ("sovereignty and territorial integrity", "partial"),
        ("legitimate security concerns", "partial"),
        ("not assist Russia", "partial"),
        ("normal", "partial"),
        ("no limits.", "partial"),
        ("do not threaten any country", "partial"),
    ],
    "002_82aee9e9df097e62": [
        ("complex", "partial"),
        ("Together with the Russian side, we are ready to show political determination, deepen "
         "mutual political trust and expand strategic cooperation to play an even greater "
         "constructive role in securing the interests of our countries and promoting the "
         "development of the whole world,", "full"),
        ("No matter how the international situation changes, China has been and remains determined "
         "to make efforts together with Russia to maintain a positive trend in the development of "
         "relations between the great powers,", "full"),
        ("One peace plan for Ukraine is already on the table,", "full"),
        ("That's the one I support,", "full"),
        ("I don't think I could give a more colorful answer on this topic than what the Chinese "
         "officials have already given,", "full"),
        ("They vehemently denied it. There is nothing to add to that,", "full"),
    ],
    "003_f888ac50807c3bfa": [
        ("Moscow-Beijing relations are important for world stability", "full"),  # headline
        ("Russian-Chinese relations are developing as we had planned in recent years, everything "
         "is moving forward and developing. We are reaching new milestones", "full"),
        ("send best wishes to our, my friend, the president of the People’s Republic of China, "
         "comrade Xi Jinping", "partial"),
        ("Cooperation on the international scene between the People’s Republic of China and the "
         "Russian Federation is very important to stabilize the international situation,", "full"),
        ("political solution", "partial"),
        ("will steadfastly pursue an independent and autonomous foreign policy.", "partial"),
        ("smearing", "partial"),
        ("to stop besmirching China with unfounded speculation about Ukraine, abandon the old Cold "
         "War mentality of zero-sum gaming and bloc confrontation, and stop fomenting "
         "confrontation.", "partial"),
        ("the largest source of weapons on the battlefield of Ukraine", "partial"),
        ("increasingly concerned that China may be planning lethal support for Russia’s war",
         "partial"),
    ],
    "004_e64399ec47401f51": [
        ("cooperation in the international arena between the People’s Republic of China and the "
         "Russian Federation (…) is of great importance for the stability of the international "
         "situation.", "partial"),
        ("We support a multipolar world and the democratization of international relations (…),",
         "full"),
        ("warm greeting", "partial"),
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def seed_quotes() -> pd.DataFrame:
    corpus = load_corpus(SEEDS)
    with pytest.warns(CorpusWarning) as record:
        table = quotes(corpus)
    messages = [str(w.message) for w in record if issubclass(w.category, CorpusWarning)]
    # the one stray mark in the seeds: 003 "confrontation.” ”," (the second ”)
    text = corpus.set_index("article_id").loc["003_f888ac50807c3bfa", "text"]
    stray = text.index("confrontation.” ”") + len("confrontation.” ")
    assert messages == [
        f"003_f888ac50807c3bfa: unbalanced quotation mark '”' at character {stray} "
        "(closing mark with no opening mark in its paragraph; ignored): "
        f"{text[stray - 30 : stray + 30]!r}"
    ]
    return table


@pytest.mark.parametrize("article_id", sorted(GOLD))
def test_seed_gold(seed_quotes: pd.DataFrame, article_id: str) -> None:
    got = seed_quotes[seed_quotes["article_id"] == article_id]
    assert list(zip(got["text"], got["kind"], strict=True)) == GOLD[article_id]


def test_seed_totals(seed_quotes: pd.DataFrame) -> None:
    assert len(seed_quotes) == sum(len(v) for v in GOLD.values()) == 33
    assert (seed_quotes["depth"] == 0).all()
    corpus = load_corpus(SEEDS).set_index("article_id")
    for r in seed_quotes.itertuples():
        text = corpus.loc[r.article_id, "text"]
        assert text[r.start : r.end] == r.text
        assert text[r.mark_start] in "“\"" and text[r.mark_end - 1] in "”\""


def test_quote_problems_table_lists_the_stray_mark_of_seed_003():
    from coverage_study.components.quotations import quote_problems

    corpus = load_corpus(SEEDS)
    problems = quote_problems(corpus)
    # found by hand: the only unbalanced mark in the seeds is the second ” of
    # 'confrontation.” ”,' in 003 (the first ” closes the quotation opened by “to stop ...)
    assert problems[["article_id", "mark"]].values.tolist() == [["003_f888ac50807c3bfa", "”"]]
    row = problems.iloc[0]
    text = corpus.set_index("article_id").loc[row["article_id"], "text"]
    assert text[row["start"] : row["end"]] == "”"
    assert text[row["start"] - 16 : row["end"]] == "confrontation.” ”"


# --- _role against its first, eager form -----------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from coverage_study.text.quote_marks import _CLOSE_RIGHT, _FAMILY, _OPEN_LEFT, _role  # noqa: E402


def _reference_role(glyph: str, prev: str | None, nxt: str | None, stack: list[tuple]) -> str:
    """_role as first written: every neighbour test computed up front, then the rules in order
    (``stack``: (pos, glyph, family, quote_id, part_start) tuples). The typewriter pairs came
    later: two backticks open, two apostrophes are read as a straight double mark."""
    if glyph == "``":
        return "open"
    if glyph == "''":
        glyph = '"'
    family = _FAMILY[glyph]
    left_open = prev is None or prev in _OPEN_LEFT
    right_close = nxt is None or nxt in _CLOSE_RIGHT
    top_family = stack[-1][2] if stack else None
    family_open = bool(stack) and any(o[2] == family for o in stack)

    def is_word(ch: str | None) -> bool:
        return ch is not None and ch.isalnum()

    single = family in ("single", "single_guillemet")
    if single and glyph in "’'‘" and is_word(prev) and is_word(nxt):
        return "skip"
    if glyph in "„‚‟‛":
        return "open"
    if glyph == "‘":
        return "close" if top_family == "single" and stack[-1][1] == "‚" else "open"
    if glyph == "“":
        if top_family == "double" and stack[-1][1] == "„":
            return "close"
        if family_open and not left_open and right_close:
            return "close"
        return "open"
    if glyph == "”":
        if left_open and not right_close and not family_open:
            return "open"
        return "close"
    if glyph == '"':
        if left_open and not right_close:
            return "open"
        if right_close and not left_open:
            return "close"
        return "close" if family_open else "open"
    if glyph == "’":
        return "close" if top_family == "single" else "skip"
    if glyph == "'":
        if top_family == "single" and not left_open:
            return "close"
        if left_open and not right_close:
            return "open"
        return "skip"
    if glyph == "«":
        return "close" if top_family == "guillemet" and stack[-1][1] == "»" else "open"
    if glyph == "»":
        if family_open:
            return "close"
        return "open" if left_open and not right_close else "close"
    if glyph == "‹":
        return "close" if top_family == "single_guillemet" and stack[-1][1] == "›" else "open"
    if glyph == "›":
        if any(o[2] == "single_guillemet" for o in stack):
            return "close"
        return "open" if left_open and not right_close else "close"
    raise AssertionError(glyph)


_GLYPHS = sorted(_FAMILY)
_NEIGHBOURS = st.one_of(
    st.none(), st.sampled_from([*_GLYPHS, " ", "a", "9", "é", ".", "(", "—", "\n"])
)


@settings(max_examples=3000, deadline=None)
@given(
    st.sampled_from(_GLYPHS),
    _NEIGHBOURS,
    _NEIGHBOURS,
    st.lists(st.sampled_from(_GLYPHS), max_size=4),
)
def test_role_is_the_eager_rules(glyph: str, prev, nxt, open_glyphs: list[str]) -> None:
    stack = [(i, g, _FAMILY[g], i, i) for i, g in enumerate(open_glyphs)]
    assert _role(glyph, prev, nxt, stack) == _reference_role(glyph, prev, nxt, stack)


def test_span_functions_refuse_a_quotes_table_with_joined_paragraphs() -> None:
    from coverage_study.components.attribution import attributions
    from coverage_study.components.quotations import unattributed_quotes
    from coverage_study.components.voice import voice_spans
    from coverage_study.tables.sources import sources_table

    corpus = corpus_of("“We are open.\n“But not at any price,” Jane Roe said.")
    joined = quotes(corpus, warn=False)
    for func in (attributions, voice_spans, sources_table):
        with pytest.raises(ValueError, match=r"give unattributed_quotes\(corpus\)"):
            func(corpus, quotes_table=joined)
        func(corpus, quotes_table=unattributed_quotes(corpus))  # the per-paragraph table


def test_typewriter_pairs_are_double_quotation_marks() -> None:
    # wire and NYT copy: two apostrophes open and close, two backticks open
    text = "''We will plant the orchard,'' the mayor said. ``Next spring,'' she added."
    qs, problems = find_quotations(text)
    assert [text[q.start : q.end] for q in qs] == ["We will plant the orchard,", "Next spring,"]
    assert [text[q.mark_start : q.mark_end] for q in qs] == [
        "''We will plant the orchard,''", "``Next spring,''"
    ]
    assert problems == [] and [q.kind for q in qs] == ["full", "full"]
    # a paragraph that opens with '' continues a quotation left open
    text = "''The river rose at night.\n''By morning it was gone,'' he said."
    qs, _ = find_quotations(text)
    assert len({q.quote_id for q in qs}) == 1 and len(qs) == 2


def _problems_both_ways(corpus: pd.DataFrame, folder: Path) -> int:
    """quote_problems of a saved annotation (read back: only the articles its quotation warnings
    name are read) equals quote_problems of the corpus table; the number of problems."""
    import coverage_study as cs

    cs.annotate(corpus, warn=False, cache=folder)  # made and saved
    annotated = cs.annotate(corpus, warn=False, cache=folder)  # read back
    assert "_quotation_warnings" in annotated.__dict__
    from_annotation = cs.quote_problems(annotated)
    pd.testing.assert_frame_equal(from_annotation, cs.quote_problems(corpus))
    return len(from_annotation)


def test_quote_problems_of_a_saved_annotation_equal_the_table_on_the_seeds(seeds, tmp_path):
    _problems_both_ways(seeds, tmp_path / "annotation")


def test_quote_problems_of_a_saved_annotation_equal_the_table_on_polnear(polnear, tmp_path):
    assert _problems_both_ways(polnear, tmp_path / "annotation") > 0  # PolNeAR has some


def test_quote_problems_of_an_annotation_reads_only_the_articles_warned_of(tmp_path):
    import coverage_study as cs

    # three articles of my own; only b has an unbalanced mark (an opening “ never closed)
    corpus = cs.load_corpus(pd.DataFrame({
        "article_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"],
        "text": ["He said “yes” today.", "She said “no and left.", "Nothing quoted here."],
    }))  # fmt: skip
    cs.annotate(corpus, warn=False, cache=tmp_path / "ann")
    annotated = cs.annotate(corpus, warn=False, cache=tmp_path / "ann")
    problems = cs.quote_problems(annotated)
    assert problems[["article_id", "start", "mark"]].values.tolist() == [["b", 9, "“"]]
    # the articles not named by the pass's warnings are not read: blanking their text there
    # changes nothing (the table of the corpus itself is read in full)
    annotated.corpus.loc[annotated.corpus["article_id"] != "b", "text"] = "“ “ “"
    pd.testing.assert_frame_equal(cs.quote_problems(annotated), problems)
