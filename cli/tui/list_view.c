/* list_view.c - the findings list: kind, summary, where, how many times seen; sorting, filtering
 * by kind. Enter opens the view that fits the finding.
 *
 * Panes: 0 the list (item = finding index); 1, when the screen is tall enough, the selected finding
 * as the text report prints it (report_format_finding(): the same words, by construction).
 */
#include "tui/list_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_describe.h"
#include "report_text.h"
#include "tui/cycle_view.h"
#include "tui/race_view.h"
#include "tui/stacks_view.h"
#include "tui/timeline_view.h"
#include "tui/tui.h"

#define SORTS(X)                      \
	X(ORDER, "report order")      \
	X(KIND, "kind")               \
	X(BY_COUNT, "count")             \
	X(LOCATION, "location")

enum sort {
#define X(e, name) SORT_##e,
	SORTS(X)
#undef X
	SORT_NSORTS
};

static const char *const sort_names[] = {
#define X(e, name) name,
	SORTS(X)
#undef X
};

struct list_priv {
	int sort;
	int filter; /* -1: every kind, else an enum report_kind */
};

/* The kind column: the kind's title (report.h), or a short word when the screen is narrow, so the
 * summary keeps room. */
static const char *kind_label(enum report_kind k, bool narrow)
{
	static const char *const short_names[REPORT_KIND_COUNT] = {
		[REPORT_DATA_RACE] = "race",
		[REPORT_LOCK_ORDER_INVERSION] = "inversion",
		[REPORT_DEADLOCK] = "deadlock",
		[REPORT_API_MISUSE] = "misuse",
	};
	if (narrow && (unsigned)k < REPORT_KIND_COUNT && short_names[k])
		return short_names[k];
	return report_kind_title(k);
}

static enum style kind_style(enum report_kind k)
{
	switch (k) {
	case REPORT_DATA_RACE:
		return STYLE_RACE;
	case REPORT_LOCK_ORDER_INVERSION:
		return STYLE_INVERSION;
	case REPORT_DEADLOCK:
		return STYLE_DEADLOCK;
	default:
		return STYLE_MISUSE;
	}
}

struct sorting {
	const struct report *r;
	int by;
};

/* Order of two findings (indexes) for qsort_r; ties keep the report's order. */
static int compare(const void *pa, const void *pb, void *arg)
{
	const struct sorting *so = arg;
	int a = *(const int *)pa, b = *(const int *)pb;
	const struct report_finding *fa = &so->r->findings[a], *fb = &so->r->findings[b];
	int d = 0;
	if (so->by == SORT_KIND) {
		d = (int)fa->kind - (int)fb->kind;
	} else if (so->by == SORT_BY_COUNT) {
		d = fa->count < fb->count ? 1 : fa->count > fb->count ? -1 : 0;
	} else if (so->by == SORT_LOCATION) {
		char la[512], lb[512];
		d = strcmp(report_describe_location(fa, la, sizeof la), report_describe_location(fb, lb, sizeof lb));
	}
	return d ? d : a - b;
}

/* The preview: the selected finding in the text report's words, without the thread list. */
static void build_preview(struct view *v)
{
	struct pane *p = &v->panes[1];
	const struct report *r = tui_report(v->tui);
	const struct tline *sel = pane_selected(&v->panes[0]);
	doc_clear(&p->doc);
	p->top = 0;
	p->left = 0;
	p->sel = -1;
	if (!sel) {
		pane_set_title(p, "Finding");
		return;
	}
	pane_set_title(p, "Finding #%d, as in the text report (Tab to scroll, Enter to open)", sel->item + 1);
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return;
	report_format_finding(r, (size_t)sel->item, mem, REPORT_TEXT_NO_THREADS);
	fclose(mem);
	for (char *s = text; s && *s;) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = 0;
		struct tline *l = doc_add(&p->doc, -1, 0);
		line_add(l, s == text ? STYLE_HEADER : STYLE_NORMAL, "%s", s);
		s = nl ? nl + 1 : s + strlen(s);
	}
	free(text);
	/* Drop the blank line that ends a finding in the text report. */
	while (p->doc.n > 0 && line_width(&p->doc.lines[p->doc.n - 1]) == 0) {
		struct tline *last = &p->doc.lines[p->doc.n - 1];
		for (int k = 0; k < last->nsegs; k++)
			free(last->segs[k].text);
		free(last->segs);
		p->doc.n--;
	}
}

static void build(struct view *v)
{
	struct list_priv *lp = v->priv;
	struct tui *t = v->tui;
	const struct report *r = tui_report(t);
	struct pane *p = &v->panes[0];
	int keep = pane_selected(p) ? pane_selected(p)->item : -1;
	doc_clear(&p->doc);

	int *order = calloc(r->nfindings + 1, sizeof *order);
	if (!order)
		abort();
	int n = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (lp->filter < 0 || (int)r->findings[i].kind == lp->filter)
			order[n++] = (int)i;
	struct sorting so = {r, lp->sort};
	qsort_r(order, (size_t)n, sizeof *order, compare, &so);

	/* Columns: number, kind, summary (takes the rest), where, count. */
	char buf[512];
	int numw = snprintf(buf, sizeof buf, "%zu", r->nfindings);
	if (numw < 1)
		numw = 1;
	int kindw = 4, wherew = 5, countw = 5;
	bool narrow = v->w < 120;
	for (int k = 0; k < n; k++) {
		const struct report_finding *f = &r->findings[order[k]];
		int kw = canvas_text_width(kind_label(f->kind, narrow));
		int ww = canvas_text_width(report_describe_location(f, buf, sizeof buf));
		if (kw > kindw)
			kindw = kw;
		if (ww > wherew)
			wherew = ww;
	}
	if (wherew > v->w / 4 + 4)
		wherew = v->w / 4 + 4;
	int sumw = v->w - (numw + 1) - (kindw + 1) - (wherew + 1) - countw;
	if (sumw < 10)
		sumw = 10;
	char head[512];
	snprintf(head, sizeof head, "%*s %-*s %-*s %-*s %*s", numw, "#", kindw, "KIND", sumw, "SUMMARY",
	         wherew, "WHERE", countw - 1, "SEEN");
	free(p->title);
	p->title = strdup(head);
	p->plain_title = true;

	for (int k = 0; k < n; k++) {
		int i = order[k];
		const struct report_finding *f = &r->findings[i];
		struct tline *l = doc_add(&p->doc, i, 0);
		snprintf(buf, sizeof buf, "%*d ", numw, i + 1);
		line_add(l, STYLE_DIM, "%s", buf);
		line_add_cols(l, kind_style(f->kind), kindw, kind_label(f->kind, narrow));
		line_add(l, STYLE_NORMAL, " ");
		line_add_cols(l, STYLE_NORMAL, sumw, f->summary ? f->summary : "(no summary)");
		line_add(l, STYLE_NORMAL, " ");
		line_add_cols(l, STYLE_FUNCTION, wherew, report_describe_location(f, buf, sizeof buf));
		snprintf(buf, sizeof buf, " %*u", countw - 1, f->count);
		line_add(l, STYLE_NORMAL, "%s", buf);
	}
	if (n == 0) {
		struct tline *l = doc_add(&p->doc, -1, 0);
		if (r->nfindings == 0)
			line_add(l, STYLE_NORMAL, "No findings. Press t to see the threads.");
		else
			line_add(l, STYLE_NORMAL, "No findings of this kind. Press F to show every kind.");
	}
	free(order);
	p->sel = -1;
	if (keep < 0 || !pane_select_item(p, keep, -1))
		pane_select(p, 0);
	build_preview(v);
}

/* Below 14 rows the list keeps the whole screen; above, it gets its lines (at most half) and the
 * preview the rest. */
#define LIST_PREVIEW_MIN_ROWS 14

static void layout(struct view *v)
{
	struct pane *p = &v->panes[0], *q = &v->panes[1];
	p->x = p->y = q->x = 0;
	p->w = q->w = v->w;
	if (v->h < LIST_PREVIEW_MIN_ROWS) {
		p->h = v->h;
		q->h = 0;
		v->focus = 0;
	} else {
		p->h = p->doc.n + 1;
		if (p->h > v->h / 2)
			p->h = v->h / 2;
		if (p->h < 3)
			p->h = 3;
		q->y = p->h;
		q->h = v->h - p->h;
	}
	q->y = p->h;
}

static void selected(struct view *v, int pane)
{
	if (pane == 0)
		build_preview(v);
}

void list_view_open_finding(struct tui *t, int i)
{
	const struct report *r = tui_report(t);
	if (i < 0 || (size_t)i >= r->nfindings)
		return;
	const struct report_finding *f = &r->findings[i];
	switch (f->kind) {
	case REPORT_DEADLOCK:
	case REPORT_LOCK_ORDER_INVERSION:
		if (f->ncycle > 0) {
			tui_push(t, cycle_view_new(t, i));
			return;
		}
		break;
	case REPORT_DATA_RACE:
		if (f->naccesses > 0) {
			tui_push(t, race_view_new(t, i));
			return;
		}
		break;
	default:
		break;
	}
	tui_push(t, stacks_view_new(t, i));
}

/* The next kind present in the report after `from` (-1 = every kind). */
static int next_filter(const struct report *r, int from)
{
	unsigned counts[REPORT_KIND_COUNT];
	report_count_kinds(r, counts);
	for (int k = from + 1; k < REPORT_KIND_COUNT; k++)
		if (counts[k])
			return k;
	return -1;
}

static unsigned request(struct view *v, enum request req)
{
	struct list_priv *lp = v->priv;
	struct tui *t = v->tui;
	const struct tline *l = pane_selected(&v->panes[0]);
	switch (req) {
	case REQ_ENTER:
		if (l)
			list_view_open_finding(t, l->item);
		return TUI_REDRAW;
	case REQ_VIEW_STACKS:
		if (l)
			tui_push(t, stacks_view_new(t, l->item));
		return TUI_REDRAW;
	case REQ_VIEW_TIMELINE:
		tui_push(t, timeline_view_new(t, l ? l->item : -1));
		return TUI_REDRAW;
	case REQ_SORT:
		lp->sort = (lp->sort + 1) % SORT_NSORTS;
		view_resize(v, v->w, v->h); /* rebuild and place the panes again */
		tui_message(t, STYLE_MESSAGE, "sorted by %s", sort_names[lp->sort]);
		return TUI_REDRAW;
	case REQ_FILTER:
		lp->filter = next_filter(tui_report(t), lp->filter);
		view_resize(v, v->w, v->h);
		if (lp->filter < 0)
			tui_message(t, STYLE_MESSAGE, "showing every kind");
		else
			tui_message(t, STYLE_MESSAGE, "showing only: %s", report_kind_title(lp->filter));
		return TUI_REDRAW;
	case REQ_FILTER_ALL:
		lp->filter = -1;
		view_resize(v, v->w, v->h); /* rebuild and place the panes again */
		tui_message(t, STYLE_MESSAGE, "showing every kind");
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static void status(const struct view *v, char *buf, size_t len)
{
	const struct list_priv *lp = v->priv;
	snprintf(buf, len, "sort: %s  kind: %s", sort_names[lp->sort],
	         lp->filter < 0 ? "all" : report_kind_title(lp->filter));
}

static void list_free(struct view *v)
{
	free(v->priv);
}

static const struct view_ops list_ops = {
	.name = "findings",
	.build = build,
	.layout = layout,
	.request = request,
	.selected = selected,
	.status = status,
	.free = list_free,
};

struct view *list_view_new(struct tui *t)
{
	struct list_priv *lp = calloc(1, sizeof *lp);
	if (!lp)
		abort();
	lp->filter = -1;
	struct view *v = view_new(t, &list_ops, 2, lp);
	const struct report *r = tui_report(t);
	const char *prog = r->program ? report_describe_basename(r->program) : "unknown program";
	view_set_title(v, "weft view %s: %s (pid %ld), %zu finding%s", tui_report_path(t), prog, r->pid,
	               r->nfindings, r->nfindings == 1 ? "" : "s");
	return v;
}
