/* race_view.h - a data race: what the memory is on top, the two accesses side by side below, each
 * with its stack and the locks held. */
#ifndef WEFT_TUI_RACE_VIEW_H
#define WEFT_TUI_RACE_VIEW_H

#include "tui/view.h"

struct view *race_view_new(struct tui *t, int finding);

#endif
