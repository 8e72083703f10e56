/*
 * asof.c - "what did the register say then?": --known-at TIME and
 * --log-size N on the commands that answer about hazards.
 *
 * The log only grows, so the register as it stood on any day is the
 * prefix of its log appended by then. The command runs on a snapshot of
 * that prefix (hr_register_snapshot) and says which state its answer is
 * from: the log size, the tree head of that size, and the checkpoint that
 * commits to it - the signed note the register stored for that size, or
 * else the unsigned checkpoint text with the nearest later signed
 * checkpoint, which 'hazreg log consistency N M' proves it a prefix of.
 * With the note, anyone holding a copy of the register can reproduce the
 * answer and prove it is the one the register gave.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ASOF_COMMANDS "query point, query bbox, show, export, risk timeline, plot, reliability and summary"

/* ---- the options ---------------------------------------------------------- */

int cli_asof_allowed(cli_ctx *ctx)
{
	const char *opt = ctx->asof.option;

	/* before the command (global options) the check waits for main */
	if (!opt || !ctx->cmd || ctx->asof_mode == CLI_ASOF_YES)
		return 0;
	if (ctx->asof_mode == CLI_ASOF_WRITE)
		return cli_usage_err(ctx, "%s: this command writes to the register, and only its "
		                          "present state can be written to; %s applies to the "
		                          "commands that answer about hazards: " ASOF_COMMANDS,
		                     opt, opt);
	return cli_usage_err(ctx, "%s: this command takes no such option; it applies to the "
	                          "commands that answer about hazards: " ASOF_COMMANDS,
	                     opt);
}

int cli_asof_option(cli_ctx *ctx, cli_args *a, const char *arg)
{
	const char *name = cli_opt_is(a, arg, "--known-at")   ? "--known-at"
	                   : cli_opt_is(a, arg, "--log-size") ? "--log-size"
	                                                      : NULL;
	const char *v;
	int bad;

	if (!name)
		return 0;
	if (!(v = cli_opt_value(ctx, a, name)))
		return -1;
	if (ctx->asof.option && strcmp(ctx->asof.option, name) != 0) {
		cli_usage_err(ctx, "%s and %s exclude each other: give one of them",
		              ctx->asof.option, name);
		return -1;
	}
	if (strcmp(name, "--known-at") == 0)
		bad = cli_parse_time(ctx, name, v, &ctx->asof.known_at);
	else
		bad = cli_parse_u64(ctx, name, v, &ctx->asof.size);
	if (bad)
		return -1;
	ctx->asof.option = name;
	return cli_asof_allowed(ctx) ? -1 : 1;
}

const char *cli_asof_where(const cli_ctx *ctx, char *buf, size_t len)
{
	/* the shown address is a scratch buffer of ctx, not its state */
	const char *db = cli_db_shown((cli_ctx *)ctx);
	if (!ctx->asof.option)
		return db;
	snprintf(buf, len, "%s as it stood at log size %llu", db,
	         (unsigned long long)ctx->asof.size);
	return buf;
}

hr_time cli_asof_default_at(const cli_ctx *ctx)
{
	return ctx->asof.known_at != HR_TIME_NONE ? ctx->asof.known_at : hr_time_now();
}

/* ---- the state and its checkpoints ------------------------------------------ */

static char *note_dup(const char *s, size_t len)
{
	char *p = malloc(len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* The stored checkpoint of exactly this size (the first stored), and the
 * nearest later one (the smallest size above, the first stored of it). */
static int on_checkpoint(void *vctx, const hr_checkpoint_row *row)
{
	cli_asof *s = vctx;

	if (row->size == s->size && !s->seq) {
		if (!(s->checkpoint = note_dup(row->note, row->len)))
			return HR_ENOMEM;
		s->seq = row->seq;
	} else if (row->size > s->size && (!s->later_seq || row->size < s->later_size)) {
		free(s->later_note);
		if (!(s->later_note = note_dup(row->note, row->len)))
			return HR_ENOMEM;
		s->later_seq = row->seq;
		s->later_size = row->size;
	}
	return 0;
}

/* The unsigned checkpoint text of the state, named as the log is named. */
static int unsigned_checkpoint(cli_ctx *ctx, hr_register *reg)
{
	cli_asof *s = &ctx->asof;
	hr_checkpoint cp;
	char *origin = NULL, *text = NULL, obuf[512], err[256] = "";
	int e = hr_register_origin(reg, &origin);

	if (e != 0 && e != HR_ENOTFOUND)
		return cli_lib_err(ctx, reg, e, "cannot read the log's origin");
	if (!origin)
		cli_default_origin(obuf, sizeof obuf, ctx->db);
	memset(&cp, 0, sizeof cp);
	cp.origin = origin ? origin : obuf;
	cp.origin_len = strlen(cp.origin);
	cp.size = s->size;
	memcpy(cp.root, s->root, 32);
	e = hr_checkpoint_format(&text, NULL, &cp, err, sizeof err);
	hr_free(origin);
	if (e == 0 && !(s->checkpoint = note_dup(text, strlen(text))))
		e = HR_ENOMEM;
	hr_free(text);
	if (e != 0)
		return cli_fail(ctx, "cannot write the checkpoint of log size %llu: %s",
		                (unsigned long long)s->size, err[0] ? err : hr_strerror(e));
	return CLI_OK;
}

/* Which state: the size (from --known-at, or --log-size checked against
 * the log), when its last record was appended, and its tree head. */
static int find_state(cli_ctx *ctx, hr_register *reg)
{
	cli_asof *s = &ctx->asof;
	hr_record *rec = NULL;
	uint64_t n = 0;
	int e;

	if (s->known_at != HR_TIME_NONE)
		e = hr_register_size_at(reg, s->known_at, &s->size);
	else
		e = hr_register_log_size(reg, &n);
	if (e != 0)
		return cli_lib_err(ctx, reg, e, "cannot read the log size");
	if (s->known_at == HR_TIME_NONE && s->size > n)
		return cli_usage_err(ctx, "--log-size %llu is beyond the log of %s, which holds %llu "
		                          "records",
		                     (unsigned long long)s->size, cli_db_shown(ctx), (unsigned long long)n);
	s->last = HR_TIME_NONE;
	if (s->size > 0) {
		if ((e = hr_register_log_get(reg, s->size - 1, &rec, NULL)) != 0)
			return cli_lib_err(ctx, reg, e, "cannot read the last record of that state");
		s->last = rec->appended;
		hr_record_free(rec);
	}
	if ((e = hr_register_root(reg, s->size, s->root)) != 0)
		return cli_lib_err(ctx, reg, e, "cannot compute the tree head of that state");
	return CLI_OK;
}

static int find_checkpoints(cli_ctx *ctx, hr_register *reg)
{
	cli_asof *s = &ctx->asof;
	int e = hr_register_checkpoints(reg, on_checkpoint, s);

	if (e == HR_ENOMEM)
		return cli_fail(ctx, "out of memory reading the stored checkpoints");
	if (e != 0)
		return cli_lib_err(ctx, reg, e, "cannot read the stored checkpoints");
	if (s->seq) {
		/* the state's own signed note says it all */
		free(s->later_note);
		s->later_note = NULL;
		s->later_seq = s->later_size = 0;
		return CLI_OK;
	}
	return unsigned_checkpoint(ctx, reg);
}

int cli_asof_snapshot(cli_ctx *ctx, hr_register *reg, hr_register **out)
{
	int rc, e;

	*out = NULL;
	if ((rc = find_state(ctx, reg)) == CLI_OK && (rc = find_checkpoints(ctx, reg)) == CLI_OK &&
	    (e = hr_register_snapshot(reg, ctx->asof.size, out)) != 0)
		rc = cli_lib_err(ctx, reg, e, "cannot rebuild the register as it stood");
	hr_register_close(reg);
	return rc;
}

void cli_asof_free(cli_ctx *ctx)
{
	free(ctx->asof.checkpoint);
	free(ctx->asof.later_note);
	ctx->asof.checkpoint = ctx->asof.later_note = NULL;
}

/* ---- saying which state an answer is from ------------------------------------ */

void cli_asof_text(const cli_ctx *ctx, FILE *out)
{
	const cli_asof *s = &ctx->asof;
	unsigned long long n = (unsigned long long)s->size;
	char t[HR_TIME_BUFSZ], hex[65];

	if (!s->option || !s->checkpoint)
		return;
	fprintf(out, "\nAs the register stood at log size %llu", n);
	if (s->known_at != HR_TIME_NONE)
		fprintf(out, ", with the records appended by %s", hr_time_format(t, s->known_at));
	fprintf(out, ":\n  last appended:     %s\n",
	        s->last == HR_TIME_NONE ? "none (the log was empty)" : hr_time_format(t, s->last));
	fprintf(out, "  tree head:         %s\n", cli_hex(hex, s->root, 32));
	if (s->seq) {
		fprintf(out, "  signed checkpoint of log size %llu, number %llu of those stored in "
		             "the register, as issued:\n%s",
		        n, (unsigned long long)s->seq, s->checkpoint);
		return;
	}
	if (s->later_seq)
		fprintf(out, "  prove the link:    hazreg log consistency %llu %llu\n", n,
		        (unsigned long long)s->later_size);
	else
		fprintf(out, "  later checkpoint:  none stored; sign the log with 'hazreg log "
		             "checkpoint', then prove the link with 'hazreg log consistency %llu "
		             "SIZE'\n",
		        n);
	fprintf(out, "  checkpoint of log size %llu, unsigned (the register stored no signed "
	             "one of this size):\n%s",
	        n, s->checkpoint);
	if (s->later_seq)
		fprintf(out, "  the nearest later signed checkpoint, number %llu of those stored in "
		             "the register, of log size %llu:\n%s",
		        (unsigned long long)s->later_seq, (unsigned long long)s->later_size,
		        s->later_note);
}

void cli_asof_json(const cli_ctx *ctx, FILE *out)
{
	const cli_asof *s = &ctx->asof;
	char t[HR_TIME_BUFSZ], hex[65];

	if (!s->option || !s->checkpoint)
		return;
	fprintf(out, ",\"as_of\":{\"log_size\":%llu,\"known_at\":", (unsigned long long)s->size);
	if (s->known_at == HR_TIME_NONE)
		fputs("null", out);
	else
		cli_json_str(out, hr_time_format(t, s->known_at));
	fputs(",\"last_appended\":", out);
	if (s->last == HR_TIME_NONE)
		fputs("null", out);
	else
		cli_json_str(out, hr_time_format(t, s->last));
	fprintf(out, ",\"root\":\"%s\",\"checkpoint\":", cli_hex(hex, s->root, 32));
	cli_json_str(out, s->checkpoint);
	fprintf(out, ",\"signed\":%s,\"checkpoint_number\":", s->seq ? "true" : "false");
	if (s->seq)
		fprintf(out, "%llu", (unsigned long long)s->seq);
	else
		fputs("null", out);
	fputs(",\"later_checkpoint\":", out);
	if (!s->later_seq) {
		fputs("null}", out);
		return;
	}
	fprintf(out, "{\"number\":%llu,\"log_size\":%llu,\"note\":",
	        (unsigned long long)s->later_seq, (unsigned long long)s->later_size);
	cli_json_str(out, s->later_note);
	fprintf(out, ",\"prove\":\"hazreg log consistency %llu %llu\"}}",
	        (unsigned long long)s->size, (unsigned long long)s->later_size);
}

int cli_asof_flush(cli_ctx *ctx, FILE *out, char *buf, size_t len)
{
	char *all = NULL;
	size_t cut = len, n = 0;
	FILE *mem;

	if (!ctx->asof.option)
		return cli_flush_mem(out, buf, len);
	/* JSON: the member goes before the outermost object's closing brace */
	while (ctx->json && cut > 0 && buf[cut - 1] != '}')
		cut--;
	if (ctx->json && cut > 0)
		cut--;
	else
		cut = len;
	if (!(mem = open_memstream(&all, &n))) {
		free(buf);
		return cli_fail(ctx, "out of memory");
	}
	fwrite(buf, 1, cut, mem);
	if (ctx->json)
		cli_asof_json(ctx, mem);
	fwrite(buf + cut, 1, len - cut, mem);
	if (!ctx->json)
		cli_asof_text(ctx, mem);
	fclose(mem);
	free(buf);
	return cli_flush_mem(out, all, n);
}

int cli_asof_json_file(const cli_ctx *ctx, FILE *f)
{
	char tail[2];

	if (!ctx->asof.option)
		return 0;
	if (fflush(f) != 0 || fseek(f, -2, SEEK_END) != 0 || fread(tail, 1, 2, f) != 2 ||
	    memcmp(tail, "}\n", 2) != 0 || fseek(f, -2, SEEK_END) != 0)
		return -1;
	cli_asof_json(ctx, f);
	fputs("}\n", f);
	return fflush(f) != 0 || ferror(f) ? -1 : 0;
}
