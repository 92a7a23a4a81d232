/* threads_view.h - every thread of the report: one line each on top (state, what it was doing at
 * the end), the creation stack and the last stack of the selected thread below. */
#ifndef WEFT_TUI_THREADS_VIEW_H
#define WEFT_TUI_THREADS_VIEW_H

#include "tui/view.h"

struct view *threads_view_new(struct tui *t);

#endif
