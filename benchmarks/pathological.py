"""Pathological inputs (issue 7, part 3): each must finish in bounded time.

Builds each input as a one-article corpus folder in a temporary directory, then times
``load_corpus`` and ``metrics_table`` (which runs quotes, attributions, voices, term hits,
actor mentions and readability) and prints the elapsed seconds per case. No assertion on time:
the numbers are for reading (and for the performance work to compare against).

Run from the repository root::

    .venv/bin/python benchmarks/pathological.py            # every case
    .venv/bin/python benchmarks/pathological.py quotes     # cases whose name contains "quotes"
    .venv/bin/python benchmarks/pathological.py --scale 0.08 one_line   # 8% of the size

``--scale`` multiplies every size (characters, quotations, bytes, depth): running a case at
0.02, 0.04, 0.08 shows how its time grows.
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from pathlib import Path

import coverage_study as cs

SCALE = 1.0


def one_long_line() -> str:
    """One line of 1,000,000 characters without punctuation."""
    size = int(1_000_000 * SCALE)
    words = ["war", "peace", "Putin", "Wang", "Yi", "said", "ukraine", "the", "sovereignty", "of"]
    text, n = [], 0
    i = 0
    while n < size:
        w = words[i % len(words)]
        text.append(w)
        n += len(w) + 1
        i += 1
    return " ".join(text)[:size]


def many_quotations() -> str:
    """An article of 10,000 quotations, 10 to a paragraph, with cues and speakers."""
    q = "“We want peace and not war,” Putin said, and “the plan is good,” Wang Yi told TASS."
    paragraphs = [" ".join([q] * 5) for _ in range(int(1000 * SCALE))]  # 2 per sentence
    return "Headline\n\n" + "\n\n".join(paragraphs)


def repeated_word() -> str:
    """5 MB of a single repeated word (with the line breaks a scraper leaves)."""
    line = " ".join(["war"] * 25)  # 99 characters
    n = int(5 * 1024 * 1024 * SCALE) // (len(line) + 1)
    return "\n".join([line] * n)


def nested_brackets_and_quotes() -> str:
    """Deeply nested brackets and quotation marks: 5,000 levels, then a long unclosed run."""
    depth = int(5_000 * SCALE)
    opens = "".join("(“[‘«„" [i % 6] + "war " for i in range(depth))
    closes = "".join(")”]’»“"[i % 6] for i in reversed(range(depth)))
    unbalanced = "“‘«„" * int(20_000 * SCALE)
    return f"He said {opens}peace{closes} today.\n\n{unbalanced} Putin said.\n"


CASES = {
    "one_line_1M_chars_no_punctuation": one_long_line,
    "10k_quotations": many_quotations,
    "5MB_repeated_word": repeated_word,
    "nested_brackets_and_quotes": nested_brackets_and_quotes,
}


def run(name: str, build) -> None:  # noqa: ANN001
    text = build()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a.txt").write_text(text, "utf-8")
        (folder / "metadata.csv").write_text("article_id,outlet\na,Outlet\n", "utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cs.CorpusWarning)
            t0 = time.perf_counter()
            corpus = cs.load_corpus(folder)
            t1 = time.perf_counter()
            table = cs.metrics_table(corpus)
            t2 = time.perf_counter()
            quotes = cs.quotes(corpus, attribute=False)
            t3 = time.perf_counter()
    print(
        f"{name:36s} {len(text):>10,d} chars  load {t1 - t0:7.2f} s  metrics_table {t2 - t1:7.2f} s"
        f"  quotes {t3 - t2:6.2f} s  ({len(quotes)} quotation rows, "
        f"{int(table['n_word_tokens'].iloc[0]):,d} word tokens)",
        flush=True,
    )


def main(argv: list[str]) -> None:
    global SCALE
    if "--scale" in argv:
        i = argv.index("--scale")
        SCALE = float(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    selected = [n for n in CASES if not argv or any(a in n for a in argv)]
    for name in selected:
        run(name, CASES[name])


if __name__ == "__main__":
    main(sys.argv[1:])
