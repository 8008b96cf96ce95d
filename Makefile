# retort — the two commands of the README's quick start are `make run` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
CMAKE_FLAGS ?=

.PHONY: all deps build run test test-unit test-asan test-e2e bench clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRETORT_WERROR=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)

# Build, then apply the Sales Agent history to an embedded SQLite database and show the result.
run: build
	@./scripts/run-example.sh $(BUILD)/retort

# The whole suite: unit + real-database tests (SQLite and a throwaway PostgreSQL), the same
# unit tests under ASan+UBSan, and the CLI transcripts.
test: build
	@./scripts/test.sh $(BUILD) $(ASAN_BUILD)

bench: build
	@./bench/run.sh $(BUILD)/retort

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
