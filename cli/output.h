/* output.h - writing one or several reports in a chosen output format (text, json, sarif, junit,
 * dot), to a file (written under a temporary name and renamed) or to stdout. Shared by `weft run`
 * and `weft report`.
 *
 * Several reports arise when the program forked: the first is the main process. Text, SARIF, JUnit
 * and DOT cover all of them; JSON is one report per file, so only the first is written.
 */
#ifndef WEFT_OUTPUT_H
#define WEFT_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/* X(enum suffix, name) */
#define OUTPUT_FORMATS(X) X(TEXT, "text") X(JSON, "json") X(SARIF, "sarif") X(JUNIT, "junit") X(DOT, "dot")

enum output_format {
#define X(e, name) OUTPUT_##e,
	OUTPUT_FORMATS(X)
#undef X
};

#define OUTPUT_FORMAT_LIST "text, json, sarif, junit or dot"

/* The format named `name`, or -1. */
int output_format_from_name(const char *name);
/* The format suggested by a file name's extension (.json, .sarif, .xml, .dot/.gv); text otherwise. */
enum output_format output_format_from_path(const char *path);
const char *output_format_name(enum output_format f);

/* Writes reports[0..n) in format f to path (NULL or "-": stdout). text_flags: report_text.h flags
 * for the text format. Returns 0, or -1 with a one-line message in err. */
int output_write(enum output_format f, struct report *const *reports, size_t n, const char *path,
		 unsigned text_flags, char *err, size_t errlen);

/* The text of several reports on one stream: each report's findings, then one SUMMARY line over all
 * of them naming `program` (the first report's program when NULL). */
void output_text(struct report *const *reports, size_t n, const char *program, FILE *out, unsigned text_flags);

#endif
