/* cycle_view.h - a deadlock or lock-order inversion: the cycle picture and the scenario on top,
 * the two stacks of the selected step (where it took the lock it holds, where it waits or took the
 * next lock) below. */
#ifndef WEFT_TUI_CYCLE_VIEW_H
#define WEFT_TUI_CYCLE_VIEW_H

#include "tui/view.h"

struct view *cycle_view_new(struct tui *t, int finding);

#endif
