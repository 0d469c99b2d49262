"""Regular expressions for long lists of literal phrases, fast on long texts.

Python's ``re`` tries every alternative of ``a|b|c|...`` at every position. :func:`phrase_union`
builds the same language as a trie (``sa(?:id|ys)|to(?:ld)``), so at each position only the
branch of the next character is tried: matching time grows with the text, not with the
number of phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["phrase_union"]


def phrase_union(phrases: Iterable[str], not_after: str | None = None) -> str:
    """A regex source matching any of ``phrases``, longest phrase first.

    ``not_after`` (a one-character class such as ``[\\w’']``) is the same as prefixing the
    result with ``(?<!not_after)``, but checked after the first character, so that ``re`` can
    skip to candidate first characters.

    Each phrase is words separated by single spaces; a space matches ``\\s+`` in the text.
    Equivalent to ``"|".join(...)`` of the phrases sorted by decreasing length (the longest
    phrase that matches at a position wins, also under ``re.IGNORECASE`` when the phrases are
    given in lower case), but each position tries one branch per character.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for word_i, word in enumerate(phrase.split()):
            if word_i:
                node = node.setdefault(" ", {})
            for ch in word:
                node = node.setdefault(ch, {})
        node[""] = {}
    if not_after is None:
        return _source(trie)
    return "(?:" + "|".join(
        re.escape(ch) + f"(?<!{not_after}.)" + _source(child) for ch, child in sorted(trie.items())
    ) + ")"


def _source(node: dict[str, Any]) -> str:
    end = "" in node
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _source(child)
        for ch, child in sorted(node.items())
        if ch != ""
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body
