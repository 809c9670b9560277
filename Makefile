# Set-up and everyday commands. `make lab` and `make test` are all a new user needs.
#
# The virtual environment is rebuilt only when requirements.txt, constraints.txt or
# pyproject.toml change: the stamp file below records the last successful install.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.segutils-installed
PORT   ?= 8888
LAB_ARGS ?=

# Notebooks run in quick mode under test (small data, few epochs), in full mode otherwise.
QUICK_ENV := SEGUTILS_QUICK=1

# The reference datasets: a checkout that has ../shared/data beside it (developers, CI) reads them
# there; everyone else gets them downloaded once, hash-checked, into data/cache (`make data`).
SEGUTILS_DATA ?= $(wildcard $(abspath $(CURDIR)/../shared/data))
export SEGUTILS_DATA
DATA_STAMP := data/cache/.fetched

# JupyterLab settings the project ships (tools/jupyterlab-settings.json), installed where
# JupyterLab reads defaults that a user's own settings still override: no "get notified about
# official Jupyter news?" toast over the notebook on the first start.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.d/segutils.json

# JupyterLab refuses to start as root without --allow-root; root is normal in a container or
# on a cloud VM, so pass the flag there and say so.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help install data lab test unit nbval lint notebooks lock clean-venv assignments handout-repo grade

help:
	@echo "make lab        install (first time) and start JupyterLab on notebooks/"
	@echo "make test       install (first time) and run unit tests + nbval in quick mode"
	@echo "make notebooks  re-execute every notebook in place, full mode"
	@echo "make lint       ruff over segutils, tests, benchmarks, tools"
	@echo "make lock       refreeze constraints.txt from the current .venv"
	@echo "make assignments  build student notebooks and autograder bundles in assignments/"
	@echo "make handout-repo HANDOUT=DIR  write the repository a hub's image is built from"
	@echo "make grade SUBMISSIONS=DIR  grade a folder of submissions offline (docs/instructor.md)"

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; ok = (3, 11) <= v <= (3, 12); \
	  sys.exit(0 if ok else "Python %d.%d found; this project needs Python 3.11 or 3.12. Run make with PYTHON=/path/to/python3.11" % v)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

$(LAB_SETTINGS): tools/jupyterlab-settings.json | $(STAMP)
	mkdir -p $(dir $@)
	cp $< $@

install: $(STAMP) $(LAB_SETTINGS)

# Fetch once; offline, say so and go on: the notebooks then explain what is missing.
$(DATA_STAMP): | $(STAMP)
	@if [ -n "$(SEGUTILS_DATA)" ]; then echo "Reference data: $(SEGUTILS_DATA)"; \
	elif $(BIN)/segutils fetch; then mkdir -p data/cache && touch $(DATA_STAMP); \
	else echo "WARNING: datasets not downloaded (offline?); run 'make data' when online."; fi

data: $(DATA_STAMP)

# news_url and the update check are off so that start-up never reaches for the network.
lab: $(STAMP) $(LAB_SETTINGS) $(DATA_STAMP)
	@$(if $(ALLOW_ROOT),echo "Running as root (a container or a cloud VM?): starting JupyterLab with --allow-root.",true)
	cd notebooks && JUPYTER_PLATFORM_DIRS=1 $(abspath $(BIN))/jupyter lab 00_intro.ipynb \
	  --port=$(PORT) --LabApp.news_url=None \
	  --LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate \
	  $(ALLOW_ROOT) $(LAB_ARGS)

test: $(STAMP) $(LAB_SETTINGS) $(DATA_STAMP) lint
	$(QUICK_ENV) $(BIN)/python -m pytest

# The exercise harness runs the notebooks: quick mode keeps the U-Net's training short.
unit: $(STAMP) $(LAB_SETTINGS)
	$(QUICK_ENV) $(BIN)/python -m pytest tests

nbval: $(STAMP)
	$(QUICK_ENV) $(BIN)/python -m pytest notebooks

lint: $(STAMP)
	$(BIN)/ruff check segutils tests benchmarks tools
	$(BIN)/ruff format --check segutils tests benchmarks tools

notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb

# Classroom (docs/instructor.md): otter assign builds assignments/NN/{student,autograder} and
# assignments/handout/; grading runs each submission in its own sandboxed process.
assignments: $(STAMP)
	$(BIN)/segutils assign

# The repository a class server's image is built from (docs/instructor.md, "A class server"):
# the student notebooks of `make assignments`, segutils, binder/; no solutions, no hidden checks.
# HANDOUT is a folder of its own, e.g. a clone of the hand-out repository (its .git is kept);
# OVERWRITE=1 replaces what an earlier run wrote there (a switch, as for `make grade` below).
HANDOUT ?=
# A switch variable: 1 turns the option on, 0 or nothing leaves it off, and anything else is
# refused, so that a mistyped value (OVERWRITE=yes) is not read as off.
switch = $(if $(filter-out 0,$($(1))),$(if $(filter 1,$($(1))),$(2),$(error $(1)=$($(1)) is not a switch value: write $(1)=1 to turn it on)))
handout-repo: $(STAMP)
	@test -n "$(HANDOUT)" || { echo "Usage: make handout-repo HANDOUT=path/to/seg-course-handout [OVERWRITE=1]"; exit 2; }
	$(BIN)/segutils handout --out "$(HANDOUT)" $(call switch,OVERWRITE,--overwrite)

# Each option of `segutils grade` is a make variable (docs/instructor.md, "Grade"), e.g.
#   make grade SUBMISSIONS=submissions-00 OVERWRITE=1 JOBS=4 CELL_TIMEOUT=60
# OVERWRITE and RESUME are switches (see `switch` above); GRADE_ARGS passes any other option
# as it is.
SUBMISSIONS ?=
GRADE_ARGS ?=
grade_value = $(if $($(1)),$(2) "$($(1))")
GRADE_OPTIONS = $(call grade_value,OUT,--out) $(call grade_value,ASSIGNMENTS,--assignments) \
  $(call grade_value,ASSIGNMENT,--assignment) $(call grade_value,JOBS,--jobs) \
  $(call grade_value,SCHEDULER,--scheduler) $(call grade_value,TIMEOUT,--timeout) \
  $(call grade_value,CELL_TIMEOUT,--cell-timeout) $(call grade_value,MEMORY_GB,--memory-gb) \
  $(call switch,OVERWRITE,--overwrite) $(call switch,RESUME,--resume)
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "Usage: make grade SUBMISSIONS=path/to/folder [OVERWRITE=1] [RESUME=1] [JOBS=N] [SCHEDULER=ADDRESS] [CELL_TIMEOUT=S] ... (docs/instructor.md)"; exit 2; }
	$(BIN)/segutils grade "$(SUBMISSIONS)" $(strip $(GRADE_OPTIONS) $(GRADE_ARGS))

lock: $(STAMP)
	@echo "# Full lock of what make installs, frozen from a working .venv (Python 3.11, Linux)." > constraints.txt
	@echo "# Regenerate with make lock after changing requirements.txt." >> constraints.txt
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^segutils' >> constraints.txt

clean-venv:
	rm -rf $(VENV)
