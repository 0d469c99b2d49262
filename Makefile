# coverage-study: `make figures` regenerates every figure, `make test` runs every test.
# Both create the project's own virtual environment (.venv) from constraints.txt on first use.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed -e 's/^## /  make /'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (coverage-study)" >/dev/null
	touch $(STAMP)

## venv: create .venv and install the package with the pinned versions of constraints.txt
venv: $(STAMP)

## figures: execute every notebook in place and regenerate every figure in figures/
figures: $(STAMP)
	$(BIN)/coverage-study figures

## test: ruff, mypy, unit tests, then nbval on every notebook, then a check that figures/ regenerates byte for byte
test: $(STAMP)
	$(BIN)/ruff check coverage_study tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with nbval_sanitize.cfg notebooks/
	$(BIN)/python -m pytest -o addopts="" tests/reproducibility

## lab: open the notebooks in JupyterLab with the project's kernel
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

## bench: time metrics on synthetic and real-news corpora (see benchmarks/README.md)
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

## lint: ruff on the package, tests and benchmarks, mypy on the package (also the first steps of make test)
lint: $(STAMP)
	$(BIN)/ruff check coverage_study tests benchmarks
	$(BIN)/mypy

## clean: remove the virtual environment and caches (not figures: they are versioned)
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache

.PHONY: help venv figures test lab bench lint clean
