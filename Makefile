# perfcon's pipeline. Every table is a file; each stage's target lists its
# input tables and its own code, so make reruns exactly the stages whose
# inputs changed.
#
#   task folders ──commits──► commits.parquet
#     (or COMMITS=file: mined or imported commits ──commits import──►)
#   task folders + commits ──executables, validate──► executables.parquet
#   commits ──describe──► descriptions.parquet
#   commits + descriptions ──generate──► generations.parquet
#       (chains, ROUNDS > 1, also add their rounds to descriptions.parquet)
#   (REFINE=k or ORCHESTRATE=k: generations, run for feedback ──refine,
#    orchestrate──► refinements.parquet, routes.parquet, splits.parquet)
#   (JUDGE=model: commits + descriptions ──describe judge──► description_scores.parquet)
#   commits + executables + generations (+ refinements) ──measure──► measurements.parquet
#   all tables + queries/*.sql ──report──► $(OUT)/report.md, report.html, plots/
#
# Override on the command line, e.g.
#   make MODELS="identity oracle" PROFILE=paper
#   make CPUS=4             (k, the CPUs each run of a wall-time task gets;
#                            default: the profile's, 2 for quick)
#   make ROUNDS=5           (IdentityChain chains of 5 rounds)
#   make JUDGE=gpt-4o LLM_FLAGS="--models models.toml"
#                           (a judge model scores every description)
#   make REFINE=2           (each generation refined twice with feedback
#                            from running it, as PerfCodeGen does)
#   make orchestrate        (PerfOrch's routing on the held-out tasks:
#                            ORCHESTRATE=2 steps, SPLIT=salt of the split;
#                            it learns from refine's chains, REFINE=0 or more)
#   make DATASET=datasets/mine OUT=/tmp/run
#   make DATASET=datasets/real MIRRORS=/srv/git
#                           (repository tasks: their repositories are cloned
#                            once into .cache/repos, from MIRRORS, a folder
#                            of local clones, when set)
#   make TASKS='py-* go-io-*'  (only the task set's tasks whose ids match
#                               these globs)
#   make COMMITS=mined.parquet  (commits from perfcon commits mine or import:
#                                described, generated and reported; only
#                                those with an executable are measured)
#   make VALIDATE_FLAGS="--repeats 10" MEASURE_FLAGS="--cpu 1"
#   make MODELS="identity codeqwen1.5-7b-chat" LLM_FLAGS="--models models.toml"
#   make SCHEDULER=slurm SHARDS=16 PARTITION=short TIME_LIMIT=2:00:00
#                           (validate and measure as Slurm array jobs of
#                            SHARDS shards each, merged; see perfcon slurm)

GO       ?= go
DATASET  ?= datasets/core
MIRRORS  ?=
OUT      ?= reports
TABLES   ?= $(OUT)/tables
MODELS   ?= identity oracle twin
PROFILE  ?= quick
CPUS     ?=
ROUNDS   ?= 1
REFINE   ?= 0
ORCHESTRATE ?= 0
JUDGE    ?=
SPLIT    ?= perfcon
MEASURE_FLAGS ?=
LLM_FLAGS ?=
VALIDATE_FLAGS ?=
CACHE    ?= .cache
COMMITS  ?=
IMPORT_FLAGS ?=
TASKS    ?=
# Where validate and measure run: here, or as Slurm array jobs.
SCHEDULER ?= local
SHARDS   ?= 4
PARTITION ?=
TIME_LIMIT ?=
CPUS_PER_TASK ?= 1
MEM      ?=
SLURM_FLAGS ?=

# Refinement runs when REFINE or ORCHESTRATE is above 0; its tables are
# then inputs of measure and the report. A run without it removes them,
# so the report never shows chains of other settings.
REFINED := $(if $(filter-out 0,$(REFINE) $(ORCHESTRATE)),$(TABLES)/refinements.parquet)
# Likewise the judge's scores, with JUDGE (its answers stay cached).
JUDGED := $(if $(strip $(JUDGE)),$(TABLES)/description_scores.parquet)

BIN     ?= bin/perfcon
PERFCON := $(BIN) --tables $(TABLES)
# The sharded stages run through perfcon slurm when SCHEDULER=slurm.
ifeq ($(SCHEDULER),slurm)
SHARDED := $(PERFCON) slurm --shards $(SHARDS) --cpus-per-task $(CPUS_PER_TASK) $(if $(PARTITION),--partition $(PARTITION)) \
	$(if $(TIME_LIMIT),--time $(TIME_LIMIT)) $(if $(MEM),--mem $(MEM)) $(SLURM_FLAGS) --
else ifeq ($(SCHEDULER),local)
SHARDED := $(PERFCON)
else
$(error SCHEDULER=$(SCHEDULER): local or slurm)
endif
MODEL_FLAGS := $(foreach m,$(MODELS),--model $(m))
TASK_FLAGS := $(foreach t,$(TASKS),--tasks '$(t)')
PROFILE_FLAGS := $(if $(CPUS),--cpus $(CPUS))

# The commits table is made from everything in a task folder but the
# harness; the executables table from task.toml and the harness. The folder
# itself is a prerequisite too: adding or removing a task changes its time.
TASK_FILES := $(shell find -L $(DATASET) -type f -not -name '.*' 2>/dev/null)
HARNESSES  := $(filter %/harness.py %/harness.go %/harness.cpp,$(TASK_FILES))
COMMIT_INPUTS := $(DATASET) $(filter-out $(HARNESSES),$(TASK_FILES))
EXEC_INPUTS   := $(DATASET) $(HARNESSES) $(filter %/task.toml,$(TASK_FILES))

# A stage's settings (the variables its recipe uses) are an input too. Each
# stage's are kept in a file under $(TABLES)/.settings, rewritten while make
# reads this Makefile and only when they change: `make ROUNDS=5` reruns
# generate and what follows it, and nothing else.
SETTINGS := $(TABLES)/.settings
define keep-settings
ifneq ($$(file <$(SETTINGS)/$(1)),$(strip $(2)))
$$(shell mkdir -p $(SETTINGS))
$$(file >$(SETTINGS)/$(1),$(strip $(2)))
endif
endef
# Goals that run no stage need neither the settings nor the stages' code
# (below).
STAGE_GOALS := $(if $(MAKECMDGOALS),$(filter-out test test-all bench clean help orchestrate,$(MAKECMDGOALS)),all)
ifneq ($(STAGE_GOALS),)
$(eval $(call keep-settings,commits,$(DATASET) $(COMMITS) $(IMPORT_FLAGS) $(TASKS)))
$(eval $(call keep-settings,executables,$(PROFILE) $(CPUS) $(VALIDATE_FLAGS) $(TASKS)))
$(eval $(call keep-settings,describe,$(MODELS) $(LLM_FLAGS)))
$(eval $(call keep-settings,generate,$(MODELS) $(ROUNDS) $(LLM_FLAGS)))
$(eval $(call keep-settings,judge,judge=$(JUDGE) $(LLM_FLAGS)))
$(eval $(call keep-settings,refine,$(MODELS) $(REFINE) $(ORCHESTRATE) $(SPLIT) $(PROFILE) $(CPUS) $(LLM_FLAGS)))
$(eval $(call keep-settings,measure,$(PROFILE) $(CPUS) $(MEASURE_FLAGS) $(if $(REFINED),refined)))
endif

# A stage's code is an input too: the non-test Go files, cgo and embedded
# files of its package and of every package of this module it imports,
# directly or not, as go list -deps says. $(call uses,stages/report) lists
# them. go list writes them to $(DEPS) while make reads this Makefile, and
# again only once a file or folder under cmd, internal, stages or queries,
# or go.mod, is newer than it (an edit, a new import, file or package).
# Each package of the module has a line there, code.<import path> := its
# own files and the lines of its imports, which go list prints before it
# (in go list's template, $d is the package's folder in the module's and
# $m the module's path and a slash, which the module's imports start with).
DEPS := $(TABLES)/.deps.mk
MODULE := $(word 2,$(file <go.mod))
uses = $(code.$(MODULE)/$(1))
go-files = {{- range $$.$(1)}} {{$$d}}{{.}}{{end}}
DEPS_FORMAT = {{with .Module}}{{if .Main}}\
	{{- $$d := slice (printf "%s/" $$.Dir) (len (printf "%s/" .Dir))}}\
	{{- $$m := printf "%s/" .Path -}}\
	code.{{$$.ImportPath}} := $$(sort$(foreach f,GoFiles CgoFiles CFiles CXXFiles HFiles SFiles SysoFiles EmbedFiles,$(call go-files,$(f)))\
	{{- range $$.Imports}}{{if eq (printf "%.*s" (len $$m) .) $$m}} $$(code.{{.}}){{end}}{{end}}){{end}}{{end}}
ifneq ($(STAGE_GOALS),)
ifneq ($(if $(wildcard $(DEPS)),$(shell find go.mod cmd internal stages queries -newer $(DEPS) -print -quit),none),)
$(shell mkdir -p $(TABLES) && $(GO) list -deps -f '$(DEPS_FORMAT)' ./stages/... ./cmd/perfcon >$(DEPS).tmp && mv $(DEPS).tmp $(DEPS) || { rm -f $(DEPS).tmp; exit 1; })
ifneq ($(.SHELLSTATUS),0)
$(error go list could not list the stages' code into $(DEPS))
endif
endif
include $(DEPS)
endif
# internal/prompt embeds every prompt template, but a stage renders only
# its own: their rules list those and leave the others out.
TEMPLATES := internal/prompt/templates/%

REPORT = $(OUT)/report.md $(OUT)/report.html

.PHONY: all dataset describe generate refine orchestrate measure report test test-all bench clean help
.DELETE_ON_ERROR:

all: $(REPORT)

$(BIN): go.mod go.sum $(call uses,cmd/perfcon)
	$(GO) build -o $@ ./cmd/perfcon

# The commits come from the task set, or from COMMITS: a table of mined or
# imported commits (or any file perfcon commits import reads). Those have
# no task folder: only the task set's tasks among them get an executable.
ifeq ($(strip $(COMMITS)),)
# Only the commits stage's code counts, not the miner's (stages/mining) or
# import's (stages/imports), packages of their own: a new mining cue does
# not rerun validation.
# A task set's repository tasks need their repositories: dataset fetch
# clones what is missing (from MIRRORS, a folder of local clones, when
# set) and does nothing for a set without any.
$(TABLES)/commits.parquet: $(COMMIT_INPUTS) $(SETTINGS)/commits $(call uses,stages/commits) | $(BIN)
	$(PERFCON) dataset fetch --dataset $(DATASET) $(if $(MIRRORS),--mirrors $(MIRRORS))
	$(PERFCON) commits --dataset $(DATASET) $(TASK_FLAGS)
EXEC_COMMITS :=
else
$(TABLES)/commits.parquet: $(COMMITS) $(SETTINGS)/commits $(call uses,stages/imports) | $(BIN)
	$(PERFCON) commits import $(COMMITS) --replace $(IMPORT_FLAGS)
EXEC_COMMITS := --commits $(TABLES)/commits.parquet
endif

# Validation runs every task's code before and after (see perfcon executables
# validate --help); the table appears only once it is done, so a stopped
# make never leaves an unvalidated table that looks up to date. Decisions
# of perfcon executables review (reviews.parquet) are applied to it.
$(TABLES)/executables.parquet: $(EXEC_INPUTS) $(TABLES)/commits.parquet $(wildcard $(TABLES)/reviews.parquet $(TABLES)/drafts.parquet) $(SETTINGS)/executables $(filter-out $(TEMPLATES),$(call uses,stages/executables)) | $(BIN)
	$(PERFCON) executables --dataset $(DATASET) $(EXEC_COMMITS) $(TASK_FLAGS) --out $(TABLES)/executables.draft.parquet
	$(SHARDED) executables validate --executables $(TABLES)/executables.draft.parquet --out $@ \
		--profile $(PROFILE) $(PROFILE_FLAGS) --cache $(CACHE)/builds --allow-failures $(VALIDATE_FLAGS)
	rm -f $(TABLES)/executables.draft.parquet

$(TABLES)/descriptions.parquet: $(TABLES)/commits.parquet $(SETTINGS)/describe $(filter-out $(TEMPLATES),$(call uses,stages/descriptions)) $(wildcard internal/prompt/templates/describe-*) | $(BIN)
	$(PERFCON) describe $(MODEL_FLAGS) --replace --llm-cache $(CACHE)/llm $(LLM_FLAGS)

$(TABLES)/generations.parquet: $(TABLES)/commits.parquet $(TABLES)/descriptions.parquet $(SETTINGS)/generate $(filter-out $(TEMPLATES),$(call uses,stages/generations)) $(wildcard internal/prompt/templates/generate-*) | $(BIN)
	$(PERFCON) generate $(MODEL_FLAGS) --replace --rounds $(ROUNDS) --llm-cache $(CACHE)/llm $(LLM_FLAGS)

ifneq ($(JUDGED),)
$(TABLES)/description_scores.parquet: $(TABLES)/commits.parquet $(TABLES)/descriptions.parquet $(SETTINGS)/judge $(filter-out $(TEMPLATES),$(call uses,stages/descriptions)) $(wildcard internal/prompt/templates/score-*) | $(BIN)
	$(PERFCON) describe judge --judge $(JUDGE) --replace --llm-cache $(CACHE)/llm $(LLM_FLAGS)
endif

# refine runs each model's generations beside code before and after and
# sends them back with what it showed (REFINE steps); orchestrate learns
# routes from those chains on one half of the tasks and runs the routed
# pipeline on the other (ORCHESTRATE steps), or, at 0, removes its chains.
ifneq ($(REFINED),)
$(TABLES)/refinements.parquet: $(addprefix $(TABLES)/,commits.parquet executables.parquet descriptions.parquet generations.parquet) $(SETTINGS)/refine $(filter-out $(TEMPLATES),$(call uses,stages/refinements)) $(wildcard internal/prompt/templates/refine-*) | $(BIN)
	$(PERFCON) refine $(MODEL_FLAGS) --rounds $(REFINE) --profile $(PROFILE) $(PROFILE_FLAGS) --cache $(CACHE)/builds --llm-cache $(CACHE)/llm $(LLM_FLAGS)
	$(PERFCON) orchestrate $(MODEL_FLAGS) --steps $(ORCHESTRATE) --split $(SPLIT) --profile $(PROFILE) $(PROFILE_FLAGS) --cache $(CACHE)/builds \
		--llm-cache $(CACHE)/llm $(LLM_FLAGS) $(if $(filter 0,$(ORCHESTRATE)),--clear)
endif

$(TABLES)/measurements.parquet: $(TABLES)/commits.parquet $(TABLES)/executables.parquet $(TABLES)/generations.parquet $(REFINED) $(SETTINGS)/measure $(call uses,stages/measurements) | $(BIN)
	$(if $(REFINED),,rm -f $(addprefix $(TABLES)/,refinements.parquet routes.parquet splits.parquet))
	$(SHARDED) measure --profile $(PROFILE) $(PROFILE_FLAGS) --cache $(CACHE)/builds $(MEASURE_FLAGS)

$(REPORT) &: $(addprefix $(TABLES)/,commits.parquet executables.parquet descriptions.parquet generations.parquet measurements.parquet) $(REFINED) $(JUDGED) $(SETTINGS)/judge $(wildcard queries/*.sql) $(call uses,stages/report) | $(BIN)
	$(if $(JUDGED),,rm -f $(TABLES)/description_scores.parquet)
	$(PERFCON) report --queries queries --out $(OUT)

dataset: $(TABLES)/commits.parquet $(TABLES)/executables.parquet
describe: $(TABLES)/descriptions.parquet
generate: $(TABLES)/generations.parquet
refine: $(REFINED)
# The routed pipeline, and the report with it: ORCHESTRATE steps (2 unless
# set), learned from refine's chains.
orchestrate:
	$(MAKE) ORCHESTRATE=$(if $(filter-out 0,$(ORCHESTRATE)),$(ORCHESTRATE),2)
measure: $(TABLES)/measurements.parquet
report: $(REPORT)

# make test is the fast loop: every package's tests in short mode, two
# packages at a time; the pipeline end to end over one task per category.
# Tests that need idle CPUs, the whole task set end to end, Make's reruns
# and Slurm are left to make test-all, which runs every test, one package
# at a time and cmd/perfcon's last, so that no test's measurements share
# the CPUs with another's. CI runs both.
test:
	$(GO) vet ./...
	$(GO) test -short -count=1 -timeout 20m ./...

test-all:
	$(GO) vet ./...
	$(GO) test -count=1 -p 1 -timeout 30m $$($(GO) list ./... | grep -v '/cmd/perfcon$$')
	$(GO) test -count=1 -timeout 40m ./cmd/perfcon

bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -count 1 ./...

clean:
	rm -rf $(TABLES) $(OUT)/report.md $(OUT)/report.html $(OUT)/plots bin

help:
	@sed -n '1,/^$$/p' Makefile | sed 's/^# \{0,1\}//'
	@echo "Targets: all (default) dataset describe generate refine orchestrate measure report test test-all bench clean"
