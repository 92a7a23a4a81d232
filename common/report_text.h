/* report_text.h - the human text report (used by the runtime in standalone mode, `weft run`,
 * `weft report --format text` and the viewer).
 *
 * Pure: model in, text out. Nothing here looks at the running process, the environment or the
 * terminal; the caller decides colour. Safe on any model report_read_json() accepts (indexes are
 * bounds-checked again, so a hand-built model cannot crash it either).
 */
#ifndef WEFT_REPORT_TEXT_H
#define WEFT_REPORT_TEXT_H

#include <stdio.h>

#include "report.h"

enum {
	REPORT_TEXT_COLOR = 1u << 0,      /* ANSI colours */
	REPORT_TEXT_NO_SUMMARY = 1u << 1, /* leave out the final SUMMARY line (the caller prints one for several reports) */
	REPORT_TEXT_NO_THREADS = 1u << 2, /* leave out the creation stacks of the threads involved */
	REPORT_TEXT_BRIEF = 1u << 3,      /* header lines only (one per finding), then the SUMMARY */
};

/* Writes the whole report: per finding a header `==PID== weft: <title>: <summary>` and a body,
 * then exactly one line `SUMMARY: weft: ...` (unless REPORT_TEXT_NO_SUMMARY). Returns 0, or -1 if
 * writing to out failed. */
int report_format_text(const struct report *r, FILE *out, unsigned flags);

/* Writes one finding (header and body, no SUMMARY). Returns 0 or -1 as above. */
int report_format_finding(const struct report *r, size_t index, FILE *out, unsigned flags);

/* Writes a stack, one frame a line: `    #0 function file:line (module+0xoff)`; `indent` spaces
 * before '#'. */
void report_format_stack(const struct report_stack *s, FILE *out, int indent, unsigned flags);

/* Writes the SUMMARY line for counts per kind (report_count_kinds, possibly added over several
 * reports): `SUMMARY: weft: 3 findings (1 deadlock, 2 lock-order-inversion) in PROGRAM` or
 * `SUMMARY: weft: no findings in PROGRAM`. */
void report_format_summary(const unsigned counts[REPORT_KIND_COUNT], const char *program, FILE *out,
			   unsigned flags);

/* Short human description of an api-misuse sub-kind ("unlock of a mutex held by another thread");
 * NULL if the name is unknown. */
const char *report_text_misuse_description(const char *misuse);

/* A lock's short label: "M<id>" (writes into buf, returns buf). */
const char *report_text_lock_label(int id, char *buf, size_t len);
/* A thread's short label: "T<id>" (writes into buf, returns buf). */
const char *report_text_thread_label(int id, char *buf, size_t len);

#endif
