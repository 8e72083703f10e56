/*
 * snapshot.c - the register as it stood: "what did the register say
 * then?". The log only grows, so every state the register was ever in is
 * a prefix of its log. A snapshot is a read-only register in a temporary
 * store holding that prefix, byte for byte, with its layers derived again
 * from it alone; every query run on it answers as the register did.
 *
 * The records are copied as log rows, not appended as records: an append
 * would stamp them with a new appended time and new salts, and the
 * snapshot's tree head must be the register's tree head at that size.
 * Nothing here writes to the register the snapshot is taken from.
 */
#include "core/register_int.h"

#include <string.h>

int hr_register_size_at(hr_register *reg, hr_time t, uint64_t *size)
{
	int rc;
	if (!reg || !size)
		return HR_EINVAL;
	if ((rc = reg->be->log_size_at(reg->be, t, size)))
		return hr_reg__be_err(reg, rc, "counting the records appended by then");
	return 0;
}

/* Copying rows from one store to the other; a failure is said on `from`,
 * the caller's handle, naming the entry and the store that failed. */
typedef struct {
	hr_register *from, *to;
	uint64_t idx;
	const char *what; /* "snapshot", "copy": the start of messages */
} copy_ctx;

static int copy_fail(copy_ctx *c, hr_backend *be, int rc, const char *doing)
{
	hr_reg__err(c->from, "%s: %s of log entry %llu: %s", c->what, doing,
	            (unsigned long long)c->idx, be->errmsg(be));
	return rc;
}

static int copy_private(void *ctx, const hr_private_row *p)
{
	copy_ctx *c = ctx;
	int rc = c->to->be->private_put(c->to->be, p);
	return rc ? copy_fail(c, c->to->be, rc, "writing a private value") : 0;
}

static int copy_entry(void *ctx, const hr_log_row *row)
{
	copy_ctx *c = ctx;
	unsigned char leaf[32];
	int rc;
	c->idx = row->idx;
	/* the tree of the copy is built from the leaves: each must be its bytes' */
	hr_leaf_hash(leaf, row->bytes, row->len);
	if (memcmp(leaf, row->leaf, 32) != 0) {
		hr_reg__err(c->from, "%s: log entry %llu: its leaf hash is not that of its bytes",
		            c->what, (unsigned long long)row->idx);
		return HR_ECORRUPT;
	}
	if ((rc = c->to->be->log_append(c->to->be, row)))
		return copy_fail(c, c->to->be, rc, "writing the copy");
	rc = c->from->be->private_get(c->from->be, row->idx, copy_private, c);
	if (rc && !c->from->err[0])
		return copy_fail(c, c->from->be, rc, "reading the private values");
	return rc;
}

/* The log's name, so that checkpoints of the snapshot name the same log. */
static int copy_origin(hr_register *from, hr_register *to, const char *what)
{
	char *origin = NULL;
	int rc = hr_register_origin(from, &origin);
	if (rc == HR_ENOTFOUND)
		return 0;
	if (rc == 0 && (rc = to->be->meta_set(to->be, HR_META_ORIGIN, origin)))
		hr_reg__err(from, "%s: writing the log's origin: %s", what, to->be->errmsg(to->be));
	hr_free(origin);
	return rc;
}

int hr_reg__copy_log(hr_register *from, hr_register *to, uint64_t size, const char *what)
{
	copy_ctx c = {from, to, 0, what};
	uint64_t got = 0;
	int rc;
	from->err[0] = '\0';
	if ((rc = to->be->begin(to->be))) {
		hr_reg__err(from, "%s: starting the copy: %s", what, to->be->errmsg(to->be));
		return rc;
	}
	rc = from->be->log_range(from->be, 0, size, copy_entry, &c);
	if (rc && !from->err[0])
		hr_reg__err(from, "%s: reading the log: %s", what, from->be->errmsg(from->be));
	if (rc == 0 && (rc = to->be->log_size(to->be, &got)) == 0 && got != size) {
		hr_reg__err(from, "%s: the log yielded %llu of its first %llu entries", what,
		            (unsigned long long)got, (unsigned long long)size);
		rc = HR_ECORRUPT;
	}
	if (rc == 0)
		rc = copy_origin(from, to, what);
	if (rc == 0 && (rc = to->be->commit(to->be)))
		hr_reg__err(from, "%s: finishing the copy: %s", what, to->be->errmsg(to->be));
	if (rc)
		to->be->rollback(to->be);
	return rc;
}

/* An empty register in a temporary store, without the catalogue a new
 * register starts with: a snapshot holds only what the log held. */
static int open_scratch(hr_register *reg, hr_register **out)
{
	hr_register *s = hr__calloc(1, sizeof *s);
	char err[512] = "";
	int rc;
	*out = NULL;
	if (!s) {
		hr_reg__err(reg, "snapshot: out of memory");
		return HR_ENOMEM;
	}
	if ((rc = hr_geos__init(&s->geos))) {
		hr_reg__err(reg, "snapshot: the geometry engine would not start");
		goto fail;
	}
	if ((rc = hr_backend_gpkg_open_temp(&s->be, err, sizeof err))) {
		hr_reg__err(reg, "snapshot: cannot make its temporary store: %s", err);
		goto fail;
	}
	if ((rc = s->be->ensure_layers(s->be, hr_layers_all, HR_NLAYERS))) {
		hr_reg__err(reg, "snapshot: preparing the layers: %s", s->be->errmsg(s->be));
		goto fail;
	}
	*out = s;
	return 0;
fail:
	hr_register_close(s);
	return rc;
}

int hr_register_snapshot(hr_register *reg, uint64_t size, hr_register **out)
{
	hr_register *snap = NULL;
	uint64_t n = 0;
	int rc;
	if (!out)
		return HR_EINVAL;
	*out = NULL;
	if (!reg)
		return HR_EINVAL;
	if (reg->in_batch) {
		hr_reg__err(reg, "snapshot: a batch is open; take it after the batch commits");
		return HR_EINVAL;
	}
	if ((rc = hr_register_log_size(reg, &n)))
		return rc;
	if (size > n) {
		hr_reg__err(reg, "snapshot: size %llu is beyond the log, which holds %llu records",
		            (unsigned long long)size, (unsigned long long)n);
		return HR_EINVAL;
	}
	if ((rc = open_scratch(reg, &snap)) || (rc = hr_reg__copy_log(reg, snap, size, "snapshot")))
		goto done;
	if ((rc = hr_register_rebuild(snap, NULL, NULL))) {
		hr_reg__err(reg, "snapshot: deriving the layers of the first %llu records: %s",
		            (unsigned long long)size, hr_errmsg(snap));
		goto done;
	}
	snap->readonly = 1;
	*out = snap;
	snap = NULL;
done:
	hr_register_close(snap);
	return rc;
}
