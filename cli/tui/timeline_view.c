/* timeline_view.c - the happens-before timeline (see timeline_view.h; drawing: timeline.c).
 *
 * Panes: 0 the timeline (item = event index in the trace, data = lane), its heading names the lanes
 * shown; 1 the details of the selected event, shown after Enter. The document holds every lane;
 * `<` and `>` move by a lane (pane 0's left column and heading follow), and a selection that lands
 * in a lane off the screen (moving, searching) brings that lane into view.
 *
 * The trace is the report's "trace" (relative to the report's directory when relative) or the one
 * given by `weft view --trace`; it is read when the view opens, so a missing or corrupt file only
 * gives a message in the status line.
 */
#include "tui/timeline_view.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_describe.h"
#include "trace_read.h"
#include "tui/timeline.h"
#include "tui/tui.h"

/* Rows of the details pane (heading, the event, its kind and clock, arrows in and out). */
#define DETAILS_H 7

struct timeline_priv {
	struct trace_data *trace;
	char *path;
	int finding;                 /* -1: none */
	struct timeline_focus focus;
	size_t from, n;              /* the events drawn */
	size_t start;                /* the event selected when the view opens */
	bool built;
	int first_lane;
	bool details;
};

static const struct timeline_focus *focus(const struct timeline_priv *tp)
{
	return tp->finding >= 0 ? &tp->focus : NULL;
}

static int max_first_lane(const struct view *v)
{
	const struct timeline_priv *tp = v->priv;
	int m = (int)tp->trace->nthreads - timeline_lanes_shown(v->w);
	return m < 0 ? 0 : m;
}

/* Place pane 0 sideways on first_lane, and name the lanes shown in its heading. */
static void show_lanes(struct view *v)
{
	struct timeline_priv *tp = v->priv;
	if (tp->first_lane > max_first_lane(v))
		tp->first_lane = max_first_lane(v);
	if (tp->first_lane < 0)
		tp->first_lane = 0;
	struct pane *p = &v->panes[0];
	p->left = tp->first_lane * TIMELINE_LANE_W;
	char head[1024];
	timeline_heading(head, sizeof head, tui_report(v->tui), tp->trace, tp->first_lane, v->w);
	pane_set_title(p, "%s", head);
	p->plain_title = true;
}

/* Bring the selected event's lane into view. */
static void follow_lane(struct view *v)
{
	struct timeline_priv *tp = v->priv;
	const struct tline *l = pane_selected(&v->panes[0]);
	if (!l)
		return;
	int shown = timeline_lanes_shown(v->w);
	if (l->data < tp->first_lane)
		tp->first_lane = l->data;
	else if (l->data >= tp->first_lane + shown)
		tp->first_lane = l->data - shown + 1;
	show_lanes(v);
}

static void add_arrow_line(struct view *v, struct doc *d, const char *dir, size_t other)
{
	struct timeline_priv *tp = v->priv;
	const struct trace_event *o = &tp->trace->events[other];
	char label[64], who[24];
	struct tline *l = doc_add(d, -1, 0);
	line_add(l, STYLE_ARROW, "  %s ", dir);
	line_add(l, STYLE_NORMAL, "seq %llu %s in %s", (unsigned long long)o->seq,
	         trace_describe_event(o, label, sizeof label), report_describe_thread((int)o->thread, who, sizeof who));
}

static void build_details(struct view *v)
{
	struct timeline_priv *tp = v->priv;
	const struct report *r = tui_report(v->tui);
	struct pane *p = &v->panes[1];
	doc_clear(&p->doc);
	p->sel = -1;
	p->top = 0;
	const struct tline *sel = pane_selected(&v->panes[0]);
	if (!sel) {
		pane_set_title(p, "Event");
		return;
	}
	size_t i = (size_t)sel->item;
	const struct trace_event *e = &tp->trace->events[i];
	pane_set_title(p, "Event seq %llu", (unsigned long long)e->seq);
	char who[160], obj[512], label[64];
	report_describe_thread_named(r, (int)e->thread, who, sizeof who);
	if (e->flags & TRACE_F_OBJ_IS_LOCK)
		report_describe_lock_long(r, (int)e->obj, obj, sizeof obj);
	else if (e->kind == TRACE_CREATE || e->kind == TRACE_JOIN || e->kind == TRACE_START)
		report_describe_thread_named(r, (int)e->obj, obj, sizeof obj);
	else
		trace_describe_object(e, obj, sizeof obj);
	struct tline *l = doc_add(&p->doc, -1, 0);
	line_add(l, STYLE_THREAD, "%s", who);
	if (e->kind == TRACE_DROPPED)
		line_add(l, STYLE_NORMAL, ": %u older records of this thread were dropped (its ring was full)", e->obj);
	else if (e->kind == TRACE_START)
		line_add(l, STYLE_NORMAL, " starts (created by %s)", obj);
	else if (obj[0])
		line_add(l, STYLE_NORMAL, ": %s %s", trace_kind_name(e->kind), obj);
	else
		line_add(l, STYLE_NORMAL, ": %s", trace_describe_event(e, label, sizeof label));
	char role = trace_kind_role(e->kind);
	l = doc_add(&p->doc, -1, 0);
	line_add(l, STYLE_DIM, "kind %s%s, clock %u (the thread's own vector-clock entry after it)%s%s",
	         e->kind < TRACE_KIND_COUNT ? trace_kind_name(e->kind) : "unknown",
	         role == 'A' ? " (acquire)" : role == 'R' ? " (release)" : "", e->clock,
	         e->flags & TRACE_F_TIMED ? ", timed wait" : "", e->flags & TRACE_F_FAILED ? ", failed (timed out)" : "");
	size_t first, n = trace_arrows_into(tp->trace, i, &first);
	for (size_t k = 0; k < n; k++)
		add_arrow_line(v, &p->doc, "happens after ", tp->trace->arrows[first + k].from);
	for (size_t k = 0; k < tp->trace->narrows; k++)
		if (tp->trace->arrows[k].from == i)
			add_arrow_line(v, &p->doc, "happens before", tp->trace->arrows[k].to);
	if (n == 0 && role == 'A' && !(e->flags & TRACE_F_FAILED)) {
		l = doc_add(&p->doc, -1, 0);
		line_add(l, STYLE_DIM, "  (no earlier release of %s in the trace)", obj[0] ? obj : "it");
	}
}

static void build(struct view *v)
{
	struct timeline_priv *tp = v->priv;
	struct pane *p = &v->panes[0];
	const struct tline *old = pane_selected(p);
	int keep = old ? old->item : (int)tp->start;
	doc_clear(&p->doc);
	timeline_build(&p->doc, tp->trace, tp->from, tp->n, focus(tp), tui_glyphs(v->tui));
	p->sel = -1;
	if (!pane_select_item(p, keep, -1))
		pane_select(p, 0);
	if (!tp->built) {
		/* the first time: the focus event in the middle, its lane (and the finding's) on screen */
		p->center = true;
		tp->built = true;
		const struct tline *l = pane_selected(p);
		int shown = timeline_lanes_shown(v->w);
		int lo = l ? l->data : 0, hi = lo;
		const struct timeline_focus *f = focus(tp);
		for (size_t k = 0; f && k < f->nthreads; k++) {
			int lane = f->threads[k] >= 0 ? trace_lane(tp->trace, (uint32_t)f->threads[k]) : -1;
			if (lane >= 0 && lane < lo)
				lo = lane;
			if (lane > hi)
				hi = lane;
		}
		tp->first_lane = hi < shown ? 0 : hi - lo < shown ? hi - shown + 1 : lo;
	}
	show_lanes(v);
	follow_lane(v);
	v->panes[1].focusable = tp->details;
	build_details(v);
}

static void layout(struct view *v)
{
	struct timeline_priv *tp = v->priv;
	struct pane *a = &v->panes[0], *b = &v->panes[1];
	int hd = tp->details ? DETAILS_H : 0;
	if (hd > v->h / 2)
		hd = v->h / 2;
	a->x = b->x = 0;
	a->w = b->w = v->w;
	a->y = 0;
	a->h = v->h - hd;
	b->y = a->h;
	b->h = hd;
	if (!tp->details && v->focus == 1)
		v->focus = 0;
}

static void selected(struct view *v, int pane)
{
	if (pane != 0)
		return;
	follow_lane(v);
	build_details(v);
}

static unsigned request(struct view *v, enum request req)
{
	struct timeline_priv *tp = v->priv;
	switch (req) {
	case REQ_VIEW_TIMELINE:
		return TUI_REDRAW; /* already here */
	case REQ_SCROLL_LEFT:
	case REQ_SCROLL_RIGHT: {
		int old = tp->first_lane;
		tp->first_lane += req == REQ_SCROLL_LEFT ? -1 : 1;
		show_lanes(v);
		if (tp->first_lane == old)
			tui_message(v->tui, STYLE_MESSAGE, "%s", req == REQ_SCROLL_LEFT ? "at the first lane" : "at the last lane");
		return TUI_REDRAW;
	}
	case REQ_ENTER:
		tp->details = !tp->details;
		view_resize(v, v->w, v->h);
		if (!tp->details)
			v->focus = 0;
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static void status(const struct view *v, char *buf, size_t len)
{
	const struct timeline_priv *tp = v->priv;
	int shown = timeline_lanes_shown(v->w), last = tp->first_lane + shown;
	if (last > (int)tp->trace->nthreads)
		last = (int)tp->trace->nthreads;
	char window[64] = "";
	if (tp->n < tp->trace->nevents)
		snprintf(window, sizeof window, "events %zu-%zu of %zu  ", tp->from + 1, tp->from + tp->n,
		         tp->trace->nevents);
	snprintf(buf, len, "%slanes %d-%d/%zu  < >: lanes  Enter: details", window, tp->first_lane + 1, last,
	         tp->trace->nthreads);
}

static void timeline_free(struct view *v)
{
	struct timeline_priv *tp = v->priv;
	trace_data_free(tp->trace);
	free(tp->path);
	free(tp);
}

static const struct view_ops timeline_ops = {
	.name = "timeline",
	.build = build,
	.layout = layout,
	.request = request,
	.selected = selected,
	.status = status,
	.free = timeline_free,
};

/* The trace file: --trace, else the report's "trace" (relative to the report's directory). NULL
 * when there is none. */
static char *find_trace(struct tui *t)
{
	const char *opt = tui_trace_path(t);
	if (opt && *opt)
		return strdup(opt);
	const char *rt = tui_report(t)->trace;
	if (!rt || !*rt)
		return NULL;
	if (rt[0] == '/')
		return strdup(rt);
	char *copy = strdup(tui_report_path(t)), *out = NULL;
	if (!copy || asprintf(&out, "%s/%s", dirname(copy), rt) < 0)
		abort();
	free(copy);
	return out;
}

struct view *timeline_view_new(struct tui *t, int fi)
{
	char *path = find_trace(t);
	if (!path) {
		tui_message(t, STYLE_ERROR, "no trace: run 'weft run --trace FILE', or 'weft view --trace FILE'");
		return NULL;
	}
	struct trace_data *trace = NULL;
	char err[512];
	if (trace_read_file(path, &trace, err, sizeof err) < 0) {
		tui_message(t, STYLE_ERROR, "%s", err);
		free(path);
		return NULL;
	}
	if (trace->nevents == 0) {
		tui_message(t, STYLE_ERROR, "%s: the trace has no events", path);
		trace_data_free(trace);
		free(path);
		return NULL;
	}
	struct timeline_priv *tp = calloc(1, sizeof *tp);
	if (!tp)
		abort();
	tp->trace = trace;
	tp->path = path;
	const struct report *r = tui_report(t);
	tp->finding = fi >= 0 && (size_t)fi < r->nfindings ? fi : -1;
	if (tp->finding >= 0) {
		const struct report_finding *f = &r->findings[fi];
		tp->focus = (struct timeline_focus){f->threads, f->nthreads, f->locks, f->nlocks};
	}
	tp->start = timeline_focus_event(trace, focus(tp));
	tp->n = timeline_window(trace, tp->start, &tp->from);
	struct view *v = view_new(t, &timeline_ops, 2, tp);
	if (tp->finding >= 0)
		view_set_title(v, "Timeline of #%d %s: %zu events, %zu threads, %zu arrows", fi + 1,
		               report_kind_title(r->findings[fi].kind), trace->nevents, trace->nthreads, trace->narrows);
	else
		view_set_title(v, "Timeline: %zu events, %zu threads, %zu arrows (%s)", trace->nevents, trace->nthreads,
		               trace->narrows, path);
	return v;
}
