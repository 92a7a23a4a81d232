/* tui.c - the viewer application model (see tui.h): view stack, generic requests, search prompt,
 * status bar, and drawing the whole screen into a canvas. No curses here. */
#include "tui/tui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report_describe.h"
#include "tui/help_view.h"
#include "tui/list_view.h"
#include "tui/schedule_view.h"
#include "tui/source_view.h"
#include "tui/threads_view.h"
#include "tui/timeline_view.h"

/* Deep enough for list -> finding -> stacks -> source -> help and back; pushing beyond it replaces
 * the top view rather than failing. */
#define TUI_MAX_DEPTH 16

struct tui {
	const struct report *r;
	char *path;
	char *trace_path;
	char *schedule_path;
	struct tui_glyphs glyphs;
	int w, h;
	struct view *stack[TUI_MAX_DEPTH];
	int depth;
	char message[256];
	enum style message_style;
	bool prompting;
	char prompt[256];
	size_t prompt_len;
	char search[256];
};

static const struct tui_glyphs unicode_glyphs = {
	"\u2500", "\u2502", "\u250c", "\u2510", "\u2514", "\u2518", "\u25b6", "\u25c0", "\u2026",
};
static const struct tui_glyphs ascii_glyphs = {"-", "|", "+", "+", "+", "+", ">", "<", "~"};

struct tui *tui_new(const struct report *r, const struct tui_options *opt)
{
	struct tui *t = calloc(1, sizeof *t);
	if (!t)
		abort();
	t->r = r;
	t->path = strdup(opt->report_path ? opt->report_path : "report");
	t->trace_path = opt->trace_path ? strdup(opt->trace_path) : NULL;
	t->glyphs = opt->ascii ? ascii_glyphs : unicode_glyphs;
	t->w = 80;
	t->h = 24;
	t->schedule_path = opt->schedule_path ? strdup(opt->schedule_path) : NULL;
	tui_push(t, list_view_new(t));
	if (t->schedule_path)
		tui_push(t, schedule_view_new(t));
	return t;
}

void tui_free(struct tui *t)
{
	if (!t)
		return;
	while (t->depth > 0)
		view_free(t->stack[--t->depth]);
	free(t->path);
	free(t->trace_path);
	free(t->schedule_path);
	free(t);
}

const struct report *tui_report(const struct tui *t)
{
	return t->r;
}

const char *tui_report_path(const struct tui *t)
{
	return t->path;
}

const char *tui_trace_path(const struct tui *t)
{
	return t->trace_path;
}

const char *tui_schedule_path(const struct tui *t)
{
	return t->schedule_path;
}

const struct tui_glyphs *tui_glyphs(const struct tui *t)
{
	return &t->glyphs;
}

int tui_depth(const struct tui *t)
{
	return t->depth;
}

struct view *tui_top(struct tui *t)
{
	return t->depth ? t->stack[t->depth - 1] : NULL;
}

void tui_message(struct tui *t, enum style st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->message, sizeof t->message, fmt, ap);
	va_end(ap);
	t->message_style = st;
}

/* The view area: everything between the title bar and the status bar. */
static int area_h(const struct tui *t)
{
	return t->h > 2 ? t->h - 2 : 0;
}

void tui_push(struct tui *t, struct view *v)
{
	if (!v)
		return;
	if (t->depth == TUI_MAX_DEPTH)
		view_free(t->stack[--t->depth]);
	t->stack[t->depth++] = v;
	view_resize(v, t->w, area_h(t));
}

static void pop(struct tui *t)
{
	if (t->depth > 1)
		view_free(t->stack[--t->depth]);
}

void tui_open_frame(struct tui *t, const struct report_stack *s, size_t i)
{
	if (!s || i >= s->nframes)
		return;
	const struct report_frame *f = &s->frames[i];
	if (!f->file) {
		char d[512];
		tui_message(t, STYLE_ERROR, "no source file for %s (no debug info)",
		            report_describe_frame(s, i, d, sizeof d));
		return;
	}
	tui_push(t, source_view_new(t, f->file, f->line, f->module));
}

unsigned tui_resize(struct tui *t, int w, int h)
{
	t->w = w < 1 ? 1 : w;
	t->h = h < 1 ? 1 : h;
	/* Every view on the stack follows, so going back shows it laid out for the new size. */
	for (int i = 0; i < t->depth; i++)
		view_resize(t->stack[i], t->w, area_h(t));
	return TUI_REDRAW;
}

/* ---- requests every view understands ---- */

static void selection_moved(struct view *v, bool changed)
{
	if (changed && v->ops->selected)
		v->ops->selected(v, v->focus);
}

static bool can_focus(const struct pane *p)
{
	return p->focusable && p->h > 0 && p->w > 0;
}

static unsigned switch_pane(struct tui *t, struct view *v, int dir)
{
	for (int k = 1; k < v->npanes; k++) {
		int i = ((v->focus + dir * k) % v->npanes + v->npanes) % v->npanes;
		if (can_focus(&v->panes[i])) {
			v->focus = i;
			return TUI_REDRAW;
		}
	}
	tui_message(t, STYLE_MESSAGE, "this view has one pane");
	return TUI_REDRAW;
}

static void find(struct tui *t, struct view *v, int dir)
{
	if (!t->search[0]) {
		tui_message(t, STYLE_MESSAGE, "no search yet: press / to search");
		return;
	}
	struct pane *p = view_focused(v);
	if (pane_search(p, t->search, dir))
		selection_moved(v, true);
	else
		tui_message(t, STYLE_MESSAGE, "no match for '%s'", t->search);
}

static unsigned generic_request(struct tui *t, struct view *v, enum request req)
{
	struct pane *p = view_focused(v);
	switch (req) {
	case REQ_MOVE_UP:
		selection_moved(v, pane_move(p, -1));
		break;
	case REQ_MOVE_DOWN:
		selection_moved(v, pane_move(p, 1));
		break;
	case REQ_PAGE_UP:
		selection_moved(v, pane_page(p, -1));
		break;
	case REQ_PAGE_DOWN:
		selection_moved(v, pane_page(p, 1));
		break;
	case REQ_MOVE_FIRST:
		selection_moved(v, pane_home(p, 0));
		break;
	case REQ_MOVE_LAST:
		selection_moved(v, pane_home(p, 1));
		break;
	case REQ_SCROLL_LEFT:
	case REQ_SCROLL_RIGHT: {
		/* Half a pane at a time, as less does. */
		int step = p->w / 2 > 8 ? p->w / 2 : 8;
		if (!pane_hscroll(p, req == REQ_SCROLL_LEFT ? -step : step))
			tui_message(t, STYLE_MESSAGE, "%s", req == REQ_SCROLL_LEFT ? "at the left edge" : "at the right edge");
		break;
	}
	case REQ_NEXT_PANE:
		return switch_pane(t, v, 1);
	case REQ_PREV_PANE:
		return switch_pane(t, v, -1);
	case REQ_ENTER:
		tui_message(t, STYLE_MESSAGE, "nothing to open here");
		break;
	case REQ_BACK:
		if (t->depth > 1)
			pop(t);
		else
			tui_message(t, STYLE_MESSAGE, "this is the first view; q quits");
		break;
	case REQ_VIEW_THREADS:
		tui_push(t, threads_view_new(t));
		break;
	case REQ_VIEW_HELP:
		tui_push(t, help_view_new(t));
		break;
	case REQ_VIEW_TIMELINE:
		tui_push(t, timeline_view_new(t, -1));
		break;
	case REQ_VIEW_SCHEDULE:
		tui_push(t, schedule_view_new(t));
		break;
	case REQ_VIEW_STACKS:
		tui_message(t, STYLE_MESSAGE, "open a finding first");
		break;
	case REQ_SORT:
	case REQ_FILTER:
	case REQ_FILTER_ALL:
		tui_message(t, STYLE_MESSAGE, "sorting and filtering apply to the findings list");
		break;
	case REQ_SEARCH:
		t->prompting = true;
		t->prompt_len = 0;
		t->prompt[0] = 0;
		break;
	case REQ_FIND_NEXT:
		find(t, v, 1);
		break;
	case REQ_FIND_PREV:
		find(t, v, -1);
		break;
	case REQ_REFRESH:
		break;
	case REQ_QUIT:
		return TUI_QUIT;
	default:
		break;
	}
	return TUI_REDRAW;
}

/* Append the UTF-8 form of a code point to the prompt. */
static void prompt_add(struct tui *t, int cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (t->prompt_len + n < sizeof t->prompt) {
		memcpy(t->prompt + t->prompt_len, u, n);
		t->prompt_len += n;
		t->prompt[t->prompt_len] = 0;
	}
}

static unsigned prompt_key(struct tui *t, int key)
{
	struct view *v = tui_top(t);
	if (key == TK_ENTER) {
		t->prompting = false;
		if (t->prompt_len > 0) {
			snprintf(t->search, sizeof t->search, "%s", t->prompt);
			find(t, v, 1);
		}
	} else if (key == TK_ESC || key == TK_CTRL('c') || key == TK_CTRL('g')) {
		t->prompting = false;
	} else if (key == TK_BACKSPACE || key == 8) {
		/* Remove one UTF-8 character. */
		while (t->prompt_len > 0 && ((unsigned char)t->prompt[t->prompt_len - 1] & 0xc0) == 0x80)
			t->prompt_len--;
		if (t->prompt_len > 0)
			t->prompt_len--;
		t->prompt[t->prompt_len] = 0; /* an empty prompt stays open; Esc leaves it */
	} else if (key == TK_CTRL('u')) {
		t->prompt_len = 0;
		t->prompt[0] = 0;
	} else if (key >= 32 && key < TK_BASE && key != 127) {
		prompt_add(t, key);
	}
	return TUI_REDRAW;
}

unsigned tui_key(struct tui *t, int key)
{
	if (key == TK_RESIZE)
		return TUI_REDRAW;
	if (t->prompting)
		return prompt_key(t, key);
	t->message[0] = 0;
	struct view *v = tui_top(t);
	enum request req = request_from_key(key);
	if (req == REQ_NONE) {
		char name[32];
		tui_message(t, STYLE_MESSAGE, "key %s does nothing here; ? shows the keys",
		            keys_name(key, name, sizeof name));
		return TUI_REDRAW;
	}
	if (v->ops->request) {
		unsigned f = v->ops->request(v, req);
		if (!(f & TUI_UNHANDLED))
			return f | TUI_REDRAW;
	}
	return generic_request(t, v, req);
}

/* ---- drawing ---- */

static int count_selectable(const struct pane *p, int upto)
{
	int n = 0;
	for (int i = 0; i < p->doc.n && (upto < 0 || i <= upto); i++)
		if (p->doc.lines[i].item >= 0)
			n++;
	return n;
}

/* Mark the matches of the search in one drawn row. */
/* Mark the matches of the search in one drawn row (columns from `left` on, at most w of them). */
static void mark_matches(struct tui *t, struct canvas *c, const struct tline *l, int x, int y, int w, int left)
{
	char text[2048];
	line_text(l, text, sizeof text);
	size_t n = strlen(t->search);
	int col = -left, mw = canvas_text_width(t->search);
	for (const char *s = text; *s && col < w;) {
		if (strncasecmp(s, t->search, n) == 0) {
			int from = col < 0 ? 0 : col, to = col + mw > w ? w : col + mw;
			if (to > from)
				canvas_restyle(c, x + from, y, to - from, STYLE_MATCH);
			s += n;
			col += mw;
			continue;
		}
		uint32_t cp;
		s += canvas_utf8_decode(s, strlen(s), &cp);
		col++;
	}
}

static void draw_pane(struct tui *t, struct canvas *c, struct view *v, int pi, int oy)
{
	struct pane *p = &v->panes[pi];
	if (p->h <= 0 || p->w <= 0)
		return;
	bool focused = pi == v->focus;
	int x = p->x, y = oy + p->y;
	if (p->x > 0) /* separator from the pane on the left */
		for (int r = 0; r < p->h; r++)
			canvas_text(c, p->x - 1, y + r, 1, t->glyphs.v, STYLE_DIM);
	if (p->title) {
		bool many = false;
		for (int i = 0; i < v->npanes; i++)
			if (i != pi && can_focus(&v->panes[i]))
				many = true;
		enum style st = focused && many ? STYLE_HEADER : many ? STYLE_DIM : STYLE_HEADER;
		if (p->plain_title) {
			canvas_text(c, x, y, p->w, p->title, STYLE_HEADER);
			y++;
			goto lines;
		}
		for (int i = 0; i < p->w; i++)
			canvas_text(c, x + i, y, 1, t->glyphs.h, st);
		int used = canvas_text(c, x + 1, y, p->w - 2, " ", st);
		used += canvas_text(c, x + 1 + used, y, p->w - 2 - used, p->title, st);
		canvas_text(c, x + 1 + used, y, p->w - 2 - used, " ", st);
		y++;
	}
lines:;
	int rows = pane_rows(p);
	for (int r = 0; r < rows; r++) {
		int i = p->top + r;
		if (i >= p->doc.n)
			break;
		const struct tline *l = &p->doc.lines[i];
		int col = 0, skip = p->left;
		for (int k = 0; k < l->nsegs && col < p->w; k++) {
			const char *s = l->segs[k].text;
			/* Horizontal scrolling: drop `left` columns after the gutter. */
			while (k >= l->fixed && skip > 0 && *s) {
				uint32_t cp;
				s += canvas_utf8_decode(s, strlen(s), &cp);
				skip--;
			}
			col += canvas_text(c, x + col, y + r, p->w - col, s, l->segs[k].style);
		}
		if (l->fill != STYLE_NORMAL)
			canvas_restyle(c, x + col, y + r, p->w - col, l->fill);
		if (focused && t->search[0])
			mark_matches(t, c, l, x, y + r, p->w, p->left);
		if (i == p->sel)
			canvas_restyle(c, x, y + r, p->w, focused ? STYLE_SELECTED : STYLE_CURSOR);
	}
}

void tui_render(struct tui *t, struct canvas *c)
{
	if (c->w != t->w || c->h != t->h)
		canvas_resize(c, t->w, t->h);
	canvas_clear(c);
	struct view *v = tui_top(t);
	if (t->h >= 3) {
		canvas_fill(c, 0, 0, t->w, 1, ' ', STYLE_TITLE);
		const char *title = v->title ? v->title : "weft view";
		if (canvas_text(c, 0, 0, t->w, title, STYLE_TITLE) == t->w && canvas_text_width(title) > t->w)
			canvas_text(c, t->w - 1, 0, 1, t->glyphs.ellipsis, STYLE_TITLE);
		for (int i = 0; i < v->npanes; i++)
			draw_pane(t, c, v, i, 1);
	}
	/* Status bar. */
	int y = t->h - 1;
	if (t->prompting) {
		int used = canvas_text(c, 0, y, t->w, "/", STYLE_PROMPT);
		used += canvas_text(c, used, y, t->w - used, t->prompt, STYLE_PROMPT);
		canvas_put(c, used, y, ' ', STYLE_SELECTED); /* the cursor */
		return;
	}
	canvas_fill(c, 0, y, t->w, 1, ' ', STYLE_STATUS);
	char left[512], right[64];
	struct pane *p = view_focused(v);
	if (t->message[0]) {
		snprintf(left, sizeof left, "%s", t->message);
	} else {
		char extra[256] = "";
		if (v->ops->status)
			v->ops->status(v, extra, sizeof extra);
		snprintf(left, sizeof left, "[%s]%s%s", v->ops->name, extra[0] ? " " : "", extra);
	}
	if (p->sel >= 0)
		snprintf(right, sizeof right, "%d/%d  ? help", count_selectable(p, p->sel), count_selectable(p, -1));
	else if (p->doc.n > 0)
		snprintf(right, sizeof right, "%d%%  ? help",
		         p->doc.n <= pane_rows(p) ? 100
		                                  : (p->top + pane_rows(p)) * 100 / p->doc.n);
	else
		snprintf(right, sizeof right, "? help");
	int rw = canvas_text_width(right);
	int lw = canvas_text(c, 0, y, t->w, left,
	                     t->message[0] && t->message_style == STYLE_ERROR ? STYLE_ERROR : STYLE_STATUS);
	if (lw + 1 + rw <= t->w)
		canvas_text(c, t->w - rw, y, rw, right, STYLE_STATUS);
}
