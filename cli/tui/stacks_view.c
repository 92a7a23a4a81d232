/* stacks_view.c - every stack of a finding (see stacks_view.h). One pane: the summary, the misuse
 * and the threads and locks involved, then each stack under a heading; frame lines have item =
 * stack index, data = frame index. */
#include "tui/stacks_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_describe.h"
#include "report_text.h"
#include "tui/frames.h"
#include "tui/timeline_view.h"
#include "tui/tui.h"

struct stacks_priv {
	int finding;
};

static const struct report_finding *finding(const struct view *v)
{
	const struct stacks_priv *sp = v->priv;
	return &tui_report(v->tui)->findings[sp->finding];
}

static void build(struct view *v)
{
	const struct report *r = tui_report(v->tui);
	const struct report_finding *f = finding(v);
	struct pane *p = &v->panes[0];
	int sel = p->sel;
	doc_clear(&p->doc);
	char buf[1024], name[160];

	frames_add_wrapped(&p->doc, STYLE_HEADER, f->summary ? f->summary : "(no summary)", v->w, 2);
	if (f->misuse) {
		const char *meaning = report_text_misuse_description(f->misuse);
		if (meaning)
			snprintf(buf, sizeof buf, "%s (%s)", meaning, f->misuse);
		else
			snprintf(buf, sizeof buf, "%s", f->misuse);
		frames_add_wrapped(&p->doc, STYLE_MISUSE, buf, v->w, 2);
	}
	if (f->nthreads) {
		snprintf(buf, sizeof buf, "Threads:");
		for (size_t i = 0; i < f->nthreads; i++) {
			size_t used = strlen(buf);
			snprintf(buf + used, sizeof buf - used, "%s %s", i ? "," : "",
			         report_describe_thread_named(r, f->threads[i], name, sizeof name));
		}
		frames_add_wrapped(&p->doc, STYLE_THREAD, buf, v->w, 2);
	}
	for (size_t i = 0; i < f->nlocks; i++) {
		snprintf(buf, sizeof buf, "Lock: %s", report_describe_lock_long(r, f->locks[i], name, sizeof name));
		frames_add_wrapped(&p->doc, STYLE_LOCK, buf, v->w, 2);
	}
	if (f->count > 1) {
		struct tline *l = doc_add(&p->doc, -1, 0);
		line_add(l, STYLE_NORMAL, "(seen %u times)", f->count);
	}
	for (size_t i = 0; i < f->nstacks; i++) {
		const struct report_stack *s = &f->stacks[i];
		doc_add(&p->doc, -1, 0);
		struct tline *l = doc_add(&p->doc, -1, 0);
		/* The text report says where a misuse happened as "in thread T0 at:". */
		if (f->kind == REPORT_API_MISUSE && s->role && strcmp(s->role, "current") == 0)
			line_add(l, STYLE_HEADER, "in thread %s at:", report_describe_thread(s->thread, name, sizeof name));
		else
			line_add(l, STYLE_HEADER, "%s", report_describe_stack_heading(s, buf, sizeof buf));
		frames_add(&p->doc, s, (int)i, v->w < 100);
	}
	if (f->nstacks == 0) {
		struct tline *l = doc_add(&p->doc, -1, 0);
		line_add(l, STYLE_DIM, "(no stacks recorded)");
	}
	p->sel = -1;
	pane_select(p, sel >= 0 ? sel : 0);
	int primary = report_describe_primary_stack(f);
	if (sel < 0 && primary >= 0)
		frames_select_user(p, &f->stacks[primary], primary);
}

static unsigned request(struct view *v, enum request req)
{
	const struct report_finding *f = finding(v);
	if (req == REQ_VIEW_STACKS)
		return TUI_REDRAW; /* already here */
	if (req == REQ_VIEW_TIMELINE) {
		tui_push(v->tui, timeline_view_new(v->tui, ((const struct stacks_priv *)v->priv)->finding));
		return TUI_REDRAW;
	}
	if (req != REQ_ENTER)
		return TUI_UNHANDLED;
	const struct tline *l = pane_selected(&v->panes[0]);
	if (l && l->item >= 0 && (size_t)l->item < f->nstacks)
		tui_open_frame(v->tui, &f->stacks[l->item], (size_t)l->data);
	return TUI_REDRAW;
}

static void stacks_free(struct view *v)
{
	free(v->priv);
}

static const struct view_ops stacks_ops = {
	.name = "stacks",
	.build = build,
	.request = request,
	.free = stacks_free,
};

struct view *stacks_view_new(struct tui *t, int fi)
{
	const struct report_finding *f = &tui_report(t)->findings[fi];
	struct stacks_priv *sp = calloc(1, sizeof *sp);
	if (!sp)
		abort();
	sp->finding = fi;
	struct view *v = view_new(t, &stacks_ops, 1, sp);
	view_set_title(v, "#%d %s%s%s: stacks", fi + 1, report_kind_title(f->kind), f->misuse ? " " : "",
	               f->misuse ? f->misuse : "");
	return v;
}
