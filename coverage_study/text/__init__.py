"""Text primitives: functions of plain strings that know nothing of articles or corpora.

Spans and word tokens (:mod:`~coverage_study.text.spans`), sentences
(:mod:`~coverage_study.text.sentence_split`), quotation marks
(:mod:`~coverage_study.text.quote_marks`) and the glob patterns of term families
(:mod:`~coverage_study.text.term_patterns`). The bottom layer of the package (README,
"Architecture"): it imports only the private infrastructure at the top level.
"""
