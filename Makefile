# vfio-ready — GNU Makefile.
#
#   make            build ./vfio-ready
#   make run        install missing build dependencies (apt, as root), build,
#                   audit this machine
#   make check      same set-up, then every test (test, then vmcheck)
#   make test       the quick tiers (unit + fixtures), no set-up
#   make vmcheck    the real-kernel tier: Debian's kernel under QEMU with an
#                   emulated IOMMU (tests/vm/; cache in build-vm/)
#   make asan       the whole test suite under ASan+UBSan (build-asan/)
#   make valgrind   valgrind memcheck over every fixture audit and format
#   make lint       banned functions, cppcheck and clang-tidy
#   make fuzz       libFuzzer targets (clang; build-fuzz/), each run for
#                   FUZZ_SECONDS (default 60) on its corpus, FUZZ=name... to pick
#   make install    PREFIX=/usr/local DESTDIR= : binary and vfio-ready(8)
#   make doc        regenerate vfio-ready(8)'s FINDING CODES section from the
#                   explanation table (checks/explain.c)
#   make golden FIXTURES="synthetic/x ..."   rewrite golden JSON (review the diff!)
#   make clean

O        ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
PKG_CONFIG ?= pkg-config

# The version lives in one place: the newest release heading of CHANGELOG.
VERSION := $(shell sed -n 's/^\#\# \[\([0-9][^]]*\)\].*/\1/p' CHANGELOG 2>/dev/null | head -n 1)

PKGS      := libcpuid libpci libxml-2.0 libcjson libarchive
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN     := -Wall -Wextra -Wformat=2 -Wshadow -Wno-format-nonliteral
HARDEN   := -fstack-protector-strong -fPIE
HARDEN_LD := -pie -Wl,-z,relro,-z,now
OPT      ?= -O2 -g
CFLAGS   ?= $(OPT)
ALL_CFLAGS := -std=gnu11 -D_GNU_SOURCE -pthread $(WARN) $(HARDEN) $(CFLAGS) \
	-DVFIO_READY_VERSION='"$(VERSION)"' $(PKG_CFLAGS) -MMD -MP
ifneq ($(findstring -O0,$(CFLAGS)),-O0)
ALL_CFLAGS += -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3
endif
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS    += -fsanitize=$(SANITIZE)
endif
# extra flags for every object (make fuzz: -fsanitize=fuzzer-no-link)
ALL_CFLAGS += $(FUZZ_CFLAGS)
ifdef DEVELOPER
ALL_CFLAGS += -Werror
endif
ALL_LDFLAGS := -pthread $(HARDEN_LD) $(LDFLAGS)

LIB_SRCS  := $(sort $(wildcard probe/*.c checks/*.c report/*.c))
CLI_SRCS  := $(sort $(wildcard cli/*.c))
TEST_SRCS := $(sort $(wildcard tests/unit/test-*.c))
LIB_OBJS  := $(LIB_SRCS:%.c=$(O)/%.o)
CLI_OBJS  := $(CLI_SRCS:%.c=$(O)/%.o)
LIB       := $(O)/libvfioready.a
BIN       := $(if $(filter build,$(O)),vfio-ready,$(O)/vfio-ready)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(O)/tests/%)
# Fuzz targets: tests/fuzz/fuzz-NAME.c, each linked twice: with replay.c
# (a corpus replay, part of `make test`) and with libFuzzer (`make fuzz`).
FUZZ_NAMES  := $(sort $(patsubst tests/fuzz/fuzz-%.c,%,$(wildcard tests/fuzz/fuzz-*.c)))
REPLAY_BINS := $(FUZZ_NAMES:%=$(O)/fuzz/replay-%)
FUZZ_BINS   := $(FUZZ_NAMES:%=$(O)/fuzz/fuzz-%)
FUZZ_SECONDS ?= 60
FUZZ        ?= $(FUZZ_NAMES)

.PHONY: all run check test unit fixtures asan install clean deps golden vmcheck doc \
	fuzz fuzzers valgrind lint
all: $(BIN)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CLI_OBJS) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(LIB) $(PKG_LIBS)

$(O)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) $(CMOCKA_LIBS)

$(O)/fuzz/replay-%: $(O)/tests/fuzz/fuzz-%.o $(O)/tests/fuzz/replay.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(O)/fuzz/fuzz-%: $(O)/tests/fuzz/fuzz-%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

deps:
	@sh scripts/install-deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	@./vfio-ready; rc=$$?; [ $$rc -le 1 ] || exit $$rc

# Every test tier; ends with one "N passed, N failed" line.
test: $(BIN) $(TEST_BINS) $(REPLAY_BINS)
	@sh tests/run.sh $(O) ./$(BIN)

check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory vmcheck

# Boots guests under QEMU (installs qemu-system-x86, busybox-static,
# acpica-tools and pciutils when root); skips only where QEMU cannot run.
vmcheck: $(BIN)
	@bash tests/vm/vmcheck.sh ./$(BIN)

asan:
	@$(MAKE) --no-print-directory O=build-asan SANITIZE=address,undefined \
		CC=$(CC) OPT="-O1 -g" test

# libFuzzer needs clang and its runtime (tests/fuzz/run.sh installs them
# when root).  New inputs land in tests/fuzz/corpus/NAME/; crashes in
# build-fuzz/crashes/NAME/.
fuzz:
	@sh tests/fuzz/run.sh --setup
	@$(MAKE) --no-print-directory O=build-fuzz CC=clang OPT="-O1 -g" \
		SANITIZE=address,undefined FUZZ_CFLAGS=-fsanitize=fuzzer-no-link fuzzers
	@sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ)

fuzzers: $(FUZZ_BINS)

valgrind: $(BIN)
	@sh tests/valgrind.sh ./$(BIN)

# A benchmark, not a test: the audit against lspci on generated trees of
# 256, 1024 and 4096 functions (cached in build-bench/), wall time and
# peak RSS, and whether the targets of the "Scale" issue are met.
.PHONY: bench
bench: $(BIN)
	@sh tests/bench/bench.sh ./$(BIN) build-bench

lint:
	@sh scripts/lint.sh

# keep the objects that chained rules build on the way (fuzz and replay)
.SECONDARY:

golden: $(BIN)
	@sh tests/run-fixtures.sh --update ./$(BIN) $(FIXTURES)

# The section between the marker comments of doc/vfio-ready.8 is the output
# of `vfio-ready explain --man`; tests/run-explain.sh fails when it is stale.
doc: $(BIN)
	@grep -qxF '.\" BEGIN FINDING CODES' doc/vfio-ready.8 && \
	 grep -qxF '.\" END FINDING CODES' doc/vfio-ready.8 || \
	 { echo "doc/vfio-ready.8 lacks the FINDING CODES markers"; exit 1; }
	@./$(BIN) explain --man > $(O)/finding-codes.man
	@awk -v gen=$(O)/finding-codes.man \
		'/^\.\\" END FINDING CODES$$/ { skip = 0 } !skip { print } \
		 /^\.\\" BEGIN FINDING CODES$$/ { \
			while ((getline l < gen) > 0) print l; skip = 1 }' \
		doc/vfio-ready.8 > $(O)/vfio-ready.8.new
	@mv $(O)/vfio-ready.8.new doc/vfio-ready.8
	@echo "doc/vfio-ready.8: FINDING CODES regenerated"

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/vfio-ready
	install -m 644 doc/vfio-ready.8 $(DESTDIR)$(PREFIX)/share/man/man8/vfio-ready.8

clean:
	rm -rf build build-asan build-fuzz vfio-ready

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) \
	$(FUZZ_NAMES:%=$(O)/tests/fuzz/fuzz-%.d) $(O)/tests/fuzz/replay.d
