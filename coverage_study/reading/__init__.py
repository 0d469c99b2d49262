"""Reading and cleaning: the only layer that reads articles from disk.

A corpus folder or metadata table read into a table of articles
(:mod:`~coverage_study.reading.corpus`), checked (:mod:`~coverage_study.reading.corpus_checks`)
and repaired (:mod:`~coverage_study.reading.repair`, :mod:`~coverage_study.reading.encoding`);
saved web pages imported (:mod:`~coverage_study.reading.pages`,
:mod:`~coverage_study.reading.saved_pages`); page furniture removed by the cleaning rules
(:mod:`~coverage_study.reading.clean`, :mod:`~coverage_study.reading.cleaning_rules`). Imports
the text primitives below it, nothing above (README, "Architecture").
"""
