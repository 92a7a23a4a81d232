/* help_view.h - every key of the viewer, from the request table (request.def). */
#ifndef WEFT_TUI_HELP_VIEW_H
#define WEFT_TUI_HELP_VIEW_H

#include "tui/view.h"

struct view *help_view_new(struct tui *t);

#endif
