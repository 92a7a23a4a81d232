/* fmt_common.h - small helpers shared by the machine-readable output formats (SARIF, JUnit, DOT). */
#ifndef WEFT_FMT_COMMON_H
#define WEFT_FMT_COMMON_H

#include <stddef.h>

#include "report.h"

/* The first frame of s with a source file (the place a person would open), or NULL. */
const struct report_frame *fmt_source_frame(const struct report_stack *s);

/* The first stack of the finding that has a frame with a source file, or NULL. Stacks of the main
 * role of the kind come first: "blocked"/"acquired" for cycles, "access" for races, "current" for
 * misuse. */
const struct report_stack *fmt_primary_stack(const struct report_finding *f);

/* The finding's text (header and body, as `weft report --format text` prints it, no colour) in a
 * malloc'd string; NULL on out of memory. */
char *fmt_finding_text(const struct report *r, size_t index);

#endif
