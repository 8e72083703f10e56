/*
 * bench_log.c - what the verifiable log costs at scale: how fast records
 * enter the log, and how fast the register answers for it (tree head,
 * inclusion and consistency proofs) and an auditor checks those answers,
 * measured through the public API only.
 *
 * Importing a million GeoJSON features takes minutes, most of it parsing,
 * so this bench appends small EORE session records (a point, an
 * organisation, a date of information, an id) directly in one batch. Then
 * it reopens the register and times the first tree head (the stored tiles
 * mean no leaf is re-hashed), proofs for random indexes and random
 * (old, new) pairs, and their verification; last, for comparison, it reads
 * every leaf hash back and recomputes the head in memory, which is the
 * work the tiles spare a reader. Nothing here judges a time: benchmarks
 * report, tests assert.
 */
#include "hazreg/hazreg.h"

#include "bench_common.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"NAME\n"
	"    bench_log - measure the verifiable log: append rate, tree head, proofs\n"
	"\n"
	"SYNOPSIS\n"
	"    bench_log [--records N] [--proofs N] [--db FILE] [--seed N] [--json] [--keep]\n"
	"\n"
	"DESCRIPTION\n"
	"    Creates a new register and appends N small EORE session records in one\n"
	"    batch (hr_batch_begin / hr_batch_add / hr_batch_commit), with progress on\n"
	"    stderr. Closes and reopens it, then reports:\n"
	"      - the append rate (records/s);\n"
	"      - the reopen time and the first hr_register_root() at the full size\n"
	"        (tiles are stored, so no leaf is re-hashed), and the mean of later calls;\n"
	"      - inclusion proofs/s for random indexes at the full size;\n"
	"      - consistency proofs/s for random (old, new) pairs;\n"
	"      - verification rates: hr_merkle_verify_inclusion and\n"
	"        hr_merkle_verify_consistency per second on those proofs;\n"
	"      - for comparison, the time to read every leaf hash back\n"
	"        (hr_register_log_get) and recompute the root in memory (hr_merkle_mem),\n"
	"        which must equal the stored one.\n"
	"    Times are wall clock (CLOCK_MONOTONIC), one thread. No figure is judged.\n"
	"\n"
	"OPTIONS\n"
	"    --records N   records to append (default 1000000; 100000 for a quick run).\n"
	"    --proofs N    inclusion and consistency proofs to make (default 10000).\n"
	"    --db FILE     create the register at FILE (must not exist yet) and keep it;\n"
	"                  default: a scratch file under $TMPDIR (or /tmp), removed after.\n"
	"    --seed N      seed of the random indexes (default 1).\n"
	"    --json        print one JSON object instead of the table.\n"
	"    --keep        keep the scratch register and say where it is.\n"
	"    -h, --help    show this text.\n"
	"\n"
	"EXIT STATUS\n"
	"    0 when everything ran and every proof verified, 1 when a step failed,\n"
	"    2 on a usage error.\n"
	"\n"
	"EXAMPLES\n"
	"    bench_log --records 100000\n"
	"    build/bench/bench_log --json > log-bench.json\n";

typedef struct {
	uint64_t records, proofs, seed;
	const char *db;
	int json, keep;
} options;

typedef struct {
	uint64_t appended;      /* records this bench appended */
	uint64_t size;          /* log size after (with the catalogue records) */
	double append_s;        /* begin .. commit */
	double commit_s;        /* the commit alone */
	double reopen_s;
	double root_first_s;    /* first hr_register_root after reopen */
	uint64_t root_n;
	double root_s;          /* root_n later calls */
	uint64_t incl_n;
	double incl_s;
	double incl_hashes;     /* mean hashes per inclusion proof */
	uint64_t cons_n;
	double cons_s;
	double cons_hashes;
	double vincl_s;         /* verifying incl_n proofs */
	double vcons_s;         /* verifying cons_n proofs */
	double read_s;          /* reading every leaf hash */
	double mem_s;           /* hr_merkle_root over them in memory */
	int roots_equal;
	char root_hex[65];
	long peak_rss_kib;
} figures;

/* ---- small helpers --------------------------------------------------- */

/* splitmix64: a fixed, seedable sequence, so runs pick the same indexes. */
static uint64_t rnd_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0; the modulo bias is far below what a bench sees. */
static uint64_t rnd_below(uint64_t *s, uint64_t n)
{
	return rnd_next(s) % n;
}

static void hex32(char out[65], const unsigned char h[32])
{
	static const char d[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = d[h[i] >> 4];
		out[2 * i + 1] = d[h[i] & 15];
	}
	out[64] = 0;
}

static double per_s(double n, double s)
{
	return s > 0 ? n / s : 0.0;
}

static void fail_reg(const char *what, hr_register *reg, int rc)
{
	fprintf(stderr, "bench_log: %s: %s\n", what, reg ? hr_errmsg(reg) : hr_strerror(rc));
}

/* ---- appending ------------------------------------------------------- */

/*
 * One small EORE session record: id "B-0000001"..., two organisations in
 * turn, a date of information one minute after the previous one, and a
 * point spread over a box in northern Laos (any valid point would do).
 */
static int make_record(hr_record **out, uint64_t i, hr_time doi0)
{
	static const char *const orgs[] = {"Bench EORE Team A", "Bench EORE Team B"};
	hr_record *rec = NULL;
	unsigned char *wkb = NULL;
	size_t len = 0;
	char id[32];
	int rc;
	double lon = 102.0 + (double)(i % 1000) * 0.001;
	double lat = 19.0 + (double)((i / 1000) % 1000) * 0.001;

	snprintf(id, sizeof id, "B-%07" PRIu64, i + 1);
	if ((rc = hr_record_new(&rec, HR_KIND_EORE)) != 0)
		goto done;
	if ((rc = hr_record_set_text(rec, HR_F_ID, id)) != 0 ||
	    (rc = hr_record_set_text(rec, HR_F_ORG, orgs[i & 1])) != 0 ||
	    (rc = hr_record_set_time(rec, HR_F_DOI, doi0 + (hr_time)(i * 60))) != 0)
		goto done;
	if ((rc = hr_geom_point(&wkb, &len, lon, lat, NULL, 0)) != 0)
		goto done;
	if ((rc = hr_record_set_geom(rec, HR_F_GEOM, wkb, len)) != 0)
		goto done;
	*out = rec;
	rec = NULL;
done:
	hr_free(wkb);
	hr_record_free(rec);
	return rc;
}

static int do_append(const char *db, const options *o, figures *f)
{
	hr_register *reg = NULL;
	hr_record *rec = NULL;
	hr_open_options oo = HR_OPEN_OPTIONS_INIT;
	hr_time doi0;
	int rc, in_batch = 0;
	uint64_t step = o->records >= 20 ? o->records / 20 : 1;

	oo.create = 1;
	hr_time_parse(&doi0, "2024-01-01T00:00:00Z", 20);
	if ((rc = hr_register_open(&reg, db, &oo)) != 0) {
		fail_reg("cannot create register", reg, rc);
		goto done;
	}
	double t0 = now_s();
	if ((rc = hr_batch_begin(reg)) != 0) {
		fail_reg("batch begin", reg, rc);
		goto done;
	}
	in_batch = 1;
	for (uint64_t i = 0; i < o->records; i++) {
		if ((rc = make_record(&rec, i, doi0)) != 0) {
			fprintf(stderr, "bench_log: cannot make record %" PRIu64 ": %s\n", i,
			        hr_strerror(rc));
			goto done;
		}
		if ((rc = hr_batch_add(reg, rec, NULL)) != 0) {
			fail_reg("append", reg, rc);
			goto done;
		}
		hr_record_free(rec);
		rec = NULL;
		if (!o->json && ((i + 1) % step == 0 || i + 1 == o->records)) {
			double el = now_s() - t0;
			fprintf(stderr, "bench_log: appended %" PRIu64 " / %" PRIu64
			                " (%.0f records/s)\n",
			        i + 1, o->records, per_s((double)(i + 1), el));
		}
	}
	if (!o->json)
		fprintf(stderr, "bench_log: committing...\n");
	double tc = now_s();
	rc = hr_batch_commit(reg);
	in_batch = 0;
	f->commit_s = now_s() - tc;
	f->append_s = now_s() - t0;
	if (rc != 0) {
		fail_reg("commit", reg, rc);
		goto done;
	}
	f->appended = o->records;
done:
	if (in_batch)
		hr_batch_abort(reg);
	hr_record_free(rec);
	hr_register_close(reg);
	return rc ? -1 : 0;
}

/* ---- measuring ------------------------------------------------------- */

typedef struct {
	uint64_t index;
	unsigned char leaf[32];
	size_t len;
	unsigned char *proof; /* into a shared arena */
} incl_case;

typedef struct {
	uint64_t old_size;
	unsigned char old_root[32];
	size_t len;
	unsigned char *proof;
} cons_case;

static int do_measure(const char *db, const options *o, figures *f)
{
	hr_register *reg = NULL;
	hr_open_options oo = HR_OPEN_OPTIONS_INIT;
	unsigned char root[32], r2[32];
	unsigned char *arena = NULL, *leaves = NULL;
	incl_case *ic = NULL;
	cons_case *cc = NULL;
	uint64_t n = o->proofs, size = 0, seed = o->seed, total;
	int rc = 0;

	oo.readonly = 1;
	double t0 = now_s();
	if ((rc = hr_register_open(&reg, db, &oo)) != 0) {
		fail_reg("cannot reopen register", reg, rc);
		goto done;
	}
	f->reopen_s = now_s() - t0;
	if ((rc = hr_register_log_size(reg, &size)) != 0) {
		fail_reg("log size", reg, rc);
		goto done;
	}
	f->size = size;

	/* (a) the tree head: the first call after reopening, then many. */
	t0 = now_s();
	if ((rc = hr_register_root(reg, size, root)) != 0) {
		fail_reg("root", reg, rc);
		goto done;
	}
	f->root_first_s = now_s() - t0;
	hex32(f->root_hex, root);
	f->root_n = 10000;
	t0 = now_s();
	for (uint64_t i = 0; i < f->root_n; i++)
		if ((rc = hr_register_root(reg, size, r2)) != 0) {
			fail_reg("root", reg, rc);
			goto done;
		}
	f->root_s = now_s() - t0;

	if (n) {
		arena = malloc((size_t)n * 2 * HR_MERKLE_PROOF_MAX);
		ic = calloc((size_t)n, sizeof *ic);
		cc = calloc((size_t)n, sizeof *cc);
		if (!arena || !ic || !cc) {
			fprintf(stderr, "bench_log: out of memory for %" PRIu64 " proofs\n", n);
			rc = HR_ENOMEM;
			goto done;
		}
	}

	/* (b) inclusion proofs for random indexes at the full size. */
	for (uint64_t i = 0; i < n; i++)
		ic[i].index = rnd_below(&seed, size);
	total = 0;
	t0 = now_s();
	for (uint64_t i = 0; i < n; i++) {
		ic[i].proof = arena + (size_t)i * HR_MERKLE_PROOF_MAX;
		if ((rc = hr_register_inclusion_proof(reg, ic[i].index, size, ic[i].proof,
		                                      &ic[i].len)) != 0) {
			fail_reg("inclusion proof", reg, rc);
			goto done;
		}
		total += ic[i].len / 32;
	}
	f->incl_s = now_s() - t0;
	f->incl_n = n;
	f->incl_hashes = n ? (double)total / (double)n : 0;

	/* (c) consistency proofs for random pairs 1 <= old < new <= size. */
	uint64_t *news = n ? malloc((size_t)n * sizeof *news) : NULL;
	if (n && !news) {
		rc = HR_ENOMEM;
		goto done;
	}
	for (uint64_t i = 0; i < n; i++) {
		uint64_t a = 1 + rnd_below(&seed, size), b = 1 + rnd_below(&seed, size);
		if (a == b)
			b = a == size ? a - 1 : a + 1;
		if (size < 2)
			b = a; /* a one-record log has only the trivial pair */
		cc[i].old_size = a < b ? a : b;
		news[i] = a < b ? b : a;
	}
	total = 0;
	t0 = now_s();
	for (uint64_t i = 0; i < n; i++) {
		cc[i].proof = arena + (size_t)(n + i) * HR_MERKLE_PROOF_MAX;
		if ((rc = hr_register_consistency_proof(reg, cc[i].old_size, news[i], cc[i].proof,
		                                        &cc[i].len)) != 0) {
			fail_reg("consistency proof", reg, rc);
			free(news);
			goto done;
		}
		total += cc[i].len / 32;
	}
	f->cons_s = now_s() - t0;
	f->cons_n = n;
	f->cons_hashes = n ? (double)total / (double)n : 0;

	/*
	 * What a verifier holds besides the proof (leaf hashes, old roots) is
	 * fetched outside the timed loops; the consistency proofs are checked
	 * against the full-size tree, so each is re-made to end there.
	 */
	if (!o->json && n)
		fprintf(stderr, "bench_log: fetching leaves and old roots to verify against...\n");
	for (uint64_t i = 0; i < n; i++) {
		if ((rc = hr_register_log_get(reg, ic[i].index, NULL, ic[i].leaf)) != 0 ||
		    (rc = hr_register_root(reg, cc[i].old_size, cc[i].old_root)) != 0 ||
		    (rc = hr_register_consistency_proof(reg, cc[i].old_size, size, cc[i].proof,
		                                        &cc[i].len)) != 0) {
			fail_reg("preparing verification", reg, rc);
			free(news);
			goto done;
		}
	}
	free(news);

	/* (d) verification. */
	t0 = now_s();
	for (uint64_t i = 0; i < n; i++)
		if ((rc = hr_merkle_verify_inclusion(ic[i].leaf, ic[i].index, size, ic[i].proof,
		                                     ic[i].len, root)) != 0) {
			fprintf(stderr, "bench_log: inclusion proof of %" PRIu64 " does not verify: %s\n",
			        ic[i].index, hr_strerror(rc));
			goto done;
		}
	f->vincl_s = now_s() - t0;
	t0 = now_s();
	for (uint64_t i = 0; i < n; i++)
		if ((rc = hr_merkle_verify_consistency(cc[i].old_size, size, cc[i].old_root, root,
		                                       cc[i].proof, cc[i].len)) != 0) {
			fprintf(stderr, "bench_log: consistency proof %" PRIu64 " -> %" PRIu64
			                " does not verify: %s\n",
			        cc[i].old_size, size, hr_strerror(rc));
			goto done;
		}
	f->vcons_s = now_s() - t0;

	/* (e) the anchor the tiles avoid: every leaf read, the root recomputed. */
	if (!o->json)
		fprintf(stderr, "bench_log: reading %" PRIu64 " leaf hashes...\n", size);
	if (size && !(leaves = malloc((size_t)size * 32))) {
		fprintf(stderr, "bench_log: out of memory for %" PRIu64 " leaves\n", size);
		rc = HR_ENOMEM;
		goto done;
	}
	t0 = now_s();
	for (uint64_t i = 0; i < size; i++)
		if ((rc = hr_register_log_get(reg, i, NULL, leaves + (size_t)i * 32)) != 0) {
			fail_reg("reading the log", reg, rc);
			goto done;
		}
	f->read_s = now_s() - t0;
	hr_merkle_mem mem = {leaves, size};
	t0 = now_s();
	if ((rc = hr_merkle_root(r2, size, hr_merkle_mem_subtree, &mem)) != 0) {
		fprintf(stderr, "bench_log: in-memory root: %s\n", hr_strerror(rc));
		goto done;
	}
	f->mem_s = now_s() - t0;
	f->roots_equal = memcmp(r2, root, 32) == 0;
	if (!f->roots_equal) {
		fprintf(stderr, "bench_log: the root recomputed from the leaves differs from the "
		                "stored tree's\n");
		rc = HR_ECORRUPT;
	}
done:
	free(leaves);
	free(arena);
	free(ic);
	free(cc);
	hr_register_close(reg);
	return rc ? -1 : 0;
}

/* ---- output ---------------------------------------------------------- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void print_json(const machine *m, const options *o, const figures *f)
{
	printf("{\"bench\":\"log\",\"hazreg\":\"%s\",\"date\":", HAZREG_VERSION);
	json_str(m->date);
	printf(",\"machine\":{\"cpu\":");
	json_str(m->cpu);
	printf(",\"cores\":%ld,\"os\":", m->cores);
	json_str(m->uts.sysname);
	printf(",\"kernel\":");
	json_str(m->uts.release);
	printf(",\"arch\":");
	json_str(m->uts.machine);
	printf("},\"seed\":%" PRIu64, o->seed);
	printf(",\"append\":{\"records\":%" PRIu64 ",\"seconds\":%.6f,\"commit_seconds\":%.6f"
	       ",\"records_per_s\":%.1f}",
	       f->appended, f->append_s, f->commit_s, per_s((double)f->appended, f->append_s));
	printf(",\"log_size\":%" PRIu64 ",\"root\":\"%s\"", f->size, f->root_hex);
	printf(",\"reopen_seconds\":%.6f", f->reopen_s);
	printf(",\"root_first_seconds\":%.9f,\"root_mean_seconds\":%.9f", f->root_first_s,
	       f->root_n ? f->root_s / (double)f->root_n : 0.0);
	printf(",\"inclusion\":{\"n\":%" PRIu64 ",\"seconds\":%.6f,\"per_s\":%.1f"
	       ",\"mean_hashes\":%.2f,\"verify_seconds\":%.6f,\"verify_per_s\":%.1f}",
	       f->incl_n, f->incl_s, per_s((double)f->incl_n, f->incl_s), f->incl_hashes,
	       f->vincl_s, per_s((double)f->incl_n, f->vincl_s));
	printf(",\"consistency\":{\"n\":%" PRIu64 ",\"seconds\":%.6f,\"per_s\":%.1f"
	       ",\"mean_hashes\":%.2f,\"verify_seconds\":%.6f,\"verify_per_s\":%.1f}",
	       f->cons_n, f->cons_s, per_s((double)f->cons_n, f->cons_s), f->cons_hashes,
	       f->vcons_s, per_s((double)f->cons_n, f->vcons_s));
	printf(",\"recompute\":{\"read_seconds\":%.6f,\"hash_seconds\":%.6f,\"total_seconds\":%.6f"
	       ",\"roots_equal\":%s}",
	       f->read_s, f->mem_s, f->read_s + f->mem_s, f->roots_equal ? "true" : "false");
	printf(",\"peak_rss_kib\":%ld}\n", f->peak_rss_kib);
}

static void print_table(const machine *m, const figures *f)
{
	printf("hazreg %s  bench_log\n", HAZREG_VERSION);
	printf("date      %s\n", m->date);
	printf("machine   %s, %ld cores, %s %s %s\n\n", m->cpu, m->cores, m->uts.sysname,
	       m->uts.release, m->uts.machine);

	printf("append (EORE records, one batch)\n");
	printf("  %-36s %16" PRIu64 "\n", "records appended", f->appended);
	printf("  %-36s %14.3f s\n", "wall time (begin .. commit)", f->append_s);
	printf("  %-36s %14.3f s\n", "of which commit", f->commit_s);
	printf("  %-36s %10.0f records/s\n", "rate", per_s((double)f->appended, f->append_s));
	printf("log size (with catalogue records)       %16" PRIu64 "\n", f->size);
	printf("root  %s\n\n", f->root_hex);

	printf("tree head at the full size\n");
	printf("  %-36s %14.3f ms\n", "reopen register", f->reopen_s * 1e3);
	printf("  %-36s %14.1f us\n", "first hr_register_root after reopen",
	       f->root_first_s * 1e6);
	printf("  %-36s %14.1f us\n", "mean of later calls",
	       f->root_n ? f->root_s / (double)f->root_n * 1e6 : 0.0);
	printf("inclusion proofs (random index, full size)\n");
	printf("  %-36s %16" PRIu64 "\n", "proofs", f->incl_n);
	printf("  %-36s %16.1f\n", "mean hashes per proof", f->incl_hashes);
	printf("  %-36s %10.0f proofs/s\n", "make (hr_register_inclusion_proof)",
	       per_s((double)f->incl_n, f->incl_s));
	printf("  %-36s %10.0f proofs/s\n", "verify (hr_merkle_verify_inclusion)",
	       per_s((double)f->incl_n, f->vincl_s));
	printf("consistency proofs (random old < new)\n");
	printf("  %-36s %16" PRIu64 "\n", "proofs", f->cons_n);
	printf("  %-36s %16.1f\n", "mean hashes per proof", f->cons_hashes);
	printf("  %-36s %10.0f proofs/s\n", "make (hr_register_consistency_pr.)",
	       per_s((double)f->cons_n, f->cons_s));
	printf("  %-36s %10.0f proofs/s\n", "verify, old -> full size",
	       per_s((double)f->cons_n, f->vcons_s));
	printf("recompute the root from every leaf (what tiles avoid)\n");
	printf("  %-36s %14.3f s\n", "read leaf hashes (hr_register_log_get)", f->read_s);
	printf("  %-36s %14.3f s\n", "hash in memory (hr_merkle_mem)", f->mem_s);
	printf("  %-36s %14.3f s\n", "total", f->read_s + f->mem_s);
	printf("  %-36s %16s\n", "equals the stored root", f->roots_equal ? "yes" : "NO");
	printf("%-38s %12ld MiB\n", "peak resident memory", f->peak_rss_kib / 1024);
}

/* ---- main ------------------------------------------------------------ */

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "bench_log: %s%s\nTry 'bench_log --help'.\n", what, arg ? arg : "");
	return 2;
}

static int parse_args(options *o, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage_text, stdout);
			return 1;
		}
		if (strcmp(a, "--json") == 0) {
			o->json = 1;
			continue;
		}
		if (strcmp(a, "--keep") == 0) {
			o->keep = 1;
			continue;
		}
		if (i + 1 >= argc)
			return usage_error("unknown option or missing value: ", a);
		const char *v = argv[++i];
		if (strcmp(a, "--records") == 0) {
			if (parse_u64(v, &o->records) || o->records == 0)
				return usage_error("--records: not a positive number: ", v);
		} else if (strcmp(a, "--proofs") == 0) {
			if (parse_u64(v, &o->proofs))
				return usage_error("--proofs: not a number: ", v);
		} else if (strcmp(a, "--seed") == 0) {
			if (parse_u64(v, &o->seed))
				return usage_error("--seed: not a number: ", v);
		} else if (strcmp(a, "--db") == 0) {
			o->db = v;
		} else {
			return usage_error("unknown option: ", a);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	options o = {.records = 1000000, .proofs = 10000, .seed = 1};
	machine m;
	figures fg;
	char scratch[4096] = "", db[4200];
	int status = 1, rc;
	struct rusage ru;

	if ((rc = parse_args(&o, argc, argv)) != 0)
		return rc == 1 ? 0 : rc;
	memset(&fg, 0, sizeof fg);
	machine_read(&m);
	if (!o.json) {
		/* The machine first, so a run that fails half-way still says where. */
		fprintf(stderr, "bench_log: %s, %s, %ld cores, %s %s %s\n", m.date, m.cpu, m.cores,
		        m.uts.sysname, m.uts.release, m.uts.machine);
	}

	if (o.db) {
		if (access(o.db, F_OK) == 0) {
			fprintf(stderr, "bench_log: %s exists; the bench makes a new register "
			                "(remove it or choose another --db)\n",
			        o.db);
			return 1;
		}
		snprintf(db, sizeof db, "%s", o.db);
	} else {
		const char *tmp = getenv("TMPDIR");
		snprintf(scratch, sizeof scratch, "%s/hazreg-bench.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(scratch)) {
			fprintf(stderr, "bench_log: cannot make a scratch directory: %s\n",
			        strerror(errno));
			return 1;
		}
		snprintf(db, sizeof db, "%s/log.gpkg", scratch);
	}

	if (!o.json)
		fprintf(stderr, "bench_log: appending %" PRIu64 " records to %s\n", o.records, db);
	if (do_append(db, &o, &fg) != 0)
		goto done;
	if (!o.json)
		fprintf(stderr, "bench_log: measuring (%" PRIu64 " proofs of each kind)...\n",
		        o.proofs);
	if (do_measure(db, &o, &fg) != 0)
		goto done;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		fg.peak_rss_kib = ru.ru_maxrss;
	if (o.json)
		print_json(&m, &o, &fg);
	else
		print_table(&m, &fg);
	status = 0;
done:
	if (scratch[0]) {
		if (o.keep) {
			fprintf(stderr, "bench_log: kept %s\n", db);
		} else {
			static const char *const side[] = {"", "-wal", "-shm", "-journal"};
			char path[4300];
			for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
				snprintf(path, sizeof path, "%s%s", db, side[i]);
				unlink(path);
			}
			if (rmdir(scratch) != 0)
				fprintf(stderr, "bench_log: could not remove %s: %s\n", scratch,
				        strerror(errno));
		}
	}
	return status;
}
