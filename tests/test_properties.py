"""Property-based tests (issue 7, part 1): any text in, valid spans out, nothing lost.

Hypothesis generates articles that mix every quotation-mark glyph, non-breaking and zero-width
spaces, combining accents, right-to-left script and controls, emoji (with ZWJ sequences and flags),
CRLF / LF / lone CR line endings, BOMs (leading and inside the text), very long lines and empty
lines, around words the lexicon, the alias table and the attribution rules react to. Each article is
written to a corpus folder and read back with ``load_corpus``, so decoding is exercised too.

Properties
----------
* nothing raises but a documented :class:`CorpusError` (only for a blank file), and nothing warns
  but :class:`CorpusWarning` (``filterwarnings = error`` turns any other warning into a failure);
* cleaning loses nothing: every non-blank character is in exactly one of headline, body, removed;
* every span of every span function (``term_hits``, ``quotes``, ``quote_problems``,
  ``attributions``, ``actor_mentions``, ``kwic``, ``removed_table``) satisfies
  ``text[start:end] == span_text`` and lies inside one span of the zone it claims;
* counts (``metrics_table`` and the row counts of every span table, grouped by their labels) are
  the same whether lines end in LF, CRLF, lone CR or a mixture, and the same after a line of page
  furniture that the cleaner removes is added;
* counts are the same for the NFC and the NFD form of a text (offsets differ, counts may not).

Budget: each property runs a bounded number of examples (``max_examples`` below), no deadline;
the whole file takes well under a minute.
"""

from __future__ import annotations

import csv
import tempfile
import unicodedata
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import coverage_study as cs
from coverage_study.components.quotations import unattributed_quotes
from coverage_study.reading.clean import clean_text

# --------------------------------------------------------------------------------------------
# Building blocks of generated text

QUOTE_GLYPHS = list("\"'“”„‟‘’‚‛«»‹›")
SPACES = [" ", "\u00a0", "\u202f", "\u2009", "\u3000", "\t", "\u200b", "\u200c", "\u200d",
          "\u2060", "\ufeff"]  # fmt: skip
COMBINING = ["\u0301", "\u0300", "\u0308", "\u030c", "\u0327", "\u0303", "\u20dd"]
RTL = ["سلام", "الحرب", "שלום", "מלחמה", "\u200f", "\u200e", "\u202e", "\u202b", "\u202c",
       "\u2067", "\u2069"]  # fmt: skip
EMOJI = ["👍", "🇺🇦", "🇷🇺", "👨\u200d👩\u200d👧", "🙂\ufe0f", "🏳️\u200d🌈", "💥"]
WORDS = [
    "war", "War", "Cold War", "invasion", "conflict", "crisis", "peace", "peace plan",
    "special military operation", "military campaign", "sovereignty", "NATO", "NATO expansion",
    "neo-Nazi", "multipolar", "hostilities", "Putin", "Vladimir Putin", "Putin’s", "Putin's",
    "Wang Yi", "Wang I", "Xi Jinping", "Zelenski", "Zelensky", "Pátrushev", "Lipavský",
    "Russian President", "the Russian president", "Blinken", "TASS", "Reuters", "Xinhua",
    "said", "told", "stressed that", "according to", "added", "claimed", "urged", "he", "she",
    "they", "the", "a", "of", "and", "that", "sources", "officials", "the newspaper", "quoted",
    "as saying", "don't", "it's", "U.S.", "Mr.", "Feb.", "2023", "0", "12,5", "café", "naïve",
    "Brežnev", "Kyïv", "campaña militar",
]  # fmt: skip
PUNCT = list(".,;:!?()[]{}—–-/…") + ["...", "?!", ".-", "•", ">", "|", "*", "#", "@"]
FURNITURE = [
    "• facebook",
    "  • twitter",
    "News > Russia",
    "Photo gallery",
    "Opinion",
    "Advertisement'; }",
    "No posts to display",
    "Post with no comments.",
    "Comments",
    "0",
    "(Also: Putin says the war is a “special military operation”).",
    "Wang Yi (L) and Vladimir Putin (R), Moscow, Russia, Feb. 22, 2023. | Photo: Twitter/ @X",
    # a caption speaks in the present (cleaning.toml 1.2): "... Putin said “peace”." is news
    "From left, Wang Yi and Vladimir Putin hold a “peace” banner.",
    "Putin at the war summit. EFE-EPA/VYACHESLAV PROKOFYEV/SPUTNIK/KREMLIN POOL",
]

_ODD_CHARS = st.characters(
    blacklist_categories=("Cs",),  # lone surrogates cannot be written as UTF-8
    blacklist_characters="\r\n\x00",
)
fragment = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(QUOTE_GLYPHS),
    st.sampled_from(PUNCT),
    st.sampled_from(COMBINING),
    st.sampled_from(RTL),
    st.sampled_from(EMOJI),
    st.text(_ODD_CHARS, min_size=1, max_size=4),
)
separator = st.one_of(st.just(" "), st.just(" "), st.just(""), st.sampled_from(SPACES))
line = st.one_of(
    st.lists(st.tuples(fragment, separator).map("".join), max_size=25).map("".join),
    st.sampled_from(["", " ", "\u00a0", "\t"]),  # empty and blank lines
    st.sampled_from(FURNITURE),
)
long_line = st.tuples(st.sampled_from(WORDS), st.integers(100, 400)).map(
    lambda p: " ".join([p[0]] * p[1])
)
lines_strategy = st.lists(st.one_of(line, line, line, line, long_line), min_size=1, max_size=12)
ENDINGS = ["\n", "\r\n", "\r"]


def join(lines: list[str], endings: list[str]) -> str:
    """``lines`` joined by ``endings`` (cycled). An empty line between a CR and an LF would make
    one CRLF of two line breaks, so there the LF becomes a CR."""
    out, prev = [], ""
    for i, text in enumerate(lines):
        out.append(text)
        if i < len(lines) - 1:
            end = endings[i % len(endings)]
            if text == "" and prev == "\r" and end == "\n":
                end = "\r"
            out.append(end)
            prev = end
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Corpus helpers (shared with test_metamorphic)


def write_corpus(folder: Path, texts: dict[str, str | bytes], rows: list[dict[str, str]]) -> Path:
    """Write ``<id>.txt`` files and ``metadata.csv`` into ``folder``; return ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for article_id, text in texts.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / f"{article_id}.txt").write_bytes(data)
    columns = list(dict.fromkeys(k for r in rows for k in r))
    with open(folder / "metadata.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return folder


def load_quietly(folder: Path) -> pd.DataFrame:
    """``load_corpus`` with CorpusWarnings (documented, data-dependent) silenced; any other
    warning still fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)
        return cs.load_corpus(folder)


def corpus_of(texts: dict[str, str | bytes], headlines: dict[str, str] | None = None,
              published: str = "2023-02-22") -> pd.DataFrame:  # fmt: skip
    """Load ``texts`` (article_id -> text) through a temporary corpus folder."""
    headlines = headlines or {}
    rows = [
        {"article_id": a, "outlet": f"Outlet {a}", "published": published,
         "headline": headlines.get(a, "")}
        for a in texts
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        return load_quietly(write_corpus(Path(tmp) / "corpus", texts, rows))


LEXICON, ALIASES = cs.load_lexicon(), cs.load_aliases()


def metrics(corpus: pd.DataFrame) -> pd.DataFrame:
    """``metrics_table`` with CorpusWarnings (readability's "too short") silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)
        return cs.metrics_table(corpus, LEXICON, ALIASES)


def span_counts(corpus: pd.DataFrame) -> dict[str, Counter]:
    """Row counts of every span table, grouped by the labels a study counts (not offsets)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)
        q = cs.quotes(corpus, attribute=False)
        att = cs.attributions(corpus, quotes_table=unattributed_quotes(corpus))
        hits = cs.term_hits(corpus, LEXICON)
        mentions = cs.actor_mentions(corpus, ALIASES)
        removed = cs.removed_table(corpus)
        problems = cs.quote_problems(corpus)

    def count(table: pd.DataFrame, cols: list[str]) -> Counter:
        return Counter(map(tuple, table[cols].astype(str).itertuples(index=False)))

    return {
        "quotes": count(q, ["article_id", "zone", "depth", "kind"]),
        "quote_problems": count(problems, ["article_id", "zone", "mark"]),
        "attributions": count(att, ["article_id", "speaker", "cue_category", "mode", "via"]),
        "term_hits": count(hits, ["article_id", "family", "pattern", "zone", "voice"]),
        "actor_mentions": count(mentions, ["article_id", "actor", "zone", "via"]),
        "removed": count(removed, ["article_id", "rule"]),
    }


def assert_same_counts(
    a: pd.DataFrame, b: pd.DataFrame, skip: tuple[str, ...] = (), attribution: bool = True
) -> None:
    """Same metrics and same span-table counts (offsets may differ), except the tables ``skip``.

    ``attribution=False`` leaves out what depends on attribution: the sources columns, the
    indirect/narrator split of term counts and the ``attributions`` table."""
    ma, mb = metrics(a), metrics(b)
    if not attribution:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cs.CorpusWarning)
            sources = set(cs.sources_table(a).columns) - {"article_id", "outlet"}
        drop = [c for c in ma if c in sources or c.endswith(("_narrator", "_indirect"))]
        ma, mb = ma.drop(columns=drop), mb.drop(columns=drop)
        skip = (*skip, "attributions", "term_hits")
    pd.testing.assert_frame_equal(ma, mb)
    ca, cb = span_counts(a), span_counts(b)
    for name in ca.keys() - set(skip):
        assert ca[name] == cb[name], name


# --------------------------------------------------------------------------------------------
# Span checks


def _blank(ch: str) -> bool:
    return ch.isspace() or ch == "\ufeff"


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def check_cleaning(corpus: pd.DataFrame) -> None:
    """Every non-blank character in exactly one of headline, body, removed (guide: Offsets)."""
    for r in corpus.itertuples():
        owner = [0] * len(r.text)
        spans = [*r.body_spans, *((s, e) for s, e, _ in r.removed_spans)]
        if r.headline_span is not None:
            spans.append(r.headline_span)
        for s, e in spans:
            assert 0 <= s < e <= len(r.text), (r.article_id, s, e)
            for i in range(s, e):
                owner[i] += 1
        lost = [i for i, ch in enumerate(r.text) if not _blank(ch) and owner[i] != 1]
        assert not lost, (r.article_id, lost[:5], [r.text[i] for i in lost[:5]])


def check_spans(corpus: pd.DataFrame) -> None:
    """Every span function: ``text[start:end] == span text``, inside the zone it claims."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)  # unbalanced marks: documented
        _check_spans(corpus)


def _check_spans(corpus: pd.DataFrame) -> None:
    texts = dict(zip(corpus["article_id"], corpus["text"], strict=True))
    zones: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for z in cs.zone_spans(corpus).itertuples():
        zones.setdefault((z.article_id, z.zone), []).append((z.start, z.end))
        zones.setdefault((z.article_id, "any"), []).append((z.start, z.end))

    def check(table: pd.DataFrame, start: str, end: str, text_col: str | None, zone: str | None):
        for r in table.to_dict("records"):
            if pd.isna(r[start]):
                continue
            s, e, aid = int(r[start]), int(r[end]), r["article_id"]
            assert 0 <= s <= e <= len(texts[aid]), (aid, start, s, e)
            if text_col is not None:
                assert texts[aid][s:e] == r[text_col], (aid, text_col, s, e)
            where = r["zone"] if zone is None else zone
            assert _inside(zones.get((aid, where), []), s, e), (aid, where, start, s, e)

    # the quotations paragraph by paragraph (what attribution and voices read), each inside its
    # zone; quotes() joins a quotation's paragraphs into one row: the one-paragraph rows are
    # checked the same way, every row against the text
    parts = unattributed_quotes(corpus)
    att = cs.attributions(corpus, quotes_table=parts)
    voices = cs.voice_spans(corpus, quotes_table=parts, attributions_table=att)
    check(parts, "start", "end", "text", None)
    check(parts, "mark_start", "mark_end", None, None)
    q = cs.quotes(corpus)
    check(q[q["n_parts"] == 1], "start", "end", "text", None)
    check(q[q["n_parts"] == 1], "mark_start", "mark_end", None, None)
    for r in q[q["n_parts"] > 1].itertuples():
        assert texts[r.article_id][r.start : r.end] == r.text
    check(cs.quote_problems(corpus), "start", "end", "mark", None)
    check(att, "content_start", "content_end", None, "any")
    check(att, "cue_start", "cue_end", "cue", "any")
    check(att, "speaker_start", "speaker_end", "speaker_mention", "any")
    check(cs.term_hits(corpus, voices=voices), "start", "end", "text", None)
    check(cs.actor_mentions(corpus), "start", "end", "text", None)
    for target in ("war", "peace", "putin*", "military operation"):
        k = cs.kwic(corpus, target, voices=voices)
        check(k, "start", "end", "keyword", None)
        for r in k.itertuples():
            text = texts[r.article_id]
            assert r.pre == "" or r.pre in text[: r.start], r
            assert r.post == "" or r.post in text[r.end :], r
    for r in cs.removed_table(corpus).itertuples():
        assert texts[r.article_id][r.start : r.end] == r.text
        assert not any(s < r.end and r.start < e for s, e in zones.get((r.article_id, "any"), []))


# --------------------------------------------------------------------------------------------
# Properties

PROPERTY = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
COMPARISON = settings(PROPERTY, max_examples=12)  # each example loads and measures 2-4 corpora


@st.composite
def articles(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """(file bytes, headline or None): lines with mixed endings, maybe BOMs, maybe a headline."""
    lines = draw(lines_strategy)
    endings = draw(st.lists(st.sampled_from(ENDINGS), min_size=1, max_size=4))
    text = join(lines, endings)
    if draw(st.booleans()):
        text = "\ufeff" + text
    candidates = [ln.strip() for ln in lines if ln.strip()]
    headline = draw(st.sampled_from(candidates)) if candidates and draw(st.booleans()) else None
    return text.encode("utf-8"), headline


@PROPERTY
@given(articles(), articles())
@example((b"\xef\xbb\xbf \r\n\xe2\x80\x8b", None), (b"x", None))  # BOM, blank, zero-width space
def test_any_text_gives_valid_spans(a: tuple[bytes, str | None], b: tuple[bytes, str | None]):
    texts = {"a": a[0], "b": b[0]}
    headlines = {k: h for k, (_, h) in zip(texts, (a, b), strict=True) if h}
    try:
        corpus = corpus_of(texts, headlines)
    except cs.CorpusError as exc:
        # documented: only a file that is empty or white space after decoding
        blank = [k for k, v in texts.items() if not v.decode("utf-8-sig").strip()]
        assert blank, exc
        assert all("empty file" in str(p) for p in exc.problems), exc
        return
    check_cleaning(corpus)
    check_spans(corpus)
    table = metrics(corpus)
    assert list(table["article_id"]) == ["a", "b"]


@COMPARISON
@given(lines_strategy, st.lists(st.sampled_from(ENDINGS), min_size=2, max_size=5))
def test_line_endings_change_no_count(lines: list[str], mixed: list[str]) -> None:
    if not "".join(lines).strip():
        return
    lf = corpus_of({"a": join(lines, ["\n"])})
    for endings in (["\r\n"], ["\r"], mixed):
        assert_same_counts(lf, corpus_of({"a": join(lines, endings)}))


@COMPARISON
@given(lines_strategy, st.sampled_from(FURNITURE), st.integers(0, 12), st.sampled_from(ENDINGS))
def test_removed_furniture_line_changes_no_count(
    lines: list[str], furniture: str, at: int, ending: str
) -> None:
    if not "".join(lines).strip():
        return
    at = min(at, len(lines))
    before = corpus_of({"a": join(lines, [ending])})
    after = corpus_of({"a": join([*lines[:at], furniture, *lines[at:]], [ending])})
    assert len(cs.removed_table(after)) > len(cs.removed_table(before))
    assert_same_counts(before, after, skip=("removed",))


ACCENTED = ["café", "naïve", "Brežnev", "Pátrushev", "Lipavský", "Zelenský", "campaña militar",
            "Kyïv", "façade", "Ångström", "señor", "Škoda", "Dvořák", "Trương", "Ελλάδα",
            "Йошкар", "ḍhaka", "प्रधानमंत्री"]  # fmt: skip


@COMPARISON
@given(
    st.lists(
        st.lists(st.one_of(st.sampled_from(ACCENTED), st.sampled_from(WORDS),
                           st.sampled_from(QUOTE_GLYPHS), st.sampled_from(PUNCT)),
                 max_size=30).map(" ".join),
        min_size=1, max_size=8,
    )
)  # fmt: skip
@example(["Nikolai Pátrushev said Brežnev’s “campaña militar” was a war."])
def test_nfc_and_nfd_give_the_same_counts(lines: list[str]) -> None:
    """Decision: counts must not depend on the normalisation form, so word tokens, term and actor
    matching and the readability counts treat a combining mark as part of the letter before it
    (Python's ``\\w`` does not match combining marks). Offsets differ between the two forms, so
    only counts are compared."""
    text = "\n".join(lines)
    if not text.strip():
        return
    nfc = corpus_of({"a": unicodedata.normalize("NFC", text)})
    nfd = corpus_of({"a": unicodedata.normalize("NFD", text)})
    assert_same_counts(nfc, nfd)


def test_nfc_and_nfd_give_the_same_attributions() -> None:
    # attribution reads the NFC form and maps offsets back (attribution._rows_on_nfc)
    text = "\n".join(["", "café café café café café café café according to Dvořák"])
    nfc = corpus_of({"a": unicodedata.normalize("NFC", text)})
    nfd = corpus_of({"a": unicodedata.normalize("NFD", text)})
    assert_same_counts(nfc, nfd)


def test_clean_text_on_lone_cr_and_crlf_keeps_every_character() -> None:
    text = "Headline\r\rFirst “quoted\u00a0words,” Putin said.\r\n\r\n• facebook\rLast line"
    cleaned = clean_text(text, "Headline")
    assert cleaned.headline_span == (0, 8)
    assert [text[s:e] for s, e in cleaned.body_spans] == [
        "First “quoted\u00a0words,” Putin said.",
        "Last line",
    ]
    assert [(text[s:e], rule) for s, e, rule in cleaned.removed] == [("• facebook", "share_links")]


@pytest.mark.parametrize("ending", ENDINGS)
def test_bom_inside_text_is_blank_not_lost(ending: str) -> None:
    corpus = corpus_of({"a": f"\ufeffFirst line.{ending}\ufeff{ending}Second “line”.\ufeff"})
    check_cleaning(corpus)
    check_spans(corpus)


# --------------------------------------------------------------------------------------------
# Regressions: the minimal NFD examples hypothesis found (each counted 0 or 2 before the fix)


def test_regression_nfd_word_is_one_token() -> None:
    assert cs.tokenize("Pa\u0301trushev said") == [(0, 10), (11, 15)]


def test_regression_nfd_breadcrumb_is_removed() -> None:
    cleaned = clean_text("cafe\u0301 > cafe\u0301\nBody text.")
    assert [rule for *_, rule in cleaned.removed] == ["breadcrumb"]


def test_regression_nfd_actor_and_term() -> None:
    corpus = corpus_of({"a": "Nikolai Pa\u0301trushev saw the campan\u0303a militar."})
    assert list(cs.actor_mentions(corpus, ALIASES)["actor"]) == ["Nikolai Patrushev"]
    assert list(cs.kwic(corpus, "campaña", lexicon=LEXICON)["keyword"]) == ["campan\u0303a"]


def test_regression_nfd_readability_counts() -> None:
    from coverage_study.components.readability import readability_counts

    text = "Pátrushev met Brežnev."
    assert readability_counts(unicodedata.normalize("NFD", text)) == readability_counts(text)
