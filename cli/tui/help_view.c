/* help_view.c - the keys, listed from request.def so the help cannot miss one. One pane, nothing
 * to select: it scrolls. */
#include "tui/help_view.h"

#include <stdio.h>
#include <string.h>

#include "tui/tui.h"

/* Width of the keys column: wide enough for "Backspace, Esc, Left". */
#define HELP_KEYS_W 22

struct help_build {
	struct doc *d;
};

static void add_entry(void *arg, const char *group, enum request req)
{
	struct help_build *hb = arg;
	struct tline *l;
	if (group) {
		if (hb->d->n > 0)
			doc_add(hb->d, -1, 0);
		l = doc_add(hb->d, -1, 0);
		line_add(l, STYLE_HEADER, "%s", group);
		return;
	}
	char keys[128];
	request_keys(req, keys, sizeof keys);
	l = doc_add(hb->d, -1, 0);
	line_add(l, STYLE_NORMAL, "  ");
	line_add_cols(l, STYLE_FUNCTION, HELP_KEYS_W, keys);
	line_add(l, STYLE_NORMAL, " %s", request_help(req));
}

static void build(struct view *v)
{
	struct pane *p = &v->panes[0];
	int top = p->top;
	doc_clear(&p->doc);
	struct help_build hb = {&p->doc};
	request_foreach(add_entry, &hb);
	static const char *const notes[] = {
		"",
		"In the search prompt: Enter searches, Esc cancels, Backspace deletes, ^U clears.",
		"Views: findings list -> finding (cycle, race or stacks) -> source.",
		"In a cycle, select a step to see its two stacks; Enter goes into them.",
		"Enter on a frame opens its source file at that line.",
	};
	for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
		struct tline *l = doc_add(&p->doc, -1, 0);
		line_add(l, STYLE_DIM, "%s", notes[i]);
	}
	p->sel = -1;
	p->top = top;
}

static unsigned request(struct view *v, enum request req)
{
	if (req == REQ_VIEW_HELP)
		return TUI_REDRAW; /* already here */
	return TUI_UNHANDLED;
}

static const struct view_ops help_ops = {
	.name = "help",
	.build = build,
	.request = request,
};

struct view *help_view_new(struct tui *t)
{
	struct view *top = tui_top(t);
	if (top && top->ops == &help_ops)
		return NULL;
	struct view *v = view_new(t, &help_ops, 1, NULL);
	view_set_title(v, "Help: keys of weft view (Backspace or Esc goes back)");
	return v;
}
