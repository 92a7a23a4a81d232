/* screen.h - the screen manager: the only code that talks to curses.
 *
 * It owns the terminal while the viewer runs: draws the canvas that the model (tui.c) renders,
 * reads keys and turns them into keys.h codes, follows resizes, and puts the terminal back on every
 * way out: a normal quit, exit(), a fatal signal (SIGSEGV, SIGABRT, ...; endwin first, then the
 * signal's default action) or SIGINT/SIGTERM/SIGHUP.
 */
#ifndef WEFT_TUI_SCREEN_H
#define WEFT_TUI_SCREEN_H

#include <stddef.h>

#include "report.h"
#include "tui/tui.h"

/* Run the viewer on the terminal until the user quits. Returns 0, or -1 with a one-line message in
 * err when the terminal cannot be used (nothing was drawn then). */
int screen_run(const struct report *r, const struct tui_options *opt, char *err, size_t errlen);

#endif
