/* script.h - run the viewer on scripted keys and a virtual screen, without a terminal (for tests).
 *
 * A script is text: each character is a key, except <Name> for a named key (<Enter>, <Esc>, <Tab>,
 * <BS>, <Up>, <Down>, <Left>, <Right>, <PgUp>, <PgDn>, <Home>, <End>, <S-Tab>, <^L>, <lt> for '<'; '>'
 * is itself),
 * <resize WxH> to change the screen size, and <dump> to write the screen at that point. The screen
 * is written once more after the last key (or when a key quits). Each screen written starts with a
 * line "=== WxH ===".
 */
#ifndef WEFT_TUI_SCRIPT_H
#define WEFT_TUI_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report.h"
#include "tui/tui.h"

/* Returns 0, or -1 with a one-line message in err for a bad script (nothing run). With attrs, each
 * row is followed by its style letters (style.def). */
int script_run(const struct report *r, const struct tui_options *opt, const char *script, int w, int h,
               bool attrs, FILE *out, char *err, size_t errlen);

/* Parse "WxH" (both >= 1); returns 0 or -1. */
int script_parse_size(const char *s, int *w, int *h);

#endif
