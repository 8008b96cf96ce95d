# retort — the two commands of the README's quick start are `make run` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
CMAKE_FLAGS ?=

.PHONY: all deps build dev run test test-tsan test-unit test-asan test-e2e bench clean

all: build

deps:
	@./scripts/install-deps.sh

# The optimised binary and library (-O2, no debug information: docs/BENCHMARKS.md, "Build
# time"), the example app and the tests.
build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
	  -DRETORT_WERROR=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)

# For development: Debug at -O0 in build-dev (CMakePresets.json's "dev"), the fastest to compile.
dev: deps
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev

# Build, then apply the Sales Agent history to an embedded SQLite database and show the result.
run: build
	@./scripts/run-example.sh $(BUILD)/retort

# The whole suite: unit + real-database tests (SQLite and a throwaway PostgreSQL), the same
# unit tests under ASan+UBSan, the thread tests under TSan, the CLI transcripts, and the
# installed tree.
test: build
	@./scripts/test.sh $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)

# The thread tests under ThreadSanitizer (scripts/test-tsan.sh; also a step of make test).
test-tsan: deps
	@./scripts/test-tsan.sh $(TSAN_BUILD)

bench: build
	@./bench/run.sh $(BUILD)/retort

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) build-dev
