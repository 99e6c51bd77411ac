# jaego — build, run and test.
#
#   make          build build/jaego (web app embedded)
#   make run      install what is missing, build, serve http://127.0.0.1:8080 with a demo shop
#   make check    install what is missing (tests too), build, run every test layer
#   make bench    HTTP and store benchmarks against nginx; make bench-forecast: engine vs R
#   make coretypes  the engine's unit tests and forecasts under every BLAS kernel of this CPU
#   make fuzz     run every fuzz target for a bounded time
#
# Every C file under src/ is part of the application (src/main.c holds main()); every C
# file under lib/forecast/ is part of the forecasting engine, a static library with no
# dependency on src/. tests/unit/test_*.c are cmocka programs, each linked against all
# application and engine objects built with ASan and UBSan.

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
BASEFLAGS  = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -pthread -g $(WARN) \
             -Isrc -Ilib/forecast -I$(BUILD)/gen $(PKG_CFLAGS) -DJAEGO_VERSION='"$(VERSION)"'
CFLAGS_REL = $(BASEFLAGS) -O2
CFLAGS_SAN = $(BASEFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fno-sanitize-recover=undefined
LDLIBS     = $(PKG_LIBS) -lm -pthread

APP_SRC   := $(sort $(wildcard src/*.c))
FC_SRC    := $(sort $(wildcard lib/forecast/*.c))
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
MIGRATIONS:= $(sort $(wildcard src/migrations/*.sql))
DATAFILES := $(sort $(wildcard data/*.csv))

REL_OBJ   := $(APP_SRC:%.c=$(BUILD)/rel/%.o) $(FC_SRC:%.c=$(BUILD)/rel/%.o)
SAN_OBJ   := $(APP_SRC:%.c=$(BUILD)/san/%.o) $(FC_SRC:%.c=$(BUILD)/san/%.o)
SAN_LIB   := $(filter-out $(BUILD)/san/src/main.o,$(SAN_OBJ))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

GEN_REL   := $(BUILD)/gen/assets.o $(BUILD)/gen/embedded.o
GEN_SAN   := $(BUILD)/gen/assets-san.o $(BUILD)/gen/embedded-san.o

WEB_SRC   := $(shell find web/src web/index.html web/vite.config.ts web/package.json \
                  web/tsconfig.json -type f 2>/dev/null)

.PHONY: all run check deps deps-test deps-bench web unit http e2e fuzz bench bench-forecast \
        coretypes fmt fmt-check tidy clean demo-db

all: $(BUILD)/jaego

# ---------------------------------------------------------------------------- binaries
$(BUILD)/jaego: $(REL_OBJ) $(GEN_REL)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS_REL) -o $@ $^ $(LDLIBS)

$(BUILD)/jaego-san: $(SAN_OBJ) $(GEN_SAN)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS_SAN) -o $@ $^ $(LDLIBS)

$(BUILD)/rel/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_REL) -MMD -MP -c -o $@ $<

$(BUILD)/san/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC-SAN  $<"
	@$(CC) $(CFLAGS_SAN) -MMD -MP -c -o $@ $<

-include $(REL_OBJ:.o=.d) $(SAN_OBJ:.o=.d)

# ------------------------------------------------------------ embedded files (generated)
# Web assets: web/dist is built by Vite, then tools/embed.c writes an assembly file that
# .incbin's each file (and its gzip copy) plus a C table describing them.
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) -std=c11 -D_DEFAULT_SOURCE -O2 $(WARN) -o $@ $< -lz

$(BUILD)/gen/assets.c: $(BUILD)/tools/embed web/dist/.stamp
	@mkdir -p $(dir $@)
	@$(BUILD)/tools/embed assets web/dist $(BUILD)/gen/assets

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

# The web app. When node_modules is absent (a machine without npm), an empty dist is
# embedded and the server answers with a plain page saying the UI was not built.
web/dist/.stamp: $(WEB_SRC) $(wildcard web/package-lock.json)
	@if [ -d web/node_modules ]; then cd web && npm run --silent build; \
	 else mkdir -p web/dist; echo "web: node_modules missing, run 'make deps'"; fi
	@touch $@

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
$(BUILD)/tests/%: tests/unit/%.c $(SAN_LIB) $(GEN_SAN)
	@mkdir -p $(dir $@)
	@echo "  TEST    $<"
	@$(CC) $(CFLAGS_SAN) -Itests/unit -o $@ $^ $(LDLIBS) -lcmocka

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

# ---------------------------------------------------------------------------- style
FMT_FILES = $(APP_SRC) $(FC_SRC) $(wildcard src/*.h lib/forecast/*.h) $(UNIT_SRC) \
            $(FUZZ_SRC) tools/embed.c

fmt:
	clang-format -i $(FMT_FILES)
fmt-check:
	@clang-format --dry-run --Werror $(FMT_FILES) && echo "fmt-check: ok"

tidy:
	@clang-tidy --quiet $(APP_SRC) $(FC_SRC) -- $(BASEFLAGS) -Wno-unknown-warning-option \
	  2>&1 | grep -v "warnings generated" ; test $${PIPESTATUS[0]} -eq 0 && echo "tidy: ok"

clean:
	rm -rf $(BUILD) web/dist
