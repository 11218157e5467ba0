# The seam between the parts: the README's two commands are `make run` and `make test`.
PYTHON ?= python3.11
UV_VERSION := 0.13.8
VENV := .venv
BIN := $(VENV)/bin
WAREHOUSE ?= warehouse/regwh.duckdb
INBOX ?= sample_data
PORT ?= 8501

.PHONY: setup run build test dashboard ui clean

# Install uv (pinned) if missing, then the locked environment into .venv/.
setup:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv==$(UV_VERSION)"
	uv sync --frozen --python $(PYTHON) --compile-bytecode
	$(BIN)/regwh prepare --warehouse $(WAREHOUSE)

# Build the warehouse from the bundled sample data, then serve the dashboards.
run: build
	REGWH_USERS=config/users.demo.yaml $(BIN)/regwh dashboard --port $(PORT)

build: setup
	$(BIN)/regwh run --inbox $(INBOX) --warehouse $(WAREHOUSE)

# The whole test suite (the browser test needs Debian's chromium, the Spark target test Debian's
# JRE and the `spark` dependency group: all installed when missing; `make setup` needs none of them).
test: setup
	uv sync --frozen --python $(PYTHON) --compile-bytecode --group spark
	bash scripts/install_chromium.sh
	bash scripts/install_java.sh
	$(BIN)/python -m pytest

ui: setup
	$(BIN)/regwh ui

clean:
	rm -rf warehouse dbt/target dbt/logs
