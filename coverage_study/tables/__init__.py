"""The tables: views over the layers of an annotated corpus (or of a corpus annotated on the
fly), one row per article, group or span, with their statistics (:mod:`coverage_study.stats`).

Terms and keyness, quotes and sources, actors, readability, contrasts between outlets
(:mod:`~coverage_study.tables.compare`), coverage over time, and the metrics table that joins
them. They import the document and the layers below it, never the figures or the command line
above (README, "Architecture").
"""
