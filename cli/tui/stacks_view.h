/* stacks_view.h - every stack of one finding, with what it shows (any kind of finding; the view
 * for API misuse). */
#ifndef WEFT_TUI_STACKS_VIEW_H
#define WEFT_TUI_STACKS_VIEW_H

#include "tui/view.h"

struct view *stacks_view_new(struct tui *t, int finding);

#endif
