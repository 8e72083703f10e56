/*
 * test_token.c - bearer tokens: made, checked (valid, malformed, unknown,
 * wrong secret, revoked, expired) on a writable and a read-only handle,
 * listed without secrets, revoked once; what the store keeps is the hash
 * alone; options are refused with the reason.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hazreg/hazreg.h"
#include "test.h"

static char path[512];

static hr_register *open_reg(int readonly)
{
	hr_open_options o = HR_OPEN_OPTIONS_INIT;
	hr_register *reg = NULL;
	o.create = !readonly;
	o.readonly = readonly;
	HR_CHECK_INT_EQ(hr_register_open(&reg, hr_test_db(path), &o), 0);
	return reg;
}

static hr_token_verdict verdict_of(hr_register *reg, const char *text, hr_time now,
                                   hr_token_bearer *who)
{
	hr_token_verdict v = HR_TOKEN_VALID;
	HR_CHECK_INT_EQ(hr_token_check(reg, text, strlen(text), now, &v, who), 0);
	return v;
}

typedef struct {
	int n;
	char statuses[8][32];
} seen;

static int list_cb(void *ctx, const hr_token_info *t)
{
	seen *s = ctx;
	if (s->n < 8)
		snprintf(s->statuses[s->n], sizeof s->statuses[0], "%s:%s",
		         t->revoked != HR_TIME_NONE ? "revoked" : "live", hr_role_name(t->role));
	s->n++;
	return 0;
}

/* Whether the store holds the token's text anywhere: it must not. A
 * database is read as pg_dump writes it all out. */
static int file_holds(const char *needle)
{
	const char *db = hr_test_db(path);
	FILE *f;
	size_t n = strlen(needle), got, i;
	static char buf[1 << 22];
	int found = 0;
	if (db != path) {
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "pg_dump -d '%s'", db);
		f = popen(cmd, "r");
	} else {
		f = fopen(path, "rb");
	}
	HR_CHECK(f != NULL);
	if (!f)
		return 0;
	got = fread(buf, 1, sizeof buf, f);
	HR_CHECK(got > 0 && got < sizeof buf);
	HR_CHECK_INT_EQ(db != path ? pclose(f) : fclose(f), 0);
	for (i = 0; i + n <= got && !found; i++)
		found = memcmp(buf + i, needle, n) == 0;
	return found;
}

static void test_tokens(void)
{
	hr_token_options o = HR_TOKEN_OPTIONS_INIT;
	hr_register *reg = open_reg(0), *ro;
	char tok[HR_TOKEN_BUFSZ], id[HR_TOKEN_ID_BUFSZ], tok2[HR_TOKEN_BUFSZ], id2[HR_TOKEN_ID_BUFSZ];
	char bad[HR_TOKEN_BUFSZ];
	hr_token_bearer who;
	hr_time now = hr_time_now();
	seen s;

	/* refused options */
	o.role = HR_ROLE_REPORTER;
	o.expires = now + 3600;
	HR_CHECK_INT_EQ(hr_token_new(reg, &o, tok, id), HR_EINVAL);
	HR_CHECK(strstr(hr_errmsg(reg), "org:") != NULL);
	o.org = "Demo NGO";
	o.expires = now;
	HR_CHECK_INT_EQ(hr_token_new(reg, &o, tok, id), HR_EINVAL);
	HR_CHECK(strstr(hr_errmsg(reg), "expires:") != NULL);
	o.expires = now + 3600;
	o.role = 7;
	HR_CHECK_INT_EQ(hr_token_new(reg, &o, tok, id), HR_EINVAL);
	o.role = HR_ROLE_REPORTER;

	/* made and checked */
	HR_CHECK_INT_EQ(hr_token_new(reg, &o, tok, id), 0);
	HR_CHECK_INT_EQ(strlen(tok), HR_TOKEN_BUFSZ - 1);
	HR_CHECK(strncmp(tok, "hzt_", 4) == 0);
	HR_CHECK_INT_EQ(strlen(id), 16);
	HR_CHECK_INT_EQ(verdict_of(reg, tok, now, &who), HR_TOKEN_VALID);
	HR_CHECK_STR_EQ(who.id, id);
	HR_CHECK_STR_EQ(who.org, "Demo NGO");
	HR_CHECK_INT_EQ(who.role, HR_ROLE_REPORTER);
	HR_CHECK_INT_EQ(verdict_of(reg, tok, now + 3600, NULL), HR_TOKEN_EXPIRED);
	HR_CHECK_INT_EQ(verdict_of(reg, tok, now + 3599, NULL), HR_TOKEN_VALID);

	/* a wrong secret with a known id is an unknown token, not "expired" */
	memcpy(bad, tok, sizeof bad);
	bad[HR_TOKEN_BUFSZ - 3] = bad[HR_TOKEN_BUFSZ - 3] == 'A' ? 'B' : 'A';
	HR_CHECK_INT_EQ(verdict_of(reg, bad, now, NULL), HR_TOKEN_UNKNOWN);
	HR_CHECK_INT_EQ(verdict_of(reg, bad, now + 7200, NULL), HR_TOKEN_UNKNOWN);
	/* ... and so is an unknown id */
	memcpy(bad, tok, sizeof bad);
	bad[5] = bad[5] == 'A' ? 'B' : 'A';
	HR_CHECK_INT_EQ(verdict_of(reg, bad, now, NULL), HR_TOKEN_UNKNOWN);
	/* malformed */
	HR_CHECK_INT_EQ(verdict_of(reg, "", now, NULL), HR_TOKEN_MALFORMED);
	HR_CHECK_INT_EQ(verdict_of(reg, "hzt_", now, NULL), HR_TOKEN_MALFORMED);
	memcpy(bad, tok, sizeof bad);
	bad[0] = 'x';
	HR_CHECK_INT_EQ(verdict_of(reg, bad, now, NULL), HR_TOKEN_MALFORMED);
	memcpy(bad, tok, sizeof bad);
	bad[10] = '*';
	HR_CHECK_INT_EQ(verdict_of(reg, bad, now, NULL), HR_TOKEN_MALFORMED);
	HR_CHECK_INT_EQ(hr_token_check(reg, tok, strlen(tok) - 1, now, &(hr_token_verdict){0}, NULL), 0);

	/* an analyst's token needs no organisation */
	o.role = HR_ROLE_ANALYST;
	o.org = NULL;
	o.note = "night shift";
	HR_CHECK_INT_EQ(hr_token_new(reg, &o, tok2, id2), 0);
	HR_CHECK_INT_EQ(verdict_of(reg, tok2, now, &who), HR_TOKEN_VALID);
	HR_CHECK_STR_EQ(who.org, "");
	HR_CHECK_INT_EQ(who.role, HR_ROLE_ANALYST);

	/* revoked: once */
	HR_CHECK_INT_EQ(hr_token_revoke(reg, id), 0);
	HR_CHECK_INT_EQ(hr_token_revoke(reg, id), HR_EEXISTS);
	HR_CHECK_INT_EQ(hr_token_revoke(reg, "0000000000000000"), HR_ENOTFOUND);
	HR_CHECK_INT_EQ(verdict_of(reg, tok, now, NULL), HR_TOKEN_REVOKED);
	hr_register_close(reg);

	/* the store keeps no token text; a read-only handle checks and lists */
	HR_CHECK(!file_holds(tok) && !file_holds(tok + 4) && !file_holds(tok2 + 4));
	ro = open_reg(1);
	HR_CHECK_INT_EQ(verdict_of(ro, tok, now, NULL), HR_TOKEN_REVOKED);
	HR_CHECK_INT_EQ(verdict_of(ro, tok2, now, NULL), HR_TOKEN_VALID);
	HR_CHECK_INT_EQ(hr_token_new(ro, &o, tok, id), HR_EREADONLY);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(hr_token_list(ro, list_cb, &s), 0);
	HR_CHECK_INT_EQ(s.n, 2);
	HR_CHECK_STR_EQ(strcmp(id, id2) < 0 ? s.statuses[0] : s.statuses[1], "revoked:reporter");
	HR_CHECK_STR_EQ(strcmp(id, id2) < 0 ? s.statuses[1] : s.statuses[0], "live:analyst");
	hr_register_close(ro);
}

/* A register that never held a token: nothing listed, every token unknown. */
static void test_no_table(void)
{
	hr_register *reg;
	seen s;
	unlink(path);
	hr_test_db_forget(path);
	reg = open_reg(0);
	hr_register_close(reg);
	reg = open_reg(1);
	memset(&s, 0, sizeof s);
	HR_CHECK_INT_EQ(hr_token_list(reg, list_cb, &s), 0);
	HR_CHECK_INT_EQ(s.n, 0);
	HR_CHECK_INT_EQ(verdict_of(reg, "hzt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	                           hr_time_now(), NULL),
	                HR_TOKEN_UNKNOWN);
	hr_register_close(reg);
}

/* The table takes a revocation and nothing else: refused even to the
 * GeoPackage's writer and the database's superuser. */
static void test_table_rules(void)
{
	static const char *const edits[] = {
		"DELETE FROM hr_token",
		"UPDATE hr_token SET role = 1",
		"UPDATE hr_token SET expires = expires + 999",
	};
	const char *db;
	sqlite3 *lite = NULL;
	hr_register *reg = open_reg(0);
	hr_token_options o = HR_TOKEN_OPTIONS_INIT;
	char tok[HR_TOKEN_BUFSZ], id[HR_TOKEN_ID_BUFSZ];
	o.role = HR_ROLE_ADMIN;
	o.expires = hr_time_now() + 60;
	HR_CHECK_INT_EQ(hr_token_new(reg, &o, tok, id), 0);
	hr_register_close(reg);
	if ((db = hr_test_db(path)) != path) {
		for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++)
			HR_CHECK(hr_test_psql(db, edits[i]) != 0);
		/* ... and the same statement is taken once the rules are off */
		HR_CHECK_INT_EQ(hr_test_psql(db, "SET session_replication_role = replica; "
		                                 "UPDATE hr_token SET role = 1"),
		                0);
		return;
	}
	HR_CHECK_INT_EQ(sqlite3_open(path, &lite), SQLITE_OK);
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++)
		HR_CHECK(sqlite3_exec(lite, edits[i], NULL, NULL, NULL) != SQLITE_OK);
	sqlite3_close(lite);
}

int main(void)
{
	const char *tmp = getenv("HR_TEST_TMP");
	snprintf(path, sizeof path, "%s/token.gpkg", tmp ? tmp : "/tmp");
	unlink(path);
	test_tokens();
	test_no_table();
	test_table_rules();
	unlink(path);
	return HR_TEST_DONE();
}
