/* timeline.c - the happens-before timeline as a document (see timeline.h).
 *
 * The arrows are drawn on a grid of connections (up, down, left, right) per cell, so crossing and
 * shared lines become the right junction characters (┼ ├ ┴ ...) whatever order they were added in.
 */
#include "tui/timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_describe.h"

enum { C_UP = 1, C_DOWN = 2, C_LEFT = 4, C_RIGHT = 8 };
enum { HEAD_NONE, HEAD_RIGHT, HEAD_LEFT };

#define LABEL_W (TIMELINE_LANE_W - 4)

struct cell {
	unsigned char conn, head;
};

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
	int n = (w - TIMELINE_GUTTER_W) / TIMELINE_LANE_W;
	return n < 1 ? 1 : n;
}

static int label_of(const struct trace_data *t, size_t i, char *buf, size_t len)
{
	trace_describe_event(&t->events[i], buf, len);
	if (strlen(buf) > LABEL_W)
		buf[LABEL_W] = 0;
	return (int)strlen(buf);
}

static const char *box(unsigned conn, bool ascii)
{
	static const char *const uni[16] = {
		" ", "\u2502", "\u2502", "\u2502", "\u2500", "\u2518", "\u2510", "\u2524",
		"\u2500", "\u2514", "\u250c", "\u251c", "\u2500", "\u2534", "\u252c", "\u253c",
	};
	static const char *const asc[16] = {" ", "|", "|", "|", "-", "+", "+", "+",
	                                    "-", "+", "+", "+", "-", "+", "+", "+"};
	return ascii ? asc[conn & 15] : uni[conn & 15];
}

/* Draw one arrow on the grid (rows relative to the window; ra < 0: the source is above it). */
static void draw_arrow(struct cell *g, int width, int ra, int rb, int la, int lb, int label_a, int label_b)
{
	int rail = la * TIMELINE_LANE_W + TIMELINE_LANE_W - 2;
	if (ra >= 0) {
		for (int x = la * TIMELINE_LANE_W + 1 + label_a; x < rail; x++)
			g[ra * width + x].conn |= C_LEFT | C_RIGHT;
		g[ra * width + rail].conn |= C_LEFT | C_DOWN;
	}
	for (int r = ra + 1; r < rb; r++)
		g[r * width + rail].conn |= C_UP | C_DOWN;
	struct cell *row = &g[rb * width];
	row[rail].conn |= C_UP;
	if (lb > la) {
		row[rail].conn |= C_RIGHT;
		int head = lb * TIMELINE_LANE_W;
		for (int x = rail + 1; x < head; x++)
			row[x].conn |= C_LEFT | C_RIGHT;
		row[head].head = HEAD_RIGHT;
	} else {
		row[rail].conn |= C_LEFT;
		int head = lb * TIMELINE_LANE_W + 1 + label_b;
		for (int x = head + 1; x < rail; x++)
			row[x].conn |= C_LEFT | C_RIGHT;
		row[head].head = HEAD_LEFT;
	}
}

/* Append a run of text to a growing buffer. */
struct run {
	char *s;
	size_t n, cap;
};

static void run_add(struct run *r, const char *s)
{
	size_t k = strlen(s);
	if (r->n + k + 1 > r->cap) {
		r->cap = (r->n + k + 1) * 2;
		r->s = realloc(r->s, r->cap);
		if (!r->s)
			abort();
	}
	memcpy(r->s + r->n, s, k + 1);
	r->n += k;
}

void timeline_build(struct doc *d, const struct trace_data *t, size_t from, size_t n,
                    const struct timeline_focus *f, const struct tui_glyphs *g)
{
	int width = (int)t->nthreads * TIMELINE_LANE_W;
	if (n == 0 || width == 0)
		return;
	bool ascii = strcmp(g->h, "-") == 0;
	struct cell *grid = calloc(n * (size_t)width, sizeof *grid);
	if (!grid)
		abort();
	char a[64], b[64];
	for (size_t k = 0; k < t->narrows; k++) {
		const struct trace_arrow *ar = &t->arrows[k];
		if (ar->to < from || ar->to >= from + n)
			continue;
		int la = trace_lane(t, t->events[ar->from].thread), lb = trace_lane(t, t->events[ar->to].thread);
		if (la < 0 || lb < 0 || la == lb)
			continue;
		int ra = ar->from < from ? -1 : (int)(ar->from - from);
		draw_arrow(grid, width, ra, (int)(ar->to - from), la, lb, label_of(t, ar->from, a, sizeof a),
		           label_of(t, ar->to, b, sizeof b));
	}
	struct run text = {0};
	for (size_t r = 0; r < n; r++) {
		size_t i = from + r;
		const struct trace_event *e = &t->events[i];
		int lane = trace_lane(t, e->thread);
		bool focus = timeline_is_focus(t, i, f);
		struct tline *l = doc_add(d, (int)i, lane);
		line_add(l, STYLE_LINENO, "%6llu", (unsigned long long)e->seq);
		line_add(l, STYLE_BLOCKED, "%s", focus ? "*" : " ");
		l->fixed = 2;
		int llen = label_of(t, i, a, sizeof a);
		int lx = lane * TIMELINE_LANE_W + 1;
		enum style label_style = focus ? STYLE_BLOCKED
		                         : e->kind == TRACE_DROPPED || (e->flags & TRACE_F_FAILED) ? STYLE_DIM
		                         : e->flags & TRACE_F_OBJ_IS_LOCK ? STYLE_LOCK
		                         : STYLE_NORMAL;
		/* the last column with something in it */
		const struct cell *row = &grid[r * (size_t)width];
		int end = lx + llen;
		for (int x = width - 1; x >= end; x--)
			if (row[x].conn || row[x].head) {
				end = x + 1;
				break;
			}
		enum style cur = STYLE_NORMAL;
		text.n = 0;
		if (text.s)
			text.s[0] = 0;
		for (int x = 0; x < end; x++) {
			char ch[8];
			enum style st;
			if (x >= lx && x < lx + llen) {
				ch[0] = a[x - lx];
				ch[1] = 0;
				st = label_style;
			} else if (row[x].head) {
				snprintf(ch, sizeof ch, "%s", row[x].head == HEAD_RIGHT ? g->right : g->left);
				st = STYLE_ARROW;
			} else if (row[x].conn) {
				snprintf(ch, sizeof ch, "%s", box(row[x].conn, ascii));
				st = STYLE_ARROW;
			} else {
				ch[0] = ' ';
				ch[1] = 0;
				st = STYLE_NORMAL;
			}
			if (st != cur && text.n) {
				line_add(l, cur, "%s", text.s);
				text.n = 0;
				text.s[0] = 0;
			}
			cur = st;
			run_add(&text, ch);
		}
		if (text.n)
			line_add(l, cur, "%s", text.s);
	}
	free(text.s);
	free(grid);
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
