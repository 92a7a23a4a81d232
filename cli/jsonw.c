/* jsonw.c - pretty-printing JSON writer on a stdio stream (see jsonw.h). */
#include "jsonw.h"

#include <inttypes.h>

void jsonw_init(struct jsonw *w, FILE *out)
{
	*w = (struct jsonw){.out = out};
}

void jsonw_escape(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			fputc('\\', out);
			fputc(c, out);
			p++;
		} else if (c == '\n') {
			fputs("\\n", out);
			p++;
		} else if (c == '\t') {
			fputs("\\t", out);
			p++;
		} else if (c < 0x20) {
			fprintf(out, "\\u%04x", c);
			p++;
		} else if (c < 0x80) {
			fputc(c, out);
			p++;
		} else {
			/* pass valid UTF-8 sequences through, replace anything else */
			int n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
			bool ok = n > 0;
			for (int i = 1; ok && i < n; i++)
				ok = (p[i] & 0xc0) == 0x80;
			if (ok && n == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0)))
				ok = false;
			if (ok && n == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90)))
				ok = false;
			if (ok) {
				fwrite(p, 1, (size_t)n, out);
				p += n;
			} else {
				fputs("\xef\xbf\xbd", out);
				p++;
			}
		}
	}
}

static void newline(struct jsonw *w)
{
	fputc('\n', w->out);
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->out);
}

static void sep(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first[w->depth])
		fputc(',', w->out);
	w->first[w->depth] = false;
	newline(w);
}

void jsonw_open(struct jsonw *w, char c)
{
	sep(w);
	fputc(c, w->out);
	if (w->depth + 1 < JSONW_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

void jsonw_close(struct jsonw *w, char c)
{
	bool empty = w->first[w->depth];
	if (w->depth > 0)
		w->depth--;
	if (!empty)
		newline(w);
	fputc(c, w->out);
	if (w->depth == 0)
		fputc('\n', w->out);
}

void jsonw_key(struct jsonw *w, const char *key)
{
	sep(w);
	fputc('"', w->out);
	jsonw_escape(w->out, key);
	fputs("\": ", w->out);
	w->after_key = true;
}

void jsonw_str(struct jsonw *w, const char *s)
{
	sep(w);
	if (!s) {
		fputs("null", w->out);
		return;
	}
	fputc('"', w->out);
	jsonw_escape(w->out, s);
	fputc('"', w->out);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	sep(w);
	fprintf(w->out, "%" PRId64, v);
}

void jsonw_bool(struct jsonw *w, bool b)
{
	sep(w);
	fputs(b ? "true" : "false", w->out);
}

void jsonw_null(struct jsonw *w)
{
	sep(w);
	fputs("null", w->out);
}

void jsonw_text_obj(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_open(w, '{');
	jsonw_key(w, "text");
	jsonw_str(w, s ? s : "");
	jsonw_close(w, '}');
}
