/* threads_view.c - the threads (see threads_view.h).
 *
 * Panes: 0 the list (item = index in report.threads); 1 the selected thread's stacks (item 0 for the
 * creation stack, 1 for the last stack; data = frame index).
 */
#include "tui/threads_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_describe.h"
#include "tui/frames.h"
#include "tui/tui.h"

struct threads_priv {
	int shown; /* thread whose stacks pane 1 shows, -1 none */
};

static void build_detail(struct view *v)
{
	struct threads_priv *tp = v->priv;
	const struct report *r = tui_report(v->tui);
	struct pane *p = &v->panes[1];
	doc_clear(&p->doc);
	p->sel = -1;
	p->top = 0;
	if (tp->shown < 0 || (size_t)tp->shown >= r->nthreads) {
		pane_set_title(p, "Stacks");
		return;
	}
	const struct report_thread *th = &r->threads[tp->shown];
	/* The text report's thread lines: Thread T1 "name" (tid 4712) was created by T0 at: */
	char who[256], t[24];
	report_describe_thread_named(r, th->id, who, sizeof who);
	if (th->tid > 0) {
		size_t n = strlen(who);
		snprintf(who + n, sizeof who - n, " (tid %ld)", th->tid);
	}
	pane_set_title(p, "Thread %s", who);
	struct tline *l = doc_add(&p->doc, -1, 0);
	if (th->id == 0 && !th->has_created) {
		line_add(l, STYLE_HEADER, "Thread %s is the main thread.", who);
	} else if (th->has_created) {
		if (th->parent >= 0)
			line_add(l, STYLE_HEADER, "Thread %s was created by %s at:", who,
			         report_describe_thread(th->parent, t, sizeof t));
		else
			line_add(l, STYLE_HEADER, "Thread %s was created at:", who);
		frames_add(&p->doc, &th->created, 0, v->w < 100);
	} else {
		line_add(l, STYLE_HEADER, "Thread %s: creation stack unknown.", who);
	}
	doc_add(&p->doc, -1, 0);
	l = doc_add(&p->doc, -1, 0);
	if (th->has_last) {
		char h[256];
		line_add(l, STYLE_HEADER, "At the end (%s): %s", th->state ? th->state : "state unknown",
		         report_describe_stack_heading(&th->last, h, sizeof h));
		frames_add(&p->doc, &th->last, 1, v->w < 100);
	} else {
		line_add(l, STYLE_HEADER, "At the end (%s): no stack recorded", th->state ? th->state : "state unknown");
	}
	pane_select(p, 0);
	if (th->has_last && frames_select_user(p, &th->last, 1))
		return;
	if (th->has_created)
		frames_select_user(p, &th->created, 0);
}

static void build(struct view *v)
{
	struct threads_priv *tp = v->priv;
	const struct report *r = tui_report(v->tui);
	struct pane *p = &v->panes[0];
	int sel = p->sel;
	doc_clear(&p->doc);
	char name[160], where[512];
	int nw = 6, sw = 5;
	for (size_t i = 0; i < r->nthreads; i++) {
		int k = canvas_text_width(report_describe_thread_named(r, r->threads[i].id, name, sizeof name));
		int s = r->threads[i].state ? canvas_text_width(r->threads[i].state) : 7;
		if (k > nw)
			nw = k;
		if (s > sw)
			sw = s;
	}
	if (nw > v->w / 3)
		nw = v->w / 3;
	char head[256];
	snprintf(head, sizeof head, "%-*s %-8s %-*s %s", nw, "THREAD", "TID", sw, "STATE", "LAST SEEN");
	pane_set_title(p, "%s", head);
	p->plain_title = true;
	for (size_t i = 0; i < r->nthreads; i++) {
		const struct report_thread *th = &r->threads[i];
		struct tline *l = doc_add(&p->doc, (int)i, 0);
		line_add_cols(l, STYLE_THREAD, nw, report_describe_thread_named(r, th->id, name, sizeof name));
		char tid[32];
		if (th->tid > 0)
			snprintf(tid, sizeof tid, " %-8ld ", th->tid);
		else
			snprintf(tid, sizeof tid, " %-8s ", "?");
		line_add(l, STYLE_DIM, "%s", tid);
		line_add_cols(l, th->state && th->state[0] == 'b' ? STYLE_BLOCKED : STYLE_NORMAL, sw,
		              th->state ? th->state : "unknown");
		line_add(l, STYLE_FUNCTION, " %s",
		         th->has_last ? report_describe_where(report_describe_user_frame(&th->last), where, sizeof where)
		                      : "-");
	}
	if (r->nthreads == 0) {
		struct tline *l = doc_add(&p->doc, -1, 0);
		line_add(l, STYLE_DIM, "(no threads recorded)");
	}
	p->sel = -1;
	pane_select(p, sel >= 0 ? sel : 0);
	const struct tline *l = pane_selected(p);
	tp->shown = l ? l->item : -1;
	build_detail(v);
}

static void layout(struct view *v)
{
	/* The list gets its lines (at most half the view, at least 3 rows), the stacks the rest. */
	struct pane *a = &v->panes[0], *b = &v->panes[1];
	int h0 = a->doc.n + 1;
	if (h0 > v->h / 2)
		h0 = v->h / 2;
	if (h0 < 3)
		h0 = v->h < 3 ? v->h : 3;
	a->x = b->x = 0;
	a->w = b->w = v->w;
	a->y = 0;
	a->h = h0;
	b->y = h0;
	b->h = v->h - h0 < 0 ? 0 : v->h - h0;
}

static void selected(struct view *v, int pane)
{
	struct threads_priv *tp = v->priv;
	if (pane != 0)
		return;
	const struct tline *l = pane_selected(&v->panes[0]);
	tp->shown = l ? l->item : -1;
	build_detail(v);
}

static unsigned request(struct view *v, enum request req)
{
	struct threads_priv *tp = v->priv;
	const struct report *r = tui_report(v->tui);
	if (req == REQ_VIEW_THREADS)
		return TUI_REDRAW; /* already here */
	if (req != REQ_ENTER)
		return TUI_UNHANDLED;
	if (v->focus == 0) {
		if (pane_selected(&v->panes[1]))
			v->focus = 1;
		return TUI_REDRAW;
	}
	const struct tline *l = pane_selected(&v->panes[1]);
	if (l && tp->shown >= 0) {
		const struct report_thread *th = &r->threads[tp->shown];
		const struct report_stack *s = l->item == 0 ? &th->created : &th->last;
		tui_open_frame(v->tui, s, (size_t)l->data);
	}
	return TUI_REDRAW;
}

static void threads_free(struct view *v)
{
	free(v->priv);
}

static const struct view_ops threads_ops = {
	.name = "threads",
	.build = build,
	.layout = layout,
	.request = request,
	.selected = selected,
	.free = threads_free,
};

struct view *threads_view_new(struct tui *t)
{
	struct view *top = tui_top(t);
	if (top && top->ops == &threads_ops)
		return NULL;
	struct threads_priv *tp = calloc(1, sizeof *tp);
	if (!tp)
		abort();
	tp->shown = -1;
	struct view *v = view_new(t, &threads_ops, 2, tp);
	const struct report *r = tui_report(t);
	view_set_title(v, "Threads: %zu", r->nthreads);
	return v;
}
