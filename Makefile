# PST Hub — one Makefile, the same in CI.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
UV := python3 -m uv
UV_VERSION := 0.13.9
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup run test test-unit test-integration lint format bench stack-up stack-down stack-status browser ops-tools demo clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

setup: ## Create .venv/ with every pinned dependency (uv.lock)
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --user uv==$(UV_VERSION)
	$(UV) sync --frozen --python python3.11
	@echo "ready: $(VENV)/bin/hub"

run: setup ## Run the hub embedded (SQLite under var/) at http://127.0.0.1:8000 (docs at /docs)
	$(VENV)/bin/hub run

demo: setup ## An office day played through the real APIs of a fresh hub at :8000 (var/demo/)
	$(VENV)/bin/hub demo

browser: ## Install Debian's Chromium for the page tests (when absent)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

ops-tools: ## systemd-analyze for the unit-file tests (when absent)
	@command -v systemd-analyze >/dev/null || { apt-get update -qq && apt-get install -y -qq systemd; }

stack-up: setup ## Start PostgreSQL, Kafka (KRaft) and Keycloak locally, no Docker
	@bash deploy/local/stack.sh up >/dev/null  # its env lines hold a password: kept in the file
	@echo "stack ready: its settings are in var/stack/env (mode 600)"

stack-down: ## Stop the local stack
	bash deploy/local/stack.sh down

stack-status: ## What the local stack runs
	bash deploy/local/stack.sh status

test-unit: setup ## Unit tests only (no servers, no fuzzing)
	$(PY) -m pytest -m "not integration and not browser and not fuzz" -q

test: setup browser ops-tools stack-up ## Install everything, start the stack, run all tests
	set -a; source var/stack/env; set +a; $(PY) -m pytest -q -p no:cacheprovider --durations=25

lint: setup ## ruff (lint + format check) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy events standard infra hub services tests benchmarks

format: setup ## Apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: ## Benchmarks; prints one JSON document on stdout (progress on stderr)
	@$(MAKE) --no-print-directory setup stack-up >&2
	@set -a; source var/stack/env; set +a; $(PY) -m benchmarks

clean: ## Remove var/ (local data, secrets, stack state)
	-bash deploy/local/stack.sh down
	rm -rf var
