# hazreg - the README's commands. CMake does the real build.
BUILD ?= build
ASAN ?= build-asan
FUZZ ?= build-fuzz
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
HAZREG = $(BUILD)/hazreg
DEMO_DB = var/demo.gpkg

.PHONY: all bootstrap build asan test test-fast run demo bench bench-http bench-pg fuzz clean

all: build

bootstrap:
	@scripts/bootstrap

# The map page (web/) is built into $(BUILD)/web, where "hazreg serve"
# finds it beside the executable.
build: bootstrap
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS cmake --build $(BUILD) -j$(JOBS) >/dev/null
	@scripts/web-build $(BUILD)/web

asan: bootstrap
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DHR_SANITIZE=ON >/dev/null
	@env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS cmake --build $(ASAN) -j$(JOBS) >/dev/null

# The whole suite: a normal build and an ASan+UBSan build, each through ctest.
test: build asan
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j$(JOBS)

test-fast: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

$(DEMO_DB): build
	@scripts/demo build $(BUILD)

demo: build
	@scripts/demo build $(BUILD)

# Build, make the demo register, and run the main job on it.
run: build
	@scripts/demo run $(BUILD)

bench: build
	@bench/run.sh $(BUILD)

# The HTTP API under wrk beside nginx, over the demo register.
bench-http: build
	@scripts/demo build $(BUILD)
	@bench/http.sh $(BUILD)

# hazreg serve on PostgreSQL: one and two servers, and a standby's lag
# (a throwaway cluster; docs/postgresql.md).
bench-pg: build
	@scripts/demo build $(BUILD)
	@bench/pg.sh $(BUILD)

# libFuzzer targets (clang), each run for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz: bootstrap
	@cmake -S . -B $(FUZZ) -DCMAKE_C_COMPILER=clang -DHR_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(FUZZ) -j$(JOBS)
	@scripts/fuzz $(FUZZ) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZ) var
