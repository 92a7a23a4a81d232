/* fmt_sarif.h - SARIF 2.1.0 output (GitHub code scanning). */
#ifndef WEFT_FMT_SARIF_H
#define WEFT_FMT_SARIF_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/* Writes reports[0..n) (the main process first) to out. Returns 0, or -1 if writing failed. */
int fmt_sarif_write(struct report *const *reports, size_t n, FILE *out);

#endif
