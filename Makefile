# migcheck: `make` builds build/migcheck; `make demo` and `make check` first
# install the Debian packages the project needs (scripts/install-deps.sh).

CC ?= cc
CXX ?= c++
COMMA := ,
CLANG ?= clang
BUILD := build
VERSION := 0.1.0

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS += -Iinclude -Isrc -I/usr/include/libxml2 -D_GNU_SOURCE -DMIGCHECK_VERSION=\"$(VERSION)\"
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 $(WARN)
LIBS := -lZydis -lZycore -ldw -lelf -ljson-c -lxxhash -lpthread

LIB_SRC := $(sort $(wildcard src/cpu/*.c src/catalog/*.c src/code/*.c src/proc/*.c src/analysis/*.c src/check/*.c \
			  src/report/*.c src/util/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FIXTURE_SRC := $(sort $(wildcard tests/fixtures/*.c tests/fixtures/*.cc))
FIXTURE_BIN := $(patsubst tests/fixtures/%,$(BUILD)/fixtures/%,$(basename $(FIXTURE_SRC)))
FIXTURE_LIB := $(patsubst tests/fixtures/lib/%.c,$(BUILD)/fixtures/lib%.so,$(wildcard tests/fixtures/lib/*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
ASAN_LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/asan/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
ASAN_UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/asan/tests/%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all deps demo check unit unit-asan e2e fixtures fuzz fuzz-run format format-check clean bench

all: $(BUILD)/migcheck

deps:
	./scripts/install-deps.sh

$(BUILD)/libmigcheck.a: $(LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/migcheck: $(CLI_OBJ) $(BUILD)/libmigcheck.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -MMD -MP -c $< -o $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test_util.h $(BUILD)/libmigcheck.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -Wno-missing-prototypes -o $@ $< $(BUILD)/libmigcheck.a $(LIBS) -lcmocka

$(BUILD)/asan/tests/%: tests/unit/%.c tests/unit/test_util.h $(ASAN_LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(SAN) -Wno-missing-prototypes -o $@ $< $(ASAN_LIB_OBJ) $(LIBS) -lcmocka

# libFuzzer targets: clang only, with the library compiled in.
$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIB_SRC)
	@mkdir -p $(dir $@)
	$(CLANG) $(CPPFLAGS) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< $(LIB_SRC) $(LIBS)

unit: $(UNIT_BIN) fixtures
	@set -e; rm -rf $(BUILD)/test-cache; for t in $(UNIT_BIN); do echo "== $$t"; \
		MIGCHECK_CACHE_DIR=$(BUILD)/test-cache $$t; done

unit-asan: $(ASAN_UNIT_BIN) fixtures
	@set -e; for t in $(ASAN_UNIT_BIN); do echo "== $$t (ASan+UBSan)"; \
		MIGCHECK_CACHE_DIR=$(BUILD)/test-cache ASAN_OPTIONS=detect_leaks=1 \
		UBSAN_OPTIONS=print_stacktrace=1 $$t; done

# Small programs that put specific features in specific places. Lazy
# binding is asked for explicitly: the ifunc case needs an unbound slot.
FIXTURE_FLAGS := -O2 -g -Wall -Wextra -Werror -Wl,-z,lazy
$(BUILD)/fixtures/%: tests/fixtures/%.c tests/fixtures/fixture.h $(FIXTURE_LIB)
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(FIXTURE_FLAGS) $(if $(filter constants,$*),-no-pie) \
		$(if $(filter rodata_rx,$*),-Wl$(COMMA)-z$(COMMA)noseparate-code) \
		$(if $(filter resolver_after_call,$*),-rdynamic) \
		-o $@ $< -L$(BUILD)/fixtures \
		$(if $(filter ifunc_user,$*),-lifunc -Wl$(COMMA)-rpath$(COMMA)'$$ORIGIN') -lpthread -ldl

$(BUILD)/fixtures/%: tests/fixtures/%.cc tests/fixtures/fixture.h
	@mkdir -p $(dir $@)
	$(CXX) -std=gnu++17 $(FIXTURE_FLAGS) -o $@ $<

$(BUILD)/fixtures/lib%.so: tests/fixtures/lib/%.c tests/fixtures/fixture.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -fPIC -shared \
		$(if $(filter sysvhash,$*),-Wl$(COMMA)--hash-style=sysv) -o $@ $<

# A 32-bit process for the refusal test, from binutils alone.
$(BUILD)/fixtures/loop32: tests/fixtures/asm32/loop32.s
	@mkdir -p $(dir $@)
	as --32 -o $@.o $< && ld -m elf_i386 -o $@ $@.o

fixtures: $(FIXTURE_BIN) $(FIXTURE_LIB) $(BUILD)/fixtures/loop32

e2e: $(BUILD)/migcheck fixtures
	tests/e2e/run.sh $(BUILD)/migcheck
	tests/e2e/paths.sh $(BUILD)/migcheck
	tests/e2e/watch.sh $(BUILD)/migcheck
	tests/e2e/jit.sh $(BUILD)/migcheck

fuzz: $(FUZZ_BIN)

# A short run of every fuzz target, seeded from tests/fuzz/corpus/<target>.
fuzz-run: $(FUZZ_BIN)
	@set -e; for f in $(FUZZ_BIN); do n=$$(basename $$f); \
		mkdir -p $(BUILD)/fuzz/corpus-$$n; \
		echo "== $$n (20 s)"; \
		if ! $$f -max_total_time=20 -max_len=65536 \
		    -artifact_prefix=$(BUILD)/fuzz/$$n- \
		    $(BUILD)/fuzz/corpus-$$n tests/fuzz/corpus/$$n \
		    >$(BUILD)/fuzz/$$n.log 2>&1; then \
			tail -n 40 $(BUILD)/fuzz/$$n.log; exit 1; fi; \
		tail -n 1 $(BUILD)/fuzz/$$n.log; done

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(FORMAT_FILES)

format-check:
	clang-format --dry-run --Werror $(FORMAT_FILES)

demo: deps all
	@scripts/demo.sh $(BUILD)/migcheck

check: deps all
	$(MAKE) unit
	$(MAKE) unit-asan
	$(MAKE) e2e
	$(MAKE) fuzz-run
	$(MAKE) format-check
	@echo "make check: all passed"

bench: all
	bench/run.sh
	bench/watch.sh
	bench/jit.sh

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(ASAN_LIB_OBJ:.o=.d)
