/*
 * copy.c - a register copied into a new store, of the same backend or
 * another ("hazreg migrate": a GeoPackage into PostgreSQL when an office
 * register becomes a national one, or a database back into a file).
 *
 * What is a fact is copied byte for byte: the log entries (as log rows,
 * not appended again, which would stamp new appended times and salts),
 * their private values, the log's origin, the signed checkpoints and the
 * access tokens. What is derived (the layers, the Merkle tiles) is derived
 * again at the destination from the copied log alone. The copy is then
 * held to the source: the same tree head at the same size, and the same
 * state digest, or the copy is refused as corrupt.
 */
#include "core/register_int.h"

#include <string.h>

typedef struct {
	hr_register *from, *to;
	uint64_t size; /* checkpoints of a larger log (appended meanwhile) stay behind */
	uint64_t n;
} side_ctx;

static int copy_checkpoint(void *ctx, const hr_checkpoint_row *row)
{
	side_ctx *c = ctx;
	int rc;
	if (row->size > c->size)
		return 0;
	if ((rc = c->to->be->checkpoint_put(c->to->be, row->size, row->note, row->len,
	                                     row->stored)))
		hr_reg__err(c->from, "copy: storing checkpoint %llu: %s",
		            (unsigned long long)row->seq, c->to->be->errmsg(c->to->be));
	c->n += rc == 0;
	return rc;
}

static int copy_token(void *ctx, const hr_token_row *row)
{
	side_ctx *c = ctx;
	hr_token_row t = *row;
	int rc;
	t.t.revoked = HR_TIME_NONE;
	rc = c->to->be->token_put(c->to->be, &t);
	if (rc == 0 && row->t.revoked != HR_TIME_NONE)
		rc = c->to->be->token_revoke(c->to->be, row->t.id, row->t.revoked);
	if (rc)
		hr_reg__err(c->from, "copy: storing token %s: %s", row->t.id,
		            c->to->be->errmsg(c->to->be));
	c->n += rc == 0;
	return rc;
}

/* The checkpoints and tokens, in one transaction. */
static int copy_side(hr_register *from, hr_register *to, uint64_t size)
{
	side_ctx c = {from, to, size, 0};
	int rc;
	from->err[0] = '\0';
	if ((rc = to->be->begin(to->be))) {
		hr_reg__err(from, "copy: %s", to->be->errmsg(to->be));
		return rc;
	}
	rc = from->be->checkpoint_list(from->be, copy_checkpoint, &c);
	if (rc == 0)
		rc = from->be->token_list(from->be, copy_token, &c);
	if (rc && !from->err[0])
		hr_reg__err(from, "copy: reading checkpoints and tokens: %s",
		            from->be->errmsg(from->be));
	if (rc == 0 && (rc = to->be->commit(to->be)))
		hr_reg__err(from, "copy: %s", to->be->errmsg(to->be));
	if (rc)
		to->be->rollback(to->be);
	return rc;
}

/* A new register at `uri` with an empty log (no catalogue: the copy brings
 * the source's). */
static int open_empty(hr_register *from, const char *uri, hr_register **out)
{
	hr_register *to = hr__calloc(1, sizeof *to);
	uint64_t n = 0;
	int rc;
	*out = NULL;
	if (!to) {
		hr_reg__err(from, "copy: out of memory");
		return HR_ENOMEM;
	}
	if ((rc = hr_geos__init(&to->geos))) {
		hr_reg__err(from, "copy: the geometry engine would not start");
		goto fail;
	}
	if ((rc = hr_reg__backend_open(to, uri, 1, 0))) {
		hr_reg__err(from, "copy: %s", to->err);
		goto fail;
	}
	if ((rc = to->be->ensure_layers(to->be, hr_layers_all, HR_NLAYERS)) ||
	    (rc = to->be->log_size(to->be, &n))) {
		hr_reg__err(from, "copy: preparing the destination: %s", to->be->errmsg(to->be));
		goto fail;
	}
	if (n) {
		hr_reg__err(from, "copy: the destination holds a register already (%llu records); "
		                  "a copy goes into a new one",
		            (unsigned long long)n);
		rc = HR_EEXISTS;
		goto fail;
	}
	/* until the copy is proven, the destination opens as nothing usable */
	if ((rc = to->be->meta_set(to->be, HR_META_COPY, "incomplete"))) {
		hr_reg__err(from, "copy: marking the destination: %s", to->be->errmsg(to->be));
		goto fail;
	}
	*out = to;
	return 0;
fail:
	hr_register_close(to);
	return rc;
}

int hr_register_copy(hr_register *from, const char *to_uri, uint64_t *size,
                     unsigned char root[32])
{
	hr_register *to = NULL;
	unsigned char r1[32], r2[32], d1[32], d2[32];
	uint64_t n = 0;
	int rc, reading = 0;
	if (!from || !to_uri)
		return HR_EINVAL;
	if (from->in_batch) {
		hr_reg__err(from, "copy: a batch is open; copy after it commits");
		return HR_EINVAL;
	}
	/* the size, root, digest and records of one snapshot, so that a
	 * register in use is copied as it stood at one moment */
	if ((rc = hr_reg__read_begin(from)))
		return rc;
	reading = 1;
	if ((rc = hr_register_log_size(from, &n)) || (rc = hr_register_root(from, n, r1)) ||
	    (rc = hr_register_state_digest(from, d1)))
		goto done;
	if ((rc = open_empty(from, to_uri, &to)) || (rc = hr_reg__copy_log(from, to, n, "copy")) ||
	    (rc = copy_side(from, to, n)))
		goto done;
	hr_reg__read_end(from);
	reading = 0;
	if ((rc = hr_register_rebuild(to, NULL, NULL))) {
		hr_reg__err(from, "copy: deriving the layers and tiles: %s", hr_errmsg(to));
		goto done;
	}
	if ((rc = hr_register_root(to, n, r2)) || (rc = hr_register_state_digest(to, d2))) {
		hr_reg__err(from, "copy: reading the copy back: %s", hr_errmsg(to));
		goto done;
	}
	if (memcmp(r1, r2, 32) != 0 || memcmp(d1, d2, 32) != 0) {
		hr_reg__err(from, "copy: the copy's %s differs from the register's: it cannot be "
		                  "trusted",
		            memcmp(r1, r2, 32) != 0 ? "tree head" : "state digest");
		rc = HR_ECORRUPT;
		goto done;
	}
	if ((rc = to->be->meta_set(to->be, HR_META_COPY, "complete"))) {
		hr_reg__err(from, "copy: marking the copy complete: %s", to->be->errmsg(to->be));
		goto done;
	}
	if (size)
		*size = n;
	if (root)
		memcpy(root, r1, 32);
done:
	if (reading)
		hr_reg__read_end(from);
	hr_register_close(to);
	return rc;
}
