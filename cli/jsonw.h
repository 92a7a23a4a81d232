/* jsonw.h - a small pretty-printing JSON writer on a stdio stream, for the CLI's output formats
 * (SARIF). The runtime's report writer (common/report_json.c) is separate on purpose: it must not
 * use stdio.
 *
 * Usage: jsonw_open(w, '{'); jsonw_key(w, "a"); jsonw_int(w, 1); jsonw_close(w, '}'). Values
 * written directly inside an array need no key. Strings are escaped; invalid UTF-8 becomes U+FFFD.
 */
#ifndef WEFT_JSONW_H
#define WEFT_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 32

struct jsonw {
	FILE *out;
	int depth;
	bool first[JSONW_MAX_DEPTH];
	bool after_key;
};

void jsonw_init(struct jsonw *w, FILE *out);
void jsonw_open(struct jsonw *w, char c);   /* '{' or '[' */
void jsonw_close(struct jsonw *w, char c);  /* '}' or ']' */
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_str(struct jsonw *w, const char *s); /* NULL writes null */
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool b);
void jsonw_null(struct jsonw *w);
/* {"text": s} - SARIF's message objects */
void jsonw_text_obj(struct jsonw *w, const char *key, const char *s);
/* Writes s as the contents of a JSON string literal (no quotes) to out. */
void jsonw_escape(FILE *out, const char *s);

#endif
