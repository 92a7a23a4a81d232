/* diagram.c - the cycle picture and the scenario (see diagram.h). Pure: builds document lines. */
#include "tui/diagram.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_describe.h"

bool diagram_is_ring(const struct report_finding *f)
{
	if (f->ncycle == 0)
		return false;
	for (size_t i = 0; i < f->ncycle; i++) {
		const struct report_cycle_step *s = &f->cycle[i], *n = &f->cycle[(i + 1) % f->ncycle];
		bool lock = s->waits >= 0 && s->waits == n->holds;
		bool join = s->waits < 0 && s->waits_thread >= 0 && s->waits_thread == n->thread;
		if (!lock && !join)
			return false;
	}
	return true;
}

/* A run of n copies of a glyph. */
static void add_run(struct tline *l, enum style st, const char *glyph, int n)
{
	char buf[1024];
	size_t used = 0, gl = strlen(glyph);
	for (int i = 0; i < n && used + gl < sizeof buf; i++) {
		memcpy(buf + used, glyph, gl);
		used += gl;
	}
	buf[used] = 0;
	line_add(l, st, "%s", buf);
}

/* What a step that is not part of a ring waits for: a lock by its name, else the wait. */
static char *target(const struct report *r, const struct report_cycle_step *s, char *buf, size_t len)
{
	if (s->waits >= 0)
		return report_describe_lock_named(r, s->waits, buf, len);
	return report_describe_wait(r, s, buf, len);
}

static const char *wait_label(const struct report_finding *f)
{
	return f->kind == REPORT_LOCK_ORDER_INVERSION ? "then takes" : "waits for";
}

void diagram_cycle(struct doc *d, const struct report *r, const struct report_finding *f,
                   const struct tui_glyphs *g, int width)
{
	size_t n = f->ncycle;
	bool ring = diagram_is_ring(f);
	char lock[160], thr[160];
	int lw = 1, tw = 1;
	bool any_hold = false; /* without any lock held (all blocked in joins, waits...), no lock column */
	for (size_t i = 0; i < n; i++)
		any_hold |= f->cycle[i].holds >= 0;
	for (size_t i = 0; i < n; i++) {
		const struct report_cycle_step *s = &f->cycle[i];
		int a = s->holds >= 0 ? canvas_text_width(report_describe_lock_named(r, s->holds, lock, sizeof lock)) : 1;
		int b = canvas_text_width(report_describe_thread_named(r, s->thread, thr, sizeof thr));
		if (a > lw)
			lw = a;
		if (b > tw)
			tw = b;
	}
	/* Fixed parts: prefix 5, " <- holds -- " 13, " -- waits for --" 4 + label + 2, end 2. */
	const char *wl = wait_label(f);
	int fixed = 5 + (any_hold ? 13 : 0) + 4 + (int)strlen(wl) + 2 + 2;
	if (!any_hold)
		lw = 0;
	int target_w = 0;
	if (!ring) {
		for (size_t i = 0; i < n; i++) {
			int tgw = canvas_text_width(target(r, &f->cycle[i], lock, sizeof lock));
			if (tgw > target_w)
				target_w = tgw;
		}
		fixed += target_w - 2;
	}
	/* Shrink the labels if the picture is wider than the pane (labels keep at least 8 columns). */
	while (fixed + lw + tw > width && ((any_hold && lw > 8) || tw > 8)) {
		if (lw >= tw && lw > 8)
			lw--;
		else if (tw > 8)
			tw--;
		else
			lw--;
	}
	int right = 0; /* column of the right-hand corner in a ring */
	for (size_t i = 0; i < n; i++) {
		const struct report_cycle_step *s = &f->cycle[i];
		struct tline *l = doc_add(d, (int)i, DIAGRAM_STEP);
		if (ring) {
			if (i == 0) {
				line_add(l, STYLE_ARROW, "%s", g->tl);
				add_run(l, STYLE_ARROW, g->h, 2);
				line_add(l, STYLE_ARROW, "%s ", g->right);
			} else {
				line_add(l, STYLE_ARROW, "%s %s%s ", g->v, g->bl, g->right);
			}
		} else {
			line_add(l, STYLE_NORMAL, "  ");
		}
		if (s->holds >= 0) {
			line_add_cols(l, STYLE_LOCK, lw, report_describe_lock_named(r, s->holds, lock, sizeof lock));
			line_add(l, STYLE_ARROW, " %s", g->left);
			add_run(l, STYLE_ARROW, g->h, 1);
			line_add(l, STYLE_ARROW, " holds ");
			add_run(l, STYLE_ARROW, g->h, 2);
			line_add(l, STYLE_ARROW, " ");
		} else if (any_hold) {
			/* This step holds nothing: blank lock column, no "holds" arrow. */
			line_add_cols(l, STYLE_NORMAL, lw + 13, "");
		}
		line_add_cols(l, STYLE_THREAD, tw, report_describe_thread_named(r, s->thread, thr, sizeof thr));
		line_add(l, STYLE_ARROW, " ");
		add_run(l, STYLE_ARROW, g->h, 2);
		line_add(l, STYLE_ARROW, " %s ", wl);
		if (ring) {
			if (i == 0)
				right = line_width(l) + 2;
			int have = line_width(l);
			add_run(l, STYLE_ARROW, g->h, right - have);
			line_add(l, STYLE_ARROW, "%s", g->tr);
			struct tline *c = doc_add(d, -1, 0);
			if (i + 1 < n) {
				line_add(c, STYLE_ARROW, "%s %s", g->v, g->tl);
				add_run(c, STYLE_ARROW, g->h, right - 3);
			} else {
				line_add(c, STYLE_ARROW, "%s", g->bl);
				add_run(c, STYLE_ARROW, g->h, right - 1);
			}
			line_add(c, STYLE_ARROW, "%s", g->br);
		} else {
			add_run(l, STYLE_ARROW, g->h, 1);
			line_add(l, STYLE_ARROW, "%s ", g->right);
			line_add(l, STYLE_BLOCKED, "%s", target(r, s, lock, sizeof lock));
		}
	}
}

/* A scenario column's label: the step's thread, primed when an earlier step has the same thread
 * (an inversion within one thread), as in the text report. */
static char *column_label(const struct report *r, const struct report_finding *f, size_t i, char *buf,
                          size_t len)
{
	report_describe_thread(f->cycle[i].thread, buf, len);
	for (size_t j = 0; j < i; j++)
		if (f->cycle[j].thread == f->cycle[i].thread) {
			size_t n = strlen(buf);
			if (n + 1 < len) {
				buf[n] = '\'';
				buf[n + 1] = 0;
			}
			break;
		}
	return buf;
}

void diagram_scenario(struct doc *d, const struct report *r, const struct report_finding *f,
                      const struct tui_glyphs *g, int width)
{
	size_t n = f->ncycle;
	bool dl = f->kind == REPORT_DEADLOCK;
	struct tline *l = doc_add(d, -1, 0);
	line_add(l, STYLE_HEADER, "%s", dl ? "Scenario:" : "Possible scenario:");
	if (n == 0)
		return;
	char op[160], thr[160];
	const char *mark = dl ? "  <- blocked" : "";
	int colw = (width - 4) / (int)n;
	bool columns = colw >= 16;
	if (columns) {
		if (colw > 30)
			colw = 30;
		l = doc_add(d, -1, 0);
		line_add(l, STYLE_NORMAL, "    ");
		for (size_t i = 0; i < n; i++)
			line_add_cols(l, STYLE_THREAD, colw, column_label(r, f, i, thr, sizeof thr));
		l = doc_add(d, -1, 0);
		line_add(l, STYLE_NORMAL, "    ");
		for (size_t i = 0; i < n; i++) {
			add_run(l, STYLE_DIM, g->h, 4);
			line_add_cols(l, STYLE_NORMAL, colw - 4, "");
		}
	}
	for (int which = 0; which < 2; which++) {
		for (size_t i = 0; i < n; i++) {
			const struct report_cycle_step *s = &f->cycle[i];
			report_describe_step_op(r, s, which, op, sizeof op);
			if (!op[0])
				continue;
			l = doc_add(d, (int)i, which);
			line_add(l, STYLE_NORMAL, "    ");
			if (columns) {
				line_add_cols(l, STYLE_NORMAL, colw * (int)i, "");
				line_add(l, which ? STYLE_BLOCKED : STYLE_LOCK, "%s;", op);
			} else {
				line_add(l, STYLE_THREAD, "%s: ", column_label(r, f, i, thr, sizeof thr));
				line_add(l, which ? STYLE_BLOCKED : STYLE_LOCK, "%s;", op);
			}
			if (which)
				line_add(l, STYLE_DIM, "%s", mark);
		}
	}
	l = doc_add(d, -1, 0);
	line_add(l, STYLE_BLOCKED, "    *** DEADLOCK ***");
}
