"""Tests for the parse engine (``engine="parse"``: coverage_study.components.attribution's
parse_engine, parse_cues, parse_model, engines): hand-made texts with spans read by hand, the
seeds' gold against the rules engine, the model check, and the one-line error without the
[parse] extra."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import coverage_study as cs
from coverage_study._extras import MissingExtra
from coverage_study.components.attribution import ATTRIBUTION_COLUMNS
from coverage_study.components.attribution.engines import ENGINES, check_engine
from coverage_study.tables.sources import evaluate

from .test_attribution import PUBLISHED, SEEDS, gold_table

spacy = pytest.importorskip("spacy", reason="the parse engine needs the [parse] extra")

from coverage_study.components.attribution import parse_model  # noqa: E402  (after the skip)

# Written for these tests. Read by hand before running the engine: three attributions.
# 1. "said": source "The harbour master, who has run the port for a decade" (the subject with
#    its relative clause, as PARC marks it), content "that the new pier would open in June";
# 2. "maintain" (no cue of the rules' lexicon): source "Local fishermen", content "that the
#    dredging has driven the fish away";
# 3. "said": source "the chairman of the fishing cooperative", content both quotations, joined
#    (the second continues the first: no cue of its own), from the first opening mark to the
#    last closing one.
HARBOUR = (
    "Harbour plan divides the town\n\n"
    "The harbour master, who has run the port for a decade, said that the new pier would open "
    "in June.\n\n"
    "Local fishermen maintain that the dredging has driven the fish away.\n\n"
    "“We were never asked,” the chairman of the fishing cooperative said. “Nobody came to the "
    "quay to talk to us.”\n"
)
HAND = [
    ("said", "The harbour master, who has run the port for a decade",
     "that the new pier would open in June"),
    ("maintain", "Local fishermen", "that the dredging has driven the fish away"),
    ("said", "the chairman of the fishing cooperative",
     "“We were never asked,” the chairman of the fishing cooperative said. “Nobody came to the "
     "quay to talk to us.”"),
]  # fmt: skip


@pytest.fixture
def harbour(make_corpus) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return cs.load_corpus(make_corpus({"harbour": HARBOUR}))


def _metrics(corpus: pd.DataFrame, **kw: str) -> pd.DataFrame:
    """metrics_table of the one short article (readability warns: under 100 words)."""
    with pytest.warns(cs.CorpusWarning, match="fewer than 100 words"):
        return cs.metrics_table(corpus, **kw)


def _spans(table: pd.DataFrame, text: str) -> list[tuple[str, str, str]]:
    return [
        (text[r.cue_start : r.cue_end], text[r.speaker_start : r.speaker_end],
         text[r.content_start : r.content_end])
        for r in table.itertuples()
    ]  # fmt: skip


def test_hand_read_spans(harbour: pd.DataFrame) -> None:
    text = harbour["text"].iloc[0]
    parsed = cs.attributions(harbour, engine="parse")
    assert _spans(parsed, text) == HAND
    assert list(parsed.columns) == ATTRIBUTION_COLUMNS
    assert parsed["mode"].tolist() == ["reported", "reported", "mixed"]
    # the rules engine, unchanged: no "maintain" in its lexicon, so two rows
    rules = cs.attributions(harbour)
    assert [c for c, _, _ in _spans(rules, text)] == ["said", "said"]


def test_same_columns_and_dtypes_as_the_rules(harbour: pd.DataFrame) -> None:
    parsed, rules = cs.attributions(harbour, engine="parse"), cs.attributions(harbour)
    assert parsed.dtypes.to_dict() == rules.dtypes.to_dict()


def test_every_reader_takes_the_engine(harbour: pd.DataFrame) -> None:
    """Every public function that reads attributions counts the parse engine's three."""
    assert cs.sources_table(harbour, engine="parse")["n_attributions"].tolist() == [3]
    assert cs.sources_table(harbour)["n_attributions"].tolist() == [2]
    assert _metrics(harbour, engine="parse")["n_attributions"].tolist() == [3]
    doc = cs.annotate(harbour, engine="parse")
    assert len(cs.attributions(doc)) == 3 and doc.engine == "parse"
    voices = cs.voice_spans(harbour, engine="parse")
    assert voices.equals(cs.voice_spans(doc))
    # the "maintain" content is an indirect span only for the parse engine
    text = harbour["text"].iloc[0]
    spans = {text[s:e] for s, e in zip(voices["start"], voices["end"], strict=True)}
    assert "that the dredging has driven the fish away" in spans
    assert cs.quotes(harbour, engine="parse")["cue"].tolist() == ["said", "said"]
    hits = cs.term_hits(harbour, engine="parse")
    assert hits.equals(cs.term_hits(doc))


def test_origin_names_the_model(harbour: pd.DataFrame) -> None:
    attrs = _metrics(harbour, engine="parse").attrs
    assert attrs["engine"] == "parse"
    info = attrs["parse"]
    assert info["model_version"] == "3.8.0" and info["spacy"].startswith("3.8.")
    assert info["model"] in parse_model.MODEL_NAMES and len(info["model_sha256"]) == 64
    assert "parse" not in _metrics(harbour).attrs


def test_unknown_engine_and_mismatched_annotation(harbour: pd.DataFrame) -> None:
    assert ENGINES == ("rules", "parse") and check_engine("parse") == "parse"
    with pytest.raises(ValueError, match="no attribution engine 'spacy': the engines are"):
        cs.attributions(harbour, engine="spacy")
    with pytest.raises(ValueError, match="annotated with engine='rules', not 'parse'"):
        cs.attributions(cs.annotate(harbour), engine="parse")


def test_model_meta_is_checked() -> None:
    meta = dict(parse_model.load_model().meta)
    parse_model.check_meta(meta, "en_core_web_sm")  # the installed model passes
    other = {**meta, "version": "3.7.1", "author": "Someone",
             "performance": {**meta["performance"], "dep_las": 0.5}}  # fmt: skip
    with pytest.raises(parse_model.ModelMismatch) as err:
        parse_model.check_meta(other, "en_core_web_sm")
    message = str(err.value)
    for part in ("version '3.7.1', not 3.8.0", "author 'Someone'", "dep_las 0.5"):
        assert part in message


@pytest.fixture
def no_spacy(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """spaCy as if not installed: importing it raises ImportError (the model caches cleared)."""
    import importlib

    real = importlib.import_module

    def fake(name: str, package: str | None = None):  # type: ignore[no-untyped-def]
        if name == "spacy" or name.startswith(("spacy.", "en_core_web_sm")):
            raise ImportError(f"No module named {name!r}", name=name)
        return real(name, package)

    parse_model.load_model.cache_clear()
    parse_model.model_info.cache_clear()
    monkeypatch.setattr("coverage_study._extras.importlib.import_module", fake)
    yield
    parse_model.load_model.cache_clear()
    parse_model.model_info.cache_clear()


def test_without_the_extra_one_line_names_it(
    harbour: pd.DataFrame, no_spacy: None, make_corpus, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(MissingExtra) as err:
        cs.attributions(harbour, engine="parse")
    message = str(err.value)
    assert "\n" not in message
    assert message == (
        "engine='parse' needs the [parse] extra: pip install 'coverage-study[parse]' "
        "(no module named 'spacy')"
    )
    with pytest.raises(MissingExtra):
        cs.metrics_table(harbour, engine="parse")
    from coverage_study.cli import main

    folder = make_corpus({"harbour": HARBOUR})
    code = main(["metrics", str(folder), "--engine", "parse", "--out", str(folder / "m.csv")])
    err_lines = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err_lines) == 1
    assert "pip install 'coverage-study[parse]'" in err_lines[0]
    assert not (folder / "m.csv").exists()


@pytest.mark.filterwarnings("always")  # the CLI prints readability's warning (under 100 words)
def test_cli_engine_names(make_corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
                          ) -> None:  # fmt: skip
    from coverage_study.cli import main

    folder = make_corpus({"harbour": HARBOUR})
    out = tmp_path / "m.parquet"
    assert main(["metrics", str(folder), "--engine", "parse", "--out", str(out)]) == 0
    assert "fewer than 100 words" in capsys.readouterr().err  # the CLI prints the warning
    table = pd.read_parquet(out)
    assert table["n_attributions"].tolist() == [3] and table.attrs["engine"] == "parse"
    with pytest.raises(SystemExit, match="one attribution engine"):
        main(["metrics", str(folder), "--engine", "parse", "--engine", "rules", "--out",
              str(out)])  # fmt: skip


# --- the seeds' hand-counted gold (tests/test_attribution.py's GOLD) ---------------------------
def test_seed_gold_within_two_of_the_rules() -> None:
    """Issue 26: on the seeds' hand-written gold (58 attributions, 56 with a cue) the parse
    engine's matches stay within two of the rules engine's (``PUBLISHED``, the guide's), for
    cue, speaker and content."""
    corpus = cs.load_corpus(SEEDS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)  # 003's unbalanced mark
        pred = cs.attributions(corpus, engine="parse")
    scores = evaluate(pred, gold_table(), corpus).set_index("measure")
    for measure, (tp, *_rest) in PUBLISHED.items():
        assert abs(int(scores.loc[measure, "tp"]) - tp) <= 2, (measure, scores.loc[measure])


def test_workers_give_the_same_table(seeds: pd.DataFrame) -> None:
    """metrics_table on two worker processes (each loads the model once) equals one process."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)
        one = cs.metrics_table(seeds, engine="parse")
        two = cs.metrics_table(seeds, engine="parse", n_jobs=2, chunksize=2)
    pd.testing.assert_frame_equal(one, two)
    assert two.attrs["engine"] == "parse" and two.attrs["parse"] == one.attrs["parse"]


def test_saved_parses_are_read_not_parsed_again(harbour: pd.DataFrame, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from coverage_study.components.article import articles
    from coverage_study.components.attribution.parse_engine import ParseReader
    from coverage_study.components.attribution.table import Reader, attributions_frame

    article = next(articles(harbour))
    quoted = [(int(s), int(e)) for s, e in zip(*(cs.quotes(harbour)[c] for c in (
        "mark_start", "mark_end")), strict=True)]  # fmt: skip
    first = ParseReader(Reader(), keep=True)
    rows = attributions_frame([first(article, quoted)])
    assert first.parsed is not None and list(first.parsed) == ["harbour"]
    saved = parse_model.dump_parses(first.parsed)
    monkeypatch.setattr(parse_model, "parse_zones", lambda *a: pytest.fail("parsed again"))
    again = ParseReader(Reader(), parse_model.load_parses(saved))
    pd.testing.assert_frame_equal(attributions_frame([again(article, quoted)]), rows)
    assert len(rows) == 3


def test_text_not_in_nfc_gives_the_same_attributions(make_corpus) -> None:  # type: ignore[no-untyped-def]
    """A decomposed letter in the headline ("Se" + a combining grave accent + "te": every
    offset after it is one more in the stored text than in its NFC form): the same three
    attributions, their offsets into the stored text (the hand-read spans of ``HAND``)."""
    text = HARBOUR.replace("divides the town", "divides the town of Se\u0300te", 1)
    corpus = cs.load_corpus(make_corpus({"sete": text}))
    stored = corpus["text"].iloc[0]
    assert "e\u0300" in stored
    assert _spans(cs.attributions(corpus, engine="parse"), stored) == HAND


# --- issue 26, second round (parse2): colons, participles, nested roots, descriptions -----------
# Written for these tests. Read by hand before running the engine (the spans PARC/PolNeAR would
# mark, as the guide's rules give them):
# 1. a colon after a name, a quotation after it: cue ":", source "the pollster Ann Cole",
#    content the quotation with its marks;
# 2. a byline ("by Ann Cole:" after a headline in quotation marks) is no attribution: no ":" row;
# 3. "told": source "The mayor", content "that the port had a plan for the winter" (the
#    participle after the comma is no part of it); "adding" is a cue of its own, its content
#    the quotation;
# 4. "warned", the root of its sentence, is a cue although a (wrong) rules cue before it,
#    "praised", has a content that runs over it: source "Councillors who have praised the
#    harbour plan", content "that the budget may not cover the new quay".
COLON = (
    "Turnout surprised no one in the harbour town\n\n"
    "The late surge did not surprise the pollster Ann Cole: “Small towns decide late, and "
    "this one decided very late.”\n\n"
    "“Harbour towns vote early,” by Ann Cole: “The polls open at seven in the morning.”\n"
)
PARTICIPLE = (
    "Mayor sets out winter plan\n\n"
    "The mayor told reporters that the port had a plan for the winter, adding, “We will open "
    "the quay in March.”\n\n"
    "Councillors who have praised the harbour plan warned on Monday that the budget may not "
    "cover the new quay.\n"
)


def test_colon_after_a_name_is_a_cue_and_a_byline_is_not(make_corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = cs.load_corpus(make_corpus({"colon": COLON}))
    text = corpus["text"].iloc[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)  # under 100 words
        rows = _spans(cs.attributions(corpus, engine="parse"), text)
    colons = [r for r in rows if r[0] == ":"]
    assert colons == [(":", "the pollster Ann Cole",
                       "“Small towns decide late, and this one decided very late.”")]  # fmt: skip


def test_participle_after_a_comma_ends_the_content_and_a_root_cue_is_kept(make_corpus) -> None:  # type: ignore[no-untyped-def]
    corpus = cs.load_corpus(make_corpus({"mayor": PARTICIPLE}))
    text = corpus["text"].iloc[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)
        rows = _spans(cs.attributions(corpus, engine="parse"), text)
    by_cue = {c: (s, t) for c, s, t in rows}
    assert by_cue["told"] == ("The mayor", "that the port had a plan for the winter")
    assert by_cue["adding"][1] == "“We will open the quay in March.”"
    assert by_cue["warned"] == ("Councillors who have praised the harbour plan",
                                "that the budget may not cover the new quay")  # fmt: skip


def test_a_verb_describing_a_noun_is_no_cue(make_corpus) -> None:  # type: ignore[no-untyped-def]
    """Read by hand: "endorse" tells what "the fact" is (a clause of the noun, the parse's
    ``acl``), no one's speech or thought, and nothing else in the text is a cue: no
    attribution."""
    text = ("Council to vote on harbour plan\n\n"
            "The fact that the council will endorse the harbour plan surprised nobody in the "
            "town.\n")  # fmt: skip
    corpus = cs.load_corpus(make_corpus({"fact": text}))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)
        rows = cs.attributions(corpus, engine="parse")
    assert rows["cue"].tolist() == []


# --- issue 26, third round (parse3): the study's widened shapes ---------------------------------
# Written for these tests. Read by hand before running the engine (the spans PARC/PolNeAR would
# mark; the cue is the parse's head word, as for every cue the parse adds):
# 1. a passive with its agent: cue "rejected", source "the fishermen's union" (the agent),
#    content "The plan for a second pier" (what was rejected: the passive's subject);
# 2. a passive without an agent: cue "backed", no source, content "A smaller plan";
# 2b. a passive with a predicate ("as ..."): cue "viewed", no source, content the whole clause
#    "The old quay is widely viewed as unsafe" (PolNeAR's content runs around the cue);
# 3. "according to" after a cue whose content the rules let run over it: cue "according to",
#    source "the harbour newsletter", content "Fares will rise in the spring, the operator
#    said" (PolNeAR marks the outermost attribution);
# 4. a quotation that the small model leaves as a sentence of its own, its verb in the next:
#    cue "sighed", source "The oldest ferry captain", content the quotation with its marks;
# 5. a participle after a comma inside the closing quotation mark (",” claiming", which the
#    parse hangs on the quoted verb): "insisted" has source "The treasurer" and content
#    'that the council had “balanced the budget,”' (up to the mark); "claiming" is an
#    attribution of its own: source "The treasurer", content "that the harbour would pay its
#    own way".
PASSIVES = (
    "Harbour vote\n\n"
    "The plan for a second pier was rejected by the fishermen's union on Monday.\n\n"
    "A smaller plan was backed at the same meeting.\n\n"
    "The old quay is widely viewed as unsafe.\n"
)
ACCORDING = (
    "Ferry fares\n\n"
    "Fares will rise in the spring, the operator said, according to the harbour newsletter.\n"
)
SIGHED = "Ferry row\n\n“Nobody asked the crews.” The oldest ferry captain sighed.\n"
TREASURER = (
    "Council backs harbour budget\n\n"
    "The treasurer insisted that the council had “balanced the budget,” claiming that the "
    "harbour would pay its own way.\n"
)


def _parse_rows(make_corpus, text: str) -> list[tuple[str, str | None, str]]:  # type: ignore[no-untyped-def]
    """(cue, source or None, content) of the parse engine's rows of one short article."""
    corpus = cs.load_corpus(make_corpus({"a": text}))
    stored = corpus["text"].iloc[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CorpusWarning)  # under 100 words
        table = cs.attributions(corpus, engine="parse")
    return [
        (stored[r.cue_start : r.cue_end],
         None if pd.isna(r.speaker_start) else stored[r.speaker_start : r.speaker_end],
         stored[r.content_start : r.content_end])
        for r in table.itertuples()
    ]  # fmt: skip


def test_passive_subject_is_the_content_and_the_agent_the_source(make_corpus) -> None:  # type: ignore[no-untyped-def]
    rows = _parse_rows(make_corpus, PASSIVES)
    assert ("rejected", "the fishermen's union", "The plan for a second pier") in rows
    assert ("backed", None, "A smaller plan") in rows
    assert ("viewed", None, "The old quay is widely viewed as unsafe") in rows


def test_according_to_after_a_cue(make_corpus) -> None:  # type: ignore[no-untyped-def]
    rows = _parse_rows(make_corpus, ACCORDING)
    assert ("according to", "the harbour newsletter",
            "Fares will rise in the spring, the operator said") in rows  # fmt: skip


def test_quotation_next_to_a_verb_the_parse_left_without_complement(make_corpus) -> None:  # type: ignore[no-untyped-def]
    rows = _parse_rows(make_corpus, SIGHED)
    assert rows == [("sighed", "The oldest ferry captain", "“Nobody asked the crews.”")]


def test_participle_after_comma_and_closing_mark_ends_the_content(make_corpus) -> None:  # type: ignore[no-untyped-def]
    by_cue = {c: (s, t) for c, s, t in _parse_rows(make_corpus, TREASURER)}
    assert by_cue["insisted"] == ("The treasurer", "that the council had “balanced the budget,”")
    assert by_cue["claiming"] == ("The treasurer", "that the harbour would pay its own way")


# --- issue 26, fourth round (parse4): more cue words and shapes ---------------------------------
# Written for these tests. Read by hand before running the engine (cue, source, content):
# 1. verbs of parse_cues.toml 1.2 (not in the rules' lexicon): "underscored" ("The mayor",
#    "that the bridge would reopen in May"), "rebuked" ("The fishermen's union", its object
#    "the harbour board"); a 1.2 noun with a possessor: "explanation" ("Her", "that the ferry
#    had run aground");
# 2. stance adjectives after a copula: "is confident" ("The harbour master", "that the storm
#    will pass"), "were critical" ("The ferry crews", "the new timetable"); "It is clear that
#    ..." holds no one's stance: no attribution;
# 3. a noun cue's source in its "from" phrase: "complaint" ("the ferry crews", "that the
#    timetable was unworkable"); in the subject of the verb it is the object of: "argument"
#    ("The mayor", "that the bridge was safe");
# 4. "In" and an evidence source opening a clause: "In" ("a new poll", "the mayor leads her
#    rival by ten points");
# 5. an object verb with a gerund: "favours" ("The harbour board", "raising the fees"),
#    "mulled" (1.2: "The council", "closing the quay").
# 6. a noun cue that is the subject of "be", its content the copula's clause or infinitive
#    (the annotators' manual: "His concern is that ...", "Her advice was to ..."): "view"
#    ("Her", "that the pier will close"), "advice" (1.2: "His", "to wait for the spring tide").
WORDS = (
    "Harbour news\n\n"
    "The mayor underscored that the bridge would reopen in May.\n\n"
    "The fishermen's union rebuked the harbour board.\n\n"
    "Her explanation that the ferry had run aground satisfied no one.\n"
)
STANCES = (
    "Storm news\n\n"
    "The harbour master is confident that the storm will pass.\n\n"
    "The ferry crews were critical of the new timetable.\n\n"
    "It is clear that the pier will close.\n"
)
NOUNS_IN = (
    "Bridge news\n\n"
    "A complaint from the ferry crews that the timetable was unworkable reached the council.\n\n"
    "The mayor made the argument that the bridge was safe.\n\n"
    "In a new poll, the mayor leads her rival by ten points.\n"
)
COPULAS = (
    "Pier news\n\n"
    "Her view is that the pier will close.\n\n"
    "His advice was to wait for the spring tide.\n"
)
GERUNDS = (
    "Fees news\n\n"
    "The harbour board favours raising the fees.\n\n"
    "The council mulled closing the quay.\n"
)


def test_cue_words_of_the_fourth_round(make_corpus) -> None:  # type: ignore[no-untyped-def]
    assert _parse_rows(make_corpus, WORDS) == [
        ("underscored", "The mayor", "that the bridge would reopen in May"),
        ("rebuked", "The fishermen's union", "the harbour board"),
        ("explanation", "Her", "that the ferry had run aground"),
    ]


def test_stance_adjective_after_a_copula(make_corpus) -> None:  # type: ignore[no-untyped-def]
    assert _parse_rows(make_corpus, STANCES) == [
        ("is confident", "The harbour master", "that the storm will pass"),
        ("were critical", "The ferry crews", "the new timetable"),
    ]


def test_noun_source_from_its_phrase_or_verb_and_in_a_poll(make_corpus) -> None:  # type: ignore[no-untyped-def]
    assert _parse_rows(make_corpus, NOUNS_IN) == [
        ("complaint", "the ferry crews", "that the timetable was unworkable"),
        ("argument", "The mayor", "that the bridge was safe"),
        ("In", "a new poll", "the mayor leads her rival by ten points"),
    ]


def test_gerund_of_an_object_verb_is_its_content(make_corpus) -> None:  # type: ignore[no-untyped-def]
    assert _parse_rows(make_corpus, GERUNDS) == [
        ("favours", "The harbour board", "raising the fees"),
        ("mulled", "The council", "closing the quay"),
    ]


def test_noun_cue_before_a_copula_takes_its_complement(make_corpus) -> None:  # type: ignore[no-untyped-def]
    assert _parse_rows(make_corpus, COPULAS) == [
        ("view", "Her", "that the pier will close"),
        ("advice", "His", "to wait for the spring tide"),
    ]
