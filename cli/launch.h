/* launch.h - starting a program with the weft runtime preloaded (cli/launch.c); shared by
 * `weft run`, `weft explore` and `weft replay`. cmd is the subcommand name for messages. */
#ifndef WEFT_LAUNCH_H
#define WEFT_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>

/* dirname(/proc/self/exe)/../lib/weft/libweft.so, or $WEFT_RUNTIME: 0, or -1 after one line. */
int launch_find_runtime(const char *cmd, char *out, size_t len);
/* PATH lookup like the shell: 0 with the path in out, or the exit status (127 not found, 126 not
 * executable) after one line. */
int launch_resolve_program(const char *cmd, const char *prog, char *out, size_t len);
/* 0 when prog can load libweft.so; else one line and the exit status (static or 32-bit ELF). */
int launch_check_preloadable(const char *cmd, const char *path);
/* WEFT_OPTIONS separates options by spaces and colons and has no quoting. */
bool launch_option_safe(const char *s);

#endif
