/* timeline.c - the happens-before timeline as a document (see timeline.h).
 *
 * The lanes, the grid of arrows and the junction characters are drawn by lanes.c (shared with the
 * explored schedule's view).
 */
#include "tui/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_describe.h"
#include "tui/lanes.h"

#define LABEL_W (TIMELINE_LANE_W - 4)

bool timeline_is_focus(const struct trace_data *t, size_t i, const struct timeline_focus *f)
{
	if (!f || i >= t->nevents)
		return false;
	const struct trace_event *e = &t->events[i];
	bool thread = false;
	for (size_t k = 0; k < f->nthreads; k++)
		thread |= f->threads[k] >= 0 && (uint32_t)f->threads[k] == e->thread;
	if (!thread)
		return false;
	if (f->nlocks == 0)
		return true;
	if (!(e->flags & TRACE_F_OBJ_IS_LOCK))
		return false;
	for (size_t k = 0; k < f->nlocks; k++)
		if (f->locks[k] >= 0 && (uint32_t)f->locks[k] == e->obj)
			return true;
	return false;
}

size_t timeline_focus_event(const struct trace_data *t, const struct timeline_focus *f)
{
	for (size_t i = t->nevents; i > 0; i--)
		if (timeline_is_focus(t, i - 1, f))
			return i - 1;
	return 0;
}

size_t timeline_window(const struct trace_data *t, size_t around, size_t *from)
{
	if (t->nevents <= TIMELINE_MAX_ROWS) {
		*from = 0;
		return t->nevents;
	}
	size_t start = around > TIMELINE_MAX_ROWS / 2 ? around - TIMELINE_MAX_ROWS / 2 : 0;
	if (start + TIMELINE_MAX_ROWS > t->nevents)
		start = t->nevents - TIMELINE_MAX_ROWS;
	*from = start;
	return TIMELINE_MAX_ROWS;
}

int timeline_lanes_shown(int w)
{
	return lanes_fit(w, TIMELINE_GUTTER_W, TIMELINE_LANE_W);
}

static int label_of(const struct trace_data *t, size_t i, char *buf, size_t len)
{
	trace_describe_event(&t->events[i], buf, len);
	if (strlen(buf) > LABEL_W)
		buf[LABEL_W] = 0;
	return (int)strlen(buf);
}

void timeline_build(struct doc *d, const struct trace_data *t, size_t from, size_t n,
                    const struct timeline_focus *f, const struct tui_glyphs *g)
{
	int nlanes = (int)t->nthreads;
	if (n == 0 || nlanes == 0)
		return;
	struct lanes_grid grid;
	lanes_grid_init(&grid, (int)n, nlanes, TIMELINE_LANE_W);
	char a[64], b[64];
	for (size_t k = 0; k < t->narrows; k++) {
		const struct trace_arrow *ar = &t->arrows[k];
		if (ar->to < from || ar->to >= from + n)
			continue;
		int la = trace_lane(t, t->events[ar->from].thread), lb = trace_lane(t, t->events[ar->to].thread);
		if (la < 0 || lb < 0 || la == lb)
			continue;
		int ra = ar->from < from ? -1 : (int)(ar->from - from);
		lanes_arrow(&grid, ra, (int)(ar->to - from), la, lb, label_of(t, ar->from, a, sizeof a),
		            label_of(t, ar->to, b, sizeof b));
	}
	for (size_t r = 0; r < n; r++) {
		size_t i = from + r;
		const struct trace_event *e = &t->events[i];
		bool focus = timeline_is_focus(t, i, f);
		struct tline *l = doc_add(d, (int)i, trace_lane(t, e->thread));
		line_add(l, STYLE_LINENO, "%6llu", (unsigned long long)e->seq);
		line_add(l, STYLE_BLOCKED, "%s", focus ? "*" : " ");
		l->fixed = 2;
		label_of(t, i, a, sizeof a);
		struct lanes_label lab = {
			.lane = trace_lane(t, e->thread),
			.text = a,
			.style = focus ? STYLE_BLOCKED
			         : e->kind == TRACE_DROPPED || (e->flags & TRACE_F_FAILED) ? STYLE_DIM
			         : e->flags & TRACE_F_OBJ_IS_LOCK ? STYLE_LOCK
			         : STYLE_NORMAL,
		};
		lanes_render_row(l, &grid, (int)r, nlanes, TIMELINE_LANE_W, &lab, 1, g);
	}
	lanes_grid_free(&grid);
}

void timeline_heading(char *buf, size_t len, const struct report *r, const struct trace_data *t,
                      int first_lane, int w)
{
	int shown = timeline_lanes_shown(w);
	int used = snprintf(buf, len, "%6s  ", "seq");
	for (int k = first_lane; k < first_lane + shown && k < (int)t->nthreads && used >= 0 && (size_t)used < len; k++) {
		char name[160];
		report_describe_thread_named(r, (int)t->threads[k], name, sizeof name);
		/* a lane: the name under the label, cut to the lane */
		used += snprintf(buf + used, len - (size_t)used, "%-*.*s", TIMELINE_LANE_W, TIMELINE_LANE_W - 2, name);
	}
	/* drop trailing blanks */
	size_t n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = 0;
}
