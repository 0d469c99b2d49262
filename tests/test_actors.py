"""Tests for coverage_study.components.actors: alias table loading and checks, matching rules, and
gold mention counts on the seeds (counted by hand)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import coverage_study as cs
from coverage_study.components.actors import AliasTable, load_aliases
from coverage_study.tables.actors import actor_mentions, actor_table

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def aliases() -> AliasTable:
    return load_aliases()


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return cs.load_corpus(SEEDS)


def _one(text: str, headline: str | None = None, published: str | None = "2023-02-22"):
    """A one-article corpus whose body is ``text`` (one paragraph per blank-line block)."""
    full = (headline + "\n\n" if headline else "") + text
    offset = len(full) - len(text)
    spans, pos = [], 0
    for para in text.split("\n\n"):
        spans.append((offset + pos, offset + pos + len(para)))
        pos += len(para) + 2
    return pd.DataFrame(
        {
            "article_id": ["a"],
            "text": [full],
            "headline_span": [(0, len(headline)) if headline else None],
            "body_spans": [tuple(spans)],
            "published": [pd.Timestamp(published) if published else pd.NaT],
        }
    )


def _mentions(text: str, **kw) -> list[tuple[str, str]]:
    """The alias table's mentions (the rules of the table; discovery is tested below)."""
    m = actor_mentions(_one(text, **kw), discover=False)
    return list(zip(m["text"], m["actor"], strict=True))


# --- matching rules -------------------------------------------------------------------------


def test_longest_match_wins():
    assert _mentions("Vladimir Putin spoke.") == [("Vladimir Putin", "Vladimir Putin")]


def test_role_and_name_together_are_one_mention():
    assert _mentions("Russian President Vladimir Putin met Wang Yi.") == [
        ("Russian President Vladimir Putin", "Vladimir Putin"),
        ("Wang Yi", "Wang Yi"),
    ]
    assert _mentions("He met the head of Chinese diplomacy, Wang Yi, today.") == [
        ("head of Chinese diplomacy, Wang Yi", "Wang Yi")
    ]
    assert _mentions("the North Atlantic Organization (NATO) expands") == [
        ("North Atlantic Organization (NATO)", "NATO")
    ]


def test_different_actors_side_by_side_stay_apart():
    assert _mentions("the Atlantic Alliance, Jens Stoltenberg, said") == [
        ("Atlantic Alliance", "NATO"),
        ("Jens Stoltenberg", "Jens Stoltenberg"),
    ]


@pytest.mark.parametrize("text", ["Putin's visit", "Putin’s visit"])
def test_possessive_counts_and_span_covers_only_the_name(text):
    m = actor_mentions(_one(text))
    assert m["text"].tolist() == ["Putin"]
    assert (m["start"].iloc[0], m["end"].iloc[0]) == (0, 5)


def test_names_are_case_sensitive_whole_words():
    assert _mentions("Xinhua reported that XI and xi met Wang.") == [
        ("Xinhua", "Xinhua"),
        ("Wang", "Wang Yi"),
    ]
    assert _mentions("The Putinist line; Wangs; Zelenska is not Zelensky.") == [
        ("Zelenska", "Olena Zelenska"),
        ("Zelensky", "Volodymyr Zelensky"),
    ]


def test_transliterations_resolve_to_one_actor():
    # (separated by more than a comma: aliases of one actor side by side are one mention)
    text = (
        "Zelenski met Zelenskyi; Zelensky met Volodymir Zelenski; Wang I met Wang Yi; "
        "Anthony Blinken"
    )
    actors = [a for _, a in _mentions(text)]
    assert actors == ["Volodymyr Zelensky"] * 4 + ["Wang Yi"] * 2 + ["Antony Blinken"]


def test_role_counts_only_where_the_table_binds_it():
    assert _mentions("The president said the Russian president was right.") == [
        ("Russian president", "Vladimir Putin")
    ]
    # unbound descriptions of the same people do not count
    assert _mentions("The Chinese official met a Chinese diplomat and the alliance.") == []


def test_role_counts_only_in_its_period():
    text = "US Secretary of State Antony Blinken and the US Secretary of State met."
    assert len(_mentions(text, published="2023-02-22")) == 2
    # after 20 January 2025 the role no longer means Blinken: only the name counts
    assert _mentions(text, published="2025-06-01") == [("Antony Blinken", "Antony Blinken")]
    # unknown date: the role is used
    assert len(_mentions(text, published=None)) == 2


def test_role_matched_through_dotless_i_resolves():
    """``re.IGNORECASE`` equates ı and İ with i, ``casefold`` does not: the role is still
    found and resolved (it raised KeyError)."""
    assert _mentions("The chınese presİdent spoke.") == [("chınese presİdent", "Xi Jinping")]


def test_non_breaking_space_inside_an_alias():
    assert _mentions("Chinese\xa0President Xi\xa0Jinping") == [
        ("Chinese\xa0President Xi\xa0Jinping", "Xi Jinping")
    ]


def test_only_headline_and_body_zones_count():
    corpus = _one("Putin met Wang.", headline="Xi speaks")
    text = "Caption: Vladimir Putin (L) and Wang Yi (R).\n" + corpus.loc[0, "text"]
    shift = text.index("Xi speaks")
    corpus.loc[0, "text"] = text
    corpus.at[0, "headline_span"] = (shift, shift + len("Xi speaks"))
    body = corpus.loc[0, "body_spans"]
    corpus.at[0, "body_spans"] = tuple((s + shift, e + shift) for s, e in body)
    m = actor_mentions(corpus)
    assert list(zip(m["actor"], m["zone"], strict=True)) == [
        ("Xi Jinping", "headline"),
        ("Vladimir Putin", "body"),
        ("Wang Yi", "body"),
    ]
    assert all(text[s:e] == t for s, e, t in zip(m["start"], m["end"], m["text"], strict=True))


def test_photo_caption_in_the_seeds_does_not_count(corpus):
    # 004's caption "Vladimir Putin (right) greets Wang Yi, ... See also Olena Zelenska ..." is
    # page furniture: Olena Zelenska occurs only there
    m = actor_mentions(corpus)
    assert "Olena Zelenska" in corpus.set_index("article_id").loc["004_e64399ec47401f51", "text"]
    assert "Olena Zelenska" not in set(m["actor"])
    # 002's caption "From left, ... Wang I and Russian President Vladimir Putin, ..." ends at 109
    assert m[m["article_id"] == "002_82aee9e9df097e62"]["start"].min() > 109


# --- resolve (for the attribution module) ---------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "actor"),
    [
        ("the Russian president", "Vladimir Putin"),
        ("Russian President", "Vladimir Putin"),
        ("Wang", "Wang Yi"),
        ("Wang I", "Wang Yi"),
        ("Putin’s", "Vladimir Putin"),
        ("the head of Chinese diplomacy", "Wang Yi"),
        ("Kremlin spokesman", "Dmitry Peskov"),
        ("North Atlantic Organization", "NATO"),
        ("Zelenskyi", "Volodymyr Zelensky"),
        ("  Anthony   Blinken ", "Antony Blinken"),
        ("lavrov", "Sergei Lavrov"),
        ("the president", None),
        ("the Chinese official", None),
        ("China", None),
    ],
)
def test_resolve(aliases, mention, actor):
    assert aliases.resolve(mention) == actor


def test_resolve_role_by_date(aliases):
    assert aliases.resolve("US Secretary of State", on="2023-02-22") == "Antony Blinken"
    assert aliases.resolve("US Secretary of State", on="2025-06-01") is None
    # a datetime is a date too (it raised TypeError when compared with the role's dates)
    from datetime import datetime

    assert (
        aliases.resolve("US Secretary of State", on=datetime(2023, 2, 22, 10, 30))
        == "Antony Blinken"
    )
    assert aliases.resolve("US Secretary of State", on=datetime(2025, 6, 1)) is None
    # Lipavský's term ended on 15 December 2025 (Wikipedia, checked 2026-11-23)
    assert aliases.resolve("Czech Foreign Minister", on=datetime(2025, 12, 15)) == "Jan Lipavský"
    assert aliases.resolve("Czech Foreign Minister", on=datetime(2025, 12, 16)) is None


def test_surnames_and_metadata(aliases):
    assert aliases.surnames["Wang"] == "Wang Yi"
    assert aliases.surnames["Xi"] == "Xi Jinping"
    assert aliases.version == "1.2"
    assert aliases.nationalities["Wang Yi"] == "chinese"
    assert len(aliases.sha256) == 64
    assert aliases.kinds["NATO"] == "organisation"
    assert aliases.roles["Russian President"][0] == "Vladimir Putin"


# --- bad alias files ------------------------------------------------------------------------

GOOD_ACTOR = '[[actor]]\nname = "A B"\nkind = "person"\nnames = ["A B"]\n'


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('version = "1"\n' + GOOD_ACTOR + '[[actor]]\nname = "C D"\nkind = "person"\n'
         'names = ["A B"]\n', r"actor #2 \(C D\): alias 'A B' is listed for both 'A B' and 'C D'"),
        ('version = "1"\n[[actor]]\nkind = "person"\nnames = ["X"]\n',
         r"actor #1 \(\?\): missing or empty 'name'"),
        ('version = "1"\n[[actor]]\nname = "X"\nkind = "country"\n',
         r"actor #1 \(X\): 'kind' must be one of"),
        (GOOD_ACTOR, r"missing top-level 'version'"),
        ('version = "1"\n[[actor]]\nname = "X"\nkind = "person"\nnames = ["X", ""]\n',
         r"actor #1 \(X\): 'names' must be a list of non-empty strings"),
        ('version = "1"\n[[actor]]\nname = "X"\nkind = "person"\nsurnames = ["Y", "Y"]\n',
         r"alias 'Y' is listed twice"),
        ('version = "1"\n[[actor]]\nname = "X"\nkind = "person"\n'
         'roles = [{text = "boss", valid_from = "2023-13-01"}]\n',
         r"actor #1 \(X\): role #1 \('boss'\): 'valid_from' is not an ISO date"),
        ('version = "1"\n[[actor]]\nname = "X"\nkind = "person"\n'
         'roles = [{text = "boss", valid_from = "2024-01-01", valid_to = "2023-01-01"}]\n',
         r"valid_from is after valid_to"),
        ('version = "1"\n[[actor]]\nname = "X"\nkind = "person"\nroles = [{text = "boss"}]\n'
         '[[actor]]\nname = "Y"\nkind = "person"\nroles = [{text = "the Boss"}]\n',
         r"actor #2 \(Y\): role #1: role 'the Boss' is listed for both 'X' and 'Y'"),
        ('version = "1"\n[[actor]]\nname = "NATO"\nkind = "organisation"\n'
         '[[actor]]\nname = "Jens"\nkind = "person"\nroles = [{text = "NATO chief"}]\n',
         r"role 'NATO chief' contains the name 'NATO' of 'NATO'"),
        ('version = "1"\n[[actor]]\nname = "X"\nkind = "person"\nspelling = ["Y"]\n',
         r"actor #1 \(X\): unknown key\(s\) \['spelling'\]"),
        ('version = "1"\nnot toml [', r"not a valid UTF-8 TOML file"),
    ],
)
def test_bad_alias_file_names_file_and_entry(tmp_path, toml, message):
    path = tmp_path / "bad_actors.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        load_aliases(path)
    assert str(info.value).startswith(str(path))


def test_custom_table_is_used(tmp_path):
    path = tmp_path / "a.toml"
    path.write_text('version = "x"\n' + GOOD_ACTOR, encoding="utf-8")
    assert _mentions_with("A B and Putin", path) == [("A B", "A B")]


def _mentions_with(text: str, path: Path) -> list[tuple[str, str]]:
    m = actor_mentions(_one(text), aliases=path)
    return list(zip(m["text"], m["actor"], strict=True))


# --- gold: the seeds, counted by hand -------------------------------------------------------

# Mentions per article and actor, counted by hand by reading the headline and every body
# paragraph of corpus["body"] (captions, teasers and other furniture are not there), applying
# the module's rules. The spans counted, in order (role+name side by side is ONE mention):
# 000 headline: "Putin", "Wang". body: "Russian President Vladimir Putin", "Wang Yi",
#     "Chinese President Xi Jinping", "Wang" (said), "North Atlantic Organization (NATO)",
#     "Wang" (informed), "Ukrainian Foreign Affairs Minister Dmytro Kuleba", "Kuleba"
#     (promised), "U.S. Secretary of State Anthony Blinken", "Ukrainian President Volodymir
#     Zelenski", "Putin" (stated). "The/the Chinese official" is not bound: not counted.
# 001 (headline has none): "Russian President Vladimir Putin", "Xinhua", "Putin" (favored),
#     "Putin" (said), "Putin" (said about), "Putin’s" (visit), "Xi’s", "Chinese leader",
#     "Xi" (who had not), "Putin’s" (visit ... also), "US Secretary of State Antony Blinken",
#     "Chinese President Xi Jinping", "Putin" (proclaimed). "The president" is not counted.
# 002 (no headline zone): "Wang I", "Russian President Vladimir Putin", "Putin" (According
#     to, p1), "Putin" (According to, p2), "Russian president", "Wang" (meeting with),
#     "Reuters", "Putin" (also added), "Chinese President Xi Jinping", "Wang Yi", "Chinese
#     Communist Party", "TASS", "Russian Foreign Minister Sergei Lavrov", "Russian foreign
#     minister", "Wang I" (is the chief), "Communist Party of China", "The Wall Street
#     Journal", "Chinese President Xi Jinping", "Chinese president" ('s meeting), "Putin",
#     "Xi Jinping" (should arrive), "Volodymyr Zelenskyi", "The Wall Street Journal", "Czech
#     Foreign Minister Jan Lipavský", "Zelensky" ('s proposal), "Lipavský" (added), "Reuters",
#     "US Secretary of State Antony Blinken", "Kremlin spokesman Dmitry Peskov", "TASS",
#     "Blinken" ('s words), "Reuters", "Organization of the United Nations (UN)".
# 003 headline: "Putin", "head of Chinese diplomacy". body: "Vladimir Putin", "head of
#     Chinese diplomacy, Wang Yi", "Russian president" (said during), "Tass", "Communist
#     Party of China", "Russian president" (said he wanted), "Xi Jinping" (comrade), "Putin"
#     (said according to), "Ria Novosti", "Chinese President Xi Jinping", "The Wall Street
#     Journal", "Wang" (returning), "Putin" (brought), "Putin" (Before), "Nikolai Patrushev",
#     "Sergei Lavrov", "NATO" x3, "Atlantic Alliance", "Jens Stoltenberg".
# 004 headline: "Chinese President Xi Jinping", "Vladimir Putin". body: "Xi" (is
#     interested), "Putin’s" (rule), "The Wall Street Journal", "Xi’s", "Putin" + "Wang"
#     (crosshead), "Russian President Vladimir Putin", "head of Chinese diplomacy, Wang Yi",
#     "Putin" (stressed), "Sergei Lavrov", "Nikolai Pátrushev", "Wang" (said), "Putin"
#     (conveyed to), "Chinese leader Xi Jinping", "Wang" (stressed), "NATO".
GOLD = {
    "000_b7f4353a78393275": {
        "Vladimir Putin": 3, "Wang Yi": 4, "Xi Jinping": 1, "NATO": 1, "Dmytro Kuleba": 2,
        "Antony Blinken": 1, "Volodymyr Zelensky": 1,
    },
    "001_9905d9d86601233a": {
        "Vladimir Putin": 7, "Xi Jinping": 4, "Antony Blinken": 1, "Xinhua": 1,
    },
    "002_82aee9e9df097e62": {
        "Vladimir Putin": 6, "Wang Yi": 4, "Xi Jinping": 4, "Reuters": 3, "TASS": 2,
        "Communist Party of China": 2, "Sergei Lavrov": 2, "The Wall Street Journal": 2,
        "Volodymyr Zelensky": 2, "Jan Lipavský": 2, "Antony Blinken": 2, "Dmitry Peskov": 1,
        "United Nations": 1,
    },
    "003_f888ac50807c3bfa": {
        "Vladimir Putin": 7, "Wang Yi": 3, "TASS": 1, "Communist Party of China": 1,
        "Xi Jinping": 2, "RIA Novosti": 1, "The Wall Street Journal": 1,
        "Nikolai Patrushev": 1, "Sergei Lavrov": 1, "NATO": 4, "Jens Stoltenberg": 1,
    },
    "004_e64399ec47401f51": {
        "Xi Jinping": 4, "Vladimir Putin": 6, "Wang Yi": 4, "The Wall Street Journal": 1,
        "Sergei Lavrov": 1, "Nikolai Patrushev": 1, "NATO": 1,
    },
}
GOLD_HEADLINE = {
    "000_b7f4353a78393275": {"Vladimir Putin": 1, "Wang Yi": 1},
    "003_f888ac50807c3bfa": {"Vladimir Putin": 1, "Wang Yi": 1},
    "004_e64399ec47401f51": {"Xi Jinping": 1, "Vladimir Putin": 1},
}


def test_gold_mention_counts_on_seeds(corpus):
    m = actor_mentions(corpus)
    m = m[m["found_by"] == "alias table"]
    got = {
        article_id: group["actor"].value_counts().to_dict()
        for article_id, group in m.groupby("article_id")
    }
    assert got == GOLD
    heads = m[m["zone"] == "headline"]
    got_head = {a: g["actor"].value_counts().to_dict() for a, g in heads.groupby("article_id")}
    assert got_head == GOLD_HEADLINE


def test_mentions_point_into_text(corpus):
    m = actor_mentions(corpus)
    texts = corpus.set_index("article_id")["text"]
    assert list(m.columns) == [
        "article_id", "start", "end", "text", "actor", "zone", "via", "kind", "found_by"
    ]  # fmt: skip
    for r in m.itertuples():
        assert texts[r.article_id][r.start : r.end] == r.text
    # 'Russian President Vladimir Putin' is one mention, seen as name+role
    first = m.iloc[m.index[m["text"] == "Russian President Vladimir Putin"][0]]
    assert first["via"] == "name+role"


def test_actor_table_is_tidy_with_zeros(corpus, aliases):
    t = actor_table(corpus, discover=False)
    assert list(t.columns) == ["article_id", "actor", "kind", "n_mentions", "n_headline"]
    assert len(t) == len(corpus) * len(aliases.actors)
    assert not t.duplicated(["article_id", "actor"]).any()
    t = t.set_index(["article_id", "actor"])
    for article_id, counts in GOLD.items():
        for actor, n in counts.items():
            assert t.loc[(article_id, actor), "n_mentions"] == n
    assert t["n_mentions"].sum() == sum(sum(c.values()) for c in GOLD.values())
    assert t.loc[("001_9905d9d86601233a", "NATO"), "n_mentions"] == 0
    assert t.loc[("003_f888ac50807c3bfa", "Wang Yi"), "n_headline"] == 1


# --- the candidate search finds what a search with the alias regex finds ---------------------


def test_ignorecase_partners_of_ascii_letters_are_listed():
    """The non-ASCII characters that re.IGNORECASE matches to an ASCII letter (the candidate
    bytes regex lets a role letter be one of them): checked on the whole of Unicode."""
    import sys

    from coverage_study.components.alias_match import _IGNORECASE_PARTNERS

    every = "".join(map(chr, range(0x80, sys.maxunicode + 1)))
    found: dict[str, set[str]] = {}
    for c in re.findall("[a-z]", every, re.IGNORECASE):
        for letter in "abcdefghijklmnopqrstuvwxyz":
            if re.fullmatch(letter, c, re.IGNORECASE):
                found.setdefault(letter, set()).add(c)
    assert found == {k: set(v) for k, v in _IGNORECASE_PARTNERS.items()}


def _search(aliases: AliasTable, text: str, on=None) -> list[tuple]:
    """AliasTable.find as a plain search with the alias regex (what the candidates replace)."""
    found: list[list] = []
    for m in aliases._pattern.finditer(text):
        actor, role = aliases._lookup(m.group())
        if role is not None and not role.valid_on(on):
            continue
        via = "role" if role is not None else "name"
        last = found[-1] if found else None
        gap = text[last[1] : m.start()] if last else ""
        if last and last[2] == actor and re.fullmatch(r"\s*(?:,|\()?\s*", gap):
            end = m.end()
            if "(" in text[last[1] : m.start()] and text.startswith(")", end):
                end += 1
            last[1] = end
            last[3] = "+".join(sorted({*last[3].split("+"), via}))
        else:
            found.append([m.start(), m.end(), actor, via])
    return [tuple(f) for f in found]


@pytest.mark.parametrize(
    "text",
    [
        "Putin",
        "“Putin” said Wang’s aide; the U.S. Secretary of State Antony  Blinken (Blinken)",
        "PUTIN putin Putinx xPutin Putin_ Putin\u0301 Pu\u0301tin Pa\u0301trushev Pátrushev",
        "RUSSIAN PRESIDENT, Russian\u00a0president; russian\npresident Vladimir Putin",
        "the Kremlin spokesman Dmitry Peskov and the \u212aremlin spokesman",  # Kelvin sign K
        "the Chinese pre\u017fident and the chınese presıdent's".replace("ı", "i"),
        "The Wall Street Journal, the Wall\nStreet Journal and The Paper",
        "Xi: Xi’s Xi's XI xi Xinhua. Wang I, Wang Yi (Wang)",
        "\U0001d400Putin \U000e0100Putin Putin\U000e0100 Putin\U0001d400",
    ],
)
def test_find_equals_a_search_with_the_alias_regex(aliases, text):
    from datetime import date

    for on in (None, date(2010, 1, 1), date(2024, 1, 1)):
        assert list(aliases.find(text, on)) == _search(aliases, text, on)


def test_zones_cut_mid_word_read_as_their_own_texts(aliases):
    """An alias ends at a zone's end and starts at a zone's start whatever the text has next
    to the zone (each zone is read as its own text)."""
    text = "xxPutinyy Vladimir Putinzz Wang Yi"
    corpus = pd.DataFrame(
        {
            "article_id": ["a"],
            "text": [text],
            "headline_span": [(2, 7)],  # "Putin" inside "xxPutinyy"
            "body_spans": [((10, 24), (27, 34))],  # "Vladimir Putin" cut from "zz"; "Wang Yi"
            "published": [pd.NaT],
        }
    )
    m = actor_mentions(corpus, aliases)
    assert list(zip(m["text"], m["zone"], strict=True)) == [
        ("Putin", "headline"),
        ("Vladimir Putin", "body"),
        ("Wang Yi", "body"),
    ]
    t = actor_table(corpus, aliases).set_index("actor")
    assert t.loc["Vladimir Putin", "n_mentions"] == 2
    assert t.loc["Vladimir Putin", "n_headline"] == 1


def test_resolve_is_memoised_per_mention_and_date(aliases):
    from datetime import date

    assert aliases.resolve("the Russian president", on=date(2010, 1, 1)) is None
    assert aliases.resolve("the Russian president", on="2023-01-01") == "Vladimir Putin"
    assert aliases.resolve("the Russian president", on=date(2010, 1, 1)) is None
    assert aliases.resolve("the Russian president") == "Vladimir Putin"
    assert aliases.resolve("Putin’s", on=pd.Timestamp("2001-01-01")) == "Vladimir Putin"


# --- actor_table's counts against the groupby of the mentions --------------------------------
from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _grouped_table(corpus: pd.DataFrame, aliases: AliasTable) -> pd.DataFrame:
    """actor_table by its pandas route: mentions grouped by article and actor, reindexed on
    every article x actor (what the counts of string ids must equal)."""
    mentions = actor_mentions(corpus, aliases, discover=False)
    actors = [a.name for a in aliases.actors]
    grid = pd.MultiIndex.from_product(
        [list(corpus["article_id"]), actors], names=["article_id", "actor"]
    )
    n = mentions.groupby(["article_id", "actor"]).size()
    n_head = mentions[mentions["zone"] == "headline"].groupby(["article_id", "actor"]).size()
    out = pd.DataFrame(
        {
            "n_mentions": n.reindex(grid, fill_value=0).astype("int64"),
            "n_headline": n_head.reindex(grid, fill_value=0).astype("int64"),
        },
        index=grid,
    ).reset_index()
    out.insert(2, "kind", out["actor"].map(aliases.kinds))
    return out


_PIECES = ["Putin", "Vladimir Putin", "Wang Yi", "Xi", "NATO", "the Russian president", "and",
           ", ", " ", "\n", "Xinhua", "Blinken"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),  # ids repeat: every row of an id gets its counts
            st.lists(st.sampled_from(_PIECES), max_size=6),
            st.lists(st.sampled_from(_PIECES), max_size=12),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_actor_table_counts_are_the_grouped_mentions(articles) -> None:
    aliases = load_aliases()
    rows = []
    for article_id, head, body in articles:
        headline, text = "".join(head), "".join(body)
        full = headline + "\n" + text
        rows.append({"article_id": article_id, "text": full, "published": pd.NaT,
                     "headline_span": (0, len(headline)) if headline else None,
                     "body_spans": ((len(headline) + 1, len(full)),)})  # fmt: skip
    corpus = pd.DataFrame(rows)
    pd.testing.assert_frame_equal(
        actor_table(corpus, aliases, discover=False), _grouped_table(corpus, aliases)
    )


def test_the_packaged_alias_table_is_read_once_and_shared(seeds: pd.DataFrame) -> None:
    """load_aliases() returns the one packaged table of the process (it does not change);
    a path is read each time, and gives an equal table for the packaged file."""
    packaged = cs.load_aliases()
    assert cs.load_aliases() is packaged
    again = cs.load_aliases(Path(cs.__file__).parent / "data" / "actors.toml")
    assert again is not packaged
    assert (again.actors, again.sha256) == (packaged.actors, packaged.sha256)
    pd.testing.assert_frame_equal(cs.actor_table(seeds), cs.actor_table(seeds, again))


# --- actors found without an alias table (coverage_study.components.discover)
# ---------------------------- Every text below is written for the test; the expected mentions were
# counted by hand from the text (which words name whom) before the code was run on it.


def _found(text: str, headline: str | None = None) -> list[tuple[str, str, str]]:
    """``(text, actor, kind)`` of the found mentions of a one-article corpus, in text order."""
    m = actor_mentions(_one(text, headline=headline))
    m = m[m["found_by"] == "found"]
    return list(zip(m["text"], m["actor"], m["kind"], strict=True))


def _corpus(*bodies: str) -> pd.DataFrame:
    parts = [_one(b).assign(article_id=f"a{i}") for i, b in enumerate(bodies)]
    return pd.concat(parts, ignore_index=True)


def test_surname_and_title_surname_refer_to_the_full_name():
    text = ("Donald Trump spoke in Ohio on Monday. Later Mr. Trump said he would win. "
            "Trump's aides agreed.")  # fmt: skip
    assert _found(text) == [
        ("Donald Trump", "Donald Trump", "person"),
        ("Ohio", "Ohio", "place"),
        ("Trump", "Donald Trump", "person"),  # "Mr." is not part of the name
        ("Trump", "Donald Trump", "person"),  # the possessive: the span covers the name
    ]


def test_middle_initials_fold_across_the_corpus():
    corpus = _corpus("Donald J. Trump met the press.", "Donald Trump waved. Trump left.",
                     "The rally ended. Trump spoke last.")  # fmt: skip
    m = actor_mentions(corpus)
    # article a2 never names him in full: its "Trump" is the corpus's Donald Trump
    assert list(zip(m["article_id"], m["text"], m["actor"], strict=True)) == [
        ("a0", "Donald J. Trump", "Donald Trump"),
        ("a1", "Donald Trump", "Donald Trump"),
        ("a1", "Trump", "Donald Trump"),
        ("a2", "Trump", "Donald Trump"),
    ]
    t = actor_table(corpus)
    trump = t[t["actor"] == "Donald Trump"]
    assert trump["n_mentions"].tolist() == [1, 2, 1]
    assert set(trump["kind"]) == {"person"}


def test_particles_stay_inside_names():
    text = "President Charles de Gaulle's heirs met Ursula von der Leyen and Osama bin Laden's son."
    assert [(t, a) for t, a, _ in _found(text)] == [
        ("Charles de Gaulle", "Charles de Gaulle"),
        ("Ursula von der Leyen", "Ursula von der Leyen"),
        ("Osama bin Laden", "Osama bin Laden"),
    ]
    assert _found(text)[0][2] == "person"  # a title before it


def test_leading_words_are_not_part_of_names():
    text = ("Neither Donald Trump nor Hillary Clinton came. Democrat Hillary Clinton spoke later. "
            "But Trump stayed home.")  # fmt: skip
    assert [(t, a) for t, a, _ in _found(text)] == [
        ("Donald Trump", "Donald Trump"),
        ("Hillary Clinton", "Hillary Clinton"),
        ("Hillary Clinton", "Hillary Clinton"),
        ("Trump", "Donald Trump"),
    ]


def test_a_time_stamp_glued_to_a_name_is_cut_off():
    text = "Updated 9:45PMJohn Smith said the vote was close. Smith left."
    found = _found(text)
    assert [(t, a) for t, a, _ in found] == [("John Smith", "John Smith"), ("Smith", "John Smith")]
    m = actor_mentions(_one(text))
    assert text[int(m["start"].iloc[0]) - 2 : int(m["start"].iloc[0])] == "PM"


def test_a_title_case_headline_is_read_name_by_name():
    body = "John Smith, the mayor, spoke on Tuesday. Smith said the race was not over."
    got = _found(body, headline="Smith Says He Will Never Quit The Race")
    assert got[0] == ("Smith", "John Smith", "person")  # the headline: the surname only
    assert [(t, a) for t, a, _ in got[1:]] == [("John Smith", "John Smith"),
                                              ("Smith", "John Smith")]  # fmt: skip


def test_places_are_kept_apart():
    text = "Angela Merkel flew from Berlin to France. Merkel met the mayor of Chicago."
    assert _found(text) == [
        ("Angela Merkel", "Angela Merkel", "person"),  # her surname alone refers to her
        ("Berlin", "Berlin", "place"),
        ("France", "France", "place"),
        ("Merkel", "Angela Merkel", "person"),
        ("Chicago", "Chicago", "place"),
    ]


def test_organisations_by_their_words_and_acronyms():
    text = ("The Democratic National Committee and the FBI met officials of Acme Corp. at "
            "Stanford University.")  # fmt: skip
    assert _found(text) == [
        ("Democratic National Committee", "Democratic National Committee", "organisation"),
        ("FBI", "FBI", "organisation"),
        ("Acme Corp.", "Acme Corp.", "organisation"),
        ("Stanford University", "Stanford University", "organisation"),
    ]


def test_an_organisation_before_a_title_and_name():
    text = "FBI Director James Comey testified. Comey was calm."
    assert _found(text) == [
        ("FBI", "FBI", "organisation"),
        ("James Comey", "James Comey", "person"),
        ("Comey", "James Comey", "person"),
    ]


def test_a_lone_capitalised_word_is_not_an_actor():
    # "Hampshire" and "Tuesday" name nobody here; no full name completes "Rally"
    assert _found("Rally organisers waited. Nobody came on Tuesday.") == []


def test_discover_false_gives_the_alias_table_only():
    text = "Vladimir Putin met Donald Trump."
    m = actor_mentions(_one(text), discover=False)
    assert m["actor"].tolist() == ["Vladimir Putin"]
    m = actor_mentions(_one(text))
    assert list(zip(m["actor"], m["found_by"], m["kind"], strict=True)) == [
        ("Vladimir Putin", "alias table", "person"),
        ("Donald Trump", "found", "unknown"),  # nothing in the text says he is a person
    ]


def test_speakers_resolve_to_the_found_actors():
    """The attribution rules keep a name the alias table does not know as written; the
    speaker is then the actor found for it, as actor_mentions names it."""
    from coverage_study.components.attribution import attributions

    text = ('Neither Donald J. Trump nor his aides answered. "We will build it," Donald J. Trump '
            'said on Monday.\n\n"It is fine," Trump said.\n\nDemocrat Hillary Clinton said the '
            "plan would fail.")  # fmt: skip
    a = attributions(_one(text), warn=False)
    assert a["speaker"].tolist() == ["Donald Trump", "Donald Trump", "Hillary Clinton"]


def test_seed_numbers_of_the_alias_table_do_not_move(corpus, aliases):
    """On the seeds, the rows of the table's actors are the same with discovery as without it
    (without it is the table alone, as before discovery; their hand-counted gold is above), and
    the speakers the table resolves are the same."""
    from coverage_study.components.attribution import attributions

    with_found = actor_table(corpus)
    table_only = actor_table(corpus, discover=False)
    names = [a.name for a in aliases.actors]
    mine = with_found[with_found["actor"].isin(names)].reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, table_only)
    new = with_found[~with_found["actor"].isin(names)]
    assert (new["n_mentions"] > 0).all()
    assert set(new["kind"]) <= {"person", "organisation", "place", "unknown"}
    found = attributions(corpus, warn=False)["speaker"]
    from coverage_study.components.attribution.table import Reader, attributions_frame  # noqa: F401

    plain = attributions(corpus, warn=False, aliases=aliases)["speaker"]
    listed = found.isin([*names, "unknown"])
    assert found[listed].tolist() == plain[listed].tolist()


def test_annotated_corpus_gives_the_same_actors(corpus):
    annotated = cs.annotate(corpus)
    pd.testing.assert_frame_equal(actor_table(annotated), actor_table(corpus))
    pd.testing.assert_frame_equal(
        actor_mentions(annotated, discover=False), actor_mentions(corpus, discover=False)
    )


def test_figure_6_leaves_places_out():
    """Places are found and counted (kind place) but are not actors in figure 6."""
    import matplotlib

    matplotlib.use("Agg")
    table = pd.DataFrame(
        {"article_id": ["a", "a", "b"], "actor": ["Jane Doe", "France", "Jane Doe"],
         "kind": ["person", "place", "person"], "n_mentions": [2, 5, 1], "n_headline": [0, 0, 0],
         "outlet": ["X", "X", "Y"]}
    )  # fmt: skip
    fig = cs.plot_actor_mentions(table)
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert "Jane Doe" in labels
    assert "France" not in labels


_FOUND_PIECES = [*_PIECES, "Donald Trump", "Mr. Trump", "Trump's", "The FBI", "Paris", "Neither ",
                 "11:19PMJane Roe", "Sen. Roe", ". "]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.lists(st.sampled_from(_FOUND_PIECES), max_size=6),
            st.lists(st.sampled_from(_FOUND_PIECES), max_size=12),
        ),
        min_size=1,
        max_size=4,
    )
)
@example(articles=[("a", ["Putin", "Wang Yi"], ["Wang Yi"])])  # found in CI: "Yi" of a glued
# "PutinWang Yi" made a second "Wang Yi" row beside the table's
def test_discovery_leaves_the_table_rows_alone(articles) -> None:
    """Whatever the text, the table's actors have the same rows with discovery as without,
    and the found actors' rows count their mentions."""
    aliases = load_aliases()
    rows = []
    for article_id, head, body in articles:
        headline, text = "".join(head), "".join(body)
        full = headline + "\n" + text
        rows.append({"article_id": article_id, "text": full, "published": pd.NaT,
                     "headline_span": (0, len(headline)) if headline else None,
                     "body_spans": ((len(headline) + 1, len(full)),)})  # fmt: skip
    corpus = pd.DataFrame(rows)
    with_found = actor_table(corpus, aliases)
    names = [a.name for a in aliases.actors]
    listed = with_found[with_found["actor"].isin(names)].reset_index(drop=True)
    pd.testing.assert_frame_equal(listed, actor_table(corpus, aliases, discover=False))
    m = actor_mentions(corpus, aliases)
    found = m[m["found_by"] == "found"]
    counted = found.groupby(["article_id", "actor"]).size()
    shown = with_found[~with_found["actor"].isin(names)].groupby(["article_id", "actor"])
    assert shown["n_mentions"].sum().sort_index().tolist() == counted.sort_index().tolist()
    once = corpus.drop_duplicates("article_id", keep=False).set_index("article_id")["text"]
    assert all(once[a][s:e] == t for a, s, e, t in
               zip(m["article_id"], m["start"], m["end"], m["text"], strict=True)
               if a in once.index)  # fmt: skip


def test_a_run_seen_again_has_its_own_offsets_and_sentence_start() -> None:
    # written for this test; counted by hand: "Maria Lopez" at 0-11 (the zone's start: a
    # sentence start), 24-35 (after "Then", a word that is never a name: not at the run's
    # start) and 46-57 (mid-sentence); the second and third are the run store's
    from coverage_study.components.name_scan import PERSON, UNKNOWN, _Scanner, load_words

    text = "Maria Lopez spoke. Then Maria Lopez left, and Maria Lopez stayed.\n"
    found = _Scanner(load_words()).zone(text, 0, len(text))
    assert [(f.start, f.end, f.name, f.initial) for f in found] == [
        (0, 11, "Maria Lopez", True), (24, 35, "Maria Lopez", False),
        (46, 57, "Maria Lopez", False),
    ]  # fmt: skip
    assert {f.kind for f in found} <= {PERSON, UNKNOWN}
    # the same run after a full stop, with the store warm: a sentence start again
    again = _Scanner(load_words())
    again.zone(text, 0, len(text))
    later = "He left. Maria Lopez stayed.\n"
    assert [(f.start, f.initial) for f in again.zone(later, 0, len(later))] == [(9, True)]


def test_the_run_store_changes_no_name(corpus: pd.DataFrame, monkeypatch) -> None:
    """Each seed article's names, from one scanner that read the others first (its run store
    warm), from a scanner of its own (cold), and from one that forgets its runs every second
    run (the store emptied when full): the same names, offsets and flags."""
    from coverage_study.components import name_scan
    from coverage_study.components.article import articles

    arts = list(articles(corpus))
    words = name_scan.load_words()
    warm = name_scan._Scanner(words)
    shared = [[warm.zone(a.text, s, e) for _, s, e in a.zones] for a in arts]
    cold = [[name_scan._Scanner(words).zone(a.text, s, e) for _, s, e in a.zones] for a in arts]
    monkeypatch.setattr(name_scan, "_RUNS_KEPT", 2)
    tiny = name_scan._Scanner(words)
    forgetful = [[tiny.zone(a.text, s, e) for _, s, e in a.zones] for a in arts]
    assert len(tiny.runs) <= 2 < len(warm.runs)  # it did forget (in both builds)
    assert shared == cold == forgetful
    assert sum(len(z) for a in cold for z in a) > 100  # names were found
