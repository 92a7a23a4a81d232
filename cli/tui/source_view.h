/* source_view.h - a source file at a line, highlighted, with the lines around it. */
#ifndef WEFT_TUI_SOURCE_VIEW_H
#define WEFT_TUI_SOURCE_VIEW_H

#include <stddef.h>

#include "tui/view.h"

/* A view of file (a path from the debug info) at line (<= 0: the top). module is shown when the
 * file cannot be found. */
struct view *source_view_new(struct tui *t, const char *file, int line, const char *module);

/* Find the file a debug-info path names: the path itself (absolute, or relative to the current
 * directory), then relative to the report's directory, then each shorter tail of the path
 * ("src/a.c", "a.c") relative to the report's directory and to the current directory. Writes the
 * path found into found and returns 0, or returns -1 with the paths tried, separated by newlines, in
 * tried (truncated to its size). */
int source_view_locate(const char *file, const char *report_path, char *found, size_t foundlen,
                       char *tried, size_t triedlen);

#endif
