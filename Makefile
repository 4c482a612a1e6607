# xf: complaint (信访) handling toolkit.  Plain make; see README.md.
#
# The checks, each in folders of its own beside build/ and bin/:
#   make check           unit and shell tests (gcc, -Wall -Wextra -Werror)
#   make check-san       the same built by clang with ASan and UBSan
#                        (SAN_CC=gcc for gcc's); CI runs both
#   make fuzz            every libFuzzer harness of tests/fuzz/ for
#                        FUZZ_SECONDS (60) each, failing on any crash,
#                        leak, timeout or sanitizer report; CI runs it
#                        with FUZZ_SECONDS=10 (tests/fuzz/README)
#   make check-valgrind  the unit tests and every command of the shell
#                        tests under valgrind: nightly, not CI (a shell
#                        test takes some 70 times as long, hours for
#                        them all; VG_TESTS="tests/004*.t" runs some)
#   make CC=clang O=build-clang B=bin-clang all units
#                        clang's warnings, which must pass as gcc's do

# The release, which every command prints for --version.
VERSION	= 0.4.0

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
DATADIR	?= $(PREFIX)/share/xf

CC	?= cc
CFLAGS	?= -O2 -g
# O and B name the object and binary folders, so a sanitizer build
# (make check-san) sits beside the normal one instead of replacing it.
O	?= build
B	?= bin

PKGS	= sqlite3 zlib gmime-3.0
XCFLAGS	= -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -Wall -Wextra -Werror \
	  -DXF_VERSION='"$(VERSION)"' \
	  -Ilib -I$(O) $$(pkg-config --cflags $(PKGS)) $(SANFLAGS)
LDLIBS	= $(O)/libxf.a $$(pkg-config --libs $(PKGS)) -lcsv -lxlsxwriter -lm $(SANFLAGS)

LIBSRC	= $(wildcard lib/*.c)
LIBOBJ	= $(LIBSRC:lib/%.c=$(O)/%.o) $(O)/schemas.o
CMDS	= $(patsubst cmd/%.c,%,$(wildcard cmd/xf-*.c))
BINS	= $(CMDS:%=$(B)/%)
UNITS	= $(patsubst tests/unit/%.c,$(O)/unit/%.t,$(wildcard tests/unit/*.c))
MAN1	= $(wildcard man1/*.1)
MAN7	= $(wildcard man1/*.7)

all: $(BINS)

# The compiler and flags a folder's objects were built with, rewritten
# only when they change: a folder built again by another compiler or
# with other sanitizers (make check-san SAN_CC=gcc after clang) is
# rebuilt whole instead of linking objects of both.
$(O)/cc: FORCE
	@mkdir -p $(O)
	@printf '%s\n' '$(CC) $(CFLAGS) $(SANFLAGS)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(O)/%.o: lib/%.c lib/xf.h lib/xf-private.h $(O)/cc
	@mkdir -p $(O)
	$(CC) $(CFLAGS) $(XCFLAGS) -c -o $@ $<

# The schema is compiled into the binaries so a store can be created
# anywhere without an installed share/.  share/schema.sql is version 1
# and each share/schema-N.sql the step to version N: a new version is a
# new file, and scripts/embed numbers the store's version from the files
# (refusing a gap) and writes them, in order, as one table.
SCHEMAS	= share/schema.sql $(wildcard share/schema-*.sql)

$(O)/schemas.h: $(SCHEMAS) scripts/embed
	@mkdir -p $(O)
	sh scripts/embed -h $(SCHEMAS) > $@.tmp && mv $@.tmp $@

$(O)/schemas.c: $(SCHEMAS) scripts/embed
	@mkdir -p $(O)
	sh scripts/embed $(SCHEMAS) > $@.tmp && mv $@.tmp $@

$(O)/schemas.o: $(O)/schemas.c $(O)/schemas.h $(O)/cc
	$(CC) $(CFLAGS) $(XCFLAGS) -c -o $@ $<

# DATADIR is compiled into share.o through paths.h, which is rewritten
# only when DATADIR changes: `make install PREFIX=...` after a plain
# `make` rebuilds share.o, so the installed commands look where install
# puts their data.
$(O)/paths.h: FORCE
	@mkdir -p $(O)
	@printf '#define XF_DATADIR "%s"\n' '$(DATADIR)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(O)/share.o: $(O)/paths.h

# store.c sizes its table of C steps by the version.
$(O)/store.o: $(O)/schemas.h

$(O)/libxf.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

# cmd/cmd.c: what the commands share that prints or exits (not lib/).
$(O)/cmd.o: cmd/cmd.c cmd/cmd.h lib/xf.h Makefile $(O)/cc
	@mkdir -p $(O)
	$(CC) $(CFLAGS) $(XCFLAGS) -c -o $@ cmd/cmd.c

$(B)/%: cmd/%.c $(O)/cmd.o $(O)/libxf.a lib/xf.h cmd/cmd.h $(O)/cc
	@mkdir -p $(B)
	$(CC) $(CFLAGS) $(XCFLAGS) -o $@ $< $(O)/cmd.o $(LDLIBS)

$(O)/unit/%.t: tests/unit/%.c $(wildcard tests/unit/*.h) $(O)/libxf.a $(O)/cc
	@mkdir -p $(O)/unit
	$(CC) $(CFLAGS) $(XCFLAGS) -Itests/unit -o $@ $< $(LDLIBS)

deps:
	@sh scripts/install-deps

# The unit tests are not in bin/, where a command finds the tree's
# share/ (templates, policy): XF_SHARE names it for them.
check: deps
	@$(MAKE) --no-print-directory all units
	XF_BIN=$(CURDIR)/$(B) XF_SHARE=$(CURDIR)/share \
	    prove -f $(UNITS) tests/*.t

units: $(UNITS)

# The same tests with AddressSanitizer and UBSan, in their own folders,
# built by clang, whose UBSan checks more than gcc's (NULL + 0, which
# C leaves undefined); the plain build is gcc's.  SAN_CC=gcc for gcc's.
SAN_CC	?= clang
check-san: deps
	@$(MAKE) --no-print-directory O=build-san B=bin-san CFLAGS="-O1 -g" \
	    CC=$(SAN_CC) \
	    SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    all units
	ASAN_OPTIONS=detect_leaks=1 XF_BIN=$(CURDIR)/bin-san XF_SLOW=1 \
	    XF_SHARE=$(CURDIR)/share prove -f $(UNITS:$(O)/%=build-san/%) tests/*.t

# The unit tests, and every command of the shell tests (VG_TESTS), run
# under valgrind: a nightly check (see the top of this file).  A definite
# leak or any memory error fails.
VALGRIND = valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
	  --error-exitcode=99
VG_TESTS ?= tests/*.t
check-valgrind: deps
	@$(MAKE) --no-print-directory all units
	XF_SHARE=$(CURDIR)/share prove -f --exec '$(VALGRIND)' $(UNITS)
	XF_BIN=$(CURDIR)/$(B) XF_WRAP="$(VALGRIND)" XF_SHARE=$(CURDIR)/share \
	    prove -f $(VG_TESTS)

# libFuzzer harnesses (tests/fuzz/, one a parser; see its README), built
# by clang with ASan and UBSan in their own folder, each run for
# FUZZ_SECONDS (FUZZERS names some).  Any crash, leak, timeout or
# sanitizer report fails, leaving the input in build-fuzz/crash/; what
# a run learns stays in build-fuzz/corpus/, so the next run starts from
# it.  tests/fuzz/corpus/NAME/ seeds NAME; mail, mailreg and mbox read
# the messages of tests/data too.  FUZZ_SECONDS=10 is CI's short run.
FUZZ_SECONDS	?= 60
FUZZ_CC		?= clang
FUZZERS		?= $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c))
FUZZ_SAN	= -fsanitize=address,undefined -fno-sanitize-recover=all \
	  -fno-omit-frame-pointer
# -timeout: seconds one input may take; -rss_limit_mb: memory it may use.
FUZZ_OPTS	= -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	  -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1

$(O)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(O)/libxf.a $(O)/cc
	@mkdir -p $(O)/fuzz
	$(CC) $(CFLAGS) $(XCFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< \
	    $(LDLIBS)

fuzz-build: deps
	@$(MAKE) --no-print-directory O=build-fuzz B=bin-fuzz CC=$(FUZZ_CC) \
	    CFLAGS="-O1 -g" SANFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" \
	    $(FUZZERS:%=build-fuzz/fuzz/%)

fuzz: fuzz-build
	@for f in $(FUZZERS); do \
	    mkdir -p build-fuzz/corpus/$$f build-fuzz/crash/$$f && \
	    seeds=tests/fuzz/corpus/$$f; \
	    case $$f in \
	    mail|mailreg) seeds="$$seeds tests/data/mail tests/data/mail-intake" ;; \
	    mbox) seeds="$$seeds tests/data/mail-intake" ;; esac; \
	    echo "fuzz: $$f, $(FUZZ_SECONDS) s"; \
	    XF_SHARE=$(CURDIR)/share \
	    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    build-fuzz/fuzz/$$f $(FUZZ_OPTS) \
	        -artifact_prefix=build-fuzz/crash/$$f/ \
	        build-fuzz/corpus/$$f $$seeds \
	        > build-fuzz/$$f.log 2>&1 || \
	    { tail -50 build-fuzz/$$f.log; \
	      echo "fuzz: $$f failed; its input is in build-fuzz/crash/$$f/"; \
	      exit 1; }; \
	    grep -E '^Done|^stat::(average_exec_per_sec|new_units_added|peak_rss_mb)' \
	        build-fuzz/$$f.log; \
	done

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo

# The benchmark's data generator is a build tool, not an installed command.
$(O)/xf-gen: bench/gen.c
	@mkdir -p $(O)
	$(CC) $(CFLAGS) $(XCFLAGS) -o $@ bench/gen.c

bench: deps
	@$(MAKE) --no-print-directory all $(O)/xf-gen
	XF_BIN=$(CURDIR)/$(B) XF_GEN=$(CURDIR)/$(O)/xf-gen sh scripts/bench $(BENCH_ARGS)

# The queries of a big store (BENCH_SCALE_ARGS: -N for 10,000,000 rows,
# -n rows, -s store, -k).
bench-scale: deps
	@$(MAKE) --no-print-directory all $(O)/xf-gen
	XF_BIN=$(CURDIR)/$(B) XF_GEN=$(CURDIR)/$(O)/xf-gen sh scripts/bench-scale $(BENCH_SCALE_ARGS)

# xf-classify against scikit-learn's LinearSVC on the same folds, on the
# sample sets (BENCH_CLASSIFY_ARGS: -k folds, file text label ...);
# needs python3-sklearn, which make check never does.
DATA	?= ../shared/data
PYTHON	?= python3
BENCH_CLASSIFY_ARGS ?= $(DATA)/waimai-10k.csv review label \
	$(DATA)/cfpb-sample.csv 'Consumer complaint narrative' Product \
	$(DATA)/cfpb-sample.csv 'Consumer complaint narrative' Issue
bench-classify: all
	XF_BIN=$(CURDIR)/$(B) $(PYTHON) scripts/bench-classify $(BENCH_CLASSIFY_ARGS)

# The kill test of tests/0033 at bench size (BENCH_KILL_ARGS: -n -k -b).
bench-kill: deps
	@$(MAKE) --no-print-directory all $(O)/xf-gen
	XF_BIN=$(CURDIR)/$(B) XF_GEN=$(CURDIR)/$(O)/xf-gen sh scripts/bench-kill $(BENCH_KILL_ARGS)

# Bulk moves, complaints moved a second (BENCH_MOVES_ARGS: -n -r, and
# -o old-bin to interleave runs of other binaries with these).
bench-moves: all
	XF_BIN=$(CURDIR)/$(B) sh scripts/bench-moves $(BENCH_MOVES_ARGS)

# The soak of tests/0147 (8 processes on one store) for longer:
# SOAK_SECONDS, 300 unless given.
SOAK_SECONDS ?= 300
soak: all
	SOAK_SECONDS=$(SOAK_SECONDS) XF_BIN=$(CURDIR)/$(B) prove tests/0147-soak.t

# Pictures of an HTML report at a phone's and a desktop's width, for a
# person to look at: REPORT=week.html to shoot one, else the sample
# report of tests/unit/rhtml.c in English and Chinese.  Needs Debian's
# chromium, which is not among the deps: without it, a message only.
report-shot: units
	@mkdir -p $(O)/report-shot
	@if [ -n "$(REPORT)" ]; then \
	    sh scripts/report-shot "$(REPORT)" $(O)/report-shot/report.png; \
	else for l in en zh; do \
	    $(O)/unit/rhtml.t -w sample $$l $(O)/report-shot/sample-$$l.html && \
	    sh scripts/report-shot $(O)/report-shot/sample-$$l.html \
	        $(O)/report-shot/sample-$$l.png || exit 1; \
	done; fi

lint:
	mandoc -Tlint -Wwarning $(MAN1) $(MAN7)

# What install puts in DATADIR, each file named, so that uninstall
# removes exactly these and never a folder's other files.
DATA	= share/rules.tsv share/taxonomy.tsv share/policy.tsv share/routing.tsv
CALS	= $(wildcard share/calendar/*.tsv)
# What xf says to complainants (KIND.LANG) and the canned answers.
TMPLS	= $(wildcard share/templates/*.*)
CANNED	= $(wildcard share/templates/canned/*.*)
CRON	= scripts/cron/crontab.example scripts/cron/xf-overdue-mail \
	  scripts/cron/xf-weekly-mail
# The scripts name the commands and data by the default places; the
# installed copies name where this install put them.
RELOCATE = sed -e 's|/usr/local/share/xf|$(DATADIR)|g' \
	  -e 's|/usr/local/bin|$(BINDIR)|g' \
	  -e 's|^: "$${XF_INTAKE:=xf-intake}"|: "$${XF_INTAKE:=$(BINDIR)/xf-intake}"|'

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)/calendar \
	    $(DESTDIR)$(DATADIR)/cron $(DESTDIR)$(DATADIR)/templates/canned
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	for m in $(MAN1); do $(RELOCATE) $$m > $(DESTDIR)$(MANDIR)/man1/$${m#man1/}; done
	for m in $(MAN7); do $(RELOCATE) $$m > $(DESTDIR)$(MANDIR)/man7/$${m#man1/}; done
	cp $(DATA) $(DESTDIR)$(DATADIR)/
	cp $(CALS) $(DESTDIR)$(DATADIR)/calendar/
	cp $(TMPLS) $(DESTDIR)$(DATADIR)/templates/
	cp $(CANNED) $(DESTDIR)$(DATADIR)/templates/canned/
	for f in scripts/mail/xf-deliver $(CRON); do \
	    case $$f in */cron/*) d=$(DESTDIR)$(DATADIR)/cron ;; \
	    *) d=$(DESTDIR)$(DATADIR) ;; esac; \
	    $(RELOCATE) $$f > $$d/$${f##*/} && chmod 755 $$d/$${f##*/}; \
	done
	chmod 644 $(DESTDIR)$(DATADIR)/cron/crontab.example

# Only what install put there; a folder goes only when it is left empty.
uninstall:
	cd $(DESTDIR)$(BINDIR) && rm -f $(CMDS)
	for m in $(MAN1); do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#man1/}; done
	for m in $(MAN7); do rm -f $(DESTDIR)$(MANDIR)/man7/$${m#man1/}; done
	for f in $(DATA) scripts/mail/xf-deliver; do \
	    rm -f $(DESTDIR)$(DATADIR)/$${f##*/}; done
	for f in $(CALS); do rm -f $(DESTDIR)$(DATADIR)/calendar/$${f##*/}; done
	for f in $(CRON); do rm -f $(DESTDIR)$(DATADIR)/cron/$${f##*/}; done
	for f in $(TMPLS); do rm -f $(DESTDIR)$(DATADIR)/templates/$${f##*/}; done
	for f in $(CANNED); do \
	    rm -f $(DESTDIR)$(DATADIR)/templates/canned/$${f##*/}; done
	rmdir $(DESTDIR)$(DATADIR)/calendar $(DESTDIR)$(DATADIR)/cron \
	    $(DESTDIR)$(DATADIR)/templates/canned \
	    $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR) 2>/dev/null || :

clean:
	rm -rf build build-san bin bin-san build-fuzz

.PHONY: FORCE all check check-san check-valgrind units deps demo bench bench-classify bench-kill bench-moves bench-scale soak lint \
	fuzz fuzz-build \
	report-shot \
	install uninstall clean
.SECONDARY:
FORCE:
