/* fmt_dot.h - Graphviz DOT output: the lock-order graph of the findings. */
#ifndef WEFT_FMT_DOT_H
#define WEFT_FMT_DOT_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"

/* Writes reports[0..n) (the main process first) to out. Returns 0, or -1 if writing failed. */
int fmt_dot_write(struct report *const *reports, size_t n, FILE *out);

#endif
