/*
 * out.c - how the hazreg command prints values: hashes in hex, times,
 * JSON strings, and record fields for people and as JSON. Private fields
 * print as "(private, committed)" and nothing else: the command never
 * shows a private value or its commitment.
 */
#include "cli.h"


#include <stdlib.h>
#include <string.h>

char *cli_hex(char *buf, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = digits[p[i] >> 4];
		buf[2 * i + 1] = digits[p[i] & 15];
	}
	buf[2 * n] = '\0';
	return buf;
}

void cli_json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* Text for a terminal: control characters shown escaped, never sent raw. */
static void text_plain(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '\n')
			fputs("\\n", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
}

const char *cli_time(char buf[HR_TIME_BUFSZ], hr_time t)
{
	if (t == HR_TIME_NONE) {
		strcpy(buf, "unknown");
		return buf;
	}
	return hr_time_format(buf, t);
}

/* Shortest decimal that reads back as the same double. */
static void real_text(FILE *out, double r)
{
	char buf[40];
	snprintf(buf, sizeof buf, "%.15g", r);
	if (strtod(buf, NULL) != r)
		snprintf(buf, sizeof buf, "%.17g", r);
	fputs(buf, out);
}

static const char *geom_type_name(int type)
{
	switch (type) {
	case HR_GEOM_POINT: return "Point";
	case HR_GEOM_POLYGON: return "Polygon";
	case HR_GEOM_MULTIPOLYGON: return "MultiPolygon";
	default: return "geometry";
	}
}

static void geom_text(FILE *out, const unsigned char *wkb, size_t len)
{
	int type = 0;
	hr_bbox b;

	if (hr_geom_check(wkb, len, &type, NULL, 0) != 0 || hr_geom_bbox(&b, wkb, len) != 0) {
		fprintf(out, "(geometry that does not decode, %zu bytes)", len);
		return;
	}
	if (type == HR_GEOM_POINT)
		fprintf(out, "Point %.7f %.7f", b.west, b.south);
	else
		fprintf(out, "%s within %.7f %.7f %.7f %.7f", geom_type_name(type), b.west, b.south,
		        b.east, b.north);
}

static void contam_text(FILE *out, const hr_contam *c)
{
	char t1[HR_TIME_BUFSZ], t2[HR_TIME_BUFSZ];

	text_plain(out, c->device_class);
	if (c->count == HR_COUNT_UNKNOWN)
		fputs(" x?", out);
	else
		fprintf(out, " x%lld", (long long)c->count);
	fputs(c->confirmed ? " confirmed" : " suspected", out);
	if (c->emplaced_earliest != HR_TIME_NONE || c->emplaced_latest != HR_TIME_NONE)
		fprintf(out, ", emplaced %s to %s", cli_time(t1, c->emplaced_earliest),
		        cli_time(t2, c->emplaced_latest));
}

void cli_value_text(FILE *out, const hr_value *v)
{
	char tb[HR_TIME_BUFSZ];

	switch (v->type) {
	case HR_FT_TEXT:
	case HR_FT_ENUM: text_plain(out, v->u.text); break;
	case HR_FT_INT: fprintf(out, "%lld", (long long)v->u.i); break;
	case HR_FT_REAL: real_text(out, v->u.r); break;
	case HR_FT_TIME: fputs(cli_time(tb, v->u.t), out); break;
	case HR_FT_BOOL: fputs(v->u.i ? "yes" : "no", out); break;
	case HR_FT_GEOM: geom_text(out, v->u.geom.wkb, v->u.geom.len); break;
	case HR_FT_CONTAM: contam_text(out, &v->u.contam); break;
	case HR_FT_PRIVATE: fputs("(private, committed)", out); break;
	case HR_FT_SIG: fprintf(out, "Ed25519, key ID %08x", (unsigned)v->u.sig.key_id); break;
	default: fprintf(out, "(value of unknown type %d)", v->type); break;
	}
}

static void time_json(FILE *out, hr_time t)
{
	char tb[HR_TIME_BUFSZ];
	if (t == HR_TIME_NONE)
		fputs("null", out);
	else
		cli_json_str(out, hr_time_format(tb, t));
}

static void geom_json(FILE *out, const unsigned char *wkb, size_t len)
{
	char *gj = NULL;
	if (hr_geom_to_geojson(&gj, wkb, len) == 0 && gj)
		fputs(gj, out);
	else
		fputs("null", out);
	hr_free(gj);
}

static void contam_json(FILE *out, const hr_contam *c)
{
	fputs("{\"class\":", out);
	cli_json_str(out, c->device_class);
	fputs(",\"count\":", out);
	if (c->count == HR_COUNT_UNKNOWN)
		fputs("null", out);
	else
		fprintf(out, "%lld", (long long)c->count);
	fprintf(out, ",\"confirmed\":%s,\"emplaced_earliest\":", c->confirmed ? "true" : "false");
	time_json(out, c->emplaced_earliest);
	fputs(",\"emplaced_latest\":", out);
	time_json(out, c->emplaced_latest);
	fputc('}', out);
}

void cli_value_json(FILE *out, const hr_value *v)
{
	switch (v->type) {
	case HR_FT_TEXT:
	case HR_FT_ENUM: cli_json_str(out, v->u.text); break;
	case HR_FT_INT: fprintf(out, "%lld", (long long)v->u.i); break;
	case HR_FT_REAL: real_text(out, v->u.r); break;
	case HR_FT_TIME: time_json(out, v->u.t); break;
	case HR_FT_BOOL: fputs(v->u.i ? "true" : "false", out); break;
	case HR_FT_GEOM: geom_json(out, v->u.geom.wkb, v->u.geom.len); break;
	case HR_FT_CONTAM: contam_json(out, &v->u.contam); break;
	case HR_FT_PRIVATE: cli_json_str(out, "(private, committed)"); break;
	case HR_FT_SIG: {
		char text[HR_SIGNATURE_TEXT_BUFSZ];
		fprintf(out, "\"%s\"", hr_signature_text(text, v));
		break;
	}
	default: fputs("null", out); break;
	}
}

int cli_flush_mem(FILE *out, char *buf, size_t len)
{
	int rc = CLI_OK;
	if (buf && len && fwrite(buf, 1, len, out) != len)
		rc = CLI_FAIL;
	if (fflush(out) != 0)
		rc = CLI_FAIL;
	if (rc != CLI_OK)
		cli_err("standard output: write failed");
	free(buf);
	return rc;
}

/* The residual-risk model, worded as what it is: an aid to priorities. */
void cli_print_model(FILE *out, const hr_risk *r)
{
	char t[HR_TIME_BUFSZ], u[HR_TIME_BUFSZ];
	const char *least = r->count_unknown ? "at least " : "";

	fprintf(out, "  model (informs priorities only; the area stays hazardous until released):\n");
	fprintf(out, "    phase:             %s", hr_phase_name(r->phase));
	if (r->sd_window[0] != HR_TIME_NONE)
		fprintf(out, "; SD window %s to %s", cli_time(t, r->sd_window[0]),
		        cli_time(u, r->sd_window[1]));
	if (r->sda_deadline != HR_TIME_NONE)
		fprintf(out, "; SDA deadline %s", cli_time(t, r->sda_deadline));
	fputc('\n', out);
	if (r->count_unknown && r->expected[HR_CONSERVATIVE] == 0)
		fprintf(out, "    live devices:      at least one, number unknown\n");
	else
		fprintf(out, "    live devices:      %s%.3g (optimistic) to %s%.3g (conservative)%s\n",
		        least, r->expected[HR_OPTIMISTIC], least, r->expected[HR_CONSERVATIVE],
		        r->count_unknown ? ", more of unknown number" : "");
	fprintf(out, "    P(any live):       %s%.3g (optimistic) to %s%.3g (conservative)\n",
	        r->count_unknown && r->p_any[HR_OPTIMISTIC] < 1 ? "at least " : "",
	        r->p_any[HR_OPTIMISTIC],
	        r->count_unknown && r->p_any[HR_CONSERVATIVE] < 1 ? "at least " : "",
	        r->p_any[HR_CONSERVATIVE]);
	if (r->threshold_never)
		fprintf(out, "    below 1 device:    never (persistent or unrecorded contamination)\n");
	else if (r->threshold_at == HR_TIME_NONE)
		fprintf(out, "    below 1 device:    not computable (number of devices unknown)\n");
	else
		fprintf(out, "    below 1 device:    %s (conservative)\n", cli_time(t, r->threshold_at));
}
