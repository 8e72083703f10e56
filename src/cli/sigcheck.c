/*
 * sigcheck.c - the auditor's replay of organisations' keys and signatures.
 *
 * "hazreg verify" must not believe the register's derived tables, so it
 * folds the org_key records itself, in log order, and holds every other
 * record to the register's own rule (hr_record_check_org_signature) with
 * the keys registered before it. A record that the register should have
 * refused is named, with the reason.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	char *org;
	hr_key_verifier vk;
	int active;
} sc_key;

struct cli_sigcheck {
	sc_key *k;
	size_t n, cap;
	hr_org_key *tmp; /* the keys of one organisation, for the rule */
	uint64_t nsigned, nunsigned;
};

cli_sigcheck *cli_sigcheck_new(void)
{
	return calloc(1, sizeof(cli_sigcheck));
}

void cli_sigcheck_free(cli_sigcheck *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->n; i++)
		free(sc->k[i].org);
	free(sc->k);
	free(sc->tmp);
	free(sc);
}

static int oom(cli_ctx *ctx)
{
	cli_err("%s: out of memory", ctx->cmd);
	return CLI_FAIL;
}

static int fold_key(cli_ctx *ctx, cli_sigcheck *sc, uint64_t idx, const hr_record *rec)
{
	const char *id = hr_record_text(rec, HR_F_ID), *org = hr_record_text(rec, HR_F_ORG);
	const char *status = hr_record_text(rec, HR_F_KEY_STATUS);
	hr_key_verifier vk;
	size_t i;

	if (!id || !org || !status || hr_key_verifier_parse(&vk, id, strlen(id), NULL, 0) != 0)
		return cli_fail(ctx, "record %llu: an org_key record without a valid key",
		                (unsigned long long)idx);
	for (i = 0; i < sc->n; i++)
		if (sc->k[i].vk.id == vk.id && memcmp(sc->k[i].vk.pub, vk.pub, 32) == 0 &&
		    strcmp(sc->k[i].vk.name, vk.name) == 0)
			break;
	if (i < sc->n) {
		if (strcmp(sc->k[i].org, org) != 0)
			return cli_fail(ctx, "record %llu: key %s is registered to organisation '%s', "
			                     "not '%s'",
			                (unsigned long long)idx, vk.name, sc->k[i].org, org);
		sc->k[i].active = strcmp(status, "active") == 0;
		return 0;
	}
	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? 2 * sc->cap : 16;
		sc_key *nk = realloc(sc->k, cap * sizeof *nk);
		hr_org_key *nt;
		if (!nk)
			return oom(ctx);
		sc->k = nk;
		nt = realloc(sc->tmp, cap * sizeof *nt);
		if (!nt)
			return oom(ctx);
		sc->tmp = nt;
		sc->cap = cap;
	}
	if (!(sc->k[sc->n].org = strdup(org)))
		return oom(ctx);
	sc->k[sc->n].vk = vk;
	sc->k[sc->n].active = strcmp(status, "active") == 0;
	sc->n++;
	return 0;
}

int cli_sigcheck_feed(cli_ctx *ctx, cli_sigcheck *sc, uint64_t idx, const hr_record *rec)
{
	const char *org = hr_record_text(rec, HR_F_ORG);
	char why[512] = "";
	size_t n = 0;
	int is_signed = 0, e;

	if (rec->kind == HR_KIND_ORG_KEY)
		return fold_key(ctx, sc, idx, rec);
	for (size_t i = 0; org && i < sc->n; i++) {
		if (strcmp(sc->k[i].org, org) != 0)
			continue;
		sc->tmp[n].key_id = sc->k[i].vk.id;
		memcpy(sc->tmp[n].pub, sc->k[i].vk.pub, 32);
		sc->tmp[n].name = sc->k[i].vk.name;
		sc->tmp[n].active = sc->k[i].active;
		n++;
	}
	e = hr_record_check_org_signature(rec, sc->tmp, n, &is_signed, why, sizeof why);
	if (e == HR_EVALIDATE)
		return cli_fail(ctx, "record %llu: %s", (unsigned long long)idx, why);
	if (e != 0)
		return cli_fail(ctx, "record %llu: cannot check the signature: %s",
		                (unsigned long long)idx, hr_strerror(e));
	if (is_signed)
		sc->nsigned++;
	else
		sc->nunsigned++;
	return 0;
}

void cli_sigcheck_counts(const cli_sigcheck *sc, uint64_t *nsigned, uint64_t *nunsigned,
                         size_t *nkeys)
{
	*nsigned = sc->nsigned;
	*nunsigned = sc->nunsigned;
	*nkeys = sc->n;
}
