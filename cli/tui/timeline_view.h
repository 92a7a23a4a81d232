/* timeline_view.h - the happens-before timeline of the report's trace (model: timeline.h). */
#ifndef WEFT_TUI_TIMELINE_VIEW_H
#define WEFT_TUI_TIMELINE_VIEW_H

#include "tui/view.h"

/* The timeline centred on finding fi (-1: none). NULL, with a message in the status line, when
 * there is no trace or it cannot be read. */
struct view *timeline_view_new(struct tui *t, int fi);

#endif
