# The two commands of the quick start: `make run` and `make test`.
CONTENT ?= content

.PHONY: run test setup build release check lint format bench clean fuzz

setup:
	@./scripts/setup

build: setup
	swift build

## The Swift runtime is linked in: the binary starts about twice as fast (see README.md).
release: setup
	swift build -c release --static-swift-stdlib

## Start the REPL on the shipped content (release build).
run: release
	./.build/release/frontline --content $(CONTENT)

## Run the whole test suite. The shipped content's vectors are built first, once for every test, and
## a throwaway PostgreSQL cluster is started for the team database's tests (scripts/test-postgres).
test: setup
	swift build --build-tests
	./.build/debug/frontline index --content content
	./scripts/test-postgres swift test --skip-build

## The formatting of every Swift file, as configured in .swift-format (CI fails on any finding).
lint:
	swift format lint --strict --recursive Sources Tests Fuzz Package.swift

## Rewrite the Swift files in the configured format.
format:
	swift format format --in-place --recursive Sources Tests Fuzz Package.swift

check: build
	./.build/debug/frontline check --content $(CONTENT)

bench: release
	./.build/release/frontline-bench

clean:
	swift package clean

## Build the libFuzzer targets and run each for FUZZ_SECONDS (see Fuzz/README.md).
FUZZ_SECONDS ?= 30
fuzz: setup
	./scripts/fuzz $(FUZZ_SECONDS)
