/*
 * watch.c - a server's handles kept current by the store: the versions an
 * index share carries for them (the least version every read must see,
 * raised by the server's own commits; the newest version a listener
 * vouches for) and the listener's two calls, waiting for a commit and
 * catching the shared index up. The backend does the work
 * (read_begin_least, committed, wait_commit of sys/backend.h; PostgreSQL
 * only): versions that grow with every commit and compare across
 * connections, replicas included.
 */
#include "core/register_int.h"

void hr_index_share_note_commit(hr_index_share *share, hr_register *writer)
{
	uint64_t v, old;
	if (!share || !writer || !writer->be || !writer->be->committed)
		return;
	v = writer->be->committed(writer->be);
	old = __atomic_load_n(&share->least, __ATOMIC_ACQUIRE);
	while (v > old &&
	       !__atomic_compare_exchange_n(&share->least, &old, v, 0, __ATOMIC_ACQ_REL,
	                                    __ATOMIC_ACQUIRE))
		;
}

void hr_index_share_set_current(hr_index_share *share, uint64_t version)
{
	if (share)
		__atomic_store_n(&share->current, version, __ATOMIC_RELEASE);
}

int hr_index_share_catch_up(hr_index_share *share, hr_register *reg, uint64_t version,
                            uint64_t *log_size)
{
	uint64_t n = 0;
	int rc;
	if (log_size)
		*log_size = 0;
	if (!share || !reg || reg->share != share || reg->reading)
		return HR_EINVAL;
	/* a snapshot of its own, not kept: the next catch-up is of a newer one */
	if ((rc = hr_reg__read_begin_at(reg, version, 0)))
		return rc;
	rc = hr_query__share_catch_up(reg, &n);
	hr_reg__read_end(reg);
	if (log_size)
		*log_size = n;
	return rc;
}

int hr_register_wait_commit(hr_register *reg, int timeout_ms, uint64_t *version)
{
	int rc;
	if (!reg || !version)
		return HR_EINVAL;
	if (!reg->be->wait_commit) {
		hr_reg__err(reg, "the %s store announces no commits: only PostgreSQL does",
		            reg->be->name);
		return HR_EINVAL;
	}
	if ((rc = reg->be->wait_commit(reg->be, timeout_ms, version)))
		hr_reg__err(reg, "%s", reg->be->errmsg(reg->be)); /* it says what it was doing */
	return rc;
}
