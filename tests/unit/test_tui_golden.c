/* test_tui_golden.c - the viewer's screens, compared with golden files.
 *
 * Reads tests/tui/cases (one case a line: name | report | size | options | keys), runs the viewer
 * on each fixture report with the scripted keys on a virtual screen (cli/tui/script.c, the same code
 * as `weft view --script`), and compares the text dump with tests/tui/NAME.golden. Run from the top
 * of the tree (as tests/run-all does). WEFT_UPDATE_GOLDEN=1 writes the golden files instead.
 * Prints PASS/FAIL lines; exits 1 if any case failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "tui/script.h"

#define DIR "tests/tui/"

static int failures;

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		s[--n] = 0;
	return s;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0, k;
	char chunk[8192];
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (n + k + 1 > cap) {
			cap = (n + k + 1) * 2;
			buf = realloc(buf, cap);
		}
		memcpy(buf + n, chunk, k);
		n += k;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	buf[n] = 0;
	*len = n;
	return buf;
}

/* The first line where a and b differ, for the FAIL message. */
static void first_difference(const char *a, const char *b, char *out, size_t len)
{
	int line = 1;
	while (*a && *b) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		size_t la = ea ? (size_t)(ea - a) : strlen(a), lb = eb ? (size_t)(eb - b) : strlen(b);
		if (la != lb || memcmp(a, b, la) != 0) {
			snprintf(out, len, "line %d: got \"%.*s\", want \"%.*s\"", line, (int)la, a, (int)lb, b);
			return;
		}
		a += la + (ea ? 1 : 0);
		b += lb + (eb ? 1 : 0);
		line++;
	}
	snprintf(out, len, "line %d: one output ends early", line);
}

static void run_case(char *name, char *report, char *size, char *options, char *keys, bool update)
{
	char path[512], golden[512], err[512], tname[600];
	snprintf(tname, sizeof tname, "golden %s", name);
	snprintf(path, sizeof path, DIR "%s", report);
	snprintf(golden, sizeof golden, DIR "%s.golden", name);
	int w, h;
	if (script_parse_size(size, &w, &h) < 0) {
		printf("FAIL %s: bad size '%s' in the cases file\n", tname, size);
		failures++;
		return;
	}
	struct report *r = NULL;
	if (report_read_json_file(path, &r, err, sizeof err) < 0) {
		printf("FAIL %s: cannot read %s: %s\n", tname, path, err);
		failures++;
		return;
	}
	struct tui_options opt = {.report_path = path, .ascii = strstr(options, "ascii") != NULL};
	char *out = NULL;
	size_t outlen = 0;
	FILE *mem = open_memstream(&out, &outlen);
	int st = script_run(r, &opt, keys, w, h, strstr(options, "attrs") != NULL, mem, err, sizeof err);
	fclose(mem);
	report_free(r);
	if (st < 0) {
		printf("FAIL %s: %s\n", tname, err);
		failures++;
		free(out);
		return;
	}
	if (update) {
		FILE *g = fopen(golden, "w");
		if (!g || fwrite(out, 1, outlen, g) != outlen) {
			printf("FAIL %s: cannot write %s\n", tname, golden);
			failures++;
		} else {
			printf("PASS %s (golden file written)\n", tname);
		}
		if (g)
			fclose(g);
		free(out);
		return;
	}
	size_t glen;
	char *want = slurp(golden, &glen);
	if (!want) {
		printf("FAIL %s: no golden file %s (WEFT_UPDATE_GOLDEN=1 writes it)\n", tname, golden);
		failures++;
	} else if (glen != outlen || memcmp(want, out, outlen) != 0) {
		char diff[1024];
		first_difference(out, want, diff, sizeof diff);
		printf("FAIL %s: screen differs from %s: %s\n", tname, golden, diff);
		failures++;
	} else {
		printf("PASS %s\n", tname);
	}
	free(want);
	free(out);
}

int main(void)
{
	bool update = getenv("WEFT_UPDATE_GOLDEN") && strcmp(getenv("WEFT_UPDATE_GOLDEN"), "1") == 0;
	FILE *cases = fopen(DIR "cases", "r");
	if (!cases) {
		printf("FAIL golden: cannot open " DIR "cases (run from the top of the source tree)\n");
		return 1;
	}
	char line[2048];
	int n = 0;
	while (fgets(line, sizeof line, cases)) {
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *field[5] = {0};
		for (int i = 0; i < 5; i++) {
			field[i] = s;
			char *bar = i < 4 ? strchr(s, '|') : NULL;
			if (bar) {
				*bar = 0;
				s = bar + 1;
			} else {
				s += strlen(s);
			}
		}
		for (int i = 0; i < 5; i++)
			field[i] = trim(field[i] ? field[i] : s);
		run_case(field[0], field[1], field[2], field[3], field[4], update);
		n++;
	}
	fclose(cases);
	if (n == 0) {
		printf("FAIL golden: no cases in " DIR "cases\n");
		return 1;
	}
	return failures ? 1 : 0;
}
