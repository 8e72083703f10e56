/*
 * cmd_show.c - "hazreg show ID": the whole history of one hazardous area,
 * record by record in log order, as hr_register_history hands it over.
 * Nothing is overwritten in the register, so this is also the audit trail:
 * reports, updates (stale ones too), release parts, items and accidents.
 * Field names come from the schema table; private fields print only as
 * "(private, committed)".
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define LABEL_WIDTH 21

typedef struct {
	cli_ctx *ctx;
	FILE *out;
	size_t n;
} show_state;

/* "  label:" padded to the value column. */
static void label(FILE *out, const char *name)
{
	int pad = LABEL_WIDTH - (int)strlen(name) - 1;
	fprintf(out, "  %s:%*s", name, pad > 1 ? pad : 1, "");
}

static const char *field_name(int kind, int tag, char *buf, size_t len)
{
	const hr_field_def *f = hr_schema_field(kind, tag);
	if (f)
		return f->name;
	snprintf(buf, len, "tag %d", tag);
	return buf;
}

static void entry_text(FILE *out, const hr_entry *e)
{
	const hr_record *r = e->rec;
	const char *kind = hr_kind_name(r->kind);
	const char *org = hr_record_text(r, HR_F_ORG);
	char t[HR_TIME_BUFSZ], hex[65], nb[16];

	fprintf(out, "\nrecord %llu: %s, appended %s\n", (unsigned long long)e->idx,
	        kind ? kind : "unknown kind", cli_time(t, e->appended));
	label(out, "date of information");
	fprintf(out, "%s\n", cli_time(t, hr_record_time(r, HR_F_DOI)));
	label(out, "organisation");
	fprintf(out, "%s\n", org ? org : "unknown");
	for (size_t i = 0; i < r->n; i++) {
		const hr_value *v = &r->v[i];
		if (v->tag == HR_F_DOI || v->tag == HR_F_ORG)
			continue;
		label(out, field_name(r->kind, v->tag, nb, sizeof nb));
		cli_value_text(out, v);
		fputc('\n', out);
	}
	label(out, "leaf hash");
	fprintf(out, "%.16s\n", cli_hex(hex, e->leaf, 32));
}

/* The fields of a record as a JSON object; repeated fields as arrays. */
static void fields_json(FILE *out, const hr_record *r)
{
	char nb[16];

	fputc('{', out);
	for (size_t i = 0; i < r->n;) {
		const hr_field_def *f = hr_schema_field(r->kind, r->v[i].tag);
		int repeat = f && (f->flags & HR_FIELD_REPEAT);
		size_t j = i;

		if (i > 0)
			fputc(',', out);
		cli_json_str(out, field_name(r->kind, r->v[i].tag, nb, sizeof nb));
		fputc(':', out);
		if (repeat)
			fputc('[', out);
		for (; j < r->n && r->v[j].tag == r->v[i].tag; j++) {
			if (j > i)
				fputc(',', out);
			cli_value_json(out, &r->v[j]);
			if (!repeat) {
				j++;
				break;
			}
		}
		if (repeat)
			fputc(']', out);
		i = j;
	}
	fputc('}', out);
}

static void entry_json(FILE *out, const hr_entry *e, size_t nth)
{
	const hr_record *r = e->rec;
	char t[HR_TIME_BUFSZ], hex[65];
	hr_time doi = hr_record_time(r, HR_F_DOI);

	fprintf(out, "%s{\"index\":%llu,\"appended\":", nth ? "," : "",
	        (unsigned long long)e->idx);
	if (e->appended == HR_TIME_NONE)
		fputs("null", out);
	else
		cli_json_str(out, hr_time_format(t, e->appended));
	fputs(",\"kind\":", out);
	cli_json_str(out, hr_kind_name(r->kind));
	fputs(",\"date_of_information\":", out);
	if (doi == HR_TIME_NONE)
		fputs("null", out);
	else
		cli_json_str(out, hr_time_format(t, doi));
	fputs(",\"org\":", out);
	cli_json_str(out, hr_record_text(r, HR_F_ORG));
	fprintf(out, ",\"leaf_hash\":\"%s\",\"fields\":", cli_hex(hex, e->leaf, 32));
	fields_json(out, r);
	fputc('}', out);
}

static int on_entry(void *vctx, const hr_entry *e)
{
	show_state *s = vctx;

	if (s->ctx->json)
		entry_json(s->out, e, s->n);
	else
		entry_text(s->out, e);
	s->n++;
	return 0;
}

/* ID and --at. */
static int parse_show(cli_ctx *ctx, int argc, char **argv, const char **id, hr_time *at)
{
	cli_args a;
	const char *arg, *v;
	int is_opt, r;

	*at = HR_TIME_NONE;
	cli_args_init(&a, argc, argv);
	while ((arg = cli_args_next(&a, &is_opt))) {
		if (!is_opt) {
			if (*id)
				return cli_usage_err(ctx, "unexpected argument '%s'", arg);
			*id = arg;
			continue;
		}
		if (cli_opt_is(&a, arg, "--at")) {
			if (!(v = cli_opt_value(ctx, &a, "--at")))
				return CLI_USAGE;
			if (cli_parse_time(ctx, "--at", v, at) != 0)
				return CLI_USAGE;
			continue;
		}
		if ((r = cli_other_opt(ctx, &a, arg)) != 0)
			return r;
	}
	if (!*id)
		return cli_usage_err(ctx, "the id of a hazardous area is missing");
	if (*at == HR_TIME_NONE)
		*at = cli_asof_default_at(ctx);
	return 0;
}

/* The model at --at, after the history: what it says, what it is for, and
 * the area's own status beside it. */
static int show_model(cli_ctx *ctx, hr_register *reg, const char *id, hr_time at)
{
	hr_risk_inputs *in = NULL;
	hr_risk r;
	char t[HR_TIME_BUFSZ], *js = NULL;
	int err = hr_area_risk_inputs(reg, id, &in), rc = CLI_OK;
	if (err != 0)
		return cli_lib_err(ctx, reg, err, "cannot evaluate the residual-risk model");
	hr_risk_eval(&r, in->entries, in->n, in->reported, at, 1.0);
	if (ctx->json) {
		if (hr_risk_to_json(&js, &r) != 0) {
			cli_err("show: out of memory");
			rc = CLI_FAIL;
			goto done;
		}
		printf(",\"at\":\"%s\",\"status\":", hr_time_format(t, at));
		cli_json_str(stdout, in->status);
		printf(",\"risk\":%s", js);
		hr_free(js);
		goto done;
	}
	printf("\nAt %s: status %s; hazardous until released by survey or clearance\n",
	       hr_time_format(t, at), in->status ? in->status : "unknown");
	cli_print_model(stdout, &r);
done:
	hr_risk_inputs_free(in);
	return rc;
}

int cli_cmd_show(cli_ctx *ctx, int argc, char **argv)
{
	hr_register *reg = NULL;
	const char *id = NULL;
	show_state st = {ctx, NULL, 0};
	char *buf = NULL, where[CLI_WHERE_BUFSZ];
	size_t len = 0;
	hr_time at;
	int rc = parse_show(ctx, argc, argv, &id, &at);
	int err;

	if (rc != 0)
		return CLI_STATUS(rc);
	rc = cli_open(ctx, &reg, 0, 1);
	if (rc != CLI_OK)
		goto done;
	st.out = open_memstream(&buf, &len);
	if (!st.out) {
		cli_err("show: out of memory");
		rc = CLI_FAIL;
		goto done;
	}
	err = hr_register_history(reg, id, on_entry, &st);
	fclose(st.out);
	st.out = NULL;
	if (err == HR_ENOTFOUND) {
		cli_err("show: %s: no hazardous area with this id in %s", id,
		        cli_asof_where(ctx, where, sizeof where));
		rc = CLI_NOTFOUND;
		goto done;
	}
	if (err != 0) {
		rc = cli_lib_err(ctx, reg, err, "cannot read the history");
		goto done;
	}
	if (ctx->json) {
		fputs("{\"area_id\":", stdout);
		cli_json_str(stdout, id);
		fputs(",\"records\":[", stdout);
	} else {
		printf("History of hazardous area %s, %zu record%s in log order\n", id, st.n,
		       st.n == 1 ? "" : "s");
	}
	rc = cli_flush_mem(stdout, buf, len);
	buf = NULL;
	if (rc == CLI_OK && ctx->json)
		fputs("]", stdout);
	if (rc == CLI_OK)
		rc = show_model(ctx, reg, id, at);
	if (rc == CLI_OK && ctx->json)
		cli_asof_json(ctx, stdout);
	else if (rc == CLI_OK)
		cli_asof_text(ctx, stdout);
	if (ctx->json)
		fputs("}\n", stdout);
done:
	free(buf);
	hr_register_close(reg);
	return rc;
}
