#!/bin/sh
# xf-intake -r FILE: the reject file is opened only once the store and the
# inputs are known, and one that is the store, a file SQLite keeps beside
# it, or an input is refused (exit 2) with nothing truncated.
. "$(dirname "$0")/lib.sh"

plan 33

# The store holds more than the input, so a store made again from the
# input alone would not look the same.
printf 'subject,body\nearlier,zero\n' > earlier.csv
printf 'subject,body\nfirst,one\nsecond,two\n"broken,three\n' > in.csv
xf-intake earlier.csv in.csv > /dev/null 2>&1
refs() { db "select group_concat(ref || '=' || subject, ' ') from complaint"; }
want=$(refs)
cp "$XF_DB" store.copy
cp in.csv in.copy

# refused NAME ARGS...: exit 2 with a message, store, input and refs as
# they were, and the next import still goes on from them.
refused() {
	_what=$1
	shift
	exit_is 2 "$_what: exit 2" xf-intake "$@"
	like "$(cat stderr)" "*-r *not overwritten*" "$_what: says why"
	check "$_what: the store is byte for byte as it was" cmp store.copy "$XF_DB"
	check "$_what: the input is byte for byte as it was" cmp in.copy in.csv
	is "$(refs)" "$want" "$_what: refs unchanged"
}

refused "-r the store" -r "$XF_DB" in.csv
refused "-r the store's -wal (not there yet)" -r "$XF_DB-wal" in.csv
refused "-r the store's -batch (the locks of live runs)" -r "$XF_DB-batch" in.csv
ln -s xf.db link
refused "-r a symlink to the store" -r link in.csv
mkdir sub
refused "-r the input, by another path" -r sub/../in.csv in.csv
refused "-r the input read from stdin" -r in.csv - < in.csv

# A reject file that is none of them works as before.
exit_is 1 "-r another file: the bad row is rejected" xf-intake -r bad.csv in.csv
printf 'subject,body\n"broken,three\n' > want.rej
check "-r another file: holds the header and the bad row" cmp want.rej bad.csv
printf 'subject,body\nthird,3\n' > more.csv
xf-intake more.csv > more.tsv 2> /dev/null
is "$(tail -n 1 more.tsv | cut -f 1)" "XF-2026-000004" \
    "refs go on after the refused runs"
