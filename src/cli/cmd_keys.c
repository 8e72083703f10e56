/*
 * cmd_keys.c - organisations' keys: "keys new" makes an Ed25519 key pair
 * (the private half only ever to a file of mode 0600 the user names, never
 * to the register); "keys register" and "keys revoke" append the public
 * half's registration or revocation to the log, so that the register
 * accepts (or stops accepting) the organisation's signed records; "keys
 * list" shows what is registered.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- hazreg keys new --org NAME [--dir DIR] ---- */

/*
 * The key name of an organisation: its name where that is a key name
 * already, else with every run of spaces, '+', '/' and control characters
 * made one '-' and no leading '.' or '-', so that it can name files too.
 * Returns NULL when nothing usable is left.
 */
static char *key_name_of(char *buf, size_t bufsz, const char *org)
{
	size_t o = 0;
	int dash = 0;

	for (const unsigned char *p = (const unsigned char *)org; *p; p++) {
		int bad = *p <= 0x20 || *p == 0x7f || *p == '+' || *p == '/';
		if (bad || ((*p == '.' || *p == '-') && o == 0)) {
			dash = o > 0;
			continue;
		}
		if (o + 2 >= bufsz)
			return NULL;
		if (dash)
			buf[o++] = '-';
		dash = 0;
		buf[o++] = (char)*p;
	}
	buf[o] = '\0';
	if (o == 0 || o > HR_KEY_NAME_MAX || hr_key_name_check(buf, o) != 0)
		return NULL;
	return buf;
}

/* Write text to a new file of the given mode; refuse an existing one. */
static int write_new(const char *path, const char *text, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
	size_t off = 0;
	int e;

	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(path);
	errno = e;
	return -1;
}

int cli_cmd_keys_new(cli_ctx *ctx, int argc, char **argv)
{
	hr_key_signer sk;
	hr_key_verifier vk;
	cli_args a;
	const char *arg, *org = NULL, *dir = ".";
	char sbuf[HR_KEY_SIGNER_BUFSZ + 1], vbuf[HR_KEY_VERIFIER_BUFSZ + 1];
	char kpath[4096], ppath[4096], name[HR_KEY_NAME_MAX + 1];
	size_t slen, vlen;
	int is_opt, rc;

	memset(&sk, 0, sizeof sk);
	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt)
			return cli_usage_err(ctx, "unexpected argument '%s'", arg);
		if (cli_opt_is(&a, arg, "--org") || cli_opt_is(&a, arg, "--dir")) {
			int is_org = arg[2] == 'o';
			const char *v = cli_opt_value(ctx, &a, is_org ? "--org" : "--dir");
			if (!v)
				return CLI_USAGE;
			*(is_org ? &org : &dir) = v;
			continue;
		}
		rc = cli_common_opt(ctx, &a, arg, 0);
		if (rc == 1 && cli_opt_is(&a, arg, "--db"))
			rc = 0;
		if (rc < 0)
			return CLI_USAGE;
		if (rc == 2)
			return CLI_OK;
		if (rc == 0)
			return cli_usage_err(ctx, "unknown option '%s'", arg);
	}
	if (!org)
		return cli_usage_err(ctx, "option --org is needed: the organisation's name");
	if (!key_name_of(name, sizeof name, org))
		return cli_usage_err(ctx, "--org '%s' cannot name a key: give up to %d bytes of "
		                          "UTF-8 text with a letter or digit",
		                     org, HR_KEY_NAME_MAX);
	if ((size_t)snprintf(kpath, sizeof kpath, "%s/%s.key", dir, name) >= sizeof kpath ||
	    (size_t)snprintf(ppath, sizeof ppath, "%s/%s.pub", dir, name) >= sizeof ppath)
		return cli_usage_err(ctx, "--dir '%s' is too long", dir);
	if (access(kpath, F_OK) == 0 || access(ppath, F_OK) == 0) {
		cli_err("%s: %s: a key of this name is there already; not overwritten",
		        ctx->cmd, access(kpath, F_OK) == 0 ? kpath : ppath);
		return CLI_FAIL;
	}
	rc = hr_key_generate(&sk, name);
	if (rc != 0) {
		cli_err("%s: cannot make a key: %s", ctx->cmd, hr_strerror(rc));
		return CLI_FAIL;
	}
	hr_key_verifier_of(&vk, &sk);
	if (hr_key_signer_format(sbuf, sizeof sbuf - 1, &sk) != 0 ||
	    hr_key_verifier_format(vbuf, sizeof vbuf - 1, &vk) != 0) {
		cli_err("%s: cannot format the key", ctx->cmd);
		rc = CLI_FAIL;
		goto done;
	}
	slen = strlen(sbuf);
	vlen = strlen(vbuf);
	sbuf[slen++] = '\n';
	vbuf[vlen++] = '\n';
	if (write_new(kpath, sbuf, slen, 0600) != 0) {
		cli_err("%s: %s: %s", ctx->cmd, kpath, strerror(errno));
		rc = CLI_FAIL;
		goto done;
	}
	if (write_new(ppath, vbuf, vlen, 0644) != 0) {
		cli_err("%s: %s: %s", ctx->cmd, ppath, strerror(errno));
		unlink(kpath);
		rc = CLI_FAIL;
		goto done;
	}
	fwrite(vbuf, 1, vlen, stdout);
	fflush(stdout);
	fprintf(stderr, "hazreg: wrote the signer key to %s (keep it secret) and the verifier key "
	                "to %s\n",
	        kpath, ppath);
	rc = CLI_OK;
done:
	hr_key_signer_wipe(&sk);
	memset(sbuf, 0, sizeof sbuf);
	return rc;
}


/* ---- hazreg keys register|revoke --org NAME KEY [--note TEXT] ---- */

typedef struct {
	const char *want; /* the verifier key text */
	char status[16];  /* its status, "" when not registered */
} key_seen;

static int seen_cb(void *ctx, const hr_org_key_row *row)
{
	key_seen *k = ctx;
	if (row->verifier && strcmp(row->verifier, k->want) == 0)
		snprintf(k->status, sizeof k->status, "%s", row->status ? row->status : "");
	return 0;
}

/* Append the org_key record that registers (status "active") or revokes a key. */
static int key_record(cli_ctx *ctx, int argc, char **argv, const char *status)
{
	hr_register *reg = NULL;
	hr_record *rec = NULL;
	hr_key_verifier vk;
	hr_append_info info;
	key_seen seen = {NULL, ""};
	cli_args a;
	const char *arg, *org = NULL, *note = NULL, *key = NULL;
	char text[HR_KEY_VERIFIER_BUFSZ];
	int is_opt, rc, e, revoke = strcmp(status, "revoked") == 0;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt) {
			if (key)
				return cli_usage_err(ctx, "unexpected argument '%s'", arg);
			key = arg;
			continue;
		}
		if (cli_opt_is(&a, arg, "--org") || cli_opt_is(&a, arg, "--note")) {
			int is_org = arg[2] == 'o';
			const char *v = cli_opt_value(ctx, &a, is_org ? "--org" : "--note");
			if (!v)
				return CLI_USAGE;
			*(is_org ? &org : &note) = v;
			continue;
		}
		if ((rc = cli_other_opt(ctx, &a, arg)) != 0)
			return CLI_STATUS(rc);
	}
	if (!org)
		return cli_usage_err(ctx, "option --org is needed: the organisation, as its records "
		                          "name it");
	if (!key)
		return cli_usage_err(ctx, "the verifier key is needed: a .pub file or the key itself");
	if ((rc = cli_load_verifier(ctx, "KEY", key, &vk)) != 0)
		return rc;
	if (hr_key_verifier_format(text, sizeof text, &vk) != 0)
		return cli_usage_err(ctx, "KEY %s cannot be written back", key);
	seen.want = text;
	if ((rc = cli_open(ctx, &reg, !revoke, 0)) != CLI_OK)
		return rc;
	e = hr_register_org_keys(reg, org, seen_cb, &seen);
	if (e != 0) {
		rc = cli_lib_err(ctx, reg, e, "cannot read the registered keys");
		goto done;
	}
	if (revoke && !seen.status[0]) {
		rc = cli_fail(ctx, "key %s is not registered for organisation '%s'", text, org);
		goto done;
	}
	if (strcmp(seen.status, status) == 0) {
		rc = cli_fail(ctx, "key %s of organisation '%s' is %s already", text, org,
		              revoke ? "revoked" : "registered");
		goto done;
	}
	if ((e = hr_record_new(&rec, HR_KIND_ORG_KEY)) != 0 ||
	    (e = hr_record_set_text(rec, HR_F_ID, text)) != 0 ||
	    (e = hr_record_set_text(rec, HR_F_ORG, org)) != 0 ||
	    (e = hr_record_set_time(rec, HR_F_DOI, hr_time_now())) != 0 ||
	    (e = hr_record_set_text(rec, HR_F_KEY_STATUS, status)) != 0 ||
	    (note && (e = hr_record_set_text(rec, HR_F_NOTE, note)) != 0)) {
		cli_err("%s: cannot make the record: %s", ctx->cmd, hr_strerror(e));
		rc = CLI_FAIL;
		goto done;
	}
	e = hr_register_append(reg, rec, &info);
	if (e != 0) {
		rc = cli_lib_err(ctx, reg, e, revoke ? "cannot revoke the key" : "cannot register the key");
		goto done;
	}
	if (ctx->json) {
		fputs("{\"org\":", stdout);
		cli_json_str(stdout, org);
		fputs(",\"key\":", stdout);
		cli_json_str(stdout, text);
		printf(",\"key_status\":\"%s\",\"index\":%llu}\n", status,
		       (unsigned long long)info.index);
	} else {
		printf("%s key %s+%08x for organisation '%s' (log index %llu)\n",
		       revoke ? "revoked" : "registered", vk.name, (unsigned)vk.id, org,
		       (unsigned long long)info.index);
		if (!revoke)
			printf("from now on the register accepts records of '%s' only when signed by "
			       "one of its active keys\n",
			       org);
	}
	rc = CLI_OK;
done:
	hr_record_free(rec);
	hr_register_close(reg);
	return rc;
}

int cli_cmd_keys_register(cli_ctx *ctx, int argc, char **argv)
{
	return key_record(ctx, argc, argv, "active");
}

int cli_cmd_keys_revoke(cli_ctx *ctx, int argc, char **argv)
{
	return key_record(ctx, argc, argv, "revoked");
}

/* ---- hazreg keys list [--org NAME] ---- */

typedef struct {
	cli_ctx *ctx;
	uint64_t n;
} list_ctx;

static int list_cb(void *ctx, const hr_org_key_row *row)
{
	list_ctx *l = ctx;
	hr_key_verifier vk;
	char t[HR_TIME_BUFSZ];
	const char *v = row->verifier ? row->verifier : "";
	int ok = hr_key_verifier_parse(&vk, v, strlen(v), NULL, 0) == 0;

	if (l->ctx->json) {
		fputs(l->n ? "," : "", stdout);
		fputs("{\"org\":", stdout);
		cli_json_str(stdout, row->org ? row->org : "");
		fputs(",\"key\":", stdout);
		cli_json_str(stdout, v);
		printf(",\"key_id\":\"%08x\",\"key_status\":", ok ? (unsigned)vk.id : 0u);
		cli_json_str(stdout, row->status ? row->status : "");
		printf(",\"since\":\"%s\",\"index\":%llu}", hr_time_format(t, row->doi),
		       (unsigned long long)row->last_index);
	} else {
		printf("%s+%08x  %-7s  since %s  %s (log index %llu)\n", ok ? vk.name : "?",
		       ok ? (unsigned)vk.id : 0u, row->status ? row->status : "",
		       hr_time_format(t, row->doi), row->org ? row->org : "",
		       (unsigned long long)row->last_index);
	}
	l->n++;
	return 0;
}

int cli_cmd_keys_list(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	list_ctx l = {ctx, 0};
	cli_args a;
	const char *arg, *org = NULL;
	int is_opt, rc, e;

	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt)
			return cli_usage_err(ctx, "unexpected argument '%s'", arg);
		if (cli_opt_is(&a, arg, "--org")) {
			if (!(org = cli_opt_value(ctx, &a, "--org")))
				return CLI_USAGE;
			continue;
		}
		if ((rc = cli_other_opt(ctx, &a, arg)) != 0)
			return CLI_STATUS(rc);
	}
	if ((rc = cli_open(ctx, &reg, 0, 1)) != CLI_OK)
		return rc;
	if (ctx->json)
		fputs("[", stdout);
	e = hr_register_org_keys(reg, org, list_cb, &l);
	if (ctx->json)
		fputs("]\n", stdout);
	if (e != 0) {
		rc = cli_lib_err(ctx, reg, e, "cannot read the registered keys");
		goto done;
	}
	if (!ctx->json && l.n == 0)
		printf("no registered keys%s%s%s\n", org ? " for '" : "", org ? org : "",
		       org ? "'" : "");
	rc = CLI_OK;
done:
	hr_register_close(reg);
	return rc;
}
