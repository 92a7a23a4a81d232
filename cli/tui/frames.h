/* frames.h - stacks and wrapped text as document lines, shared by the views that show stacks. */
#ifndef WEFT_TUI_FRAMES_H
#define WEFT_TUI_FRAMES_H

#include <stdbool.h>

#include "report.h"
#include "tui/view.h"

/* Append the frames of s, one selectable line each (item = item, data = frame index), in the
 * wording of report_describe_frame(). With short_paths (narrow panes), a frame with a source file
 * is "function file.c:17": the file by its last component, no code address. A stack without frames gives one line saying so; s->note is shown after. */
void frames_add(struct doc *d, const struct report_stack *s, int item, bool short_paths);

/* Select the frame that best says where s is (the first with a source file) among lines with
 * item == item; false if none. */
bool frames_select_user(struct pane *p, const struct report_stack *s, int item);

/* Append text wrapped at width columns (continuation lines indented by indent), not selectable. */
void frames_add_wrapped(struct doc *d, enum style st, const char *text, int width, int indent);

#endif
