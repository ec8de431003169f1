# The two commands a newcomer needs: `make tui` and `make test`.
# Both create (and then reuse) a local virtualenv in .venv.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: tui test lint sandbox slackbot bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

tui: $(STAMP)
	$(BIN)/koretui --sandbox

sandbox: $(STAMP)
	$(BIN)/kore-sandbox

slackbot: $(STAMP)
	$(BIN)/kore-slackbot --sandbox

lint: $(STAMP)
	$(BIN)/ruff check core koretui slackbot tests bench
	$(BIN)/mypy

# Lint first, but run the tests even when lint fails, so pytest's summary line is always printed last.
# The tests run on TEST_WORKERS processes (pytest-xdist), each test file on one of them.
TEST_WORKERS ?= 2
test: $(STAMP)
	@status=0; $(MAKE) --no-print-directory lint || status=1; \
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile || status=$$?; exit $$status

bench: $(STAMP)
	$(BIN)/python bench/tui_startup.py
	$(BIN)/python bench/tui_table.py
	$(BIN)/python bench/slack_ack.py
	$(BIN)/python bench/sandbox_scale.py
	$(BIN)/python bench/fault_soak.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
