/* race_view.c - data races (see race_view.h).
 *
 * Panes: 0 the memory (and its allocation stack, when known); 1 the current access; 2 the previous
 * access. Frame lines: item = stack index, data = frame index.
 */
#include "tui/race_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_describe.h"
#include "tui/frames.h"
#include "tui/stacks_view.h"
#include "tui/timeline_view.h"
#include "tui/tui.h"

struct race_priv {
	int finding;
};

static const struct report_finding *finding(const struct view *v)
{
	const struct race_priv *rp = v->priv;
	return &tui_report(v->tui)->findings[rp->finding];
}

static bool side_by_side(const struct view *v)
{
	return v->w >= 80;
}

static bool valid_stack(const struct report_finding *f, int i)
{
	return i >= 0 && (size_t)i < f->nstacks;
}

static void build(struct view *v)
{
	const struct report *r = tui_report(v->tui);
	const struct report_finding *f = finding(v);
	char buf[1024];
	int sel[3];
	for (int i = 0; i < 3; i++) {
		sel[i] = v->panes[i].sel;
		doc_clear(&v->panes[i].doc);
	}

	/* The memory. */
	struct pane *m = &v->panes[0];
	pane_set_title(m, "Memory");
	if (f->memory) {
		bool alloc = valid_stack(f, f->memory->alloc_stack) && f->memory->kind &&
		             strcmp(f->memory->kind, "heap") == 0;
		report_describe_memory(f->memory, buf, sizeof buf);
		if (alloc)
			strcat(buf, " at:");
		frames_add_wrapped(&m->doc, STYLE_NORMAL, buf, v->w - 1, 2);
		if (alloc)
			frames_add(&m->doc, &f->stacks[f->memory->alloc_stack], f->memory->alloc_stack, v->w < 100);
	} else {
		struct tline *l = doc_add(&m->doc, -1, 0);
		line_add(l, STYLE_DIM, "what the memory is was not recorded");
	}
	m->focusable = m->doc.n > 0 && pane_selected(m) != NULL;

	int pw = side_by_side(v) ? (v->w - 1) / 2 : v->w;
	for (int k = 0; k < 2; k++) {
		struct pane *p = &v->panes[1 + k];
		pane_set_title(p, "%s", k == 0 ? "Access" : "Previous access");
		if ((size_t)k >= f->naccesses) {
			struct tline *l = doc_add(&p->doc, -1, 0);
			line_add(l, STYLE_DIM, "(not recorded)");
			continue;
		}
		const struct report_access *a = &f->accesses[k];
		report_describe_access(r, f, (size_t)k, buf, sizeof buf);
		strcat(buf, ":");
		frames_add_wrapped(&p->doc, a->write ? STYLE_BLOCKED : STYLE_HEADER, buf, pw, 2);
		if (valid_stack(f, a->stack))
			frames_add(&p->doc, &f->stacks[a->stack], a->stack, pw < 100);
		else
			frames_add(&p->doc, NULL, -1, false);
	}
	for (int i = 0; i < 3; i++) {
		struct pane *p = &v->panes[i];
		p->sel = -1;
		pane_select(p, sel[i] >= 0 ? sel[i] : 0);
		int si = i == 0 ? (f->memory ? f->memory->alloc_stack : -1)
		                : (size_t)(i - 1) < f->naccesses ? f->accesses[i - 1].stack : -1;
		if (sel[i] < 0 && valid_stack(f, si))
			frames_select_user(p, &f->stacks[si], si);
	}
	m->focusable = pane_selected(m) != NULL;
	if (!v->panes[v->focus].focusable)
		v->focus = 1;
}

static void layout(struct view *v)
{
	struct pane *m = &v->panes[0];
	int h0 = m->doc.n + 1;
	if (h0 > v->h / 3)
		h0 = v->h / 3;
	if (h0 < 2)
		h0 = v->h >= 2 ? 2 : v->h;
	m->x = m->y = 0;
	m->w = v->w;
	m->h = h0;
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

static unsigned request(struct view *v, enum request req)
{
	const struct race_priv *rp = v->priv;
	const struct report_finding *f = finding(v);
	if (req == REQ_VIEW_STACKS) {
		tui_push(v->tui, stacks_view_new(v->tui, rp->finding));
		return TUI_REDRAW;
	}
	if (req == REQ_VIEW_TIMELINE) {
		tui_push(v->tui, timeline_view_new(v->tui, rp->finding));
		return TUI_REDRAW;
	}
	if (req != REQ_ENTER)
		return TUI_UNHANDLED;
	const struct tline *l = pane_selected(view_focused(v));
	if (l && valid_stack(f, l->item))
		tui_open_frame(v->tui, &f->stacks[l->item], (size_t)l->data);
	return TUI_REDRAW;
}

static void status(const struct view *v, char *buf, size_t len)
{
	snprintf(buf, len, "Enter: source  Tab: other access");
}

static void race_free(struct view *v)
{
	free(v->priv);
}

static const struct view_ops race_ops = {
	.name = "race",
	.build = build,
	.layout = layout,
	.request = request,
	.status = status,
	.free = race_free,
};

struct view *race_view_new(struct tui *t, int fi)
{
	const struct report_finding *f = &tui_report(t)->findings[fi];
	struct race_priv *rp = calloc(1, sizeof *rp);
	if (!rp)
		abort();
	rp->finding = fi;
	struct view *v = view_new(t, &race_ops, 3, rp);
	v->focus = 1;
	view_set_title(v, "#%d %s: %s", fi + 1, report_kind_title(f->kind), f->summary ? f->summary : "");
	return v;
}
