/*
 * rowsname.c: xf_rows_named, the one test of a file name for CSV or TSV
 * that xf-intake and xf-classify share: .csv, .tsv, .tab, any case,
 * gzipped or not; anything else says nothing and leaves *fmt alone.
 */
#include "tap.h"
#include "xf.h"

/* The format name says, or -1 when it says none. */
static int
named(const char *name)
{
	enum xf_rowfmt f = XF_CSV;

	return xf_rows_named(name, &f) ? (int)f : -1;
}

int
main(void)
{
	is_int(named("a.csv"), XF_CSV, "a.csv: CSV");
	is_int(named("a.tsv"), XF_TSV, "a.tsv: TSV");
	is_int(named("a.tab"), XF_TSV, "a.tab: TSV");
	is_int(named("A.TSV"), XF_TSV, "any case");
	is_int(named("a.tsv.gz"), XF_TSV, "gzipped TSV");
	is_int(named("a.CSV.GZ"), XF_CSV, "gzipped CSV, any case");
	is_int(named("dir.tsv/a.csv"), XF_CSV, "the last extension counts");
	is_int(named("a.gz"), -1, "a bare .gz says nothing");
	is_int(named("a.tsv.bak"), -1, "a.tsv.bak says nothing");
	is_int(named("inbox.mbox"), -1, "mbox says nothing");
	is_int(named(".tsv"), -1, "no name before the extension");
	is_int(named("stdin"), -1, "stdin says nothing");
	return done_testing();
}
