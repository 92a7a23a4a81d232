/* fmt_common.h - small helpers shared by the machine-readable output formats (SARIF, JUnit, DOT). */
#ifndef WEFT_FMT_COMMON_H
#define WEFT_FMT_COMMON_H

#include <stddef.h>

#include "report.h"

/* The frame of s a person would open: the innermost whose source file exists here (a path relative
 * to the current directory, or an absolute one), else the innermost with a source file at all (the
 * C library's own sources are rarely installed, so this skips them); NULL if no frame has a file. */
const struct report_frame *fmt_source_frame(const struct report_stack *s);

/* The stack that locates the finding: among stacks whose fmt_source_frame() exists here, those of
 * the kind's main role first ("blocked" for deadlocks, "acquired" for inversions, "access" for
 * races, "current" for misuse), then any; failing that the same order for frames with a file at
 * all. NULL if no stack has a frame with a file. */
const struct report_stack *fmt_primary_stack(const struct report_finding *f);

/* The finding's text (header and body, as `weft report --format text` prints it, no colour) in a
 * malloc'd string; NULL on out of memory. */
char *fmt_finding_text(const struct report *r, size_t index);

#endif
