/* args.h - what every weft subcommand's option parsing needs: one usage-error line, and numbers
 * with bounds. */
#ifndef WEFT_ARGS_H
#define WEFT_ARGS_H

#include <stdbool.h>

/* Prints "weft CMD: <message> (try 'weft CMD --help')" on stderr; returns WEFT_EXIT_USAGE. */
int args_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A whole decimal number within [lo, hi] into *out; false otherwise (out untouched). */
bool args_long(const char *s, long lo, long hi, long *out);

#endif
