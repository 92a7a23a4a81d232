/* script.c - scripted keys on a virtual screen (see script.h). No curses here: it drives the same
 * model (tui.c) as the screen manager and dumps the same canvas the terminal would show. */
#include "tui/script.h"

#include <stdlib.h>
#include <string.h>

#include "tui/canvas.h"
#include "tui/keys.h"

/* Script events beyond keys. */
enum { EV_DUMP = -2, EV_RESIZE = -3 };

struct event {
	int key; /* a key, EV_DUMP or EV_RESIZE */
	int w, h;
};

int script_parse_size(const char *s, int *w, int *h)
{
	char *end;
	long a = strtol(s, &end, 10);
	if (end == s || (*end != 'x' && *end != 'X'))
		return -1;
	const char *s2 = end + 1;
	long b = strtol(s2, &end, 10);
	if (end == s2 || *end || a < 1 || b < 1 || a > 1000 || b > 1000)
		return -1;
	*w = (int)a;
	*h = (int)b;
	return 0;
}

static int parse(const char *script, struct event **out, size_t *nout, char *err, size_t errlen)
{
	size_t n = 0, cap = strlen(script) + 1;
	struct event *ev = calloc(cap, sizeof *ev);
	if (!ev)
		abort();
	for (const char *s = script; *s;) {
		struct event e = {0, 0, 0};
		if (*s == '<') {
			const char *close = strchr(s, '>');
			if (!close) {
				snprintf(err, errlen, "script: '<' without '>' at \"%.20s\"", s);
				free(ev);
				return -1;
			}
			const char *name = s + 1;
			size_t len = (size_t)(close - name);
			char arg[64];
			if (len == 4 && strncmp(name, "dump", 4) == 0) {
				e.key = EV_DUMP;
			} else if (len > 7 && (strncmp(name, "resize ", 7) == 0 || strncmp(name, "resize=", 7) == 0) &&
			           len - 7 < sizeof arg) {
				snprintf(arg, sizeof arg, "%.*s", (int)(len - 7), name + 7);
				if (script_parse_size(arg, &e.w, &e.h) < 0) {
					snprintf(err, errlen, "script: bad size in <%.*s>", (int)len, name);
					free(ev);
					return -1;
				}
				e.key = EV_RESIZE;
			} else {
				e.key = keys_parse_name(name, len);
				if (e.key < 0) {
					snprintf(err, errlen, "script: unknown key <%.*s>", (int)len, name);
					free(ev);
					return -1;
				}
			}
			s = close + 1;
		} else {
			uint32_t cp;
			s += canvas_utf8_decode(s, strlen(s), &cp);
			e.key = (int)cp;
		}
		ev[n++] = e;
	}
	*out = ev;
	*nout = n;
	return 0;
}

static void dump(struct tui *t, struct canvas *c, int w, int h, bool attrs, FILE *out)
{
	tui_render(t, c);
	fprintf(out, "=== %dx%d ===\n", w, h);
	canvas_dump(c, out, attrs);
}

int script_run(const struct report *r, const struct tui_options *opt, const char *script, int w, int h,
               bool attrs, FILE *out, char *err, size_t errlen)
{
	struct event *ev;
	size_t n;
	if (parse(script ? script : "", &ev, &n, err, errlen) < 0)
		return -1;
	struct tui *t = tui_new(r, opt);
	struct canvas c = {0, 0, NULL};
	tui_resize(t, w, h);
	for (size_t i = 0; i < n; i++) {
		if (ev[i].key == EV_DUMP) {
			dump(t, &c, w, h, attrs, out);
		} else if (ev[i].key == EV_RESIZE) {
			w = ev[i].w;
			h = ev[i].h;
			tui_resize(t, w, h);
		} else if (tui_key(t, ev[i].key) & TUI_QUIT) {
			break;
		}
	}
	dump(t, &c, w, h, attrs, out);
	canvas_free(&c);
	tui_free(t);
	free(ev);
	return 0;
}
