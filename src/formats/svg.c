/*
 * svg.c - the ground the pictures stand on: SVG text building shared by
 * the decay curve (plot.c) and the reliability chart (plot_reliability.c),
 * number and date labels for people, and rendering SVG to PNG with librsvg
 * and cairo for those who need a raster file.
 */
#include "formats/plot_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <librsvg/rsvg.h>

void hr_svg__open(hr_buf *b, int width, int height, const char *title)
{
	hr_buf_printf(b,
	              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	              "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
	              "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"%s\">\n<title>",
	              width, height, width, height, HR_SVG_FONT);
	hr_svg__esc(b, title);
	hr_buf_printf(b, "</title>\n<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" "
	                 "fill=\"#ffffff\"/>\n",
	              width, height);
}

void hr_svg__close(hr_buf *b)
{
	hr_buf_printf(b, "</svg>\n");
}

void hr_svg__esc(hr_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '&': hr_buf_put(b, "&amp;", 5); break;
		case '<': hr_buf_put(b, "&lt;", 4); break;
		case '>': hr_buf_put(b, "&gt;", 4); break;
		case '"': hr_buf_put(b, "&quot;", 6); break;
		case '\'': hr_buf_put(b, "&apos;", 6); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				hr_buf_putc(b, '?');
			else
				hr_buf_putc(b, *p);
		}
	}
}

void hr_svg__text(hr_buf *b, double x, double y, const char *attrs, const char *text)
{
	hr_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\"%s%s>", x, y, attrs && *attrs ? " " : "",
	              attrs ? attrs : "");
	hr_svg__esc(b, text);
	hr_buf_put(b, "</text>\n", 8);
}

size_t hr_svg__chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
		if ((*p & 0xc0) != 0x80)
			n++;
	return n;
}

double hr_svg__width(const char *s, double size)
{
	/* DejaVu Sans averages a little over half an em for mixed text */
	return (double)hr_svg__chars(s) * size * 0.58;
}

/* Superscript digits and minus, UTF-8. */
static const char *const superscript[] = {"\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2",
                                          "\xc2\xb3", "\xe2\x81\xb4", "\xe2\x81\xb5",
                                          "\xe2\x81\xb6", "\xe2\x81\xb7", "\xe2\x81\xb8",
                                          "\xe2\x81\xb9"};

const char *hr_plot__decade(char *buf, size_t len, int k, int percent)
{
	char digits[16];
	size_t o;

	if (percent)
		k += 2;
	if (k >= 0 && k <= 9) {
		snprintf(buf, len, "1%.*s%s", k, "000000000", percent ? "%" : "");
		return buf;
	}
	if (k < 0 && k >= -6) {
		snprintf(buf, len, "0.%.*s1%s", -k - 1, "000000", percent ? "%" : "");
		return buf;
	}
	/* 10 with a superscript exponent */
	snprintf(digits, sizeof digits, "%d", k < 0 ? -k : k);
	o = (size_t)snprintf(buf, len, "10%s", k < 0 ? "\xe2\x81\xbb" : "");
	for (const char *d = digits; *d && o < len; d++)
		o += (size_t)snprintf(buf + o, len - o, "%s", superscript[*d - '0']);
	if (percent && o < len)
		snprintf(buf + o, len - o, "%%");
	return buf;
}

const char *hr_plot__num(char *buf, size_t len, double v, int percent)
{
	const char *pc = percent ? "%" : "";
	int dec;
	char *dot;

	if (percent)
		v *= 100;
	if (!isfinite(v) || v <= 0) {
		snprintf(buf, len, "0%s", pc);
		return buf;
	}
	if (v < 1e-9) {
		snprintf(buf, len, "%.1e%s", v, pc);
		return buf;
	}
	dec = 1 - (int)floor(log10(v));
	if (dec < 0)
		dec = 0;
	snprintf(buf, len, "%.*f", dec, v);
	dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf);
		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
	}
	if (percent && strlen(buf) + 1 < len)
		strcat(buf, "%");
	return buf;
}

const char *hr_plot__date(char *buf, size_t len, hr_time t)
{
	char full[HR_TIME_BUFSZ];
	hr_time_format(full, t);
	snprintf(buf, len, "%.10s", full);
	return buf;
}

/* ---- PNG ----------------------------------------------------------------- */

static void set_err(char *err, size_t errlen, const char *what, const char *detail)
{
	if (err && errlen)
		snprintf(err, errlen, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
}

int hr_svg_to_png(const char *svg, size_t len, const char *path, char *err, size_t errlen)
{
	RsvgHandle *h = NULL;
	GError *gerr = NULL;
	cairo_surface_t *surface = NULL;
	cairo_t *cr = NULL;
	cairo_status_t st;
	RsvgRectangle viewport;
	gdouble w = 0, hgt = 0;
	int rc = 0;

	if (err && errlen)
		err[0] = '\0';
	if (!svg || !path) {
		set_err(err, errlen, "no SVG or no file name", NULL);
		return HR_EINVAL;
	}
	h = rsvg_handle_new_from_data((const guint8 *)svg, len, &gerr);
	if (!h) {
		set_err(err, errlen, "the SVG does not parse", gerr ? gerr->message : NULL);
		rc = HR_EINVAL;
		goto done;
	}
	if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hgt) || w < 1 || hgt < 1 ||
	    w > 20000 || hgt > 20000) {
		set_err(err, errlen, "the SVG has no size in pixels (width and height)", NULL);
		rc = HR_EINVAL;
		goto done;
	}
	surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)ceil(w), (int)ceil(hgt));
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		set_err(err, errlen, "out of memory for the image", NULL);
		rc = HR_ENOMEM;
		goto done;
	}
	cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	viewport.x = 0;
	viewport.y = 0;
	viewport.width = w;
	viewport.height = hgt;
	if (!rsvg_handle_render_document(h, cr, &viewport, &gerr)) {
		set_err(err, errlen, "the SVG cannot be rendered", gerr ? gerr->message : NULL);
		rc = HR_EINVAL;
		goto done;
	}
	cairo_surface_flush(surface);
	st = cairo_surface_write_to_png(surface, path);
	if (st != CAIRO_STATUS_SUCCESS) {
		set_err(err, errlen, "cannot write the PNG file", cairo_status_to_string(st));
		rc = st == CAIRO_STATUS_NO_MEMORY ? HR_ENOMEM : HR_EIO;
		goto done;
	}
done:
	if (cr)
		cairo_destroy(cr);
	if (surface)
		cairo_surface_destroy(surface);
	if (h)
		g_object_unref(h);
	if (gerr)
		g_error_free(gerr);
	return rc;
}
