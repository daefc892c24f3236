# The ALL patient-information assistant. `make run` to chat, `make test` to check everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/all-assistant.tar.gz
export RASA_PORT ?= 5005
export ACTIONS_PORT ?= 5055
export WEB_PORT ?= 8080
export STAFF_PORT ?= 8090
export HOST ?= 127.0.0.1
# Quieter Rasa/TensorFlow start-up; no telemetry from a hospital machine.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

LINT_DIRS := core records actions addons pipeline tests tools web scripts
# The domain is a folder (one file a concern); site_responses.yml in it is generated from
# content/site.yml (the one home of the site's wording) by `python -m core`.
DOMAIN_RESPONSES := domain/site_responses.yml
# content/conversation.yml holds only what the action server says (read when it runs): editing
# it needs no retraining.
CONVERSATION_WORDING := content/conversation.yml
# The classifier's code decides how the trained model is saved, so a change to it retrains.
TRAINING_INPUTS := config.yml pipeline/intent_classifier.py $(DOMAIN_RESPONSES) $(filter-out $(CONVERSATION_WORDING),$(shell find domain data content -type f -name '*.yml' 2>/dev/null))

# The project's spaCy pipeline (SpacyNLP in config.yml), built from content/ by pipeline/build.py.
PIPELINE := build/spacy_pipeline
PIPELINE_STAMP := $(PIPELINE)/meta.json
# What the saved pipeline is made of (matching.py and rasa_component.py run at load time instead).
PIPELINE_INPUTS := content/all_page.yml content/synonyms.yml content/safety.yml \
	content/answer_limits.yml content/scope.yml content/follow_ups.yml content/answers.yml \
	pipeline/build.py pipeline/scope_meta.py pipeline/cues.py core/page.py core/vocabulary.py core/safety.py core/checking.py \
	core/answer_limits.py core/cues.py core/answer_map.py core/content.py

.PHONY: help env run shell test lint validate-data model content-check train pipeline domain chromium scale-deps scale-out load purge

help:
	@echo "make run    - set up if needed, train if stale, start the assistant and the page (http://$(HOST):$(WEB_PORT))"
	@echo "make shell  - chat in the terminal (staff)"
	@echo "make staff  - the staff console at http://127.0.0.1:$(STAFF_PORT) (docs/staff-console.md)"
	@echo "make staff-user NAME=jsmith [ROLES=bookings,admin] - create a console account (asks for the password)"
	@echo "make test   - set up if needed, validate, train, run every test"
	@echo "make lint   - ruff, the layering contracts (import-linter) and the import-cycle check"
	@echo "make import-page FILE=page.txt|page.html [DRY_RUN=1] - carry a re-reviewed page into content/ (trainers)"
	@echo "make content-check - check content/ (plain messages, one a problem)"
	@echo "make bookings [CSV=file.csv|FORMAT=csv] - appointment requests, newest first (staff)"
	@echo "make crossval - NLU cross-validation and the fallback-threshold report"
	@echo "make devset [FILTER=expect=deflect] - score the development set; reports/devset.md"
	@echo "Staff and trainer tools (docs/staff-tools.md): make validate | answers | ask FILE=questions.txt |"
	@echo "  evaluate | unanswered"
	@echo "make bench  - speed, training time and memory against rasa init's bot, with the verdict (docs/benchmarks.md)"
	@echo "make profile - where the Rasa server's time goes under the bench load (py-spy; reports/profile/)"
	@echo "make policy-turns - one dialogue-policy prediction at turn 1-10 vs 71-80, Rasa's RulePolicy vs ours"
	@echo "make nlu-tradeoffs - NLU settings: training time, parse time and macro-F1 side by side"
	@echo "make load   - 50 concurrent conversations; figures into docs/reliability.md"
	@echo "make scale-out - PostgreSQL + Redis + 2 Rasa servers behind nginx (docs/scaling.md)"
	@echo "make purge  - delete conversations, appointment requests and votes past their retention (docs/privacy.md)"

env: $(VENV)/.installed
$(VENV)/.installed: requirements.txt scripts/make-venv.sh
	@scripts/make-venv.sh
	@touch $@

content-check: env
	@$(PY) -m core

# The domain responses that carry site wording (the emergency message), from content/site.yml.
domain: $(DOMAIN_RESPONSES)
$(DOMAIN_RESPONSES): $(VENV)/.installed $(wildcard content/*.yml) $(wildcard core/*.py)
	@$(PY) -m core --domain-responses $@

pipeline: $(PIPELINE_STAMP)
$(PIPELINE_STAMP): $(VENV)/.installed $(PIPELINE_INPUTS)
	$(PY) -m pipeline.build --out $(PIPELINE)

# Retrains only when the training data, config, domain, content or spaCy pipeline changed.
# --force: Rasa caches SpacyNLP's output by the model's path only, so a rebuilt pipeline at
# the same path would otherwise reuse features made with the old one.
model: $(MODEL)
$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS) $(PIPELINE_STAMP)
	@$(PY) -m core
	@$(PY) -m tools.trainer.validate --files
	$(RASA) train --domain domain --fixed-model-name all-assistant --out models --force
	@touch $@

# Trains again even when nothing changed.
train:
	@rm -f $(MODEL)
	@$(MAKE) --no-print-directory model

run: model
	@$(PY) -m tools.servers run

# Retention (docs/privacy.md): CONVERSATION_RETENTION_DAYS (30), BOOKING_RETENTION_DAYS (90),
# VOTE_RETENTION_DAYS (90); the tracker store and DATABASE_URL as the servers use them.
# `make run` and `make scale-out` also run it when they start and then once a day. Counts only.
purge: env
	@$(PY) -m records.retention

shell: model
	@$(PY) -m tools.servers shell

validate-data: env domain
	@$(PY) -m tools.trainer.validate --files
	$(RASA) data validate --domain domain --fail-on-warnings

# ruff; import-linter's contracts in pyproject.toml (which package may import which, see
# docs/architecture.md); and no import cycles between modules or packages (grimp).
lint: env
	$(VENV)/bin/ruff check $(LINT_DIRS)
	$(VENV)/bin/lint-imports --no-logo
	$(PY) scripts/check_import_cycles.py

# The browser tests drive Debian's chromium through Playwright (no browser download), with an
# emoji font so that screenshots show the 👍 / 👎 that visitors see (not empty boxes).
export CHROMIUM ?= /usr/bin/chromium
EMOJI_FONT := /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
chromium: $(CHROMIUM) $(EMOJI_FONT)
$(CHROMIUM):
	$$([ "$$(id -u)" = 0 ] || echo sudo) sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'
$(EMOJI_FONT):
	$$([ "$$(id -u)" = 0 ] || echo sudo) sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-noto-color-emoji'

test: env chromium scale-deps validate-data model
	@$(MAKE) --no-print-directory lint
	$(PY) -m pytest

# --- reliability (issue 7): scale-out packages, the scale-out itself, load test -------------
# The scale-out tests need PostgreSQL, Redis and nginx from Debian (apt-get, as root). Under CI
# (CI=true) a failed install fails the run; elsewhere those tests are skipped, naming what is missing.
scale-deps: env
	@$(PY) -m tools.servers deps || { [ "$$CI" != true ] || { echo "make scale-deps: PostgreSQL, Redis or nginx could not be installed (CI=true: the scale-out tests can't run)." >&2; exit 1; }; \
		echo "make scale-deps: not installed; the scale-out tests will be skipped."; }

scale-out: scale-deps model
	@$(PY) -m tools.servers scale-out

# LOAD_ARGS=--scale-out runs it through nginx against two Rasa servers (needs scale-deps).
load: model
	@$(PY) -m tools.perf.load $(LOAD_ARGS)

# --- Appointment requests and fallback thresholds (docs/booking.md, docs/fallback.md) ---
.PHONY: bookings crossval
CV_DIR := build/crossval

# Staff: the stored appointment requests, newest first (DATABASE_URL, default var/assistant.db).
#   make bookings | make bookings CSV=requests.csv | make bookings FORMAT=csv
bookings: env
	@$(PY) -m tools.staff.bookings $(if $(CSV),--csv "$(CSV)") $(if $(FORMAT),--format "$(FORMAT)")

# NLU cross-validation without the FallbackClassifier, then the confidence report the
# thresholds in config.yml were chosen from (PROBE_MODEL=models/all-assistant.tar.gz also
# parses the held-out probes of tests/data/fallback_probes.yml with a trained model).
crossval: env pipeline
	@$(PY) -m tools.trainer.cv_config $(CV_DIR)/config.yml
	$(RASA) test nlu --cross-validation -f 3 --config $(CV_DIR)/config.yml --nlu data/nlu --domain domain \
		--out $(CV_DIR)/results --successes --no-plot
	@$(PY) -m tools.trainer.confidence_report $(CV_DIR)/results $(if $(PROBE_MODEL),--model "$(PROBE_MODEL)")

# --- Staff and trainer tools (issue 6; docs/staff-tools.md, docs/TRAINING.md) -----------------
# Reports go to reports/ (git-ignored). Tool servers use TOOLS_RASA_PORT/TOOLS_ACTIONS_PORT
# (default 5205/5255), so they can run next to `make run`.
FOLDS ?= 5
.PHONY: validate answers ask evaluate unanswered bench profile nlu-tradeoffs policy-turns

# Every file readable (one plain line a problem), then Rasa's own data checks, then the
# project's (tools/trainer/validate.py); the last two always both run.
validate: env domain
	@$(PY) -m tools.trainer.validate --files
	@status=0; PYTHONWARNINGS=ignore::DeprecationWarning $(RASA) data validate --domain domain --fail-on-warnings || status=1; \
	$(PY) -m tools.trainer.validate || status=1; exit $$status

answers: model
	$(PY) -m tools.staff.answers_sheet

ask:
	@if [ -z "$(FILE)" ]; then echo "Usage: make ask FILE=questions.txt [OUT=reports/ask-results.csv]" >&2; exit 2; fi
	@$(MAKE) --no-print-directory model
	$(PY) -m tools.staff.ask "$(FILE)" $(if $(OUT),--out "$(OUT)")

evaluate: model
	$(PY) -m tools.trainer.evaluate --folds $(FOLDS)

unanswered: env
	$(PY) -m tools.staff.unanswered

bench: env pipeline
	$(PY) -m tools.perf.bench $(BENCH_ARGS)

# A sampling profile (py-spy) of the Rasa server under the benchmark's load, summarised by
# component into reports/profile/ (PROFILE_ARGS="--server actions" samples the action server).
profile: model
	$(PY) -m tools.perf.profile $(PROFILE_ARGS)

# A dialogue-policy prediction's cost at turn 1-10 and 71-80, Rasa's RulePolicy against ours
# (addons/rule_policy.py), both from the trained model, in this process: no servers.
policy-turns: model
	$(PY) -m tools.perf.policy_turns $(POLICY_TURNS_ARGS)

# NLU settings side by side (training time, parse time, cross-validated macro-F1) into the
# trade-off section of docs/benchmarks.md; TRADEOFFS="diet-0-layers-50 ..." runs some only.
nlu-tradeoffs: env pipeline domain
	$(PY) -m tools.perf.nlu_tradeoffs $(if $(TRADEOFFS),--only $(TRADEOFFS))

# --- The staff console (issue 13; docs/staff-console.md) ------------------------------------
# A web app for staff behind a login: test pane, answer sign-off, what visitors asked, charts,
# bookings. It starts its own test assistant on STAFF_RASA_PORT / STAFF_ACTIONS_PORT
# (default 5405 / 5455), so it runs next to `make run`.
.PHONY: staff staff-user
staff: model
	@$(PY) -m tools.staff.console

# Creates an account, or sets a new password (and ROLES) for an existing one; asks for the
# password twice without showing it.
staff-user: env
	@if [ -z "$(NAME)" ]; then echo "Usage: make staff-user NAME=jsmith [ROLES=bookings,admin]" >&2; exit 2; fi
	@$(PY) -m tools.staff.console add-user "$(NAME)" $(if $(ROLES),--roles "$(ROLES)")

# The team's development set (../shared/eval, or DEVSET_DIR), scored against the assistant as
# `make run` starts it: rates by kind and the failures go to reports/devset.md.
#   make devset | make devset FILTER=expect=deflect
.PHONY: devset
devset: model
	@$(PY) -m tools.trainer.devset $(if $(FILTER),--filter "$(FILTER)")

# --- A re-reviewed page (issue 15; docs/TRAINING.md, "A re-review") ----------------------------
.PHONY: import-page
# make import-page FILE=page.txt (the plain-text export) or FILE=page.html; DRY_RUN=1 writes nothing.
import-page: env
	@if [ -z "$(FILE)" ]; then echo "Usage: make import-page FILE=page.txt|page.html [DRY_RUN=1]" >&2; exit 2; fi
	@$(PY) -m tools.trainer.import_page "$(FILE)" $(if $(DRY_RUN),--dry-run)
