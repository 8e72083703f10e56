/*
 * test_share.c - one in-memory index shared by several handles
 * (hr_index_share, as the server's threads use it): answers equal those
 * of a handle that answers the store's way, before and after appends by
 * another handle; a handle whose snapshot is older than the index answers
 * from its snapshot; and threads that query while a writer appends never
 * see a half-made index (the sanitizer build runs this too) and, once the
 * writer is done, all see the last record.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/register_int.h"
#include "hazreg/hazreg.h"
#include "test.h"

static char dbpath[512];

static hr_time T(const char *s)
{
	hr_time t = HR_TIME_NONE;
	HR_CHECK_INT_EQ(hr_time_parse(&t, s, strlen(s)), 0);
	return t;
}

/* A square area of side 0.01 degree with its south-west corner at (x, y). */
static int append_area(hr_register *reg, const char *id, double x, double y, const char *doi)
{
	hr_record *r = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0, npts[] = {5}, nr[] = {1};
	double xy[] = {x, y, x + 0.01, y, x + 0.01, y + 0.01, x, y + 0.01, x, y};
	char err[256];
	int rc;
	hr_record_new(&r, HR_KIND_AREA);
	hr_record_set_text(r, HR_F_ID, id);
	hr_record_set_text(r, HR_F_ORG, "Test Org");
	hr_record_set_time(r, HR_F_DOI, T(doi));
	hr_record_set_text(r, HR_F_CLASSIFICATION, "SHA");
	rc = hr_geom_polygon(&wkb, &len, xy, npts, 1, nr, 1, 0, err, sizeof err);
	if (rc == 0) {
		hr_record_set_geom(r, HR_F_GEOM, wkb, len);
		rc = hr_register_append(reg, r, NULL);
	}
	hr_free(wkb);
	hr_record_free(r);
	return rc;
}

static hr_register *open_reg(int create, int readonly)
{
	hr_register *reg = NULL;
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	o.create = create;
	o.readonly = readonly;
	HR_CHECK_INT_EQ(hr_register_open(&reg, hr_test_db(dbpath), &o), 0);
	return reg;
}

/* The ids a handle finds at a point, space-separated. */
static const char *ids_at(hr_register *reg, double x, double y, char *buf, size_t len)
{
	hr_hits *h = NULL;
	hr_point p = {x, y};
	buf[0] = '\0';
	HR_CHECK_INT_EQ(hr_query_point(reg, p, T("2026-01-01"), &h), 0);
	for (size_t i = 0; h && i < h->n; i++) {
		size_t n = strlen(buf);
		snprintf(buf + n, len - n, "%s%s", n ? " " : "", h->hits[i].area_id);
	}
	hr_hits_free(h);
	return buf;
}

static void test_handles(void)
{
	hr_index_share *share = NULL;
	hr_register *w = open_reg(1, 0), *a = open_reg(0, 1), *b = open_reg(0, 1);
	char got[256];
	uint64_t base = 0;
	HR_CHECK_INT_EQ(hr_index_share_new(&share), 0);
	HR_CHECK_INT_EQ(hr_register_log_size(w, &base), 0); /* the records a new register holds */
	HR_CHECK_INT_EQ(hr_register_share_index(NULL, share), HR_EINVAL);
	HR_CHECK_INT_EQ(append_area(w, "S-1", 30.0, 50.0, "2025-01-01"), 0);
	HR_CHECK_INT_EQ(append_area(w, "S-2", 30.005, 50.0, "2025-01-01"), 0);
	HR_CHECK_INT_EQ(hr_register_share_index(a, share), 0);
	HR_CHECK_INT_EQ(hr_register_share_index(b, share), 0);

	HR_CHECK_STR_EQ(ids_at(a, 30.007, 50.005, got, sizeof got), "S-1 S-2");
	HR_CHECK(share->ix != NULL);        /* built by the first query */
	HR_CHECK(a->index == NULL && b->index == NULL); /* and no index of their own */
	HR_CHECK_STR_EQ(ids_at(b, 30.002, 50.005, got, sizeof got), "S-1");
	HR_CHECK_STR_EQ(ids_at(b, 30.012, 50.005, got, sizeof got), "S-2");
	HR_CHECK_INT_EQ(hr_index_log_size(share->ix), base + 2);

	/* another handle appends: the first of the sharing handles to look
	 * catches the index up, and the other uses it as it is */
	HR_CHECK_INT_EQ(append_area(w, "S-3", 30.02, 50.0, "2025-06-01"), 0);
	HR_CHECK_STR_EQ(ids_at(a, 30.025, 50.005, got, sizeof got), "S-3");
	HR_CHECK_INT_EQ(hr_index_log_size(share->ix), base + 3);
	HR_CHECK_STR_EQ(ids_at(b, 30.025, 50.005, got, sizeof got), "S-3");

	/* a snapshot older than the index answers as of that snapshot */
	HR_CHECK_INT_EQ(hr_reg__read_begin(b), 0);
	HR_CHECK_INT_EQ(append_area(w, "S-4", 30.03, 50.0, "2025-06-01"), 0);
	HR_CHECK_STR_EQ(ids_at(a, 30.035, 50.005, got, sizeof got), "S-4");
	HR_CHECK_INT_EQ(hr_index_log_size(share->ix), base + 4);
	HR_CHECK_STR_EQ(ids_at(b, 30.035, 50.005, got, sizeof got), ""); /* not yet in b's */
	HR_CHECK_STR_EQ(ids_at(b, 30.025, 50.005, got, sizeof got), "S-3");
	hr_reg__read_end(b);
	HR_CHECK_STR_EQ(ids_at(b, 30.035, 50.005, got, sizeof got), "S-4");
	HR_CHECK(!a->share_locked && !b->share_locked);

	hr_register_close(a);
	hr_register_close(b);
	hr_register_close(w);
	hr_index_share_free(share);
	hr_index_share_free(NULL);
}

/* ---- threads ------------------------------------------------------------------------ */

#define NTHREADS 4
#define NAREAS 60

typedef struct {
	hr_index_share *share;
	volatile int *done;
	size_t queries, wrong;
	int rc;
} reader;

/* Each reader asks at every area's centre in turn: a found area must be
 * the one there (never another, never a broken answer), until the writer
 * is done; then every area must be found. */
static void *read_loop(void *arg)
{
	reader *r = arg;
	hr_register *reg = open_reg(0, 1);
	char want[32], got[256];
	int last = 0;
	if (!reg || hr_register_share_index(reg, r->share) != 0) {
		r->rc = 1;
		hr_register_close(reg);
		return NULL;
	}
	for (int round = 0; !last; round++) {
		last = *r->done;
		for (int i = 0; i < NAREAS; i++) {
			snprintf(want, sizeof want, "T-%02d", i);
			ids_at(reg, 30.0 + i * 0.02 + 0.005, 50.005, got, sizeof got);
			r->queries++;
			if (last ? strcmp(got, want) != 0 : (*got && strcmp(got, want) != 0))
				r->wrong++;
		}
	}
	hr_register_close(reg);
	return NULL;
}

static void test_threads(void)
{
	hr_index_share *share = NULL;
	hr_register *w;
	pthread_t tid[NTHREADS];
	reader rd[NTHREADS];
	volatile int done = 0;
	size_t queries = 0, wrong = 0;
	char id[32];
	uint64_t base = 0;
	unlink(dbpath);
	hr_test_db_forget(dbpath);
	w = open_reg(1, 0);
	HR_CHECK_INT_EQ(hr_register_log_size(w, &base), 0);
	HR_CHECK_INT_EQ(hr_index_share_new(&share), 0);
	for (int t = 0; t < NTHREADS; t++) {
		memset(&rd[t], 0, sizeof rd[t]);
		rd[t].share = share;
		rd[t].done = &done;
		HR_CHECK_INT_EQ(pthread_create(&tid[t], NULL, read_loop, &rd[t]), 0);
	}
	for (int i = 0; i < NAREAS; i++) {
		snprintf(id, sizeof id, "T-%02d", i);
		HR_CHECK_INT_EQ(append_area(w, id, 30.0 + i * 0.02, 50.0, "2025-01-01"), 0);
	}
	done = 1;
	for (int t = 0; t < NTHREADS; t++) {
		pthread_join(tid[t], NULL);
		HR_CHECK_INT_EQ(rd[t].rc, 0);
		queries += rd[t].queries;
		wrong += rd[t].wrong;
	}
	fprintf(stderr, "%d threads, %zu queries while %d areas were appended, %zu wrong\n",
	        NTHREADS, queries, NAREAS, wrong);
	HR_CHECK_INT_EQ(wrong, 0);
	HR_CHECK(queries >= (size_t)NTHREADS * NAREAS);
	HR_CHECK(share->ix != NULL && hr_index_log_size(share->ix) == base + NAREAS);
	hr_register_close(w);
	hr_index_share_free(share);
}

int main(void)
{
	const char *tmp = getenv("HR_TEST_TMP");
	if (!tmp)
		tmp = "/tmp";
	mkdir(tmp, 0777);
	snprintf(dbpath, sizeof dbpath, "%s/test_share.gpkg", tmp);
	unlink(dbpath);
	test_handles();
	test_threads();
	unlink(dbpath);
	return HR_TEST_DONE();
}
