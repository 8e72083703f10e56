/*
 * chain.c - one reader over several input files, so that "hazreg import
 * a.geojson b.geojson" is a single transaction: all files or nothing.
 *
 * It implements the public hr_reader interface by handing on to each
 * file's GeoJSON reader in turn. Feature indexes seen by the register run
 * on across files; the chain remembers how many features each file gave,
 * so that an error can be told back as "file, feature index in that file".
 * It also drives the progress bar, since it sees every feature go by.
 */
#include "chain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cli_chain {
	hr_reader base;       /* first: the chain is handed out as an hr_reader */
	size_t n, cur;
	hr_reader **rd;
	const char **path;
	uint64_t *count;      /* features each file gave so far */
	uint64_t *total;      /* bytes of each file, 0 when unknown */
	uint64_t done_before; /* bytes of the files already read */
	uint64_t features;
	cli_progress *prog;
	const hr_key_signer *signer; /* sign every record with this key, or NULL */
	int fatal;            /* a reader failed: fatal_err says how */
	size_t fatal_file;
	int fatal_code;
	hr_read_error fatal_err;
};

static uint64_t offset_of(const cli_chain *c, size_t file)
{
	uint64_t off = 0;
	for (size_t i = 0; i < file; i++)
		off += c->count[i];
	return off;
}

static void chain_progress(hr_reader *r, uint64_t *done, uint64_t *total)
{
	cli_chain *c = (cli_chain *)r;
	uint64_t d = 0, t = 0, sum = 0;
	int unknown = 0;

	if (c->cur < c->n && c->rd[c->cur])
		c->rd[c->cur]->progress(c->rd[c->cur], &d, &t);
	for (size_t i = 0; i < c->n; i++) {
		sum += c->total[i];
		unknown |= c->total[i] == 0;
	}
	*done = c->done_before + d;
	*total = unknown ? 0 : sum;
}

static void tick(cli_chain *c)
{
	uint64_t done, total;
	if (!c->prog || !c->prog->active)
		return;
	chain_progress(&c->base, &done, &total);
	cli_progress_items(c->prog, c->features);
	cli_progress_set(c->prog, done, total);
}

/* The current file is read to its end: account for it, go to the next. */
static void next_file(cli_chain *c)
{
	uint64_t d = 0, t = 0;
	c->rd[c->cur]->progress(c->rd[c->cur], &d, &t);
	c->done_before += d > t ? d : t;
	c->cur++;
}

static int chain_next(hr_reader *r, hr_record **rec, hr_read_error *err)
{
	cli_chain *c = (cli_chain *)r;
	int rc;

	*rec = NULL;
	while (c->cur < c->n) {
		memset(err, 0, sizeof *err);
		rc = c->rd[c->cur]->next(c->rd[c->cur], rec, err);
		if (rc == 0) {
			next_file(c);
			continue;
		}
		if (rc < 0) {
			c->fatal = 1;
			c->fatal_file = c->cur;
			c->fatal_code = rc;
			c->fatal_err = *err;
			err->index += offset_of(c, c->cur);
			return rc;
		}
		if (*rec && c->signer) {
			rc = hr_record_sign(*rec, c->signer->id, c->signer->seed);
			if (rc != 0) {
				hr_record_free(*rec);
				*rec = NULL;
				c->fatal = 1;
				c->fatal_file = c->cur;
				c->fatal_code = rc;
				memset(err, 0, sizeof *err);
				snprintf(err->reason, sizeof err->reason, "cannot sign the record: %s",
				         hr_strerror(rc));
				err->index = offset_of(c, c->cur) + c->count[c->cur];
				c->fatal_err = *err;
				return rc;
			}
		}
		if (!*rec)
			err->index = offset_of(c, c->cur) + c->count[c->cur];
		c->count[c->cur]++;
		c->features++;
		tick(c);
		return 1;
	}
	return 0;
}

static const char *chain_raw(hr_reader *r)
{
	cli_chain *c = (cli_chain *)r;
	if (c->cur >= c->n)
		return NULL;
	return c->rd[c->cur]->raw(c->rd[c->cur]);
}

/* Closes the files; the chain itself lives on until cli_chain_free(). */
static void chain_close(hr_reader *r)
{
	cli_chain *c = (cli_chain *)r;
	for (size_t i = 0; i < c->n; i++) {
		if (c->rd[i])
			c->rd[i]->close(c->rd[i]);
		c->rd[i] = NULL;
	}
	c->cur = c->n;
}

void cli_chain_sign(cli_chain *c, const hr_key_signer *signer)
{
	c->signer = signer;
}

const char *cli_chain_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "standard input" : path;
}

int cli_chain_open(cli_chain **out, const char *cmd, char **paths, size_t n,
                   const hr_reader_options *opts, cli_progress *prog)
{
	cli_chain *c = calloc(1, sizeof *c);
	char why[256];
	int rc = CLI_FAIL;

	*out = NULL;
	if (!c || !(c->rd = calloc(n, sizeof *c->rd)) || !(c->path = calloc(n, sizeof *c->path)) ||
	    !(c->count = calloc(n, sizeof *c->count)) || !(c->total = calloc(n, sizeof *c->total))) {
		cli_err("%s: out of memory", cmd);
		goto done;
	}
	c->base.version = HR_READER_VERSION;
	c->base.next = chain_next;
	c->base.raw = chain_raw;
	c->base.progress = chain_progress;
	c->base.close = chain_close;
	c->n = n;
	c->prog = prog;
	for (size_t i = 0; i < n; i++) {
		uint64_t d = 0;
		c->path[i] = paths[i];
		why[0] = '\0';
		if (hr_reader_open(&c->rd[i], paths[i], opts, why, sizeof why) != 0) {
			c->rd[i] = NULL;
			if (why[0])
				cli_err("%s: %s", cmd, why);
			else
				cli_err("%s: cannot read %s", cmd, cli_chain_name(paths[i]));
			goto done;
		}
		c->rd[i]->progress(c->rd[i], &d, &c->total[i]);
	}
	*out = c;
	c = NULL;
	rc = CLI_OK;
done:
	cli_chain_free(c);
	return rc;
}

hr_reader *cli_chain_reader(cli_chain *c)
{
	return &c->base;
}

const char *cli_chain_locate(const cli_chain *c, uint64_t index, uint64_t *local)
{
	for (size_t i = 0; i < c->n; i++) {
		if (index < c->count[i] || i + 1 == c->n) {
			*local = index;
			return cli_chain_name(c->path[i]);
		}
		index -= c->count[i];
	}
	*local = index;
	return "input";
}

int cli_chain_fatal(const cli_chain *c, const char **path, const hr_read_error **err)
{
	if (!c->fatal)
		return 0;
	if (path)
		*path = cli_chain_name(c->path[c->fatal_file]);
	if (err)
		*err = &c->fatal_err;
	return c->fatal_code;
}

void cli_chain_print_error(const cli_chain *c, const hr_read_error *e)
{
	uint64_t local;
	const char *file = cli_chain_locate(c, e->index, &local);

	fflush(stdout);
	fprintf(stderr, "hazreg: %s: ", file);
	if (e->line && e->column)
		fprintf(stderr, "line %llu, column %lu, ", (unsigned long long)e->line,
		        (unsigned long)e->column);
	else if (e->line) /* the column is not known */
		fprintf(stderr, "line %llu, ", (unsigned long long)e->line);
	fprintf(stderr, "feature %llu", (unsigned long long)local);
	if (e->id[0])
		fprintf(stderr, " (id %s)", e->id);
	fputs(": ", stderr);
	if (e->field[0])
		fprintf(stderr, "%s: ", e->field);
	fprintf(stderr, "%s\n", e->reason);
}

uint64_t cli_chain_features(const cli_chain *c)
{
	return c->features;
}

void cli_chain_free(cli_chain *c)
{
	if (!c)
		return;
	if (c->rd)
		chain_close(&c->base);
	free(c->rd);
	free(c->path);
	free(c->count);
	free(c->total);
	free(c);
}
