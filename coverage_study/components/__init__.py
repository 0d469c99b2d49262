"""The per-article components: each takes one article's plain input
(:class:`~coverage_study.components.article.Article`: text, zones, date) and returns its
layer, knowing nothing of the document that runs them.

Quotations, attribution (the :mod:`~coverage_study.components.attribution` subpackage), voice,
the term scan and its lexicon, actor finding (alias table, discovery), readability counts and
formulas, and word counts. The one pass (:mod:`coverage_study.document`) runs them; the tables
read what they found. They import the reading layer and the text primitives, nothing above
(README, "Architecture"; ``tests/test_layers.py`` keeps it so).
"""
