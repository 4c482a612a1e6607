/*
 * rows: CSV and TSV rows (rows.c, with the charset decoding of input.c)
 * and the header mapping (mapping.c), as xf-intake reads a file: the
 * first good row is the header, or numbers the columns, and every later
 * row is split under it.  The first byte picks the format the caller
 * was told, so the sniffing and the told paths are both taken.
 */
#include "fuzz.h"

struct ctx {
	struct xf_mapping	 map;
	int			 numbered;
	int			 have_header;
	struct xf_buf		 val[XF_NFIELD];
	struct xf_buf		 extra;
};

/* A cell as intake takes it: valid UTF-8 or refused. */
static int
cell(void *arg, const char *s, size_t len, struct xf_buf *out,
    const char *column, struct xf_err *err)
{
	(void)arg;
	xf_buf_reset(out);
	if (!xf_utf8_valid(s, len))
		return xf_errf(err, "%s: not UTF-8", column);
	return xf_buf_add(out, s, len);
}

static int
on_row(void *arg, const struct xf_row *row, struct xf_err *err)
{
	struct ctx *c = arg;
	struct xf_err e;
	size_t i;

	(void)err;
	if (row->error != NULL)
		return 0;
	for (i = 0; i < row->nfield; i++)
		(void)xf_cell_looks_data(row->field[i]);
	if (!c->have_header) {
		if ((c->numbered ? xf_mapping_numbered(&c->map, "fuzz", row,
		    &e) : xf_mapping_header(&c->map, "fuzz", row, &e)) == 0)
			c->have_header = 1;
		if (!c->numbered)
			return 0;
	}
	if (c->have_header &&
	    xf_mapping_split(&c->map, row, c->val, &c->extra, &e) == 0)
		(void)xf_extra_end(&c->extra, &e);
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup(0);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = { NULL, "gb18030", "utf-16le",
	    "latin1" };
	struct xf_rowopt opt = { 0 };
	struct xf_input *in;
	struct xf_err e;
	struct ctx c;
	uint8_t how;
	size_t i;

	if (size < 1)
		return 0;
	how = data[0];
	data++;
	size--;
	memset(&c, 0, sizeof(c));
	xf_mapping_init(&c.map, cell, NULL);
	if (how & 0x80)		/* an explicit map, as -m subject=Title */
		(void)xf_mapping_add(&c.map, XF_F_SUBJECT, "Title", &e);
	c.numbered = (how & 0x40) != 0;
	opt.fmt = (how & 1) ? XF_TSV : XF_CSV;
	opt.guess = (how & 2) != 0;
	opt.delim = (how & 4) ? ';' : 0;
	opt.charset = charsets[(how >> 3) & 3];
	(void)xf_rows_sniff((const char *)data, size);
	in = fuzz_input(data, size);
	(void)xf_rows_read(in, &opt, on_row, &c, &e);
	xf_input_close(in);
	xf_mapping_free(&c.map);
	for (i = 0; i < XF_NFIELD; i++)
		xf_buf_free(&c.val[i]);
	xf_buf_free(&c.extra);
	return 0;
}
