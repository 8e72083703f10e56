/*
 * test_geojson_read.c - the GeoJSON reader against the files of
 * tests/data/geojson: a FeatureCollection and the same features as an
 * RFC 8142 sequence give the same records; every refusal in refused.txt
 * names its field and reason; every fatal case in fatal.txt stops reading
 * with its reason; and a large generated collection streams in bounded
 * memory.
 */
#include "formats/formats_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test.h"

/* Under AddressSanitizer freed memory sits in quarantine, so peak RSS says nothing. */
#if defined(__SANITIZE_ADDRESS__)
#define HR_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HR_ASAN 1
#endif
#endif
#ifndef HR_ASAN
#define HR_ASAN 0
#endif

static char src_dir[1024] = ".";
static char tmp_dir[1024] = "/tmp";

static const char *data_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/tests/data/geojson/%s", src_dir, name);
	return buf;
}

/* What a reader yielded: records, refusals, and how it ended. */
typedef struct {
	hr_record **recs;
	size_t nrecs;
	hr_read_error *errs;
	size_t nerrs;
	int *order; /* per feature: 1 record, 0 refused */
	char **raws; /* raw() of each feature */
	size_t n;
	int rc;     /* 0, or the fatal error */
	hr_read_error fatal;
	uint64_t done, total;
} outcome;

static void outcome_free(outcome *o)
{
	for (size_t i = 0; i < o->nrecs; i++)
		hr_record_free(o->recs[i]);
	for (size_t i = 0; i < o->n; i++)
		free(o->raws[i]);
	free(o->recs);
	free(o->errs);
	free(o->order);
	free(o->raws);
	memset(o, 0, sizeof *o);
}

static void drain(hr_reader *rd, outcome *o)
{
	memset(o, 0, sizeof *o);
	for (;;) {
		hr_record *rec = NULL;
		hr_read_error err;
		int rc = rd->next(rd, &rec, &err);
		if (rc <= 0) {
			o->rc = rc;
			if (rc < 0) {
				o->fatal = err;
				/* a fatal error is sticky */
				HR_CHECK_INT_EQ(rd->next(rd, &rec, &err), rc);
				HR_CHECK(rec == NULL);
			}
			break;
		}
		o->order = realloc(o->order, (o->n + 1) * sizeof *o->order);
		o->raws = realloc(o->raws, (o->n + 1) * sizeof *o->raws);
		o->raws[o->n] = strdup(rd->raw(rd));
		if (rec) {
			o->recs = realloc(o->recs, (o->nrecs + 1) * sizeof *o->recs);
			o->recs[o->nrecs++] = rec;
			o->order[o->n++] = 1;
		} else {
			o->errs = realloc(o->errs, (o->nerrs + 1) * sizeof *o->errs);
			o->errs[o->nerrs++] = err;
			o->order[o->n++] = 0;
		}
	}
	rd->progress(rd, &o->done, &o->total);
}

static int read_file(const char *name, outcome *o)
{
	char path[2048], err[256] = "";
	hr_reader *rd = NULL;
	int rc = hr_reader_geojson(&rd, data_path(path, sizeof path, name), err, sizeof err);
	if (rc) {
		fprintf(stderr, "cannot open %s: %s\n", path, err);
		memset(o, 0, sizeof *o);
		return rc;
	}
	drain(rd, o);
	rd->close(rd);
	return 0;
}

static int same_value(const hr_value *a, const hr_value *b)
{
	if (a->tag != b->tag || a->type != b->type)
		return 0;
	switch (a->type) {
	case HR_FT_TEXT:
	case HR_FT_ENUM:
		return strcmp(a->u.text, b->u.text) == 0;
	case HR_FT_INT:
	case HR_FT_BOOL:
		return a->u.i == b->u.i;
	case HR_FT_REAL:
		return a->u.r == b->u.r;
	case HR_FT_TIME:
		return a->u.t == b->u.t;
	case HR_FT_GEOM:
		return a->u.geom.len == b->u.geom.len &&
		       memcmp(a->u.geom.wkb, b->u.geom.wkb, a->u.geom.len) == 0;
	case HR_FT_CONTAM:
		return strcmp(a->u.contam.device_class, b->u.contam.device_class) == 0 &&
		       a->u.contam.count == b->u.contam.count &&
		       a->u.contam.confirmed == b->u.contam.confirmed &&
		       a->u.contam.emplaced_earliest == b->u.contam.emplaced_earliest &&
		       a->u.contam.emplaced_latest == b->u.contam.emplaced_latest;
	case HR_FT_PRIVATE:
		return a->u.priv.value && b->u.priv.value &&
		       strcmp(a->u.priv.value, b->u.priv.value) == 0;
	default:
		return 0;
	}
}

static int same_record(const hr_record *a, const hr_record *b)
{
	if (a->kind != b->kind || a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (!same_value(&a->v[i], &b->v[i]))
			return 0;
	return 1;
}

static const char *private_text(const hr_record *rec, int tag, size_t nth)
{
	const hr_value *v = hr_record_get(rec, tag, nth);
	return v && v->type == HR_FT_PRIVATE ? v->u.priv.value : NULL;
}

/* The collection and the sequence of the same features agree, field by field. */
static void test_collection_and_sequence(void)
{
	outcome fc, seq;
	const hr_value *v;
	hr_time t;
	if (read_file("areas.geojson", &fc) || read_file("areas.geojsons", &seq)) {
		HR_CHECK(!"areas files readable");
		return;
	}
	HR_CHECK_INT_EQ(fc.rc, 0);
	HR_CHECK_INT_EQ(seq.rc, 0);
	for (size_t i = 0; i < fc.nerrs; i++)
		fprintf(stderr, "  unexpected refusal %llu %s: %s\n",
		        (unsigned long long)fc.errs[i].index, fc.errs[i].field, fc.errs[i].reason);
	HR_CHECK_INT_EQ(fc.nerrs, 0);
	HR_CHECK_INT_EQ(seq.nerrs, 0);
	HR_CHECK_INT_EQ(fc.nrecs, 8);
	HR_CHECK_INT_EQ(seq.nrecs, fc.nrecs);
	for (size_t i = 0; i < fc.nrecs && i < seq.nrecs; i++)
		if (!same_record(fc.recs[i], seq.recs[i])) {
			fprintf(stderr, "  record %zu differs between collection and sequence\n", i);
			HR_CHECK(0);
		}
	/* progress ends at the file's size */
	HR_CHECK(fc.total > 0);
	HR_CHECK_INT_EQ(fc.done, fc.total);
	HR_CHECK_INT_EQ(seq.done, seq.total);
	if (fc.nrecs < 8)
		goto done;

	/* the area and its contamination: counts unknown by default */
	HR_CHECK_INT_EQ(fc.recs[0]->kind, HR_KIND_AREA);
	HR_CHECK_STR_EQ(hr_record_text(fc.recs[0], HR_F_ID), "HA-0001");
	HR_CHECK_STR_EQ(hr_record_text(fc.recs[0], HR_F_CLASSIFICATION), "SHA");
	HR_CHECK(hr_record_get(fc.recs[0], HR_F_NOTE, 0) == NULL); /* null: absent */
	HR_CHECK(hr_record_get(fc.recs[0], HR_F_BENCHMARK, 0) != NULL);
	HR_CHECK_STR_EQ(private_text(fc.recs[0], HR_F_INFORMANT, 0), "Informant name and phone");
	v = hr_record_get(fc.recs[0], HR_F_CONTAM, 0);
	HR_CHECK(v != NULL);
	if (v) {
		HR_CHECK_STR_EQ(v->u.contam.device_class, "np-sd-48h");
		HR_CHECK_INT_EQ(v->u.contam.count, HR_COUNT_UNKNOWN);
		HR_CHECK_INT_EQ(v->u.contam.confirmed, 0);
		hr_time_parse(&t, "2024-12-01T00:00:00Z", 20);
		HR_CHECK_INT_EQ(v->u.contam.emplaced_earliest, t);
		hr_time_parse(&t, "2024-12-15T04:30:00Z", 20);
		HR_CHECK_INT_EQ(v->u.contam.emplaced_latest, t);
	}
	v = hr_record_get(fc.recs[0], HR_F_CONTAM, 1);
	HR_CHECK(v && v->u.contam.count == 12 && v->u.contam.confirmed == 1 &&
	         v->u.contam.emplaced_earliest == HR_TIME_NONE);
	v = hr_record_get(fc.recs[0], HR_F_CONTAM, 2);
	HR_CHECK(v && v->u.contam.count == HR_COUNT_UNKNOWN && v->u.contam.confirmed == 0);
	HR_CHECK(hr_record_get(fc.recs[0], HR_F_CONTAM, 3) == NULL);
	HR_CHECK_INT_EQ(hr_record_get(fc.recs[0], HR_F_BENEFICIARIES, 0)->u.i, 240);

	/* integer Feature id agreeing with properties.id; altitude dropped */
	HR_CHECK_STR_EQ(hr_record_text(fc.recs[1], HR_F_ID), "42");
	{
		int type = 0;
		char gerr[256];
		v = hr_record_get(fc.recs[1], HR_F_GEOM, 0);
		HR_CHECK(v && hr_geom_check(v->u.geom.wkb, v->u.geom.len, &type, gerr, sizeof gerr) == 0);
		HR_CHECK_INT_EQ(type, HR_GEOM_MULTIPOLYGON);
	}
	HR_CHECK_INT_EQ(fc.recs[2]->kind, HR_KIND_RELEASE);
	HR_CHECK_STR_EQ(hr_record_text(fc.recs[2], HR_F_RELEASE), "cleared");
	HR_CHECK_INT_EQ(fc.recs[3]->kind, HR_KIND_ITEM);
	HR_CHECK_STR_EQ(private_text(fc.recs[3], HR_F_FINDER, 0), "Deminer, team T3");
	/* victims: objects as compact JSON with sorted keys, strings as they are */
	HR_CHECK_INT_EQ(fc.recs[4]->kind, HR_KIND_ACCIDENT);
	HR_CHECK_STR_EQ(private_text(fc.recs[4], HR_F_VICTIM, 0),
	                "{\"activity\":\"farming\",\"age\":34,\"outcome\":\"injured\",\"sex\":\"m\"}");
	HR_CHECK_STR_EQ(private_text(fc.recs[4], HR_F_VICTIM, 1), "second person, child, unhurt");
	HR_CHECK_INT_EQ(hr_record_get(fc.recs[4], HR_F_DEMINING, 0)->u.i, 0);
	HR_CHECK_INT_EQ(fc.recs[5]->kind, HR_KIND_EORE);
	HR_CHECK_INT_EQ(fc.recs[6]->kind, HR_KIND_CLASS);
	HR_CHECK(hr_record_get(fc.recs[6], HR_F_SD_FAIL_OPT, 0)->u.r == 6e-6);
	HR_CHECK(hr_record_get(fc.recs[6], HR_F_SD_MIN_H, 0)->u.r == 4.0);
	HR_CHECK_STR_EQ(hr_record_text(fc.recs[7], HR_F_STATUS), "closed");
	HR_CHECK(hr_record_get(fc.recs[7], HR_F_GEOM, 0) == NULL);
done:
	outcome_free(&fc);
	outcome_free(&seq);
}

/* Split a manifest line on tabs in place; returns the number of columns. */
static int split_tabs(char *line, char **col, int max)
{
	int n = 0;
	line[strcspn(line, "\r\n")] = '\0';
	col[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			col[n++] = p + 1;
		}
	return n;
}

/* Every line of refused.txt, against the collection and the sequence. */
static void check_refused(const char *name, const outcome *o)
{
	char path[2048], line[1024];
	FILE *m = fopen(data_path(path, sizeof path, "refused.txt"), "r");
	size_t nerr = 0, nrec = 0, lines = 0;
	HR_CHECK(m != NULL);
	if (!m)
		return;
	HR_CHECK_INT_EQ(o->rc, 0);
	while (fgets(line, sizeof line, m)) {
		char *col[3];
		size_t index;
		if (line[0] == '#' || split_tabs(line, col, 3) != 3)
			continue;
		index = (size_t)strtoul(col[0], NULL, 10);
		lines++;
		if (index >= o->n) {
			fprintf(stderr, "  %s: feature %zu missing\n", name, index);
			HR_CHECK(0);
			continue;
		}
		if (strcmp(col[1], "-") == 0) {
			HR_CHECK_INT_EQ(o->order[index], 1);
			nrec++;
			continue;
		}
		if (o->order[index] != 0) {
			fprintf(stderr, "  %s: feature %zu accepted, expected refusal (%s)\n", name,
			        index, col[2]);
			HR_CHECK(0);
			nrec++;
			continue;
		}
		{
			const hr_read_error *e = &o->errs[nerr++];
			HR_CHECK_INT_EQ(e->index, index);
			HR_CHECK_STR_EQ(e->field, col[1]);
			if (!strstr(e->reason, col[2])) {
				fprintf(stderr, "  %s: feature %zu: reason \"%s\" lacks \"%s\"\n", name,
				        index, e->reason, col[2]);
				HR_CHECK(0);
			}
		}
	}
	fclose(m);
	HR_CHECK_INT_EQ(lines, o->n);
	HR_CHECK_INT_EQ(nerr, o->nerrs);
	HR_CHECK_INT_EQ(nrec, o->nrecs);
}

static void test_refused(void)
{
	outcome fc, seq;
	char path[2048], line[4096];
	FILE *f;
	if (read_file("refused.geojson", &fc) || read_file("refused.geojsons", &seq)) {
		HR_CHECK(!"refused files readable");
		return;
	}
	check_refused("refused.geojson", &fc);
	check_refused("refused.geojsons", &seq);
	/* the ids of refused features are reported */
	if (fc.nerrs > 6) {
		HR_CHECK_STR_EQ(fc.errs[0].id, "bowtie");
		HR_CHECK_STR_EQ(seq.errs[0].id, "bowtie");
		HR_CHECK_STR_EQ(fc.errs[6].id, "");
	}
	/* raw(): a sequence gives the text as written (without RS and LF) */
	f = fopen(data_path(path, sizeof path, "refused.geojsons"), "rb");
	HR_CHECK(f != NULL);
	for (size_t i = 0; f && i < seq.n && fgets(line, sizeof line, f); i++) {
		line[strcspn(line, "\n")] = '\0';
		HR_CHECK_STR_EQ(seq.raws[i], line + 1);
	}
	if (f)
		fclose(f);
	/* a collection gives the feature as compact JSON */
	if (fc.n > 0) {
		HR_CHECK(strncmp(fc.raws[0], "{\"type\":\"Feature\",\"geometry\":{", 30) == 0 &&
		         strstr(fc.raws[0], "\"bowtie\""));
		/* numbers with the fewest digits that read back the same */
		HR_CHECK(strstr(fc.raws[0], "[[[37.5,48.1],[37.52,48.12],") != NULL);
	}
	outcome_free(&fc);
	outcome_free(&seq);
}

static void test_fatal(void)
{
	char path[2048], line[1024];
	FILE *m = fopen(data_path(path, sizeof path, "fatal.txt"), "r");
	int cases = 0;
	HR_CHECK(m != NULL);
	while (m && fgets(line, sizeof line, m)) {
		char *col[4], name[600];
		outcome o;
		if (line[0] == '#' || split_tabs(line, col, 4) != 4)
			continue;
		cases++;
		snprintf(name, sizeof name, "fatal/%s", col[0]);
		if (read_file(name, &o)) {
			HR_CHECK(!"fatal case readable");
			continue;
		}
		if (o.rc >= 0) {
			fprintf(stderr, "  %s: no fatal error\n", name);
			HR_CHECK(0);
		} else {
			HR_CHECK_INT_EQ(o.rc, HR_EVALIDATE);
			HR_CHECK_INT_EQ(o.nrecs, strtol(col[1], NULL, 10));
			HR_CHECK_STR_EQ(o.fatal.field, col[2]);
			if (!strstr(o.fatal.reason, col[3])) {
				fprintf(stderr, "  %s: reason \"%s\" lacks \"%s\"\n", name, o.fatal.reason,
				        col[3]);
				HR_CHECK(0);
			}
		}
		outcome_free(&o);
	}
	if (m)
		fclose(m);
	HR_CHECK(cases >= 20);
}

static void test_bare_feature_and_memory(void)
{
	outcome o;
	hr_reader *rd = NULL;
	char err[256];
	static const char seq[] = "\n\x1e\x1e{\"type\":\"Feature\",\"id\":\"A\",\"geometry\":null,"
	                          "\"properties\":{\"org\":\"o\",\"date_of_information\":"
	                          "\"2025-01-01\"}}\n\x1e  \n";
	if (read_file("feature.geojson", &o) == 0) {
		HR_CHECK_INT_EQ(o.rc, 0);
		HR_CHECK_INT_EQ(o.nrecs, 1);
		if (o.nrecs == 1) {
			HR_CHECK_STR_EQ(hr_record_text(o.recs[0], HR_F_ID), "HA-BARE");
			HR_CHECK_STR_EQ(hr_record_text(o.recs[0], HR_F_CLASSIFICATION), "CHA");
		}
		outcome_free(&o);
	}
	/* from memory; empty sequence elements are skipped */
	HR_CHECK_INT_EQ(hr_reader__geojson_mem(&rd, (const unsigned char *)seq, sizeof seq - 1, 0, err,
	                                       sizeof err), 0);
	if (rd) {
		drain(rd, &o);
		HR_CHECK_INT_EQ(o.rc, 0);
		HR_CHECK_INT_EQ(o.nrecs, 1);
		HR_CHECK_INT_EQ(o.nerrs, 0);
		HR_CHECK_INT_EQ(o.total, sizeof seq - 1);
		outcome_free(&o);
		rd->close(rd);
	}
}

static void test_open_errors(void)
{
	hr_reader *rd = (hr_reader *)1;
	char err[256] = "", path[2048];
	HR_CHECK_INT_EQ(hr_reader_geojson(&rd, data_path(path, sizeof path, "no-such-file.geojson"),
	                                  err, sizeof err), HR_ENOTFOUND);
	HR_CHECK(rd == NULL);
	HR_CHECK(strstr(err, "no-such-file.geojson") != NULL);
	HR_CHECK_INT_EQ(hr_reader_geojson(&rd, data_path(path, sizeof path, "fatal"), err, sizeof err),
	                HR_EIO);
	HR_CHECK_INT_EQ(hr_reader_geojson(NULL, "x", err, sizeof err), HR_EINVAL);
}

/* A data file read in chunks of a few bytes gives what 64 KiB chunks give. */
static void check_chunks(const char *name)
{
	static const size_t sizes[] = {4, 5, 13, 64, 4096};
	char path[2048], err[256];
	unsigned char *buf = NULL;
	size_t len = 0;
	outcome whole, part;
	hr_reader *rd = NULL;
	FILE *f = fopen(data_path(path, sizeof path, name), "rb");
	HR_CHECK(f != NULL);
	if (!f)
		return;
	buf = malloc(1 << 20);
	if (buf)
		len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	if (!buf || hr_reader__geojson_mem(&rd, buf, len, 0, err, sizeof err)) {
		HR_CHECK(!"reader over memory");
		free(buf);
		return;
	}
	drain(rd, &whole);
	rd->close(rd);
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		if (hr_reader__geojson_mem(&rd, buf, len, sizes[k], err, sizeof err))
			continue;
		drain(rd, &part);
		rd->close(rd);
		HR_CHECK_INT_EQ(part.rc, whole.rc);
		HR_CHECK_STR_EQ(part.fatal.field, whole.fatal.field);
		HR_CHECK_INT_EQ(part.fatal.index, whole.fatal.index);
		HR_CHECK_INT_EQ(part.nrecs, whole.nrecs);
		HR_CHECK_INT_EQ(part.nerrs, whole.nerrs);
		for (size_t i = 0; i < part.nrecs && i < whole.nrecs; i++)
			HR_CHECK(same_record(part.recs[i], whole.recs[i]));
		for (size_t i = 0; i < part.nerrs && i < whole.nerrs; i++) {
			HR_CHECK_INT_EQ(part.errs[i].index, whole.errs[i].index);
			HR_CHECK_STR_EQ(part.errs[i].field, whole.errs[i].field);
			HR_CHECK_STR_EQ(part.errs[i].reason, whole.errs[i].reason);
		}
		if (whole.rc == 0)
			HR_CHECK_INT_EQ(part.done, len);
		outcome_free(&part);
	}
	outcome_free(&whole);
	free(buf);
}

static void test_chunk_sizes(void)
{
	static const char *const files[] = {
		"areas.geojson", "areas.geojsons", "refused.geojson", "refused.geojsons",
		"feature.geojson", "fatal/syntax.geojson", "fatal/syntax.geojsons",
		"fatal/crs_after.geojson", "fatal/truncated.geojson", "fatal/deep.geojson",
		"fatal/bigint.geojson", "fatal/badutf8.geojson", "fatal/no_type.geojson",
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		check_chunks(files[i]);
}

static long vm_hwm_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

/* 200,000 small areas in one FeatureCollection stream in bounded memory. */
static void test_big_collection(void)
{
	enum { N = 200000 };
	char path[2048], err[256];
	hr_reader *rd = NULL;
	hr_record *rec;
	hr_read_error rerr;
	long before, after;
	size_t nrec = 0, nbad = 0;
	int rc;
	FILE *f;
	snprintf(path, sizeof path, "%s/geojson_big.geojson", tmp_dir);
	f = fopen(path, "w");
	HR_CHECK(f != NULL);
	if (!f)
		return;
	fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", f);
	for (int i = 0; i < N; i++) {
		double x = 22.0 + (i % 1000) * 0.01, y = 44.5 + (i / 1000) * 0.03;
		fprintf(f,
		        "%s{\"type\":\"Feature\",\"id\":\"HA-%06d\",\"geometry\":{\"type\":\"Polygon\","
		        "\"coordinates\":[[[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f]]]},"
		        "\"properties\":{\"org\":\"NMAC-UA\",\"date_of_information\":\"2025-03-01\","
		        "\"classification\":\"SHA\",\"status\":\"open\",\"contamination\":[{\"class\":"
		        "\"np-sd-48h\"}]}}\n",
		        i ? "," : "", i, x, y, x + 0.005, y, x + 0.005, y + 0.005, x, y + 0.005, x, y);
	}
	fputs("]}\n", f);
	HR_CHECK(fclose(f) == 0);

	before = vm_hwm_kb();
	HR_CHECK_INT_EQ(hr_reader_geojson(&rd, path, err, sizeof err), 0);
	if (!rd)
		return;
	while ((rc = rd->next(rd, &rec, &rerr)) == 1) {
		if (rec)
			nrec++;
		else if (nbad++ == 0)
			fprintf(stderr, "  refused %llu %s: %s\n", (unsigned long long)rerr.index,
			        rerr.field, rerr.reason);
		hr_record_free(rec);
	}
	rd->close(rd);
	after = vm_hwm_kb();
	HR_CHECK_INT_EQ(rc, 0);
	HR_CHECK_INT_EQ(nrec, N);
	HR_CHECK_INT_EQ(nbad, 0);
	fprintf(stderr, "  %d features: peak RSS %ld kB before, %ld kB after%s\n", N, before, after,
	        HR_ASAN ? " (not checked under AddressSanitizer)" : "");
	HR_CHECK(before > 0);
	if (!HR_ASAN)
		HR_CHECK(after - before < 50 * 1024);
	remove(path);
}

int main(void)
{
	const char *s = getenv("HR_SRC"), *t = getenv("HR_TEST_TMP");
	if (s)
		snprintf(src_dir, sizeof src_dir, "%s", s);
	if (t) {
		snprintf(tmp_dir, sizeof tmp_dir, "%s", t);
		if (mkdir(tmp_dir, 0777) && errno != EEXIST)
			fprintf(stderr, "cannot make %s: %s\n", tmp_dir, strerror(errno));
	}
	test_big_collection(); /* first, so that the peak it measures is its own */
	test_collection_and_sequence();
	test_refused();
	test_fatal();
	test_bare_feature_and_memory();
	test_chunk_sizes();
	test_open_errors();
	return HR_TEST_DONE();
}
