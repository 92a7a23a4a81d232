# weft - one plain GNU Makefile. Outputs go under build/ (ignored by git).
#   make            runtime, weft command, compiler wrappers, samples
#   make check      every test (unit, end-to-end, real binaries); ends with "N passed, N failed"
#   make demo       weft run on a sample with a real deadlock
#   make install PREFIX=/usr/local [DESTDIR=...]
#   make bench      side-by-side benchmarks (see bench/)

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
B := build
VERSION := 0.1.0

WARN := -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes \
        -Wno-unused-parameter -Wformat=2 -Wundef -Wvla
OPT ?= -O2 -g
BASE_CFLAGS := -std=gnu11 $(OPT) $(WARN) -D_GNU_SOURCE -DWEFT_VERSION=\"$(VERSION)\" -iquote common
DEPFLAGS = -MMD -MP

DEPS_STAMP := $(B)/.deps-ok
PKGS := libunwind libdw ncursesw

# Package checks run only when building (not for `make clean`).
ifneq ($(filter-out clean,$(MAKECMDGOALS)),)
NEED_DEPS := 1
endif
ifeq ($(MAKECMDGOALS),)
NEED_DEPS := 1
endif

ifeq ($(NEED_DEPS),1)
DEPS_STATUS := $(shell tools/ensure-deps >&2; echo $$?)
ifneq ($(DEPS_STATUS),0)
$(error missing build dependencies (see the line above))
endif
UNWIND_CFLAGS := $(shell pkg-config --cflags libunwind libdw)
UNWIND_LIBS := $(shell pkg-config --libs libunwind)
DW_LIBS := $(shell pkg-config --libs libdw)
CURSES_CFLAGS := $(shell pkg-config --cflags ncursesw)
CURSES_LIBS := $(shell pkg-config --libs ncursesw)
endif

COMMON_SRC := $(wildcard common/*.c)
RUNTIME_SRC := $(wildcard runtime/*.c)
CLI_SRC := $(wildcard cli/*.c cli/tui/*.c)
SAMPLE_SRC := $(wildcard samples/*.c)

RUNTIME_OBJ := $(patsubst %.c,$(B)/obj/rt/%.o,$(RUNTIME_SRC) $(COMMON_SRC))
CLI_OBJ := $(patsubst %.c,$(B)/obj/cli/%.o,$(CLI_SRC) $(COMMON_SRC))
SAMPLES := $(patsubst samples/%.c,$(B)/samples/%,$(SAMPLE_SRC))
# Race-detector samples are instrumented: built with weft-cc, with gcc (NAME) and clang (NAME.clang).
RACE_SAMPLE_SRC := $(wildcard samples/race_*.c)
ifneq ($(shell command -v clang 2>/dev/null),)
SAMPLES += $(patsubst samples/%.c,$(B)/samples/%.clang,$(RACE_SAMPLE_SRC))
endif

LIBWEFT := $(B)/lib/weft/libweft.so
LIBACCESS := $(B)/lib/weft/libweft_access.a
WEFT := $(B)/bin/weft
WRAPPERS := $(B)/bin/weft-cc $(B)/bin/weft-c++

all: $(LIBWEFT) $(LIBACCESS) $(WEFT) $(WRAPPERS) $(SAMPLES)

# The runtime lives inside someone else's process: hidden symbols, a version script exporting only
# interceptors and the compiler-callback ABI, initial-exec TLS.
RT_CFLAGS := $(BASE_CFLAGS) -fPIC -fvisibility=hidden -ftls-model=initial-exec \
             -fno-omit-frame-pointer -iquote runtime $(UNWIND_CFLAGS)
$(B)/obj/rt/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(LIBWEFT): $(RUNTIME_OBJ) runtime/exports.map
	@mkdir -p $(dir $@)
	$(CC) -shared -o $@ $(RUNTIME_OBJ) -Wl,--version-script=runtime/exports.map -Wl,-z,nodelete \
	      $(UNWIND_LIBS) -ldl -lpthread

# The access callbacks again, for weft-cc to link into each instrumented module (runtime/access_abi.h).
# The copy may only use what libweft.so lends it: any other undefined symbol fails the build.
# No DWARF (-g0; unwind tables stay): its compile unit made libdw lose the source lines of clang's
# units in the same program, and its frames never appear in reports.
$(B)/obj/access/tsan_access.o: runtime/tsan_access.c
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -g0 -DWEFT_ACCESS_STATIC $(DEPFLAGS) -c $< -o $@
$(LIBACCESS): $(B)/obj/access/tsan_access.o
	@mkdir -p $(dir $@)
	@bad=$$(nm -u $< | awk '{print $$2}' | grep -v '^__weft2_\|^_GLOBAL_OFFSET_TABLE_$$' || true); \
	 if [ -n "$$bad" ]; then echo "tsan_access.o uses symbols libweft.so does not lend: $$bad" >&2; exit 1; fi
	rm -f $@ && ar rcs $@ $<

CLI_CFLAGS := $(BASE_CFLAGS) -iquote cli $(CURSES_CFLAGS) $(UNWIND_CFLAGS)
$(B)/obj/cli/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CLI_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(WEFT): $(CLI_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $(CLI_OBJ) $(CURSES_LIBS) $(DW_LIBS) -lm

$(B)/bin/weft-cc: instrument/weft-cc.in
	@mkdir -p $(dir $@)
	cp $< $@ && chmod +x $@
$(B)/bin/weft-c++: $(B)/bin/weft-cc
	ln -sf weft-cc $@

# Samples: plain programs, built natively with debug info (PIE, -O1 so stacks stay readable).
$(B)/samples/%: samples/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -g -Wall -Wno-unused-result -D_GNU_SOURCE -o $@ $< -lpthread

$(B)/samples/race_%: samples/race_%.c $(WRAPPERS) $(LIBWEFT) $(LIBACCESS)
	@mkdir -p $(dir $@)
	WEFT_CC=gcc $(B)/bin/weft-cc -std=gnu11 -O1 -g -Wall -D_GNU_SOURCE -o $@ $< -lpthread
# Explore samples whose bug lies between atomics: instrumented, so atomics are scheduling points.
$(B)/samples/explore_cc_%: samples/explore_cc_%.c $(WRAPPERS) $(LIBWEFT) $(LIBACCESS)
	@mkdir -p $(dir $@)
	WEFT_CC=gcc $(B)/bin/weft-cc -std=gnu11 -O1 -g -Wall -D_GNU_SOURCE -o $@ $< -lpthread
$(B)/samples/race_%.clang: samples/race_%.c $(WRAPPERS) $(LIBWEFT) $(LIBACCESS)
	@mkdir -p $(dir $@)
	WEFT_CC=clang $(B)/bin/weft-cc -std=gnu11 -O1 -gdwarf-4 -Wall -D_GNU_SOURCE -o $@ $< -lpthread

# Gallery (samples/gallery/, docs/tutorial.md): backend programs with their fixed twins. Built like
# the samples above, natively -- except those whose header has the line " * build: weft-cc" (the
# races), which are built with weft-cc (gcc). Tested by tests/gallery.sh.
GALLERY_SRC := $(wildcard samples/gallery/*.c)
GALLERY_CC_SRC := $(shell grep -l '^ \* build: weft-cc' /dev/null $(GALLERY_SRC))
GALLERY := $(patsubst samples/%.c,$(B)/samples/%,$(GALLERY_SRC))
GALLERY_CC := $(patsubst samples/%.c,$(B)/samples/%,$(GALLERY_CC_SRC))
all: $(GALLERY)
$(filter-out $(GALLERY_CC),$(GALLERY)): $(B)/samples/gallery/%: samples/gallery/%.c samples/gallery/gallery.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE -o $@ $< -lpthread
$(GALLERY_CC): $(B)/samples/gallery/%: samples/gallery/%.c samples/gallery/gallery.h $(WRAPPERS) $(LIBWEFT) $(LIBACCESS)
	@mkdir -p $(dir $@)
	WEFT_CC=gcc $(B)/bin/weft-cc -std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE -o $@ $< -lpthread
# the verdict of a weft explore report, for tests/gallery.sh
$(B)/tests/explore_verdict: tests/e2e/explore_verdict.c common/report.c common/report_json.c common/report.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -o $@ tests/e2e/explore_verdict.c common/report.c common/report_json.c
all: $(B)/tests/explore_verdict

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# ---- tests ----
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
# Unit tests link the pure modules directly, without preloading.
UNIT_MODULES := $(filter-out $(B)/obj/rt/runtime/i_%.o,$(RUNTIME_OBJ))
$(B)/tests/test_rt_%: tests/unit/test_rt_%.c $(UNIT_MODULES)
	@mkdir -p $(dir $@)
	$(CC) $(RT_CFLAGS) -o $@ $< $(UNIT_MODULES) $(UNWIND_LIBS) $(DW_LIBS) -ldl -lpthread
# Every other unit test links the CLI objects except main.o (report model, formats, weft run, viewer).
$(B)/tests/test_%: tests/unit/test_%.c $(CLI_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CLI_CFLAGS) -o $@ $< $(filter-out $(B)/obj/cli/cli/main.o,$(CLI_OBJ)) $(CURSES_LIBS) $(DW_LIBS) -lm

# e2e checker (tests/e2e, tests/README.md): reads a sample's expectation lines and weft's JSON report.
# Added with the e2e harness; it links only the report model and its JSON reader.
$(B)/tests/expect: tests/e2e/expect.c common/report.c common/report_json.c common/report.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -o $@ tests/e2e/expect.c common/report.c common/report_json.c

check: all $(UNIT_BINS) $(B)/tests/expect
	tests/run-all

demo: all
	tools/demo

bench: all
	bench/run

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/weft $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(WEFT) $(DESTDIR)$(PREFIX)/bin/weft
	install -m 755 $(B)/bin/weft-cc $(DESTDIR)$(PREFIX)/bin/weft-cc
	ln -sf weft-cc $(DESTDIR)$(PREFIX)/bin/weft-c++
	install -m 755 $(LIBWEFT) $(DESTDIR)$(PREFIX)/lib/weft/libweft.so
	install -m 644 $(LIBACCESS) $(DESTDIR)$(PREFIX)/lib/weft/libweft_access.a
	install -m 644 docs/weft.1 $(DESTDIR)$(PREFIX)/share/man/man1/weft.1

clean:
	rm -rf $(B)

.PHONY: all check demo bench install clean
