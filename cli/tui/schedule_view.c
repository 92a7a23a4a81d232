/* schedule_view.c - the schedule of a failing explored run (see schedule_view.h; the steps:
 * schedule_model.c; the lanes: lanes.c).
 *
 * Panes: 0 the steps, one lane per thread that ran, one row per scheduling step (item = step, data =
 * lane; the last row, item = number of steps, is the failure); 1 beside it (below it under 80
 * columns): the selected step — the thread that ran, the preemption, the operations, and which
 * thread holds which lock after it. `<` and `>` move by one lane.
 */
#include "tui/schedule_view.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report_describe.h"
#include "tui/frames.h"
#include "tui/lanes.h"
#include "tui/schedule_model.h"

#define SV_LANE_W 15   /* an 11-column label ("unlock M12") and the rail */
#define SV_GUTTER_W 7  /* the step (5 columns) and the preemption mark */
#define SV_SIDE_W 26   /* the step pane beside the lanes, from 80 columns */
#define SV_SIDE_H 9    /* the step pane below the lanes, under 80 columns */
#define SV_MAX_HOLDS 256

struct sv_priv {
	struct schedule_model m;
	char *path;
	int first_lane;
	bool built;
};

static int lanes_w(const struct view *v)
{
	return v->w >= 80 ? v->w - SV_SIDE_W - 1 : v->w;
}

/* Width of the step pane (placed by layout(), which runs after build()). */
static int side_w(const struct view *v)
{
	return v->w >= 80 ? v->w - lanes_w(v) - 1 : v->w;
}

static int max_first_lane(const struct view *v)
{
	const struct sv_priv *sp = v->priv;
	int m = (int)sp->m.nthreads - lanes_fit(lanes_w(v), SV_GUTTER_W, SV_LANE_W);
	return m < 0 ? 0 : m;
}

static void show_lanes(struct view *v)
{
	struct sv_priv *sp = v->priv;
	if (sp->first_lane > max_first_lane(v))
		sp->first_lane = max_first_lane(v);
	if (sp->first_lane < 0)
		sp->first_lane = 0;
	struct pane *p = &v->panes[0];
	p->left = sp->first_lane * SV_LANE_W;
	char head[1024];
	int used = snprintf(head, sizeof head, "%5s  ", "step");
	int shown = lanes_fit(lanes_w(v), SV_GUTTER_W, SV_LANE_W);
	for (int k = sp->first_lane; k < sp->first_lane + shown && k < (int)sp->m.nthreads; k++) {
		char name[160];
		report_describe_thread_named(sp->m.r, sp->m.threads[k], name, sizeof name);
		if (used >= 0 && (size_t)used < sizeof head)
			used += snprintf(head + used, sizeof head - (size_t)used, "%-*.*s", SV_LANE_W, SV_LANE_W - 2, name);
	}
	size_t n = strlen(head);
	while (n > 0 && head[n - 1] == ' ')
		head[--n] = 0;
	pane_set_title(p, "%s", head);
	p->plain_title = true;
}

static void follow_lane(struct view *v)
{
	struct sv_priv *sp = v->priv;
	const struct tline *l = pane_selected(&v->panes[0]);
	if (!l || l->data < 0)
		return;
	int shown = lanes_fit(lanes_w(v), SV_GUTTER_W, SV_LANE_W);
	if (l->data < sp->first_lane)
		sp->first_lane = l->data;
	else if (l->data >= sp->first_lane + shown)
		sp->first_lane = l->data - shown + 1;
	show_lanes(v);
}

/* The deadlock finding of the run, or NULL. */
static const struct report_finding *deadlock_of(const struct report *r)
{
	for (size_t i = 0; r && i < r->nfindings; i++)
		if (r->findings[i].kind == REPORT_DEADLOCK)
			return &r->findings[i];
	return NULL;
}

static const char *failure_kind(const struct schedule_model *m)
{
	if (m->r && m->r->failure && m->r->failure->kind)
		return m->r->failure->kind;
	return m->sched.failure ? m->sched.failure : "none";
}

/* The label of a step in the chosen thread's lane: its first operation ("+" when it did more). */
static void step_label(const struct schedule_model *m, size_t s, char *buf, size_t len)
{
	const struct sm_step *st = &m->steps[s];
	if (!m->trace || st->ev_n == 0) {
		snprintf(buf, len, "runs");
		return;
	}
	char e[64];
	trace_describe_event(&m->trace->events[m->ev_index[st->ev_first]], e, sizeof e);
	int lw = lanes_label_w(SV_LANE_W);
	if (st->ev_n > 1) {
		if ((int)strlen(e) > lw - 1)
			e[lw - 1] = 0;
		snprintf(buf, len, "%s+", e);
	} else {
		snprintf(buf, len, "%s", e);
	}
}

static void build_steps(struct view *v)
{
	struct sv_priv *sp = v->priv;
	const struct schedule_model *m = &sp->m;
	struct pane *p = &v->panes[0];
	const struct tui_glyphs *g = tui_glyphs(v->tui);
	int nl = (int)m->nthreads;
	char a[64];
	for (size_t s = 0; s < m->sched.n; s++) {
		const struct sm_step *st = &m->steps[s];
		int lane = schedule_model_lane(m, st->thread);
		struct tline *l = doc_add(&p->doc, (int)s, lane);
		line_add(l, STYLE_LINENO, "%5zu", s);
		line_add(l, STYLE_BLOCKED, "%s ", st->preemption >= 0 ? "P" : " ");
		l->fixed = 2;
		step_label(m, s, a, sizeof a);
		struct lanes_label labs[2] = {
			{lane, a, st->ev_n && m->trace && (m->trace->events[m->ev_index[st->ev_first]].flags & TRACE_F_OBJ_IS_LOCK)
			              ? STYLE_LOCK : st->ev_n ? STYLE_NORMAL : STYLE_DIM},
		};
		int nlab = 1;
		if (st->preemption >= 0) {
			const struct report_preemption *pr = &m->r->failure->preemptions[st->preemption];
			int pl = schedule_model_lane(m, pr->thread);
			if (pl >= 0 && pl != lane)
				labs[nlab++] = (struct lanes_label){pl, "preempted", STYLE_BLOCKED};
		}
		lanes_render_row(l, NULL, 0, nl, SV_LANE_W, labs, nlab, g);
	}
	/* the failure, at the last row: each blocked thread's wait, else the kind in the last lane */
	struct tline *l = doc_add(&p->doc, (int)m->sched.n, -1);
	line_add(l, STYLE_BLOCKED, "%5s! ", "end");
	l->fixed = 2;
	struct lanes_label labs[16];
	char waits[16][32];
	int nlab = 0;
	const struct report_finding *dl = !strcmp(failure_kind(m), "deadlock") ? deadlock_of(m->r) : NULL;
	for (size_t k = 0; dl && k < dl->ncycle && nlab < 16; k++) {
		const struct report_cycle_step *c = &dl->cycle[k];
		int lane = schedule_model_lane(m, c->thread);
		if (lane < 0)
			continue;
		if (c->waits >= 0)
			snprintf(waits[nlab], sizeof waits[nlab], "waits M%d", c->waits);
		else if (c->waits_thread >= 0)
			snprintf(waits[nlab], sizeof waits[nlab], "join T%d", c->waits_thread);
		else
			snprintf(waits[nlab], sizeof waits[nlab], "waits %s", c->wait_kind ? c->wait_kind : "");
		labs[nlab] = (struct lanes_label){lane, waits[nlab], STYLE_BLOCKED};
		if (nlab == 0 || labs[nlab - 1].lane != lane)
			nlab++;
	}
	if (nlab == 0) {
		snprintf(waits[0], sizeof waits[0], "%s", failure_kind(m));
		for (char *c = waits[0]; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
		int lane = m->sched.n ? schedule_model_lane(m, m->steps[m->sched.n - 1].thread) : 0;
		labs[nlab++] = (struct lanes_label){lane, waits[0], STYLE_BLOCKED};
	}
	lanes_render_row(l, NULL, 0, nl, SV_LANE_W, labs, nlab, g);
}

static void add_holders(struct view *v, struct doc *d, size_t step)
{
	struct sv_priv *sp = v->priv;
	const struct schedule_model *m = &sp->m;
	struct sm_hold h[SV_MAX_HOLDS];
	int n = schedule_model_holders(m, step, h, SV_MAX_HOLDS);
	struct tline *l = doc_add(d, -1, 0);
	line_add(l, STYLE_HEADER, "%s", step < m->sched.n ? "Locks held after it:" : "Locks held at the end:");
	char lock[256], who[32];
	if (n < 0) {
		const struct report_finding *dl = step >= m->sched.n ? deadlock_of(m->r) : NULL;
		for (size_t k = 0; dl && k < dl->ncycle; k++) {
			if (dl->cycle[k].holds < 0)
				continue;
			l = doc_add(d, -1, 0);
			line_add(l, STYLE_LOCK, " %s", report_describe_lock_named(m->r, dl->cycle[k].holds, lock, sizeof lock));
			line_add(l, STYLE_NORMAL, " by %s", report_describe_thread(dl->cycle[k].thread, who, sizeof who));
		}
		if (!dl)
			frames_add_wrapped(d, STYLE_DIM, " unknown: the schedule names only the thread of each step;"
			                   " explore with WEFT_OPTIONS=trace=FILE to record the operations", side_w(v), 1);
		return;
	}
	if (n == 0) {
		l = doc_add(d, -1, 0);
		line_add(l, STYLE_DIM, " none");
	}
	for (int k = 0; k < n; k++) {
		l = doc_add(d, -1, 0);
		line_add(l, STYLE_LOCK, " %s", report_describe_lock_named(m->r, h[k].lock, lock, sizeof lock));
		line_add(l, STYLE_NORMAL, " by %s%s", report_describe_thread(h[k].thread, who, sizeof who),
		         h[k].read ? " (read)" : "");
	}
}

static void build_side(struct view *v)
{
	struct sv_priv *sp = v->priv;
	const struct schedule_model *m = &sp->m;
	struct pane *p = &v->panes[1];
	doc_clear(&p->doc);
	p->sel = -1;
	p->top = 0;
	const struct tline *sel = pane_selected(&v->panes[0]);
	if (!sel)
		return;
	size_t s = (size_t)sel->item;
	char who[160], buf[512];
	struct tline *l;
	if (s >= m->sched.n) {
		pane_set_title(p, "The end: %s", failure_kind(m));
		if (m->r && m->r->failure && m->r->failure->summary)
			frames_add_wrapped(&p->doc, STYLE_BLOCKED, m->r->failure->summary, side_w(v), 1);
		const struct report_finding *dl = deadlock_of(m->r);
		for (size_t k = 0; dl && k < dl->ncycle; k++) {
			char line[768];
			snprintf(line, sizeof line, "%s waits for %s", report_describe_thread(dl->cycle[k].thread, who, sizeof who),
			         report_describe_wait(m->r, &dl->cycle[k], buf, sizeof buf));
			frames_add_wrapped(&p->doc, STYLE_NORMAL, line, side_w(v), 1);
		}
		add_holders(v, &p->doc, s);
		return;
	}
	const struct sm_step *st = &m->steps[s];
	pane_set_title(p, "Step %zu (steps 0-%zu)", s, m->sched.n - 1);
	l = doc_add(&p->doc, -1, 0);
	line_add(l, STYLE_THREAD, "%s", report_describe_thread_named(m->r, st->thread, who, sizeof who));
	line_add(l, STYLE_NORMAL, " runs");
	if (st->preemption >= 0) {
		const struct report_preemption *pr = &m->r->failure->preemptions[st->preemption];
		l = doc_add(&p->doc, -1, 0);
		line_add(l, STYLE_BLOCKED, "preempted: %s", report_describe_thread(pr->thread, who, sizeof who));
		line_add(l, STYLE_NORMAL, " before %s", pr->call ? pr->call : "?");
		l = doc_add(&p->doc, -1, 0);
		line_add(l, STYLE_DIM, " at pc 0x%llx", (unsigned long long)pr->pc);
	}
	if (m->trace) {
		if (st->ev_n == 0) {
			l = doc_add(&p->doc, -1, 0);
			line_add(l, STYLE_DIM, "no traced operation");
		}
		for (size_t k = 0; k < st->ev_n; k++) {
			const struct trace_event *e = &m->trace->events[m->ev_index[st->ev_first + k]];
			l = doc_add(&p->doc, -1, 0);
			line_add(l, e->flags & TRACE_F_OBJ_IS_LOCK ? STYLE_LOCK : STYLE_NORMAL, " %s",
			         trace_describe_event(e, buf, sizeof buf));
			if ((int)e->thread != st->thread)
				line_add(l, STYLE_DIM, " (%s)", report_describe_thread((int)e->thread, who, sizeof who));
		}
	}
	add_holders(v, &p->doc, s);
}

static void build(struct view *v)
{
	struct sv_priv *sp = v->priv;
	struct pane *p = &v->panes[0];
	const struct tline *old = pane_selected(p);
	int keep = old ? old->item : (int)sp->m.sched.n;
	doc_clear(&p->doc);
	build_steps(v);
	p->sel = -1;
	if (!pane_select_item(p, keep, -1))
		pane_select(p, 0);
	if (!sp->built) {
		p->center = true;
		sp->built = true;
	}
	show_lanes(v);
	follow_lane(v);
	v->panes[1].focusable = true;
	build_side(v);
}

static void layout(struct view *v)
{
	struct pane *a = &v->panes[0], *b = &v->panes[1];
	if (v->w >= 80) {
		a->x = a->y = b->y = 0;
		a->w = lanes_w(v);
		a->h = b->h = v->h;
		b->x = a->w + 1;
		b->w = v->w - b->x;
	} else {
		int hb = SV_SIDE_H < v->h / 2 ? SV_SIDE_H : v->h / 2;
		a->x = b->x = a->y = 0;
		a->w = b->w = v->w;
		a->h = v->h - hb;
		b->y = a->h;
		b->h = hb;
	}
}

static void selected(struct view *v, int pane)
{
	if (pane != 0)
		return;
	follow_lane(v);
	build_side(v);
}

static unsigned request(struct view *v, enum request req)
{
	struct sv_priv *sp = v->priv;
	switch (req) {
	case REQ_VIEW_SCHEDULE:
		return TUI_REDRAW;
	case REQ_SCROLL_LEFT:
	case REQ_SCROLL_RIGHT: {
		int old = sp->first_lane;
		sp->first_lane += req == REQ_SCROLL_LEFT ? -1 : 1;
		show_lanes(v);
		if (sp->first_lane == old)
			tui_message(v->tui, STYLE_MESSAGE, "%s", req == REQ_SCROLL_LEFT ? "at the first lane" : "at the last lane");
		return TUI_REDRAW;
	}
	default:
		return TUI_UNHANDLED;
	}
}

static void status(const struct view *v, char *buf, size_t len)
{
	const struct sv_priv *sp = v->priv;
	int shown = lanes_fit(lanes_w(v), SV_GUTTER_W, SV_LANE_W), last = sp->first_lane + shown;
	if (last > (int)sp->m.nthreads)
		last = (int)sp->m.nthreads;
	snprintf(buf, len, "lanes %d-%d/%zu  P: preemption%s", sp->first_lane + 1, last, sp->m.nthreads,
	         sp->m.trace ? "" : "  (no trace)");
}

static void sv_free(struct view *v)
{
	struct sv_priv *sp = v->priv;
	schedule_model_free(&sp->m);
	free(sp->path);
	free(sp);
}

static const struct view_ops schedule_ops = {
	.name = "schedule",
	.build = build,
	.layout = layout,
	.request = request,
	.selected = selected,
	.status = status,
	.free = sv_free,
};

/* A path from the report, taken relative to the report's directory when relative; when an absolute
 * one is gone (the directory was moved), the same name in the report's directory. */
static char *near_report(struct tui *t, const char *p)
{
	char *copy = strdup(tui_report_path(t)), *out = NULL;
	if (!copy)
		abort();
	const char *dir = dirname(copy);
	if (p[0] != '/') {
		if (asprintf(&out, "%s/%s", dir, p) < 0)
			abort();
	} else if (access(p, F_OK) != 0) {
		const char *base = strrchr(p, '/') + 1;
		if (asprintf(&out, "%s/%s", dir, base) < 0)
			abort();
	} else {
		out = strdup(p);
	}
	free(copy);
	return out;
}

struct view *schedule_view_new(struct tui *t)
{
	const struct report *r = tui_report(t);
	char *path = NULL;
	if (tui_schedule_path(t))
		path = strdup(tui_schedule_path(t));
	else if (r->failure && r->failure->schedule && *r->failure->schedule)
		path = near_report(t, r->failure->schedule);
	if (!path) {
		tui_message(t, STYLE_ERROR, "no schedule: this report is not of a failing 'weft explore' run");
		return NULL;
	}
	struct schedule s;
	char err[512];
	if (schedule_read(path, &s, err, sizeof err) < 0) {
		tui_message(t, STYLE_ERROR, "%s", err);
		free(path);
		return NULL;
	}
	struct trace_data *trace = NULL;
	char *tp = tui_trace_path(t) ? strdup(tui_trace_path(t)) : r->trace && *r->trace ? near_report(t, r->trace) : NULL;
	if (tp && trace_read_file(tp, &trace, err, sizeof err) < 0) {
		tui_message(t, STYLE_ERROR, "%s (the steps are shown without operations)", err);
		trace = NULL;
	}
	free(tp);
	struct sv_priv *sp = calloc(1, sizeof *sp);
	if (!sp)
		abort();
	schedule_model_init(&sp->m, &s, trace, r);
	sp->path = path;
	struct view *v = view_new(t, &schedule_ops, 2, sp);
	const char *base = strrchr(path, '/');
	view_set_title(v, "Schedule %s: %s after %zu steps, %ld preemptions", base ? base + 1 : path,
	               failure_kind(&sp->m), sp->m.sched.n, sp->m.sched.preemptions);
	return v;
}
