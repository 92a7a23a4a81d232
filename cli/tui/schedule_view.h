/* schedule_view.h - the view of an explored schedule: one lane per thread, one row per scheduling
 * step, the preemptions marked, the failure at the last row; beside it, the selected step and the
 * locks held after it (schedule_view.c, steps from schedule_model.h). */
#ifndef WEFT_TUI_SCHEDULE_VIEW_H
#define WEFT_TUI_SCHEDULE_VIEW_H

#include "tui/tui.h"
#include "tui/view.h"

/* The schedule given to `weft view` (a --out directory), else the report's failure.schedule; NULL
 * with a message in the status bar when there is none or it cannot be read. */
struct view *schedule_view_new(struct tui *t);

#endif
