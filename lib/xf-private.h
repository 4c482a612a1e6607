/*
 * xf-private.h: what the files of lib/ share among themselves and no
 * command may use.  Only lib/ files include it, after xf.h (tests/0068
 * checks it); the contract is xf.h.
 */
#ifndef XF_PRIVATE_H
#define XF_PRIVATE_H

/* --- the event chain's head, cached in a store (store.c, event.c) --- */

/*
 * Known only inside a write transaction: store.c forgets it at every
 * begin, commit and rollback, and so does a rollback to a savepoint
 * (assign.c), since the chain's head goes back with it.  event.c makes
 * it at the first event and store.c frees it at close.
 */
/* The salt of an event's personal part (event.c), in bytes. */
#define XF_EVENT_SALT	16

struct xf_chain {
	int		 known;
	int64_t		 head_id;
	char		 head_hash[XF_SHA256_HEXLEN];
	sqlite3_stmt	*insert;
	sqlite3_stmt	*group;		/* inserts ngroup events at once */
	size_t		 ngroup;
	char		(*hashes)[XF_SHA256_HEXLEN];	/* ngroup of them */
	/* Random bytes for the salts of events with a personal part,
	 * read from the system a pool at a time: salts[used..) are new. */
	unsigned char	 salts[XF_EVENT_SALT * 256];
	size_t		 used;
};

static inline void
xf_chain_forget(struct xf_store *s)
{
	if (s->chain != NULL)
		s->chain->known = 0;
}

/* --- the migrations to schemas 4 and 6 (rekey.c, run by store.c) ---- */

/*
 * Each complaint and message keyed by content gets a new key in place
 * of the old one, inside the caller's transaction: schema 4's of
 * xf_fingerprint, schema 6's of xf_content_key.
 */
int	xf_rekey_content(sqlite3 *db, struct xf_err *err);
int	xf_rekey_time(sqlite3 *db, struct xf_err *err);

/* --- a registrar's own state (register.c, batch.c) ------------------ */

struct xf_ids {
	int64_t		*id;
	size_t		 n, cap;
};

/* A queued row (xf_reg_queue): its text at offsets into the queue's
 * arena, made pointers only at the flush, as the arena may move. */
struct xf_qrow {
	struct xf_complaint c;
	size_t		 off[XF_NFIELD + 5];	/* v, channel, kind, source,
						 * extra, dedupe key */
	size_t		 keylen;
	char		 ref[XF_REFLEN];
};

struct xf_reg_state {
	sqlite3_stmt	*insert;
	sqlite3_stmt	*group;		/* inserts XF_REG_GROUP complaints */
	struct xf_qrow	*q;		/* the queue: XF_REG_GROUP rows */
	size_t		 nq;
	struct xf_buf	 arena;
	sqlite3_stmt	*find;
	sqlite3_stmt	*load;		/* an adopted complaint's row */
	int64_t		 next_id;	/* valid inside a transaction */
	int		 year;		/* of registration, for refs */
	/* batches (batch.c) */
	int64_t		 run;		/* the run's first committed batch */
	int64_t		 batch;		/* the open unit's, or 0 */
	int		 batch_used;	/* its row is written */
	struct xf_ids	 held;		/* committed, not yet written out */
	struct xf_ids	 printed;	/* written out, not yet marked */
	size_t		 marking;	/* printed ones the open unit marks */
	int64_t		 seen;		/* a batch known to be reported */
	int		 lockfd;	/* <store>-batch: locks of live runs */
};

/* --- a registrar's batches (batch.c, register.c, mailreg.c) --------- */

/* Complaint id, of batch, met as a duplicate: taken over (g->adopted)
 * when that batch was never reported and its run is gone. */
int	xf_reg_adopt(struct xf_registrar *g, int64_t id, int64_t batch,
	    struct xf_err *err);
int	xf_batch_id(struct xf_registrar *g, int64_t *id, struct xf_err *err);
int	xf_batch_use(struct xf_registrar *g, struct xf_err *err);
int	xf_batch_begin(struct xf_registrar *g, struct xf_err *err);
int	xf_batch_open(struct xf_registrar *g, struct xf_err *err);
void	xf_batch_close(struct xf_registrar *g);

/* --- the HTML report's pieces (xmltext.c, rsvg.c; for rhtml.c) ------- */

/*
 * s[0..len) as text of a page that is HTML and well-formed XML alike:
 * & < > " ' as numeric references, controls and bytes that are not
 * UTF-8 as \xHH, U+FFFE and U+FFFF as U+FFFD, line breaks and tabs as
 * spaces.  Fit for an element's text and a quoted attribute.
 */
int	xf_xml_text(struct xf_buf *out, const char *s, size_t len);
int	xf_xml_str(struct xf_buf *out, const char *s);
/* 1 with *v when s is a decimal number a chart draws (-12, 3.5). */
int	xf_rnum(const char *s, double *v);
/*
 * t's chart as an inline <svg> in lang, appended to out; nothing when t
 * asks for none, has no row or no column to draw.  Each mark carries
 * data-row, data-col and data-value, the cell it draws.
 */
int	xf_rsvg_chart(struct xf_buf *out, const struct xf_rtable *t,
	    const char *lang);

/* --- early warning's parts (alert.c, alertscan.c, alertrisk.c) ------ */

/*
 * A field as the events recorded by ?3 left it: the old value of the
 * first later change, else the row's own.  Every change of category,
 * flags or status also sets updated_at (an import's history is written
 * when the complaint is registered), so a row not updated since ?3 is
 * as it was, and its events are not read: a report as of now reads
 * none, one as of last week those of the complaints changed since.
 * The complaint is "c".
 */
#define XF_AS_OF_SQL(field)						\
	"CASE WHEN c.updated_at > ?3 THEN coalesce((SELECT"		\
	" coalesce(e.old, '') FROM event e WHERE e.complaint_id = c.id"	\
	" AND e.field = '" field "' AND e.at > ?3 ORDER BY e.id"	\
	" LIMIT 1), c." field ", '') ELSE coalesce(c." field ", '') END"

/* The times the alerts look at (alert.c makes them). */
struct xf_awindow {
	int64_t		 first;		/* the scan's start: base, or the
					 * repeat window's when earlier */
	int64_t		 base, since, until, as_of;
	int64_t		*day;		/* ndays + 1 starts of local days */
	size_t		 ndays;
	double		 base_days;	/* of history in the baseline */
	int		 history;	/* enough for spikes and terms */
};

/* One alert being made, and the list of them (alertlist.c). */
struct xf_arow {
	enum xf_severity sev;
	const char	*kind;
	char		*key;
	unsigned	 count;
	int		 has_base;
	double		 baseline;
	struct xf_buf	 refs;
	unsigned	 nrefs;
	struct xf_buf	 why;
};

struct xf_alist {
	struct xf_arow	*a;
	size_t		 n, cap;
};

/* A new alert of kind with key at the end of l; NULL when memory runs
 * out.  The pointer holds until the next xf_alist_add. */
struct xf_arow *xf_alist_add(struct xf_alist *l, enum xf_severity sev,
	    const char *kind, const char *key);
/* One more supporting ref, listed while there is room. */
int	xf_arow_ref(struct xf_arow *a, const char *ref);
/* "2026-03-05" and "2026-03-05 09:30": t in the local zone (alertlist.c). */
void	xf_alert_date(int64_t t, char buf[16]);
void	xf_alert_time(int64_t t, char buf[32]);
/* Spikes, terms, collective groups and repeat complainants, from one
 * pass over the window (alertscan.c). */
int	xf_alerts_scan(struct xf_store *s, const struct xf_awindow *w,
	    struct xf_alist *l, struct xf_err *err);
/* Risky complaints left open at w->as_of (alertrisk.c). */
int	xf_alerts_risk(struct xf_store *s, const struct xf_awindow *w,
	    int64_t now, struct xf_alist *l, struct xf_err *err);

/* Column i of a row as text, "" for NULL. */
static inline const char *
xf_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

/* --- a change to one complaint, as lifecycle.c makes it (lifecycle.c,
 *     reply.c) ---------------------------------------------------- */

/*
 * BEGIN IMMEDIATE and find ref (its id in *id), and in a dry run *mark,
 * where its events will start; on failure nothing is left open.  The
 * end of a change that went well: committed; in a dry run, its events
 * after mark appended to ch->would, and rolled back.
 */
int	xf_change_begin(struct xf_store *s, const char *ref, int64_t *id,
	    int64_t *mark, struct xf_change *ch, struct xf_err *err);
int	xf_change_finish(struct xf_store *s, int64_t id, int64_t mark,
	    struct xf_change *ch, struct xf_err *err);
/* The notice kind queued for id as ch says (no_notify, templates), with
 * ch->reason as its reason and answer, and new_due when not NULL; by
 * channel, or the contact's when NULL (xf_notice channel_want). */
int	xf_change_notify(struct xf_store *s, int64_t id, const char *kind,
	    struct xf_change *ch, const char *new_due, const char *channel,
	    struct xf_err *err);
/* ch->canned filled for id, then ch->reason below it, into why. */
int	xf_change_canned(struct xf_store *s, int64_t id,
	    const struct xf_change *ch, struct xf_buf *why,
	    struct xf_err *err);

#endif /* XF_PRIVATE_H */
