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
struct xf_chain {
	int		 known;
	int64_t		 head_id;
	char		 head_hash[XF_SHA256_HEXLEN];
	sqlite3_stmt	*insert;
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

struct xf_reg_state {
	sqlite3_stmt	*insert;
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

#endif /* XF_PRIVATE_H */
