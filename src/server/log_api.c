/*
 * log_api.c - the log over HTTP, for auditors: the latest signed
 * checkpoint the register stored, inclusion and consistency proofs (the
 * JSON of "hazreg log prove --json" and "log consistency --json"), and
 * the log as C2SP tlog-tiles, the files "hazreg log export" writes:
 *
 *   GET /log/checkpoint         the latest stored signed checkpoint (text)
 *   GET /checkpoint             the same, where tlog-tiles clients look
 *   GET /tile/<L>/<N>[.p/<W>]   a hash tile, W x 32 bytes
 *   GET /tile/entries/<N>[.p/<W>]
 *                               an entry bundle: W records, each a 2-byte
 *                               big-endian length and the canonical bytes
 *
 * Tiles are served only up to the size of the latest stored checkpoint,
 * so that what a client fetches is consistent with the checkpoint it
 * fetched (and, being prefixes, with every earlier one). Record bytes are
 * public: private fields are in them only as salted commitments.
 * "hazreg verify --key VKEY URL" checks all of it.
 */
#include "server/srv.h"

#include <stdlib.h>
#include <string.h>

static const char NO_CHECKPOINT[] =
	"the register has no signed checkpoint yet: its operator makes one with "
	"'hazreg log checkpoint --key FILE'";

/* The latest stored checkpoint, copied. */
typedef struct {
	char *note;
	size_t len;
	uint64_t size;
} latest;

static int latest_cb(void *ctx, const hr_checkpoint_row *row)
{
	latest *l = ctx;
	char *copy = malloc(row->len + 1);

	if (!copy)
		return HR_ENOMEM;
	memcpy(copy, row->note, row->len);
	copy[row->len] = '\0';
	free(l->note);
	l->note = copy;
	l->len = row->len;
	l->size = row->size;
	return 0;
}

/* The latest checkpoint, or an answer (404, 500) and -1. */
static int get_latest(srv_request *rq, srv_response *rs, latest *l)
{
	int err;

	memset(l, 0, sizeof *l);
	err = hr_register_checkpoints(rq->reg, latest_cb, l);
	if (err != 0) {
		free(l->note);
		l->note = NULL;
		srv_error(rs, err == HR_ENOMEM ? 503 : 500, "cannot read the stored checkpoints: %s",
		          err == HR_ENOMEM ? "out of memory" : hr_errmsg(rq->reg));
		return -1;
	}
	if (!l->note) {
		srv_error(rs, 404, "%s", NO_CHECKPOINT);
		return -1;
	}
	return 0;
}

static int log_checkpoint(srv_request *rq, srv_response *rs)
{
	latest l;

	if (get_latest(rq, rs, &l) != 0)
		return 0;
	srv_set_type(rs, "text/plain; charset=utf-8");
	srv_write(rs, l.note, l.len);
	free(l.note);
	return 0;
}

/* A whole-number parameter; default when absent and not required. */
static int u64_arg(srv_request *rq, srv_response *rs, const char *name, int required,
                   uint64_t dflt, uint64_t *out)
{
	const char *v = srv_arg(rq, name);
	char *end = NULL;

	if (!v) {
		if (required)
			return srv_error(rs, 400, "parameter %s is missing", name), -1;
		*out = dflt;
		return 0;
	}
	if (*v < '0' || *v > '9' || strlen(v) > 20 || (*out = strtoull(v, &end, 10), *end) ||
	    (v[0] == '0' && v[1])) {
		srv_error(rs, 400, "parameter %s: '%.30s' is not a whole number", name, v);
		return -1;
	}
	return 0;
}

static int log_size(srv_request *rq, srv_response *rs, uint64_t *n)
{
	int err = hr_register_log_size(rq->reg, n);
	if (err != 0)
		srv_error(rs, 500, "cannot read the log size: %s", hr_errmsg(rq->reg));
	return err;
}

static int send_proof(srv_request *rq, srv_response *rs, int err, char *json)
{
	if (err != 0 || !json) {
		hr_free(json);
		return srv_error(rs, 500, "cannot make the proof: %s", hr_errmsg(rq->reg));
	}
	srv_json_body(rs, json);
	return 0;
}

/* GET /log/proof/inclusion?index=I[&size=N]: size defaults to the log's. */
static int log_inclusion(srv_request *rq, srv_response *rs)
{
	hr_inclusion pr;
	uint64_t n, index, size;
	char *json = NULL;
	int err;

	if (log_size(rq, rs, &n) != 0 || u64_arg(rq, rs, "index", 1, 0, &index) != 0 ||
	    u64_arg(rq, rs, "size", 0, n, &size) != 0)
		return 0;
	if (size > n)
		return srv_error(rs, 400, "parameter size: %llu is beyond the log, which holds %llu "
		                          "records",
		                 (unsigned long long)size, (unsigned long long)n);
	if (index >= size)
		return srv_error(rs, 400, "parameter index: %llu is not below the tree size %llu",
		                 (unsigned long long)index, (unsigned long long)size);
	err = hr_register_prove_inclusion(rq->reg, index, size, &pr);
	if (err == 0)
		err = hr_inclusion_to_json(&json, &pr);
	return send_proof(rq, rs, err, json);
}

/* GET /log/proof/consistency?old=M&new=N */
static int log_consistency(srv_request *rq, srv_response *rs)
{
	hr_consistency pr;
	uint64_t n, old_size, new_size;
	char *json = NULL;
	int err;

	if (log_size(rq, rs, &n) != 0 || u64_arg(rq, rs, "old", 1, 0, &old_size) != 0 ||
	    u64_arg(rq, rs, "new", 1, 0, &new_size) != 0)
		return 0;
	if (new_size > n)
		return srv_error(rs, 400, "parameter new: %llu is beyond the log, which holds %llu "
		                          "records",
		                 (unsigned long long)new_size, (unsigned long long)n);
	if (old_size > new_size)
		return srv_error(rs, 400, "parameter old: %llu is larger than new %llu",
		                 (unsigned long long)old_size, (unsigned long long)new_size);
	err = hr_register_prove_consistency(rq->reg, old_size, new_size, &pr);
	if (err == 0)
		err = hr_consistency_to_json(&json, &pr);
	return send_proof(rq, rs, err, json);
}

/* GET /tile/...: a hash tile or entry bundle of the latest checkpoint's tree. */
static int log_tile(srv_request *rq, srv_response *rs)
{
	char path[HR_TILE_PATH_BUFSZ];
	unsigned char *bytes = NULL;
	size_t len = 0;
	latest l;
	int err;

	if (strlen(rq->params[0]) + 6 > sizeof path)
		return srv_error(rs, 404, "not a tile path: tile/<L>/<N>[.p/<W>] or "
		                          "tile/entries/<N>[.p/<W>]");
	snprintf(path, sizeof path, "tile/%s", rq->params[0]);
	if (get_latest(rq, rs, &l) != 0)
		return 0;
	free(l.note);
	err = hr_register_tile_read(rq->reg, l.size, path, &bytes, &len);
	if (err == HR_EINVAL || err == HR_ENOTFOUND)
		return srv_error(rs, 404, "%s (tiles are served up to the latest signed checkpoint, "
		                          "size %llu)",
		                 hr_errmsg(rq->reg), (unsigned long long)l.size);
	if (err != 0)
		return srv_error(rs, err == HR_ENOMEM ? 503 : 500, "cannot read %s: %s", path,
		                 hr_errmsg(rq->reg));
	srv_set_type(rs, "application/octet-stream");
	srv_write(rs, bytes, len);
	hr_free(bytes);
	return 0;
}

const srv_route srv_routes_log[] = {
	{"GET", "/log/checkpoint", SRV_ROLE_PUBLIC, log_checkpoint},
	{"GET", "/checkpoint", SRV_ROLE_PUBLIC, log_checkpoint},
	{"GET", "/log/proof/inclusion", SRV_ROLE_PUBLIC, log_inclusion},
	{"GET", "/log/proof/consistency", SRV_ROLE_PUBLIC, log_consistency},
	{"GET", "/tile/{*}", SRV_ROLE_PUBLIC, log_tile},
	{NULL, NULL, SRV_ROLE_PUBLIC, NULL},
};
