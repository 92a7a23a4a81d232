/* frames.c - stacks and wrapped text as document lines (see frames.h). */
#include "tui/frames.h"

#include <stdio.h>
#include <string.h>

#include "report_describe.h"

void frames_add(struct doc *d, const struct report_stack *s, int item, bool short_paths)
{
	if (!s || s->nframes == 0) {
		struct tline *l = doc_add(d, -1, 0);
		line_add(l, STYLE_DIM, "  (no frames captured)");
	}
	for (size_t i = 0; s && i < s->nframes; i++) {
		/* The frame and the one before it (for inlined callers), the file shortened if asked. */
		struct report_frame two[2] = {i ? s->frames[i - 1] : s->frames[i], s->frames[i]};
		if (short_paths && two[1].file) {
			/* Narrow panes: file by its last component, and no code address when there is a line. */
			two[1].file = (char *)report_describe_basename(two[1].file);
			two[1].module = NULL;
			two[1].pc = two[1].offset = 0;
			two[0].inlined = false;
		}
		struct report_stack one = {.nframes = 2, .frames = two};
		char text[1024];
		report_describe_frame(&one, 1, text, sizeof text);
		struct tline *l = doc_add(d, item, (int)i);
		line_add(l, STYLE_DIM, "#%zu ", i);
		l->fixed = 1;
		/* The function in bold, the rest as report_describe_frame() wrote it. */
		size_t fn = two[1].function ? strlen(two[1].function) : 2;
		if (fn > strlen(text))
			fn = strlen(text);
		line_add(l, STYLE_FUNCTION, "%.*s", (int)fn, text);
		line_add(l, STYLE_NORMAL, "%s", text + fn);
	}
	if (s && s->note) {
		struct tline *l = doc_add(d, -1, 0);
		line_add(l, STYLE_DIM, "    (%s)", s->note);
	}
}

bool frames_select_user(struct pane *p, const struct report_stack *s, int item)
{
	const struct report_frame *f = report_describe_user_frame(s);
	return f && pane_select_item(p, item, (int)(f - s->frames));
}

void frames_add_wrapped(struct doc *d, enum style st, const char *text, int width, int indent)
{
	if (width < indent + 10)
		width = indent + 10;
	const char *s = text;
	int first = 1;
	while (*s) {
		int avail = width - (first ? 0 : indent);
		/* Find the longest prefix of at most avail columns ending at a space (or cut hard). */
		const char *p = s, *brk = NULL;
		int cols = 0;
		while (*p && cols < avail) {
			uint32_t cp;
			if (*p == ' ')
				brk = p;
			p += canvas_utf8_decode(p, strlen(p), &cp);
			cols++;
		}
		const char *end = *p == 0 ? p : (*p == ' ' ? p : (brk && brk > s ? brk : p));
		struct tline *l = doc_add(d, -1, 0);
		line_add(l, st, "%*s%.*s", first ? 0 : indent, "", (int)(end - s), s);
		s = end;
		while (*s == ' ')
			s++;
		first = 0;
	}
	if (!*text)
		doc_add(d, -1, 0);
}
