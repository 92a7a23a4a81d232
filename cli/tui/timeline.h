/* timeline.h - the happens-before timeline as a document (pure: no curses, no view state).
 *
 * One lane (a column TIMELINE_LANE_W wide) per thread of the trace, one line per event in seq order
 * (item = the event's index in the trace, data = its lane). A line is a fixed gutter (the seq, and
 * '*' for an event of the focused finding) then every lane: the event's label in its own lane, and
 * the happens-before arrows between lanes drawn with line characters: a rail goes down the right
 * edge of the source event's lane to the row of the target event, then across to an arrow head
 * beside the target's label. Arrows within one lane (program order) are not drawn.
 *
 * Lane layout (columns inside a lane): 0 arrow head from the left; 1..W-4 label; W-3 arrow head
 * from the right (after a shorter label); W-2 the rail; W-1 gap.
 */
#ifndef WEFT_TUI_TIMELINE_H
#define WEFT_TUI_TIMELINE_H

#include <stdbool.h>

#include "report.h"
#include "trace_read.h"
#include "tui/tui.h"
#include "tui/view.h"

#define TIMELINE_LANE_W 18   /* a 14-column label ("broadcast C12") and the rail: 4 lanes in 80 columns */
#define TIMELINE_GUTTER_W 7  /* seq (6 columns, a million events) and the focus mark */
/* Events drawn at most: a window around the focus (the grid costs rows x lanes x 18 cells). */
#define TIMELINE_MAX_ROWS 4000

/* What the timeline is centred on: a finding's threads and locks. */
struct timeline_focus {
	const int *threads;
	size_t nthreads;
	const int *locks;
	size_t nlocks;
};

/* Is event e one of the focus's (a focus thread's event, on a focus lock when the finding names
 * locks)? false when f is NULL. */
bool timeline_is_focus(const struct trace_data *t, size_t e, const struct timeline_focus *f);
/* The event to select first: the last focus event, else the first event; 0 for an empty trace. */
size_t timeline_focus_event(const struct trace_data *t, const struct timeline_focus *f);

/* The events drawn: [*from, *from + count), a window of at most TIMELINE_MAX_ROWS around `around`. */
size_t timeline_window(const struct trace_data *t, size_t around, size_t *from);

/* Fill d with the lines of events [from, from + n). */
void timeline_build(struct doc *d, const struct trace_data *t, size_t from, size_t n,
                    const struct timeline_focus *f, const struct tui_glyphs *g);

/* The heading of the lanes first_lane .. (as many as fit in w columns): "   seq T1 "name" ...". */
void timeline_heading(char *buf, size_t len, const struct report *r, const struct trace_data *t,
                      int first_lane, int w);

/* Lanes that fit in w columns (at least 1). */
int timeline_lanes_shown(int w);

#endif
