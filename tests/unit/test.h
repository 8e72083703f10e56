/*
 * test.h - the unit tests' few assertions: typed checks that print both
 * sides with file:line, a failure counter, and HR_TEST_DONE() for main's
 * exit code. Header-only; each test program includes it once.
 */
#ifndef HR_TEST_H
#define HR_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hr_test_failures;
static int hr_test_checks;

#define HR_CHECK(cond)                                                                         \
	do {                                                                                     \
		hr_test_checks++;                                                                \
		if (!(cond)) {                                                                   \
			hr_test_failures++;                                                      \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                                \
	} while (0)

#define HR_CHECK_INT_EQ(a, b)                                                                  \
	do {                                                                                     \
		long long hr_a_ = (long long)(a), hr_b_ = (long long)(b);                        \
		hr_test_checks++;                                                                \
		if (hr_a_ != hr_b_) {                                                            \
			hr_test_failures++;                                                      \
			fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__,     \
			        __LINE__, #a, #b, hr_a_, hr_b_);                                 \
		}                                                                                \
	} while (0)

#define HR_CHECK_STR_EQ(a, b)                                                                  \
	do {                                                                                     \
		const char *hr_a_ = (a), *hr_b_ = (b);                                           \
		hr_test_checks++;                                                                \
		if (!hr_a_ || !hr_b_ || strcmp(hr_a_, hr_b_) != 0) {                             \
			hr_test_failures++;                                                      \
			fprintf(stderr, "%s:%d: %s == %s failed:\n  \"%s\"\n  \"%s\"\n",        \
			        __FILE__, __LINE__, #a, #b, hr_a_ ? hr_a_ : "(null)",            \
			        hr_b_ ? hr_b_ : "(null)");                                       \
		}                                                                                \
	} while (0)

/* Summary line and exit code for main(). */
#define HR_TEST_DONE()                                                                         \
	(fprintf(stderr, "%d checks, %d failed\n", hr_test_checks, hr_test_failures),         \
	 hr_test_failures ? 1 : 0)

/*
 * The register a test opens under the name `path`: the path itself, or,
 * when HR_TEST_PG_CLUSTER names a running PostgreSQL cluster (the pg.unit.*
 * tests, through tests/lib/pg-run.sh), the address of a database named
 * after the path's last component, made fresh (scripts/pg-cluster db) the
 * first time the name is asked for and the same one afterwards. Borrowed
 * for the life of the program; NULL (with a message) when no database
 * could be made.
 */
typedef struct {
	char name[1024], addr[512];
} hr_test_known_db;
static hr_test_known_db hr_test_known[32];
static int hr_test_nknown;

__attribute__((unused)) static const char *hr_test_db(const char *path)
{
	const char *cluster = getenv("HR_TEST_PG_CLUSTER"), *src = getenv("HR_SRC");
	const char *base = strrchr(path, '/');
	char db[64], cmd[2048];
	hr_test_known_db *e;
	size_t n = 0;
	FILE *p;
	if (!cluster || !*cluster)
		return path;
	for (int i = 0; i < hr_test_nknown; i++)
		if (strcmp(hr_test_known[i].name, path) == 0)
			return hr_test_known[i].addr;
	/* a slot forgotten (hr_test_db_forget) is taken again */
	for (e = hr_test_known; e < hr_test_known + hr_test_nknown && e->name[0]; e++)
		;
	if (e == hr_test_known + (int)(sizeof hr_test_known / sizeof hr_test_known[0])) {
		fprintf(stderr, "hr_test_db: too many registers\n");
		return NULL;
	}
	n = (size_t)snprintf(db, sizeof db, "unit_");
	for (base = base ? base + 1 : path; *base && n + 1 < sizeof db; base++)
		db[n++] = (*base >= 'a' && *base <= 'z') || (*base >= '0' && *base <= '9')
		                  ? *base
		                  : (*base >= 'A' && *base <= 'Z') ? (char)(*base - 'A' + 'a') : '_';
	db[n] = '\0';
	snprintf(cmd, sizeof cmd, "'%s/scripts/pg-cluster' db '%s' %s", src ? src : ".", cluster, db);
	if (!(p = popen(cmd, "r")) || !fgets(e->addr, sizeof e->addr, p)) {
		if (p)
			pclose(p);
		fprintf(stderr, "hr_test_db: %s: no database\n", cmd);
		return NULL;
	}
	if (pclose(p) != 0)
		return NULL;
	e->addr[strcspn(e->addr, "\n")] = '\0';
	snprintf(e->name, sizeof e->name, "%s", path);
	if (e == hr_test_known + hr_test_nknown)
		hr_test_nknown++;
	return e->addr;
}

/* Forget the database of a name, as unlink() forgets a file: the next
 * hr_test_db(path) makes it fresh. */
__attribute__((unused)) static void hr_test_db_forget(const char *path)
{
	for (int i = 0; i < hr_test_nknown; i++)
		if (strcmp(hr_test_known[i].name, path) == 0)
			hr_test_known[i].name[0] = '\0';
}

/* Run SQL text on the database at addr with psql, as the superuser the
 * address names (behind the backend's back, as a tamperer would); 0 when
 * psql ran it all without an error, and the error printed otherwise. The
 * text must hold no double quote. */
__attribute__((unused)) static int hr_test_psql(const char *addr, const char *text)
{
	char cmd[4096];
	if ((size_t)snprintf(cmd, sizeof cmd,
	                     "psql -X -q -v ON_ERROR_STOP=1 -d '%s' -c \"%s\" >/dev/null", addr,
	                     text) >= sizeof cmd || strchr(text, '"'))
		return -1;
	return system(cmd);
}

#endif
