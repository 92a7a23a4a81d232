/* view.c - documents, panes and the generic parts of views (see view.h). No curses here. */
#include "tui/view.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q && n)
		abort();
	return q;
}

static char *__attribute__((format(printf, 1, 0))) xvasprintf(const char *fmt, va_list ap)
{
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	return s;
}

/* ---- documents ---- */

void doc_clear(struct doc *d)
{
	for (int i = 0; i < d->n; i++) {
		for (int k = 0; k < d->lines[i].nsegs; k++)
			free(d->lines[i].segs[k].text);
		free(d->lines[i].segs);
	}
	free(d->lines);
	memset(d, 0, sizeof *d);
}

struct tline *doc_add(struct doc *d, int item, int data)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->lines = xrealloc(d->lines, (size_t)d->cap * sizeof *d->lines);
	}
	struct tline *l = &d->lines[d->n++];
	memset(l, 0, sizeof *l);
	l->item = item;
	l->data = data;
	l->fill = STYLE_NORMAL;
	return l;
}

static void line_push(struct tline *l, enum style st, char *text)
{
	l->segs = xrealloc(l->segs, (size_t)(l->nsegs + 1) * sizeof *l->segs);
	l->segs[l->nsegs].text = text;
	l->segs[l->nsegs].style = st;
	l->nsegs++;
}

void line_add(struct tline *l, enum style st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	line_push(l, st, xvasprintf(fmt, ap));
	va_end(ap);
}

void line_add_cols(struct tline *l, enum style st, int w, const char *text)
{
	if (w <= 0)
		return;
	size_t n = strlen(text), cut = n;
	int cols = 0;
	for (size_t i = 0; i < n;) {
		if (cols == w) {
			cut = i;
			break;
		}
		uint32_t cp;
		i += (size_t)canvas_utf8_decode(text + i, n - i, &cp);
		cols++;
	}
	if (cols < w)
		cut = n;
	char *s = malloc(cut + (size_t)(w - cols) + 1);
	if (!s)
		abort();
	memcpy(s, text, cut);
	memset(s + cut, ' ', (size_t)(cols < w ? w - cols : 0));
	s[cut + (size_t)(cols < w ? w - cols : 0)] = 0;
	line_push(l, st, s);
}

char *line_text(const struct tline *l, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = 0;
	for (int k = 0; k < l->nsegs && used + 1 < len; k++) {
		int n = snprintf(buf + used, len - used, "%s", l->segs[k].text);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

int line_width(const struct tline *l)
{
	int w = 0;
	for (int k = 0; k < l->nsegs; k++)
		w += canvas_text_width(l->segs[k].text);
	return w;
}

/* ---- panes ---- */

int pane_rows(const struct pane *p)
{
	int r = p->h - (p->title ? 1 : 0);
	return r < 0 ? 0 : r;
}

void pane_set_title(struct pane *p, const char *fmt, ...)
{
	free(p->title);
	va_list ap;
	va_start(ap, fmt);
	p->title = xvasprintf(fmt, ap);
	va_end(ap);
}

static bool selectable(const struct pane *p, int i)
{
	return i >= 0 && i < p->doc.n && p->doc.lines[i].item >= 0;
}

static int first_selectable(const struct pane *p, int from, int dir)
{
	for (int i = from; i >= 0 && i < p->doc.n; i += dir)
		if (selectable(p, i))
			return i;
	return -1;
}

void pane_fix_scroll(struct pane *p)
{
	int rows = pane_rows(p);
	if (rows <= 0) {
		p->top = 0;
		return;
	}
	if (p->sel >= 0) {
		if (p->sel < p->top)
			p->top = p->sel;
		if (p->sel >= p->top + rows)
			p->top = p->sel - rows + 1;
		/* Show the headings above the first item and the lines after the last one. */
		if (first_selectable(p, p->sel - 1, -1) < 0 && p->sel < rows)
			p->top = 0;
		if (first_selectable(p, p->sel + 1, 1) < 0 && p->doc.n - p->top > rows &&
		    p->doc.n - rows <= p->sel)
			p->top = p->doc.n - rows;
	}
	if (p->top > p->doc.n - rows)
		p->top = p->doc.n - rows;
	if (p->top < 0)
		p->top = 0;
}

void pane_select(struct pane *p, int i)
{
	if (i < 0)
		i = 0;
	if (i >= p->doc.n)
		i = p->doc.n - 1;
	int s = first_selectable(p, i, 1);
	if (s < 0)
		s = first_selectable(p, i, -1);
	p->sel = s;
	pane_fix_scroll(p);
}

bool pane_select_item(struct pane *p, int item, int data)
{
	for (int i = 0; i < p->doc.n; i++)
		if (p->doc.lines[i].item == item && (data < 0 || p->doc.lines[i].data == data)) {
			p->sel = i;
			pane_fix_scroll(p);
			return true;
		}
	return false;
}

void pane_center(struct pane *p)
{
	if (p->sel < 0)
		return;
	p->top = p->sel - pane_rows(p) / 2;
	if (p->top < 0)
		p->top = 0;
	pane_fix_scroll(p);
}

bool pane_move(struct pane *p, int delta)
{
	int old_sel = p->sel, old_top = p->top;
	if (p->sel < 0) {
		/* Nothing selectable: scroll. */
		p->top += delta;
		pane_fix_scroll(p);
		return p->top != old_top;
	}
	int dir = delta > 0 ? 1 : -1;
	for (int n = delta > 0 ? delta : -delta; n > 0; n--) {
		int s = first_selectable(p, p->sel + dir, dir);
		if (s < 0)
			break;
		p->sel = s;
	}
	pane_fix_scroll(p);
	return p->sel != old_sel || p->top != old_top;
}

bool pane_page(struct pane *p, int dir)
{
	int rows = pane_rows(p);
	if (rows < 1)
		rows = 1;
	int old_sel = p->sel, old_top = p->top;
	if (p->sel < 0)
		return pane_move(p, dir * rows);
	/* Move the selection by one screen of lines, then scroll so it keeps its row. */
	int row = p->sel - p->top;
	int target = p->sel + dir * rows;
	if (target < 0)
		target = 0;
	if (target >= p->doc.n)
		target = p->doc.n - 1;
	int s = first_selectable(p, target, dir > 0 ? -1 : 1);
	if (s < 0 || (dir > 0 ? s < p->sel : s > p->sel))
		s = p->sel;
	if (s == p->sel)
		s = first_selectable(p, dir > 0 ? p->doc.n - 1 : 0, dir > 0 ? -1 : 1);
	p->sel = s;
	p->top = p->sel - row;
	pane_fix_scroll(p);
	return p->sel != old_sel || p->top != old_top;
}

bool pane_home(struct pane *p, int last)
{
	int old_sel = p->sel, old_top = p->top;
	if (p->sel < 0) {
		p->top = last ? p->doc.n : 0;
	} else {
		p->sel = last ? first_selectable(p, p->doc.n - 1, -1) : first_selectable(p, 0, 1);
	}
	pane_fix_scroll(p);
	return p->sel != old_sel || p->top != old_top;
}

bool pane_hscroll(struct pane *p, int delta)
{
	int widest = 0;
	for (int i = 0; i < p->doc.n; i++) {
		int w = line_width(&p->doc.lines[i]);
		if (w > widest)
			widest = w;
	}
	int old = p->left;
	int max = widest - p->w / 2;
	p->left += delta;
	if (p->left > max)
		p->left = max;
	if (p->left < 0)
		p->left = 0;
	return p->left != old;
}

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return false;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

bool pane_search(struct pane *p, const char *term, int dir)
{
	int n = p->doc.n;
	if (n == 0 || !term || !*term)
		return false;
	bool sel_mode = p->sel >= 0;
	int start = sel_mode ? p->sel : p->top;
	char buf[2048];
	for (int k = 1; k <= n; k++) {
		int i = ((start + dir * k) % n + n) % n;
		if (sel_mode && !selectable(p, i))
			continue;
		if (contains_nocase(line_text(&p->doc.lines[i], buf, sizeof buf), term)) {
			if (sel_mode) {
				p->sel = i;
				pane_center(p);
			} else {
				p->top = i;
				pane_fix_scroll(p);
			}
			return true;
		}
	}
	return false;
}

const struct tline *pane_selected(const struct pane *p)
{
	return selectable(p, p->sel) ? &p->doc.lines[p->sel] : NULL;
}

/* ---- views ---- */

struct view *view_new(struct tui *t, const struct view_ops *ops, int npanes, void *priv)
{
	struct view *v = calloc(1, sizeof *v);
	if (!v)
		abort();
	v->ops = ops;
	v->tui = t;
	v->npanes = npanes < 1 ? 1 : npanes > VIEW_MAX_PANES ? VIEW_MAX_PANES : npanes;
	for (int i = 0; i < v->npanes; i++) {
		v->panes[i].sel = -1;
		v->panes[i].focusable = true;
	}
	v->priv = priv;
	return v;
}

void view_free(struct view *v)
{
	if (!v)
		return;
	if (v->ops->free)
		v->ops->free(v);
	for (int i = 0; i < v->npanes; i++) {
		doc_clear(&v->panes[i].doc);
		free(v->panes[i].title);
	}
	free(v->title);
	free(v);
}

void view_set_title(struct view *v, const char *fmt, ...)
{
	free(v->title);
	va_list ap;
	va_start(ap, fmt);
	v->title = xvasprintf(fmt, ap);
	va_end(ap);
}

void view_resize(struct view *v, int w, int h)
{
	v->w = w;
	v->h = h;
	v->ops->build(v);
	if (v->ops->layout) {
		v->ops->layout(v);
	} else {
		for (int i = 0; i < v->npanes; i++) {
			struct pane *p = &v->panes[i];
			p->x = 0;
			p->y = 0;
			p->w = w;
			p->h = i == 0 ? h : 0;
		}
	}
	for (int i = 0; i < v->npanes; i++) {
		struct pane *p = &v->panes[i];
		if (p->center)
			pane_center(p);
		p->center = false;
		pane_fix_scroll(p);
	}
}

void view_layout_rows(struct view *v, const int *weights)
{
	/* Panes with weight 0 get their own lines (plus heading) but leave at least 4 rows to the others;
	 * the rest is shared by weight. */
	int fixed = 0, wsum = 0;
	int hs[VIEW_MAX_PANES] = {0};
	int flexible = 0;
	for (int i = 0; i < v->npanes; i++)
		if (weights[i] > 0) {
			wsum += weights[i];
			flexible++;
		}
	for (int i = 0; i < v->npanes; i++) {
		if (weights[i] > 0)
			continue;
		struct pane *p = &v->panes[i];
		int want = p->doc.n + (p->title ? 1 : 0);
		int cap = v->h - fixed - 4 * flexible;
		if (want > cap)
			want = cap;
		if (want < 1)
			want = 1;
		hs[i] = want;
		fixed += want;
	}
	int rest = v->h - fixed, given = 0, last = -1;
	for (int i = 0; i < v->npanes; i++)
		if (weights[i] > 0) {
			hs[i] = wsum ? rest * weights[i] / wsum : 0;
			given += hs[i];
			last = i;
		}
	if (last >= 0)
		hs[last] += rest - given;
	int y = 0;
	for (int i = 0; i < v->npanes; i++) {
		struct pane *p = &v->panes[i];
		p->x = 0;
		p->y = y;
		p->w = v->w;
		p->h = hs[i] < 0 ? 0 : hs[i];
		if (y + p->h > v->h)
			p->h = v->h - y < 0 ? 0 : v->h - y;
		y += p->h;
	}
}

void view_layout_columns(struct view *v)
{
	int n = v->npanes;
	int x = 0;
	for (int i = 0; i < n; i++) {
		struct pane *p = &v->panes[i];
		int w = (v->w - (n - 1)) / n;
		if (i == n - 1)
			w = v->w - x;
		p->x = x;
		p->y = 0;
		p->w = w;
		p->h = v->h;
		x += w + 1;
	}
}

struct pane *view_focused(struct view *v)
{
	return &v->panes[v->focus];
}
