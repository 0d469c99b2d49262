"""The saved annotation (coverage_study/saved_annotation.py, ``annotate(..., cache=)``): read
back it gives every layer and every table of a fresh annotation, exactly; a stale one (a text, a
lexicon entry, a cleaning rule, the engine changed) is never read; a damaged one is a warning
and is made again; writing never leaves a half annotation.

The texts below are written for these tests. Their numbers were counted by hand from the text,
before running the code: in ``TEXT`` the lexicon ``tests/data/dam.yml`` finds "feud"
(dispute) and "crisis" (crisis) in the narrator's sentence and "deal" (compromise) inside the
quotation, three hits; the line "• twitter" is page furniture that the packaged rule
``share_links`` removes, so the headline and body hold 32 words (5 + 14 + 13; "twitter" would be
the 33rd).
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import coverage_study as cs
from coverage_study import saved_annotation as saved
from coverage_study.document import PASS
from coverage_study.layer_codec import frame_from_bytes, frame_to_bytes

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
DAM = DATA / "dam.yml"
TEXT = (
    "Dam talks stall in Ashby\n\n"
    "• twitter\n\n"
    "The feud over the dam is now a crisis, the mayor said on Monday.\n\n"
    "“We will find a deal before the summer,” said Mayor Ana Ruiz today.\n"
)
ROWS = [{"article_id": "a1", "outlet": "The Valley Courier", "published": "2026-03-02",
         "headline": "Dam talks stall in Ashby"}]  # fmt: skip


def _equal(a: cs.AnnotatedCorpus, b: cs.AnnotatedCorpus) -> None:
    """Every layer and every public table from ``a`` and ``b`` are equal, dtypes and attrs
    included; object columns hold values of the same types (None is not NaN)."""
    pd.testing.assert_frame_equal(a.source, b.source, check_exact=True)
    assert a.source.attrs == b.source.attrs
    for name in PASS:
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y, check_exact=True)
            assert x.attrs == y.attrs, name
            for c in [c for c in x.columns if pd.api.types.is_object_dtype(x[c])]:
                assert [type(v) for v in x[c]] == [type(v) for v in y[c]], (name, c)
        else:
            assert x == y, name
    tables = [
        lambda c: cs.metrics_table(c),
        lambda c: cs.quotes(c),
        lambda c: cs.attributions(c),
        lambda c: cs.voice_spans(c),
        lambda c: cs.term_hits(c),
        lambda c: cs.term_table(c, by="outlet"),
        lambda c: cs.actor_mentions(c),
        lambda c: cs.actor_table(c),
        lambda c: cs.readability_table(c),
        lambda c: cs.sources_table(c, by="outlet"),
    ]
    for table in tables:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cs.CorpusWarning)  # readability's, alike in both
            pd.testing.assert_frame_equal(table(a), table(b), check_exact=True)


@pytest.mark.parametrize("folder", [ROOT / "seeds", DATA / "three-outlets"], ids=["seeds", "three"])
def test_a_saved_annotation_reads_back_as_the_fresh_one(folder, tmp_path):
    fresh = cs.annotate(cs.load_corpus(folder), DAM, warn=False)
    made = cs.annotate(folder, DAM, warn=False, cache=tmp_path / "ann")  # made and saved
    read = cs.annotate(folder, DAM, warn=False, cache=tmp_path / "ann")  # read back
    assert read._saved is not None and "quotation_parts" not in read.__dict__  # read lazily
    assert len(read.quotation_parts)
    assert "quotation_parts" in read.__dict__ and read._direct == []  # read, not found again
    for annotated in (made, read):  # the fingerprint the manifest records, from the key
        assert annotated.fingerprint == cs.corpus_fingerprint(fresh.source)
    _equal(fresh, made)
    _equal(fresh, read)
    # a loaded corpus: the table given is used, the layers read
    again = cs.annotate(cs.load_corpus(folder), DAM, warn=False, cache=tmp_path / "ann2")
    again = cs.annotate(cs.load_corpus(folder), DAM, warn=False, cache=tmp_path / "ann2")
    _equal(fresh, again)


def test_save_then_annotate_with_the_cache_reads_it(tmp_path):
    corpus = cs.load_corpus(DATA / "three-outlets")
    fresh = cs.annotate(corpus, warn=False)
    fresh.save(tmp_path / "ann")
    key = json.loads((tmp_path / "ann" / saved.KEY_FILE).read_text(encoding="utf-8"))
    assert key["key"]["corpus"]["fingerprint"] == cs.corpus_fingerprint(corpus)
    assert key["key"]["engine"] == "rules" and "git_revision" not in key["key"]["origin"]
    stamp = (tmp_path / "ann" / saved.KEY_FILE).stat().st_mtime_ns
    _equal(fresh, cs.annotate(corpus, warn=False, cache=tmp_path / "ann"))
    assert (tmp_path / "ann" / saved.KEY_FILE).stat().st_mtime_ns == stamp  # read, not rewritten


def _hits(annotated: cs.AnnotatedCorpus) -> dict[str, int]:
    return annotated.hits.groupby("family").size().to_dict()


def test_a_changed_text_is_never_read_from_the_old_annotation(make_corpus, tmp_path):
    folder = make_corpus({"a1": TEXT}, rows=ROWS)
    cache = tmp_path / "ann"
    before = cs.annotate(folder, DAM, cache=cache)
    assert _hits(before) == {"compromise": 1, "crisis": 1, "dispute": 1}  # counted by hand
    # one more paragraph: one more "feud" (dispute), counted by hand
    (folder / "a1.txt").write_text(TEXT + "\nA second feud began in the spring.\n", "utf-8")
    after = cs.annotate(folder, DAM, cache=cache)
    assert _hits(after) == {"compromise": 1, "crisis": 1, "dispute": 2}
    _equal(cs.annotate(cs.load_corpus(folder), DAM), after)
    _equal(after, cs.annotate(folder, DAM, cache=cache))  # the new one replaced the old


def test_a_changed_lexicon_entry_is_never_read_from_the_old_annotation(make_corpus, tmp_path):
    folder = make_corpus({"a1": TEXT}, rows=ROWS)
    lexicon = tmp_path / "dam.yml"
    shutil.copy(DAM, lexicon)
    cache = tmp_path / "ann"
    assert _hits(cs.annotate(folder, lexicon, cache=cache))["dispute"] == 1
    # the entry "feud" removed: no dispute word is left in the text (counted by hand)
    lexicon.write_text(DAM.read_text("utf-8").replace("  - feud\n", ""), "utf-8")
    after = cs.annotate(folder, lexicon, cache=cache)
    assert _hits(after) == {"compromise": 1, "crisis": 1}
    _equal(cs.annotate(cs.load_corpus(folder), lexicon), after)


def test_a_changed_cleaning_rule_is_never_read_from_the_old_annotation(make_corpus, tmp_path):
    folder = make_corpus({"a1": TEXT}, rows=ROWS)
    packaged = Path(cs.__file__).parent / "data" / "cleaning.toml"
    rules = tmp_path / "cleaning.toml"
    shutil.copy(packaged, rules)
    cache = tmp_path / "ann"
    before = cs.annotate(cs.load_corpus(folder, rules=rules), DAM, cache=cache)
    assert before.words[0][1] == 32  # counted by hand: "• twitter" removed
    # the rule share_links no longer takes "twitter": the line stays, one word more
    text = rules.read_text("utf-8")
    assert text.count("|twitter|") == 1
    rules.write_text(text.replace("|twitter|", "|"), "utf-8")
    after = cs.annotate(cs.load_corpus(folder, rules=rules), DAM, cache=cache)
    assert after.words[0][1] == 33
    _equal(cs.annotate(cs.load_corpus(folder, rules=rules), DAM), after)


def test_the_engine_is_in_the_key_and_an_unknown_engine_is_named(tmp_path):
    corpus = cs.load_corpus(DATA / "three-outlets")
    annotated = cs.annotate(corpus, warn=False, cache=tmp_path / "ann")
    assert annotated.engine == "rules"
    lexicon, aliases = annotated.lexicon, annotated.aliases
    key = saved.annotation_key(corpus, lexicon, aliases, engine="rules", discover=True)
    assert saved.read(tmp_path / "ann", key) is not None
    assert saved.read(tmp_path / "ann", dict(key, engine="parse")) is None  # never read
    alone = saved.annotation_key(corpus, lexicon, aliases, engine="rules", discover=False)
    assert saved.read(tmp_path / "ann", alone) is None  # another option: never read
    with pytest.raises(ValueError, match=r"no attribution engine 'nope': the engines are 'rules'"):
        cs.annotate(corpus, engine="nope")


def test_a_truncated_parquet_file_is_a_warning_and_the_layer_is_found_again(tmp_path):
    folder = DATA / "three-outlets"
    cache = tmp_path / "ann"
    fresh = cs.annotate(folder, DAM, warn=False, cache=cache)
    hits = cache / "hits.parquet"
    hits.write_bytes(hits.read_bytes()[: hits.stat().st_size // 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = cs.annotate(folder, DAM, warn=False, cache=cache)  # the key holds: no warning
        assert len(again.mentions)  # another layer: read from its file
    with pytest.warns(cs.AnnotationWarning, match=r"hits\.parquet is not the file that was"):
        assert len(again.hits)  # the damaged layer, first read: found again from the text
    _equal(fresh, again)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        whole = cs.annotate(folder, DAM, warn=False, cache=cache)
        _equal(fresh, whole)  # its file replaced: whole again
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [saved.KEY_FILE, *(f"{name}.parquet" for name in PASS), saved.CORPUS_FILE]
    )  # nothing left beside


def test_a_saved_annotation_reads_only_the_layers_asked_for(tmp_path, monkeypatch):
    """The key and corpus are read by ``annotate``, each layer's file on its first read; no
    layer is found again from the text (the pass is made to fail)."""
    folder = DATA / "three-outlets"
    cache = tmp_path / "ann"
    fresh = cs.annotate(folder, DAM, warn=False, cache=cache)
    read: list[str] = []
    real = saved.SavedLayers.load

    def load(self: saved.SavedLayers, name: str) -> object:
        read.append(name)
        return real(self, name)

    def no_pass(self: object, todo: list[str]) -> None:
        raise AssertionError(f"a pass over the text for {todo}")

    monkeypatch.setattr(saved.SavedLayers, "load", load)
    monkeypatch.setattr(cs.AnnotatedCorpus, "_pass", no_pass)
    again = cs.annotate(folder, DAM, warn=False, cache=cache)
    assert read == []
    pd.testing.assert_frame_equal(cs.term_hits(again), cs.term_hits(fresh), check_exact=True)
    assert read == ["hits"]
    pd.testing.assert_frame_equal(cs.quotes(again), cs.quotes(fresh), check_exact=True)
    assert sorted(read) == ["attributions", "hits", "quotation_parts", "words"]
    _equal(fresh, again)
    assert sorted(read) == sorted(PASS)  # each file read once


@pytest.mark.parametrize("damage", ["no key", "bad key", "corpus gone", "file gone"])
def test_a_damaged_annotation_is_a_warning_never_a_crash(tmp_path, damage):
    folder = DATA / "three-outlets"
    cache = tmp_path / "ann"
    fresh = cs.annotate(folder, warn=False, cache=cache)
    if damage == "no key":
        (cache / saved.KEY_FILE).unlink()
    elif damage == "bad key":
        (cache / saved.KEY_FILE).write_text('{"key": ', "utf-8")
    elif damage == "corpus gone":
        (cache / saved.CORPUS_FILE).unlink()
    else:
        (cache / "mentions.parquet").unlink()
    with pytest.warns(cs.AnnotationWarning, match="cannot be read"):
        again = cs.annotate(folder, warn=False, cache=cache)
        again.build()  # a layer file is found missing when the layer is first read
    _equal(fresh, again)


def test_a_folder_that_is_not_an_annotation_is_never_replaced(tmp_path, make_corpus):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes", "utf-8")
    with pytest.raises(ValueError, match="not a saved annotation: it is not replaced"):
        cs.annotate(DATA / "three-outlets", cache=mine)
    assert (mine / "notes.txt").read_text("utf-8") == "my notes"
    folder = make_corpus({"a1": TEXT}, rows=ROWS)
    with pytest.raises(ValueError, match="inside the corpus folder"):
        cs.annotate(folder, cache=folder / "annotation")
    assert not (folder / "annotation").exists()


def test_an_interrupted_write_leaves_the_old_annotation_whole(tmp_path, monkeypatch):
    folder = DATA / "three-outlets"
    cache = tmp_path / "ann"
    old = cs.annotate(folder, warn=False, cache=cache)
    before = sorted(p.name for p in tmp_path.iterdir())
    real = Path.write_bytes
    calls = []

    def failing(self: Path, data: bytes) -> int:
        calls.append(self.name)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the run stopped while writing the third file
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(KeyboardInterrupt):
        cs.annotate(folder, warn=False, discover=False, cache=cache)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no half folder left
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _equal(old, cs.annotate(folder, warn=False, cache=cache))


def test_the_warnings_are_given_again_when_the_annotation_is_read(tmp_path):
    seeds = ROOT / "seeds"
    with warnings.catch_warnings(record=True) as fresh:
        warnings.simplefilter("always")
        cs.annotate(cs.load_corpus(seeds)).build()
    assert len(fresh) == 1  # the seeds' one unbalanced quotation mark
    for _ in range(2):  # made, then read
        with warnings.catch_warnings(record=True) as cached:
            warnings.simplefilter("always")
            cs.annotate(seeds, cache=tmp_path / "ann")
        assert [(w.category, str(w.message)) for w in cached] == [
            (w.category, str(w.message)) for w in fresh
        ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cs.annotate(seeds, warn=False, cache=tmp_path / "ann")


def test_object_values_keep_their_types():
    values = [None, float("nan"), (1, 2), [(3, 4, "rule")], {"b": 1, "a": True}, pd.NA,
              pd.Timestamp("2026-03-02"), "text", 1.5]  # fmt: skip
    frame = pd.DataFrame({"v": pd.Series(values, dtype=object)})
    frame.attrs = {"path": "x"}
    back = frame_from_bytes(frame_to_bytes(frame))
    assert [type(v) for v in back["v"]] == [type(v) for v in values]
    assert back["v"][2] == (1, 2) and back["v"][3] == [(3, 4, "rule")]
    assert list(back["v"][4]) == ["b", "a"] and back.attrs == {"path": "x"}
    assert pd.isna(back["v"][1]) and back["v"][0] is None


def test_the_key_of_a_folder_changes_with_any_file(make_corpus):
    folder = make_corpus({"a1": TEXT}, rows=ROWS)
    first = saved.folder_sha256(folder)
    os.utime(folder / "a1.txt", (0, 0))
    assert saved.folder_sha256(folder) == first  # a date alone changes no number
    (folder / "extra.txt").write_text("x", "utf-8")
    assert saved.folder_sha256(folder) != first


@pytest.mark.parametrize(
    "path", sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")), ids=lambda p: p.name
)
def test_each_notebook_reads_one_annotated_corpus(path):
    """Each notebook annotates (or reads the saved annotation) once and hands that annotated
    corpus to every table that reads a layer: no table starts again from the corpus."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert code.count("cs.annotate(") == 1
    call = "cs.annotate(CORPUS_DIR, LEXICON, warn=False, engine=ENGINE, cache=ANNOTATION_DIR)"
    assert call in code
    assert "cs.load_corpus(" not in code
    tables = ("attributions", "quotes", "voice_spans", "term_hits", "term_table", "kwic",
              "actor_mentions", "actor_table", "sources_table", "readability_table")  # fmt: skip
    for table in tables:
        assert f"cs.{table}(corpus" not in code, table


def test_a_parse_annotation_is_read_back_without_parsing(tmp_path, monkeypatch):
    """``engine="parse"``: the key names the model (origin's ``parse`` entry), the saved layers
    equal a fresh parse annotation, and reading them back parses nothing (the model loader is
    made to fail); the rules' annotation in the same folder is not read for it."""
    pytest.importorskip("spacy", reason="the parse engine needs the [parse] extra")
    from coverage_study.components.attribution import parse_model

    folder = DATA / "three-outlets"
    cache = tmp_path / "ann"
    cs.annotate(folder, warn=False, cache=cache)  # the rules'
    fresh = cs.annotate(cs.load_corpus(folder), warn=False, engine="parse")
    made = cs.annotate(folder, warn=False, engine="parse", cache=cache)  # replaces the rules'
    key = json.loads((cache / saved.KEY_FILE).read_text(encoding="utf-8"))["key"]
    assert key["engine"] == "parse" and "parse" in key["origin"]
    _equal(fresh, made)

    def no_model() -> None:
        raise AssertionError("the model was loaded: the saved parse annotation was not read")

    monkeypatch.setattr(parse_model, "load_model", no_model)
    read = cs.annotate(folder, warn=False, engine="parse", cache=cache)
    assert read.engine == "parse"
    for name in PASS:
        x, y = getattr(fresh, name), getattr(read, name)
        if isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y, check_exact=True)
        else:
            assert x == y, name


def test_nested_object_values_read_back_as_decode_value_gives_them():
    """A column's JSON texts are parsed in one call, each tagged object decoded as the parser
    makes it (innermost first): the values of decode_value, text by text, nested tags
    included."""
    import numpy as np

    from coverage_study.layer_codec import decode_value, encode_value

    values = [{(1, "a"): [np.int64(3), (float("inf"), None)], "k": {"x": (pd.NaT,)}},
              [(0, 5), (7, 9, "rule")], (np.float32(0.5), pd.Timestamp("2026-03-02").as_unit("s")),
              {"d": 1, "t": (2,)}, [], ()]  # fmt: skip
    back = frame_from_bytes(frame_to_bytes(pd.DataFrame({"v": pd.Series(values, dtype=object)})))
    one_by_one = [decode_value(json.loads(json.dumps(encode_value(v)))) for v in values]
    assert repr(back["v"].tolist()) == repr(one_by_one) == repr(values)
    assert type(back["v"][0][(1, "a")][0]) is np.int64 and back["v"][3] == {"d": 1, "t": (2,)}
