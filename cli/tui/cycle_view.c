/* cycle_view.c - deadlocks and lock-order inversions (see cycle_view.h).
 *
 * Panes: 0 the picture and the scenario (a line per step part, item = step); 1 the hold stack and
 * 2 the wait stack of the selected step (item = stack index, data = frame index). Side by side when
 * the screen is at least 80 columns wide, one above the other otherwise.
 */
#include "tui/cycle_view.h"

#include <stdio.h>
#include <stdlib.h>

#include "report_describe.h"
#include "tui/diagram.h"
#include "tui/frames.h"
#include "tui/stacks_view.h"
#include "tui/timeline_view.h"
#include "tui/tui.h"

struct cycle_priv {
	int finding;
	int step; /* shown in the stack panes */
};

static const struct report_finding *finding(const struct view *v)
{
	const struct cycle_priv *cp = v->priv;
	return &tui_report(v->tui)->findings[cp->finding];
}

static bool side_by_side(const struct view *v)
{
	return v->w >= 80;
}

static void build_stacks(struct view *v)
{
	struct cycle_priv *cp = v->priv;
	const struct report *r = tui_report(v->tui);
	const struct report_finding *f = finding(v);
	const struct report_cycle_step *s = &f->cycle[cp->step];
	int pw = side_by_side(v) ? (v->w - 1) / 2 : v->w;
	bool short_paths = pw < 100;
	for (int which = 0; which < 2; which++) {
		struct pane *p = &v->panes[1 + which];
		int si = which ? s->wait_stack : s->hold_stack;
		/* A short title (step, thread, operation), then the text report's heading, wrapped. */
		char title[512], op[128], t[24];
		report_describe_step_op(r, s, which, op, sizeof op);
		pane_set_title(p, "Step %d/%zu: %s %s", cp->step + 1, f->ncycle,
		               report_describe_thread(s->thread, t, sizeof t), op[0] ? op : "holds no lock");
		doc_clear(&p->doc);
		report_describe_step_heading(r, f, (size_t)cp->step, which, 1, title, sizeof title);
		frames_add_wrapped(&p->doc, STYLE_HEADER, title, pw, 2);
		if (si >= 0 && (size_t)si < f->nstacks) {
			frames_add(&p->doc, &f->stacks[si], si, short_paths);
		} else {
			struct tline *l = doc_add(&p->doc, -1, 0);
			line_add(l, STYLE_DIM, "  (no stack)");
		}
		p->sel = -1;
		p->top = 0;
		pane_select(p, 0);
		if (si >= 0 && (size_t)si < f->nstacks)
			frames_select_user(p, &f->stacks[si], si);
	}
}

static void build(struct view *v)
{
	struct cycle_priv *cp = v->priv;
	const struct report *r = tui_report(v->tui);
	const struct report_finding *f = finding(v);
	struct pane *p = &v->panes[0];
	const struct tline *old = pane_selected(p);
	int keep_item = old ? old->item : cp->step, keep_data = old ? old->data : DIAGRAM_STEP;
	doc_clear(&p->doc);
	diagram_cycle(&p->doc, r, f, tui_glyphs(v->tui), v->w);
	doc_add(&p->doc, -1, 0);
	diagram_scenario(&p->doc, r, f, tui_glyphs(v->tui), v->w);
	p->sel = -1;
	if (!pane_select_item(p, keep_item, keep_data))
		pane_select(p, 0);
	build_stacks(v);
}

static void layout(struct view *v)
{
	struct pane *top = &v->panes[0];
	int h0 = top->doc.n;
	if (h0 > v->h - 6)
		h0 = v->h - 6;
	if (h0 > v->h / 2 && v->h - h0 < 8)
		h0 = v->h / 2;
	if (h0 < 1)
		h0 = 1;
	top->x = top->y = 0;
	top->w = v->w;
	top->h = h0;
	int rest = v->h - h0;
	if (rest < 0)
		rest = 0;
	struct pane *a = &v->panes[1], *b = &v->panes[2];
	if (side_by_side(v)) {
		a->x = 0;
		a->w = (v->w - 1) / 2;
		b->x = a->w + 1;
		b->w = v->w - b->x;
		a->y = b->y = h0;
		a->h = b->h = rest;
	} else {
		a->x = b->x = 0;
		a->w = b->w = v->w;
		a->y = h0;
		a->h = rest / 2;
		b->y = h0 + a->h;
		b->h = rest - a->h;
	}
}

static void selected(struct view *v, int pane)
{
	struct cycle_priv *cp = v->priv;
	if (pane != 0)
		return;
	const struct tline *l = pane_selected(&v->panes[0]);
	if (l && l->item != cp->step) {
		cp->step = l->item;
		build_stacks(v);
	}
}

static unsigned request(struct view *v, enum request req)
{
	struct cycle_priv *cp = v->priv;
	const struct report_finding *f = finding(v);
	if (req == REQ_VIEW_STACKS) {
		tui_push(v->tui, stacks_view_new(v->tui, cp->finding));
		return TUI_REDRAW;
	}
	if (req == REQ_VIEW_TIMELINE) {
		tui_push(v->tui, timeline_view_new(v->tui, cp->finding));
		return TUI_REDRAW;
	}
	if (req != REQ_ENTER)
		return TUI_UNHANDLED;
	if (v->focus == 0) {
		/* Into the stack of the selected part of the step. */
		const struct tline *l = pane_selected(&v->panes[0]);
		v->focus = l && l->data == DIAGRAM_HOLD ? 1 : 2;
		if (v->panes[v->focus].h <= 0)
			v->focus = 0;
		return TUI_REDRAW;
	}
	const struct tline *l = pane_selected(&v->panes[v->focus]);
	if (l && l->item >= 0 && (size_t)l->item < f->nstacks)
		tui_open_frame(v->tui, &f->stacks[l->item], (size_t)l->data);
	return TUI_REDRAW;
}

static void status(const struct view *v, char *buf, size_t len)
{
	const struct cycle_priv *cp = v->priv;
	snprintf(buf, len, "step %d of %zu  Enter: stack/source  Tab: pane", cp->step + 1, finding(v)->ncycle);
}

static void cycle_free(struct view *v)
{
	free(v->priv);
}

static const struct view_ops cycle_ops = {
	.name = "cycle",
	.build = build,
	.layout = layout,
	.request = request,
	.selected = selected,
	.status = status,
	.free = cycle_free,
};

struct view *cycle_view_new(struct tui *t, int fi)
{
	const struct report_finding *f = &tui_report(t)->findings[fi];
	if (f->ncycle == 0)
		return NULL;
	struct cycle_priv *cp = calloc(1, sizeof *cp);
	if (!cp)
		abort();
	cp->finding = fi;
	struct view *v = view_new(t, &cycle_ops, 3, cp);
	view_set_title(v, "#%d %s: %s", fi + 1, report_kind_title(f->kind),
	               f->summary ? f->summary : "");
	return v;
}
