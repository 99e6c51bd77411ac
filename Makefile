# jaego — build, run and test.
#
#   make          build build/jaego (web app embedded; fails when web/node_modules is missing:
#                 run `make deps` first, or `make NO_WEB=1` to build without the web app)
#   make run      install what is missing, build, serve http://127.0.0.1:8080 with a demo shop
#   make check    install what is missing (tests too), build, run every test layer
#   make bench    HTTP and store benchmarks against nginx; make bench-forecast: engine vs R;
#                 make bench-runs: forecast runs in the server and the API's latency during them;
#                 make bench-stock: the planning view's recompute and GET /api/stock;
#                 make bench-web: first load of the web app in chromium, against nginx;
#                 make bench-simulate: the ordering policies replayed on the development data
#   make coretypes  the engine's unit tests and forecasts under every BLAS kernel of this CPU
#   make fuzz     run every fuzz target for a bounded time
#
# The application is src/main.c and every C file of the layer folders src/*/ (base, domain,
# formats, store, jobs, http, api, cli: each may include only its own and lower layers, which
# scripts/layers.sh checks in make check). Every C file under lib/forecast/ is part of the
# forecasting engine, built as the static library libjaegofc.a; the application's include
# path sees only its public header, lib/forecast/include/forecast.h. tests/unit/test_*.c are
# cmocka programs, each linked against all application objects and the engine library built
# with ASan and UBSan (they may include the engine's private headers to test its parts).

SHELL     := /bin/bash
BUILD     ?= build
CC        ?= cc
CLANG     ?= clang
PKGS      := libmicrohttpd jansson sqlite3 libsodium libutf8proc xlsxwriter libzip expat \
             libcurl zlib
FC_PKGS   := gsl nlopt openblas lapacke
VERSION   := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# Resolved lazily so that `make deps` can run before the -dev packages exist.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(FC_PKGS) 2>/dev/null)
# GSL's reference CBLAS (-lgslcblas) is left out: GSL and the engine then take every cblas_*
# from OpenBLAS. Linked first, the reference one served the engine's BLAS calls too, 5-10x
# slower (GSL documents linking another CBLAS in its place).
PKG_LIBS   = $(filter-out -lgslcblas,$(shell pkg-config --libs $(PKGS) $(FC_PKGS) 2>/dev/null)) \
             -lxgboost

WARN      := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
             -Wmissing-prototypes -Wno-missing-field-initializers
LAYERS    := base domain formats store jobs http api cli
APP_INC   := $(LAYERS:%=-Isrc/%) -Ilib/forecast/include -I$(BUILD)/gen
FC_INC    := -Ilib/forecast -Ilib/forecast/include
COMMON     = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -pthread -g $(WARN) $(PKG_CFLAGS) \
             -DJAEGO_VERSION='"$(VERSION)"'
BASEFLAGS  = $(COMMON) $(APP_INC)
OPT_REL   := -O2
OPT_SAN   := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fno-sanitize-recover=undefined
CFLAGS_REL = $(BASEFLAGS) $(OPT_REL)
CFLAGS_SAN = $(BASEFLAGS) $(OPT_SAN)
LDLIBS     = $(PKG_LIBS) -lm -pthread

APP_SRC   := src/main.c $(sort $(wildcard src/*/*.c))
FC_SRC    := $(sort $(wildcard lib/forecast/*.c))
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
MIGRATIONS:= $(sort $(wildcard src/migrations/*.sql))
DATAFILES := $(sort $(wildcard data/*.csv))

REL_OBJ   := $(APP_SRC:%.c=$(BUILD)/rel/%.o)
SAN_OBJ   := $(APP_SRC:%.c=$(BUILD)/san/%.o)
FC_REL_OBJ:= $(FC_SRC:%.c=$(BUILD)/rel/%.o)
FC_SAN_OBJ:= $(FC_SRC:%.c=$(BUILD)/san/%.o)
FC_LIB_REL:= $(BUILD)/libjaegofc.a
FC_LIB_SAN:= $(BUILD)/libjaegofc-san.a
SAN_LIB   := $(filter-out $(BUILD)/san/src/main.o,$(SAN_OBJ))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

GEN_REL   := $(BUILD)/gen/assets.o $(BUILD)/gen/embedded.o
GEN_SAN   := $(BUILD)/gen/assets-san.o $(BUILD)/gen/embedded-san.o

# Everything the web app is built from: every file under web/ but its packages and its output,
# and the directories too, so that a deleted or renamed source file also rebuilds the app.
WEB_SRC   := $(shell find web -mindepth 1 -path web/node_modules -prune -o -path web/dist -prune -o \
                  \( -type f -o -type d \) -print 2>/dev/null)
# npm rewrites this file on every install, so new packages rebuild the app too.
WEB_DEPS  := web/node_modules/.package-lock.json

# NO_WEB=1 builds the binary without the web app (engine or API work on a machine without
# npm): an absent directory is embedded and the server answers with a page saying the UI was
# not built. $(BUILD)/gen/web-source records which of the two was embedded, so switching
# between them rebuilds the assets.
ifeq ($(NO_WEB),1)
WEB_DIST  := $(BUILD)/gen/no-web
WEB_STAMP :=
else
WEB_DIST  := web/dist
WEB_STAMP := web/dist/.stamp
endif

.PHONY: all run check deps deps-test deps-bench web unit http e2e fuzz bench bench-forecast bench-runs bench-stock bench-web bench-simulate \
        coretypes fmt fmt-check tidy layers clean demo-db FORCE

all: $(BUILD)/jaego

# ---------------------------------------------------------------------------- binaries
$(BUILD)/jaego: $(REL_OBJ) $(GEN_REL) $(FC_LIB_REL)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS_REL) -o $@ $(REL_OBJ) $(GEN_REL) $(FC_LIB_REL) $(LDLIBS)

$(BUILD)/jaego-san: $(SAN_OBJ) $(GEN_SAN) $(FC_LIB_SAN)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS_SAN) -o $@ $(SAN_OBJ) $(GEN_SAN) $(FC_LIB_SAN) $(LDLIBS)

# The engine: its own objects and include path (it sees nothing of src/), one archive.
$(FC_LIB_REL): $(FC_REL_OBJ)
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^
$(FC_LIB_SAN): $(FC_SAN_OBJ)
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^

$(BUILD)/rel/lib/forecast/%.o: lib/forecast/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(COMMON) $(FC_INC) $(OPT_REL) -MMD -MP -c -o $@ $<

$(BUILD)/san/lib/forecast/%.o: lib/forecast/%.c
	@mkdir -p $(dir $@)
	@echo "  CC-SAN  $<"
	@$(CC) $(COMMON) $(FC_INC) $(OPT_SAN) -MMD -MP -c -o $@ $<

$(BUILD)/rel/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_REL) -MMD -MP -c -o $@ $<

$(BUILD)/san/src/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC-SAN  $<"
	@$(CC) $(CFLAGS_SAN) -MMD -MP -c -o $@ $<

-include $(REL_OBJ:.o=.d) $(SAN_OBJ:.o=.d) $(FC_REL_OBJ:.o=.d) $(FC_SAN_OBJ:.o=.d)

# ------------------------------------------------------------ embedded files (generated)
# Web assets: web/dist is built by Vite, then tools/embed.c writes an assembly file that
# .incbin's each file (and its gzip copy) plus a C table describing them.
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) -std=c11 -D_DEFAULT_SOURCE -O2 $(WARN) -o $@ $< -lz

$(BUILD)/gen/assets.c: $(BUILD)/tools/embed $(WEB_STAMP) $(BUILD)/gen/web-source
	@mkdir -p $(dir $@)
	@$(BUILD)/tools/embed assets $(WEB_DIST) $(BUILD)/gen/assets

# Rewritten only when the choice changes: make compares its time after the recipe ran.
$(BUILD)/gen/web-source: FORCE
	@mkdir -p $(dir $@)
	@echo '$(WEB_DIST)' | cmp -s - $@ || echo '$(WEB_DIST)' >$@

# SQL migrations and reference data (holidays) are embedded the same way.
$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(MIGRATIONS) $(DATAFILES)
	@mkdir -p $(BUILD)/gen
	@$(BUILD)/tools/embed embedded src/migrations:data $(BUILD)/gen/embedded

$(BUILD)/gen/assets.o: $(BUILD)/gen/assets.c
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_REL) -Wno-missing-prototypes -c -o $@ $<
$(BUILD)/gen/assets-san.o: $(BUILD)/gen/assets.c
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_SAN) -Wno-missing-prototypes -c -o $@ $<
$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_REL) -Wno-missing-prototypes -c -o $@ $<
$(BUILD)/gen/embedded-san.o: $(BUILD)/gen/embedded.c
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_SAN) -Wno-missing-prototypes -c -o $@ $<

# The web app, rebuilt whenever one of its sources or its installed packages change. Without
# its packages the build stops here rather than embed no app.
web/dist/.stamp: $(WEB_SRC) $(WEB_DEPS)
	@echo "  WEB     web/dist"
	@cd web && npm run --silent build
	@touch $@

$(WEB_DEPS):
	@echo "make: the web app's packages are not installed (web/node_modules)." >&2
	@echo "make: run 'make deps' first, or 'make NO_WEB=1' to build without the web app." >&2
	@exit 1

web: web/dist/.stamp

# ---------------------------------------------------------------------------- set-up
deps:
	@scripts/deps.sh build
deps-test:
	@scripts/deps.sh test
deps-bench:
	@scripts/deps.sh bench

run: deps
	@$(MAKE) --no-print-directory $(BUILD)/jaego
	@scripts/run.sh $(BUILD)/jaego

# ---------------------------------------------------------------------------- tests
$(BUILD)/tests/%: tests/unit/%.c $(SAN_LIB) $(GEN_SAN) $(FC_LIB_SAN)
	@mkdir -p $(dir $@)
	@echo "  TEST    $<"
	@$(CC) $(CFLAGS_SAN) -Itests/unit -Ilib/forecast -o $@ $^ $(LDLIBS) -lcmocka

unit: $(UNIT_BIN)
	@scripts/check.sh unit $(BUILD)

http: $(BUILD)/jaego-san
	@scripts/check.sh http $(BUILD)

e2e: $(BUILD)/jaego
	@scripts/check.sh e2e $(BUILD)

check: deps-test
	@$(MAKE) --no-print-directory $(BUILD)/jaego $(BUILD)/jaego-san $(UNIT_BIN)
	@scripts/check.sh all $(BUILD)

fuzz:
	@scripts/fuzz.sh $(BUILD) $(or $(SECONDS_EACH),30)

# OpenBLAS picks its kernels by CPU; the forecasts must not depend on them. Long: every
# kernel the CPU runs, the unit tests and every model on the development data under each.
coretypes: deps-test
	@$(MAKE) --no-print-directory $(BUILD)/jaego $(UNIT_BIN)
	@scripts/coretypes.sh $(BUILD)

# ---------------------------------------------------------------------------- bench
bench: deps-bench $(BUILD)/jaego
	@bench/http.sh $(BUILD)/jaego

bench-forecast: deps-bench $(BUILD)/jaego
	@bench/forecast.sh $(BUILD)/jaego

bench-runs: deps-bench $(BUILD)/jaego
	@bench/runs.sh $(BUILD)/jaego

bench-stock: deps-bench $(BUILD)/jaego
	@bench/stock.sh $(BUILD)/jaego

bench-web: deps-bench $(BUILD)/jaego
	@bench/firstload.sh $(BUILD)/jaego

bench-simulate: $(BUILD)/jaego
	@bench/simulate.sh $(BUILD)/jaego

# ---------------------------------------------------------------------------- style
FMT_FILES = $(APP_SRC) $(FC_SRC) $(wildcard src/*/*.h lib/forecast/*.h lib/forecast/include/*.h) \
            $(UNIT_SRC) $(FUZZ_SRC) tools/embed.c

fmt:
	clang-format -i $(FMT_FILES)
fmt-check:
	@clang-format --dry-run --Werror $(FMT_FILES) && echo "fmt-check: ok"

tidy:
	@{ clang-tidy --quiet $(APP_SRC) -- $(BASEFLAGS) -Wno-unknown-warning-option && \
	   clang-tidy --quiet $(FC_SRC) -- $(COMMON) $(FC_INC) -Wno-unknown-warning-option; } \
	  2>&1 | grep -v "warnings generated" ; test $${PIPESTATUS[0]} -eq 0 && echo "tidy: ok"

layers:
	@scripts/layers.sh

clean:
	rm -rf $(BUILD) web/dist
