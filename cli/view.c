/* view.c - `weft view REPORT.json`: the full-screen viewer of a JSON report (cli/tui/).
 *
 * Decides how to show the report: the viewer on a terminal; the text report (report_format_text)
 * when there is no terminal or TERM=dumb, after saying so in one line on stderr; a text dump of a
 * virtual screen for scripted keys (--script, for tests). Exit status: 0 shown; 2 usage error or a
 * report that cannot be read (one line naming the problem).
 */
#include <dirent.h>
#include <libgen.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "report.h"
#include "report_text.h"
#include "tui/screen.h"
#include "tui/script.h"
#include "tui/tui.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: weft view [--ascii] [--trace FILE] REPORT.json|EXPLORE-DIR\n"
	        "\n"
	        "Browse a weft JSON report in the terminal: the findings, each deadlock or lock-order\n"
	        "inversion as a diagram with its scenario, each data race as its two accesses, the\n"
	        "stacks and their source lines, the threads. Press ? in the viewer for the keys.\n"
	        "Without a terminal (or with TERM=dumb) it prints the text report instead.\n"
	        "Given a 'weft explore --out' directory, it opens the failing run's schedule (one lane\n"
	        "per thread, one row per step) over its report; x shows the schedule of an explored\n"
	        "report.\n"
	        "\n"
	        "  --ascii        draw with ASCII characters only\n"
	        "  --trace FILE   the happens-before trace to draw as a timeline (T); default: the\n"
	        "                 report's \"trace\" (weft run --trace)\n");
}

/* Is there a terminal to run the viewer on? If not, why not (for the one-line notice). */
static const char *no_terminal_reason(void)
{
	const char *term = getenv("TERM");
	if (!isatty(STDOUT_FILENO))
		return "standard output is not a terminal";
	if (!isatty(STDIN_FILENO))
		return "standard input is not a terminal";
	if (!term || !*term)
		return "TERM is not set";
	if (strcmp(term, "dumb") == 0)
		return "TERM=dumb";
	return NULL;
}

static int text_fallback(const struct report *r, const char *why)
{
	fprintf(stderr, "weft view: %s; printing the text report instead\n", why);
	fflush(stderr);
	return report_format_text(r, stdout, 0) < 0 ? WEFT_EXIT_USAGE : 0;
}

/* In a `weft explore --out` directory: the newest file whose name ends with suffix (NULL if none),
 * skipping *.json files that are not reports of an explored run when want_report. */
static char *newest_in(const char *dir, const char *suffix, bool want_report)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char *best = NULL;
	struct timespec bt = {0, 0};
	struct dirent *e;
	size_t sl = strlen(suffix);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n <= sl || strcmp(e->d_name + n - sl, suffix) != 0)
			continue;
		char *p = NULL;
		struct stat st;
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0)
			abort();
		bool ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
		if (ok && want_report) {
			struct report *r = NULL;
			char err[512];
			ok = report_read_json_file(p, &r, err, sizeof err) == 0 && r->explored;
			report_free(r);
		}
		if (ok && (!best || st.st_mtim.tv_sec > bt.tv_sec ||
		           (st.st_mtim.tv_sec == bt.tv_sec && st.st_mtim.tv_nsec > bt.tv_nsec))) {
			free(best);
			best = p;
			bt = st.st_mtim;
		} else {
			free(p);
		}
	}
	closedir(d);
	return best;
}

int cmd_view(int argc, char **argv)
{
	const char *path = NULL, *script = NULL, *size = "80x24", *trace = NULL;
	bool ascii = false, attrs = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--ascii") == 0) {
			ascii = true;
		} else if (strcmp(a, "--trace") == 0 && i + 1 < argc) {
			trace = argv[++i];
		} else if (strcmp(a, "--script") == 0 && i + 1 < argc) {
			/* Hidden, for tests: keys to play on a virtual screen, dumped as text. */
			script = argv[++i];
		} else if (strcmp(a, "--size") == 0 && i + 1 < argc) {
			size = argv[++i];
		} else if (strcmp(a, "--dump-attrs") == 0) {
			attrs = true;
		} else if (strcmp(a, "--") == 0 && i + 1 < argc && !path) {
			path = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "weft view: unknown option '%s' (try 'weft view --help')\n", a);
			return WEFT_EXIT_USAGE;
		} else if (!path) {
			path = a;
		} else {
			fprintf(stderr, "weft view: one report at a time ('%s' is one too many)\n", a);
			return WEFT_EXIT_USAGE;
		}
	}
	if (!path) {
		fprintf(stderr, "weft view: which report? usage: weft view REPORT.json\n");
		return WEFT_EXIT_USAGE;
	}
	int w, h;
	if (script_parse_size(size, &w, &h) < 0) {
		fprintf(stderr, "weft view: bad --size '%s' (want WIDTHxHEIGHT, e.g. 80x24)\n", size);
		return WEFT_EXIT_USAGE;
	}

	struct report *r = NULL;
	char err[512];
	char *dir_report = NULL, *dir_schedule = NULL;
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* a `weft explore --out` directory: its report (--json written there) and its schedule */
		dir_report = newest_in(path, ".json", true);
		dir_schedule = newest_in(path, ".schedule", false);
		if (!dir_report && !dir_schedule) {
			fprintf(stderr, "weft view: %s: no report of an explored run and no .schedule file in this directory\n", path);
			return WEFT_EXIT_USAGE;
		}
		if (dir_report) {
			path = dir_report;
		} else {
			/* only the schedule (explore without --json): an empty report around it */
			r = report_new();
			r->explored = true;
			if (asprintf(&dir_report, "%s/report.json", path) < 0)
				abort();
			path = dir_report;
		}
	}
	if (!r && report_read_json_file(path, &r, err, sizeof err) < 0) {
		fprintf(stderr, "weft view: %s\n", err);
		free(dir_report);
		free(dir_schedule);
		return WEFT_EXIT_USAGE;
	}
	/* the report's own schedule when it names one that is there */
	if (dir_schedule && r->failure && r->failure->schedule) {
		free(dir_schedule);
		dir_schedule = NULL;
		char *copy = strdup(path);
		const char *base = strrchr(r->failure->schedule, '/');
		base = base ? base + 1 : r->failure->schedule;
		if (!copy || asprintf(&dir_schedule, "%s/%s", dirname(copy), base) < 0)
			abort();
		free(copy);
		if (access(dir_schedule, F_OK) != 0 && access(r->failure->schedule, F_OK) == 0) {
			free(dir_schedule);
			dir_schedule = strdup(r->failure->schedule);
		}
	}
	struct tui_options opt = {.report_path = path, .ascii = ascii, .trace_path = trace,
	                          .schedule_path = dir_schedule};
	int status = 0;
	if (script) {
		if (script_run(r, &opt, script, w, h, attrs, stdout, err, sizeof err) < 0) {
			fprintf(stderr, "weft view: %s\n", err);
			status = WEFT_EXIT_USAGE;
		}
	} else {
		setlocale(LC_ALL, "");
		const char *why = no_terminal_reason();
		if (why) {
			status = text_fallback(r, why);
		} else if (screen_run(r, &opt, err, sizeof err) < 0) {
			status = text_fallback(r, err);
		}
	}
	report_free(r);
	free(dir_report);
	free(dir_schedule);
	return status;
}
