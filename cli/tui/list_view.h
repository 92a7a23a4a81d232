/* list_view.h - the findings list, the viewer's first view. */
#ifndef WEFT_TUI_LIST_VIEW_H
#define WEFT_TUI_LIST_VIEW_H

#include "tui/view.h"

struct view *list_view_new(struct tui *t);

/* Open the view that fits finding i (cycle, race or stacks view) on top of t. */
void list_view_open_finding(struct tui *t, int i);

#endif
