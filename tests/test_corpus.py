"""Tests for coverage_study.reading.corpus: the seeds, the corpus format and every bad input."""

from __future__ import annotations

import hashlib
import warnings

import pandas as pd
import pytest

import coverage_study as cs
from coverage_study.errors import ArticlesWarning
from coverage_study.reading.corpus import check_corpus, iter_corpus

from .conftest import SEEDS

# sha256 of the five files of ../shared/seeds/ as delivered: nothing may edit them.
SEED_SHA256 = {
    "000_b7f4353a78393275": "4c6e86bfd8a6f94894c51b8f71b81d3ce79e033f4a631ecc7bfc546679a5b08e",
    "001_9905d9d86601233a": "8f0663a35154e6d405de5aea20f4e81824b8a0bffef30a48e4f234d9d667103a",
    "002_82aee9e9df097e62": "5406dbd5267d6fc491ce13d80c4df0a3e0b066f6408ebee94e210142f96949b8",
    "003_f888ac50807c3bfa": "f2ca560bace11d0c5fa41f76fe02d9616d9dd97b910431721afed554f807a4b8",
    "004_e64399ec47401f51": "3ddbd9fd1fe1409be7aee34eda53c6a22baebe46bdcf5f324529547f2e35beb0",
}


def test_seed_files_are_unchanged():
    found = {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    assert found == SEED_SHA256


def test_seeds_load_as_five_rows(seeds):
    assert list(seeds["article_id"]) == sorted(SEED_SHA256)
    for column in ("outlet", "published", "language", "translated", "headline", "text", "body"):
        assert column in seeds
    assert seeds["published"].dtype.kind == "M"
    # metadata "unknown" loads as missing
    row = seeds.set_index("article_id").loc["002_82aee9e9df097e62"]
    assert row["headline"] is None and row["headline_span"] is None
    assert pd.isna(seeds.set_index("article_id").loc["001_9905d9d86601233a", "translated"])


def test_text_is_the_file_as_stored(seeds):
    for r in seeds.itertuples():
        assert r.text == (SEEDS / f"{r.article_id}.txt").read_text(encoding="utf-8")


def test_extra_metadata_columns_are_carried_along(seeds):
    assert seeds["outlet_evidence"].str.len().gt(0).all()


def test_loading_does_not_write_into_the_corpus_folder(make_corpus):
    folder = make_corpus({"a": "Some words here."})
    before = sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())
    cs.load_corpus(folder)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()) == before


# ---------------------------------------------------------------- bad input, one test each


def _error(folder) -> str:
    with pytest.raises(cs.CorpusError) as info:
        cs.load_corpus(folder)
    assert isinstance(info.value, ValueError)
    return str(info.value)


def test_missing_folder(tmp_path):
    assert "no-such-corpus: corpus folder does not exist" in _error(tmp_path / "no-such-corpus")


def test_missing_metadata(make_corpus):
    folder = make_corpus({"a": "Text."})
    (folder / "metadata.csv").unlink()
    assert "metadata.csv is missing" in _error(folder)


def test_empty_file(make_corpus):
    assert "a.txt: empty file" in _error(make_corpus({"a": "", "b": "Fine."}))


def test_whitespace_only_file(make_corpus):
    assert "a.txt: empty file (only white space)" in _error(make_corpus({"a": " \n\u00a0\n"}))


def test_binary_file(make_corpus):
    msg = _error(make_corpus({"a": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}))
    assert "a.txt: binary file (NUL byte at byte 8)" in msg


def test_file_not_utf8(make_corpus):
    msg = _error(make_corpus({"a": "Line one.\nPeace talks in Kyiv – today.".encode("cp1252")}))
    assert "a.txt:2: not valid UTF-8 (byte 0x96" in msg


def test_metadata_without_required_column(make_corpus):
    folder = make_corpus({"a": "Text."}, rows=[{"article_id": "a", "source": "X"}])
    assert "metadata.csv: required column(s) missing: outlet" in _error(folder)


def test_metadata_row_without_file(make_corpus):
    rows = [{"article_id": "a", "outlet": "X"}, {"article_id": "b", "outlet": "Y"}]
    assert "metadata.csv: row 'b' has no file b.txt" in _error(make_corpus({"a": "Text."}, rows))


def test_file_without_metadata_row(make_corpus):
    rows = [{"article_id": "a", "outlet": "X"}]
    folder = make_corpus({"a": "Text.", "b": "Other."}, rows)
    assert "b.txt: file has no row in metadata.csv" in _error(folder)


def test_duplicate_ids(make_corpus):
    rows = [{"article_id": "a", "outlet": "X"}, {"article_id": "a", "outlet": "Y"}]
    assert "duplicate article_id 'a' on lines 2, 3" in _error(make_corpus({"a": "Text."}, rows))


def test_every_error_is_reported_at_once(make_corpus):
    rows = [{"article_id": "a", "outlet": "X"}, {"article_id": "z", "outlet": "Y"}]
    folder = make_corpus({"a": "", "b": b"\xff\xfe"}, rows)
    problems, _, _ = check_corpus(folder)
    text = "\n".join(map(str, problems))
    assert "a.txt: empty file" in text
    assert "b.txt:1: not valid UTF-8" in text
    assert "row 'z' has no file" in text
    assert "b.txt: file has no row" in text


def test_malformed_date_warns_and_loads_as_missing(make_corpus):
    rows = [{"article_id": "a", "outlet": "X", "published": "22/02/2023"}]
    folder = make_corpus({"a": "Text."}, rows)
    with pytest.warns(
        cs.CorpusWarning, match=r"metadata.csv:2: malformed date .* for a: '22/02/2023'"
    ):
        corpus = cs.load_corpus(folder)
    assert pd.isna(corpus.loc[0, "published"])


def test_impossible_date_warns(make_corpus):
    rows = [{"article_id": "a", "outlet": "X", "published": "2023-02-30"}]
    with pytest.warns(cs.CorpusWarning, match="'2023-02-30'"):
        cs.load_corpus(make_corpus({"a": "Text."}, rows))


def test_bad_translated_value_warns(make_corpus):
    rows = [{"article_id": "a", "outlet": "X", "translated": "perhaps"}]
    with pytest.warns(cs.CorpusWarning, match="'translated' for a is 'perhaps'"):
        corpus = cs.load_corpus(make_corpus({"a": "Text."}, rows))
    assert pd.isna(corpus.loc[0, "translated"])


def test_headline_not_in_text_warns(make_corpus):
    rows = [{"article_id": "a", "outlet": "X", "headline": "Not there"}]
    with pytest.warns(cs.CorpusWarning, match="1 article.s. have a headline in metadata.csv that "
                      "does not occur in the text; those articles have no headline zone: a.txt"):
        corpus = cs.load_corpus(make_corpus({"a": "Body text."}, rows))
    assert corpus.loc[0, "headline_span"] is None


def test_headlines_not_in_text_are_one_warning(make_corpus, tmp_path):
    # three articles, two of whose headlines are not in their text: one warning naming both
    # (a corpus of thousands gives one line, not thousands), from a folder and from a table
    texts = {"a": "Body a.", "b": "Found here\n\nBody b.", "c": "Body c."}
    rows = [{"article_id": k, "outlet": "X", "headline": h}
            for k, h in (("a", "Not there"), ("b", "Found here"), ("c", "Nor here"))]
    folder = make_corpus(texts, rows)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = cs.load_corpus(folder)
    said = [str(w.message) for w in caught if "headline" in str(w.message)]
    assert said == [f"{folder.name}: 2 article(s) have a headline in metadata.csv that does not "
                    "occur in the text; those articles have no headline zone: a.txt, c.txt"]
    assert corpus["headline_span"].isna().tolist() == [True, False, True]
    table = pd.DataFrame([{**r, "text": texts[r["article_id"]]} for r in rows])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cs.load_corpus(table)
    said = [w.message for w in caught if "headline" in str(w.message)]
    assert len(said) == 1 and isinstance(said[0], ArticlesWarning)
    assert said[0].article_ids == ("DataFrame row 1 (a)", "DataFrame row 3 (c)")


def test_bom_and_crlf_load_fine_and_offsets_point_into_text(make_corpus):
    lf = "Peace talks\n\n• facebook\nPutin said “we are open”.\n"
    crlf = lf.replace("\n", "\r\n")
    rows = [
        {"article_id": "lf", "outlet": "X", "headline": "Peace talks"},
        {"article_id": "crlf", "outlet": "X", "headline": "Peace talks"},
    ]
    folder = make_corpus({"lf": lf, "crlf": b"\xef\xbb\xbf" + crlf.encode()}, rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = cs.load_corpus(folder).set_index("article_id")
    assert corpus.loc["crlf", "text"] == crlf  # the BOM is not part of text, CRLF is kept
    assert corpus.loc["crlf", "body"] == corpus.loc["lf", "body"] == "Putin said “we are open”."
    for article_id, row in corpus.iterrows():
        for s, e in row["body_spans"]:
            assert "\r" not in row["text"][s:e], article_id
        hs, he = row["headline_span"]
        assert row["text"][hs:he] == "Peace talks"
    removed = cs.removed_table(corpus.reset_index())
    assert set(removed["text"]) == {"• facebook"}


def test_cleaning_table_counts(make_corpus):
    rows = [{"article_id": "a", "outlet": "X", "headline": "Head line"}]
    folder = make_corpus({"a": "Head line\n• twitter\nOne two’s neo-Nazi three.\n"}, rows)
    table = cs.cleaning_table(cs.load_corpus(folder))
    row = table.iloc[0]
    # counted by hand: body "One two’s neo-Nazi three." = 4 words; removed "• twitter" = 1 word
    assert (row["n_words_headline"], row["n_words_body"], row["n_words_removed"]) == (2, 4, 1)
    assert row["n_chars_body"] == len("One two’s neo-Nazi three.")


# --- corpora as one table (Parquet, CSV) ---------------------------------------------------------
def _seed_table() -> pd.DataFrame:
    raw = pd.read_csv(SEEDS / "metadata.csv", dtype=str, keep_default_na=False)
    raw.insert(
        1,
        "text",
        [(SEEDS / f"{a}.txt").read_bytes().decode("utf-8-sig") for a in raw["article_id"]],
    )
    return raw


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_table_file_loads_like_the_folder(seeds, tmp_path, suffix):
    path = tmp_path / f"corpus{suffix}"
    raw = _seed_table()
    raw.to_parquet(path) if suffix == ".parquet" else raw.to_csv(path, index=False)
    table = cs.load_corpus(path)
    assert list(table.columns) == list(seeds.columns)
    pd.testing.assert_frame_equal(table, seeds, check_dtype=False)
    assert table.attrs["cleaning_rules"] == seeds.attrs["cleaning_rules"]


def test_dataframe_loads_like_the_folder(seeds):
    raw = _seed_table()
    raw.index = [10, 3, 7, 1, 0]  # any index: rows are numbered by position
    before = raw.copy()
    table = cs.load_corpus(raw)
    pd.testing.assert_frame_equal(table, seeds, check_dtype=False)
    pd.testing.assert_frame_equal(raw, before)  # the frame given is not modified
    assert table.attrs["path"] == "<DataFrame>"


def test_dataframe_errors_name_row_and_column():
    raw = _seed_table()
    raw.loc[2, "text"] = "  "
    with pytest.raises(cs.CorpusError, match=r"^DataFrame row 3 \(002_82aee9e9df097e62\): empty"):
        cs.load_corpus(raw)
    with pytest.raises(cs.CorpusError, match=r"^DataFrame: required column\(s\) missing: outlet$"):
        cs.load_corpus(raw.drop(columns=["outlet"]))
    with pytest.raises(cs.CorpusError, match=r"no articles"):
        cs.load_corpus(raw.iloc[:0])
    with pytest.raises(cs.CorpusError, match=r"not int"):
        cs.load_corpus(42)  # type: ignore[arg-type]


def test_parquet_with_typed_columns(seeds, tmp_path):
    raw = _seed_table()
    raw["published"] = pd.to_datetime(raw["published"])
    raw["translated"] = raw["translated"].map({"true": True, "false": False}).astype(object)
    raw.to_parquet(tmp_path / "c.parquet")
    table = cs.load_corpus(tmp_path / "c.parquet")
    assert table["published"].tolist() == seeds["published"].tolist()
    assert table["translated"].tolist() == seeds["translated"].tolist()


def test_iter_corpus_chunks_concatenate_to_load_corpus(tmp_path):
    path = tmp_path / "c.parquet"
    _seed_table().to_parquet(path)
    chunks = list(iter_corpus(path, chunksize=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), cs.load_corpus(path))


def test_table_errors_name_file_row_and_column(tmp_path):
    raw = _seed_table()
    raw.loc[2, "text"] = "  "
    raw.loc[3, "article_id"] = raw.loc[0, "article_id"]
    raw.loc[4, "outlet"] = ""
    raw.to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(cs.CorpusError) as err:
        cs.load_corpus(tmp_path / "bad.csv")
    assert str(err.value).splitlines() == [
        "bad.csv row 3 (002_82aee9e9df097e62): empty 'text' (no text)",
        "bad.csv: duplicate article_id '000_b7f4353a78393275' on rows 1, 4",
        "bad.csv row 5: empty 'outlet'",
    ]


def test_table_duplicate_across_chunks(tmp_path):
    raw = _seed_table()
    raw.loc[4, "article_id"] = raw.loc[0, "article_id"]
    raw.to_parquet(tmp_path / "c.parquet")
    with pytest.raises(
        cs.CorpusError,
        match=r"c.parquet: duplicate article_id '000_b7f4353a78393275' on rows 1, 5",
    ):
        list(iter_corpus(tmp_path / "c.parquet", chunksize=2))


def test_table_missing_column_and_missing_file(tmp_path):
    _seed_table().drop(columns=["text"]).to_parquet(tmp_path / "c.parquet")
    with pytest.raises(cs.CorpusError, match=r"^c.parquet: required column\(s\) missing: text$"):
        cs.load_corpus(tmp_path / "c.parquet")
    with pytest.raises(cs.CorpusError, match="corpus file does not exist"):
        cs.load_corpus(tmp_path / "nope.csv")


def test_table_bad_date_warns_with_row(tmp_path):
    raw = _seed_table()
    raw.loc[1, "published"] = "2024-13-45"
    raw.to_csv(tmp_path / "c.csv", index=False)
    with pytest.warns(
        cs.CorpusWarning, match=r"c.csv row 2 \(001_9905d9d86601233a\): malformed date"
    ):
        table = cs.load_corpus(tmp_path / "c.csv")
    assert pd.isna(table.loc[1, "published"])


def test_an_internal_error_names_the_article_and_the_step(seeds, monkeypatch) -> None:
    """A bug inside a step (simulated here) surfaces as a CorpusError naming the article being
    measured and the step, with the original exception as its cause."""
    import coverage_study.components.attribution.table as table
    from coverage_study.reading.corpus import ArticleError, CorpusError

    def broken(article_id, *args):
        if article_id == seeds["article_id"].iloc[2]:
            raise IndexError("list index out of range")
        return []

    monkeypatch.setattr(table, "_article_rows", broken)
    with pytest.raises(ArticleError) as info:
        table.attributions(seeds, warn=False)
    assert isinstance(info.value, CorpusError)
    assert str(info.value) == (
        f"{seeds['article_id'].iloc[2]}: internal error in attribution (IndexError: list index "
        "out of range); this is a bug in coverage-study, please report it with this article"
    )
    assert isinstance(info.value.__cause__, IndexError)


def _fails_on_a_worker(article_id: str) -> None:
    from coverage_study.errors import ArticleError

    raise ArticleError(article_id, "quotations", IndexError("list index out of range"))


def test_an_internal_error_on_a_worker_process_reaches_the_parent_whole() -> None:
    """An ArticleError raised on a worker process (``n_jobs``: the metrics and the annotation
    pass in chunks) comes back to the caller as itself, naming the article and the step (it
    could not be unpickled before, and the pool broke with an error that named nothing)."""
    from coverage_study._pool import parallel
    from coverage_study.errors import ArticleError

    with pytest.raises(ArticleError) as info:
        list(parallel(_fails_on_a_worker, [("a-7",)], 1))
    assert str(info.value) == (
        "a-7: internal error in quotations (IndexError: list index out of range); this is a bug "
        "in coverage-study, please report it with this article"
    )
    assert (info.value.article_id, info.value.step) == ("a-7", "quotations")


def test_a_warning_raised_as_an_error_is_not_an_internal_error(seeds) -> None:
    """Under ``-W error`` a CorpusWarning raised inside a step (an unbalanced mark, warned
    inside the quotations' loop) stays a CorpusWarning."""
    from coverage_study.components.quotations import unattributed_quotes

    text = "He said “yes and left."
    one = seeds.iloc[:1].assign(text=text, headline_span=None, body_spans=[((0, len(text)),)])
    with warnings.catch_warnings():
        warnings.simplefilter("error", cs.CorpusWarning)
        with pytest.raises(cs.CorpusWarning, match="unbalanced quotation mark"):
            unattributed_quotes(one)


# ---------------------------------------------------------------- encoding damage (mojibake)
# Damaged lines written for these tests: the UTF-8 bytes of a word read back as Windows-1252,
# by hand ("á" is C3 A1, read "Ã¡"; "ç" is C3 A7, "Ã§"; "ï" is C3 AF, "Ã¯").
DAMAGED = {
    "a": "Headline here\n\nThe detainees at GuantÃ¡namo Bay waited.\nA clean line.\n"
         "President FranÃ§ois Hollande spoke.\n",
    "b": "Only a naÃ¯ve voter would believe it, he said.\n",
}  # fmt: skip
# Legitimate text that must not warn: other languages, curly quotes, dashes, symbols.
CLEAN_LINES = [
    "Le président François Hollande a dit « non » à Genève, déjà.",
    "Müller sagte, dass die Straße geschlossen ist – völlig überraschend.",
    "Zażółć gęślą jaźń, powiedział Wałęsa w Łodzi.",
    "Путин заявил, что «всё будет хорошо».",
    "习近平说，中国愿意与各方合作。",
    "“Quoted,” she said — with an em dash… and ‘single’ quotes.",
    "naïve café résumé Ångström œuvre ½ £5 ©2016 ±3 °C ¿Qué? ¡Sí! São Paulo Ñuñoa",
]


def test_mojibake_warns_once_naming_each_file_and_its_lines(make_corpus):
    folder = make_corpus(DAMAGED)
    with pytest.warns(cs.CorpusWarning) as caught:
        cs.load_corpus(folder)
    messages = [str(w.message) for w in caught if "encoding damage" in str(w.message)]
    assert len(messages) == 1  # one for the corpus, not one per file or line
    # lines counted by hand in DAMAGED: a.txt lines 3 and 5, b.txt line 1
    assert "2 article(s) carry encoding damage" in messages[0]
    assert messages[0].endswith("damaged lines: a.txt (lines 3, 5), b.txt (line 1)")


def test_check_corpus_lists_mojibake_per_file_with_line_and_repair(make_corpus):
    problems, _, _ = check_corpus(make_corpus(DAMAGED))
    damage = [p for p in problems if "encoding damage" in p.message]
    assert [(p.severity, p.where) for p in damage] == [
        ("warning", "a.txt:3"), ("warning", "b.txt:1")
    ]  # fmt: skip
    assert "on lines 3, 5" in damage[0].message
    assert "GuantÃ¡namo" in damage[0].message and "Guantánamo" in damage[0].message


@pytest.mark.parametrize("line", CLEAN_LINES)
def test_legitimate_non_english_text_does_not_warn(make_corpus, line):
    from coverage_study.reading.encoding import mojibake_lines

    assert mojibake_lines(line) == []
    folder = make_corpus({"a": f"{line}\nAnd a second line.\n"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cs.load_corpus(folder)


def test_mojibake_in_a_table_names_the_row_and_line(tmp_path):
    table = pd.DataFrame(
        {"article_id": ["x", "y"], "outlet": ["O", "O"],
         "text": ["Fine text.", "First line.\nThe FranÃ§ois line."]}
    )  # fmt: skip
    path = tmp_path / "corpus.csv"
    table.to_csv(path, index=False)
    with pytest.warns(cs.CorpusWarning, match=r"corpus\.csv: 1 article\(s\) carry encoding "
                      r"damage.*damaged lines: row 2 \(y, line 2\)$"):  # fmt: skip
        cs.load_corpus(path)


def test_repair_text_changes_only_the_damaged_lines():
    from coverage_study.reading.encoding import repair_text

    text = "One GuantÃ¡namo line.\r\n“Curly” stays — as does e\u0301.\r\nFranÃ§ois\r\n"
    fixed, damage = repair_text(text)
    assert fixed == "One Guantánamo line.\r\n“Curly” stays — as does e\u0301.\r\nFrançois\r\n"
    assert [(d.line, d.before, d.after) for d in damage] == [
        (1, "One GuantÃ¡namo line.", "One Guantánamo line."), (3, "FranÃ§ois", "François"),
    ]  # fmt: skip


def test_repair_corpus_writes_a_repaired_copy_and_its_report(make_corpus, tmp_path):
    rows = [{"article_id": "a", "outlet": "O", "headline": "Headline here"},
            {"article_id": "b", "outlet": "O", "headline": "A naÃ¯ve headline"}]  # fmt: skip
    texts = {**DAMAGED, "b": "\ufeffA naÃ¯ve headline\r\nOnly a naÃ¯ve voter would believe it.\r\n"}
    folder = make_corpus(texts, rows)
    (folder / "notes.md").write_text("kept as it is", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out = tmp_path / "fixed"
    report = cs.repair_corpus(folder, out)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # original untouched
    # every change, counted by hand: metadata.csv line 3 (b's headline), a.txt lines 3 and 5,
    # b.txt lines 1 and 2
    assert list(zip(report["file"], report["line"], strict=True)) == [
        ("metadata.csv", 3), ("a.txt", 3), ("a.txt", 5), ("b.txt", 1), ("b.txt", 2)
    ]  # fmt: skip
    assert report.loc[1, "after"] == "The detainees at Guantánamo Bay waited."
    written = pd.read_csv(out / "repair_report.csv", keep_default_na=False)
    assert written.astype(str).equals(report.astype(str))
    assert (out / "notes.md").read_bytes() == before["notes.md"]
    raw_b = (out / "b.txt").read_bytes()
    assert raw_b.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw_b  # BOM and CRLF kept
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no damage left, and the headline still found
        fixed = cs.load_corpus(out).set_index("article_id")
    assert fixed.loc["b", "headline"] == "A naïve headline"
    assert fixed.loc["b", "headline_span"] is not None


def test_repair_corpus_never_writes_into_the_corpus(make_corpus, tmp_path):
    folder = make_corpus(DAMAGED)
    for out, why in [(folder, "is the corpus itself"), (folder / "fixed", "lies inside the corpus"),
                     (tmp_path, "holds the corpus")]:  # fmt: skip
        with pytest.raises(cs.CorpusError, match=why):
            cs.repair_corpus(folder, out)
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "x.txt").write_text("x", encoding="utf-8")
    with pytest.raises(cs.CorpusError, match="not an empty folder"):
        cs.repair_corpus(folder, taken)
    assert not (folder / "fixed").exists()


def test_repair_corpus_refuses_a_table(tmp_path):
    path = tmp_path / "corpus.csv"
    pd.DataFrame({"article_id": ["x"], "outlet": ["O"], "text": ["FranÃ§ois"]}).to_csv(path)
    with pytest.raises(cs.CorpusError, match="repair reads corpus folders"):
        cs.repair_corpus(path, tmp_path / "out")
