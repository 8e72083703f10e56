/*
 * checkpoints.c - the signed checkpoints a register keeps of itself.
 *
 * "hazreg log checkpoint" signs the tree head and hands the note out; the
 * register also stores it, append-only, so that the file carries every
 * tree head it ever vouched for, and "hazreg verify" can hold the log to
 * each of them. A note is stored only when its checkpoint text is the
 * register's own tree head at that size: the register never keeps a
 * statement about itself that is false.
 */
#include "core/register_int.h"

#include <string.h>

#include "hazreg/note.h"

int hr_register_origin(hr_register *reg, char **out)
{
	int rc;
	if (!reg || !out)
		return HR_EINVAL;
	*out = NULL;
	reg->err[0] = '\0';
	rc = reg->be->meta_get(reg->be, HR_META_ORIGIN, out);
	if (rc == HR_ENOTFOUND)
		return rc;
	if (rc)
		return hr_reg__be_err(reg, rc, "reading the log's origin");
	return 0;
}

int hr_register_checkpoint_store(hr_register *reg, const char *note, size_t len)
{
	hr_checkpoint cp;
	unsigned char root[32];
	uint64_t size = 0;
	char err[256], *origin = NULL;
	const char *end;
	int rc;
	if (!reg || !note)
		return HR_EINVAL;
	reg->err[0] = '\0';
	if (reg->readonly) {
		hr_reg__err(reg, "the register is open read-only");
		return HR_EREADONLY;
	}
	if (reg->in_batch) {
		hr_reg__err(reg, "a batch is open: store the checkpoint after it commits");
		return HR_EINVAL;
	}
	/* The text ends at the first blank line; signature lines follow it. */
	end = NULL;
	for (size_t i = 0; i + 1 < len && !end; i++)
		if (note[i] == '\n' && note[i + 1] == '\n')
			end = note + i;
	if (!end || end + 2 == note + len) {
		hr_reg__err(reg, "not a signed note: no signature lines after the text");
		return HR_EINVAL;
	}
	if ((rc = hr_note_text_check(note, (size_t)(end - note) + 1, err, sizeof err)) ||
	    (rc = hr_checkpoint_parse(&cp, note, (size_t)(end - note) + 1, err, sizeof err))) {
		hr_reg__err(reg, "not a checkpoint: %s", err);
		return HR_EINVAL;
	}
	if ((rc = reg->be->log_size(reg->be, &size)))
		return hr_reg__be_err(reg, rc, "reading the log size");
	if (cp.size > size) {
		hr_reg__err(reg, "the checkpoint's size %llu is beyond the log, which holds %llu records",
		            (unsigned long long)cp.size, (unsigned long long)size);
		return HR_EVALIDATE;
	}
	if ((rc = hr_register_root(reg, cp.size, root)))
		return rc;
	if (memcmp(root, cp.root, 32) != 0) {
		hr_reg__err(reg, "the checkpoint's root hash is not the log's tree head at size %llu",
		            (unsigned long long)cp.size);
		return HR_EVALIDATE;
	}
	/* The first checkpoint names the log; every later one must keep it. */
	if ((rc = hr_register_origin(reg, &origin)) && rc != HR_ENOTFOUND)
		return rc;
	if (origin && (strlen(origin) != cp.origin_len ||
	               memcmp(origin, cp.origin, cp.origin_len) != 0)) {
		hr_reg__err(reg, "the checkpoint names the log '%.*s', but this register's log is "
		                 "'%s'",
		            (int)cp.origin_len, cp.origin, origin);
		hr_free(origin);
		return HR_EVALIDATE;
	}
	if ((rc = reg->be->begin(reg->be)))
		goto be_fail;
	if (!origin) {
		char o[1024];
		if (cp.origin_len >= sizeof o) {
			reg->be->rollback(reg->be);
			hr_reg__err(reg, "the checkpoint's origin is longer than %zu bytes", sizeof o - 1);
			return HR_EINVAL;
		}
		memcpy(o, cp.origin, cp.origin_len);
		o[cp.origin_len] = '\0';
		if ((rc = reg->be->meta_set(reg->be, HR_META_ORIGIN, o))) {
			reg->be->rollback(reg->be);
			goto be_fail;
		}
	}
	hr_free(origin);
	origin = NULL;
	if ((rc = reg->be->checkpoint_put(reg->be, cp.size, note, len, hr_time_now())) ||
	    (rc = reg->be->commit(reg->be))) {
		reg->be->rollback(reg->be);
		goto be_fail;
	}
	return 0;
be_fail:
	hr_free(origin);
	return hr_reg__be_err(reg, rc, "storing the checkpoint");
}

int hr_register_checkpoints(hr_register *reg, hr_checkpoint_cb cb, void *ctx)
{
	int rc;
	if (!reg || !cb)
		return HR_EINVAL;
	reg->err[0] = '\0';
	/* a callback's own nonzero return comes back unchanged, message unset */
	rc = reg->be->checkpoint_list(reg->be, cb, ctx);
	if (rc < 0 && !reg->err[0] && reg->be->errmsg(reg->be)[0])
		return hr_reg__be_err(reg, rc, "reading the stored checkpoints");
	return rc;
}
