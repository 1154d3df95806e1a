# Two commands do all set-up on a fresh machine with Python 3.11:
#   make serve   -- create .venv if needed, install, start the service on http://127.0.0.1:$(IMPACT_PORT)
#   make test    -- create .venv if needed, install, run ruff, mypy --strict and the whole pytest suite
#   make migrate -- bring the database of IMPACT_DATABASE_URL (default ./impact.db) to the newest schema
#   make assets  -- (needs npm) re-vendor the page's chart library and the tests' axe-core from package.json
#   make load    -- load-test a server of its own on 127.0.0.1 (LOAD_ARGS="--clients 128 --duration 60")
#   make bench   -- ours vs pymrio (n = 2,000/5,000/9,800), what-if batch, HTTP load (~10 min idle,
#                   longer on a busy machine: each run waits for idle CPUs and is redone if disturbed);
#                   writes benchmarks/results/latest.json. make bench-quick: n = 2,000, short load;
#                   make bench-http: only POST /v1/metrics (in-process parts + HTTP load), no tables;
#                   make bench-instructions [BASE=dir]: instructions per request (callgrind)
#   make mutation -- mutmut over the core's formula modules (not part of make test; docs/testing.md),
#                   writes docs/mutation.json; one module: make mutation MODULE=impact/prices.py
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp

.PHONY: install serve migrate test lint typecheck pytest openapi assets bench bench-quick bench-http bench-instructions bench-tools load mutation clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# the bench extra (pymrio, threadpoolctl) and the load tool wrk (Debian package; needs root)
$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench-tools: $(BENCH_STAMP)
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; } \
		|| echo "wrk missing: install the Debian package wrk, the HTTP load is skipped without it"

bench: bench-tools
	$(PY) -m benchmarks --out benchmarks/results/latest.json

bench-quick: bench-tools
	$(PY) -m benchmarks --quick --out benchmarks/results/quick.json

bench-http: bench-tools
	$(PY) -m benchmarks --quick --http-only --out benchmarks/results/http.json

# instructions per request under callgrind (Debian package valgrind); BASE=<checkout> counts
# another tree beside this one, e.g. BASE=/tmp/base after `git worktree add /tmp/base HEAD`
bench-instructions: $(STAMP)
	@command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; } \
		|| echo "valgrind missing: install the Debian package valgrind"
	$(PY) -m benchmarks.instructions $(if $(BASE),--base $(BASE))

# OpenBLAS picks its kernels by CPU, and its AVX-512 kernels round some sums differently in the
# last bit: the same plan's multipliers (and the recorded answers the tests compare byte for
# byte) would then depend on the machine. Where the CPU has AVX2, the service and the tests use
# OpenBLAS's AVX2 (Haswell) kernels on every machine. (The benchmarks keep the CPU's own.)
BLAS_ENV := $(if $(shell grep -m1 -ow avx2 /proc/cpuinfo 2>/dev/null),OPENBLAS_CORETYPE=Haswell)

serve: $(STAMP)
	$(BLAS_ENV) $(PY) -m api

migrate: $(STAMP)
	$(PY) -m api.db.migrate upgrade

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(BLAS_ENV) $(VENV)/bin/pytest

test: lint typecheck pytest

openapi: $(STAMP)
	$(PY) -m scripts.export_openapi

# The built files are committed, so `make serve` needs neither npm nor a network.
assets: $(STAMP)
	npm ci --no-audit --no-fund
	$(PY) -m scripts.vendor_assets

# 64 concurrent clients for 20 s against a server of its own on 127.0.0.1 (scripts/load.py)
load: $(STAMP)
	$(PY) -m scripts.load $(LOAD_ARGS)

# niced: it keeps both cores busy for a long time (docs/testing.md says how long)
mutation: $(STAMP)
	nice -n 10 $(PY) -m scripts.mutation $(if $(MODULE),--module $(MODULE))

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis mutants
