/* fmt_junit.h - JUnit XML output (CI test reports). */
#ifndef WEFT_FMT_JUNIT_H
#define WEFT_FMT_JUNIT_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/* Writes reports[0..n) (the main process first) to out. Returns 0, or -1 if writing failed. */
int fmt_junit_write(struct report *const *reports, size_t n, FILE *out);

#endif
