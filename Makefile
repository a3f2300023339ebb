# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
N ?= 3

.PHONY: run test bench screenshots lint format clean cluster cluster-stop

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m assessment demo --if-empty
	$(PY) -m streamlit run app.py --server.port $(PORT)

# N app processes (default 3) on PostgreSQL behind nginx on one port, the sample loaded; see deploy/.
cluster: $(VENV)/.installed
	$(PY) scripts/cluster.py start -n $(N)

cluster-stop: $(VENV)/.installed
	$(PY) scripts/cluster.py stop

test: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: $(VENV)/.installed-dev
	$(PY) benchmarks/run.py

screenshots: $(VENV)/.installed-dev
	$(PY) scripts/screenshots.py
	$(PY) scripts/paper_screenshots.py

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
