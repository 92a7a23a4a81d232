/* replay.c - `weft replay [options] SCHEDULE [-- PROGRAM ARGS]`: run a program once under a schedule
 * file saved by `weft explore` (docs/schedule-format.md), strictly: the same interleaving, the same
 * failure, the same output. PROGRAM ARGS default to those in the file; given ones must match it.
 *
 * Exit status: 66 when the run fails (the failure was reproduced), 0 when it passes, 2 on a usage
 * error, a program or arguments that do not match the file, or a run that diverged from it.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "explore.h"
#include "launch.h"
#include "report.h"
#include "schedule.h"

static void replay_usage(FILE *out)
{
	fprintf(out,
		"usage: weft replay [options] SCHEDULE [--] [PROGRAM ARGS...]\n"
		"\n"
		"Runs the program once under SCHEDULE (saved by 'weft explore'): the same interleaving,\n"
		"failure and output. PROGRAM and ARGS default to those recorded in the file.\n"
		"\n"
		"options:\n"
		"  --json FILE         JSON report of the run, with \"runs\" and \"failure\"\n"
		"  --format FMT        also write the report as text, json, sarif, junit or dot\n"
		"  --output FILE       where --format writes (default: stdout)\n"
		"  --expect-exit N     exit status of a passing run (default 0)\n"
		"  --timeout-ms N      a run longer than this is a failure (default 10000)\n"
		"  --quiet             no text report\n"
		"  -h, --help          this text\n"
		"\n"
		"exit status: 66 when the run fails, 0 when it passes, 2 on a usage error, a mismatch\n"
		"between the file and the program, or a run that diverged from the schedule.\n");
}

int cmd_replay(int argc, char **argv)
{
	const char *json = NULL, *file = NULL;
	struct explore_format fmt = {.format = -1};
	bool quiet = false;
	long expect_exit = 0, timeout_ms = 10000;
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			replay_usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			quiet = true;
		} else if (!strcmp(a, "--format") || !strcmp(a, "--output")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "weft replay: option '%s' needs a value (try 'weft replay --help')\n", a);
				return WEFT_EXIT_USAGE;
			}
			if (explore_format_option("replay", a, argv[++i], &fmt) < 0)
				return WEFT_EXIT_USAGE;
		} else if (!strcmp(a, "--json") || !strcmp(a, "--expect-exit") || !strcmp(a, "--timeout-ms")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "weft replay: option '%s' needs a value (try 'weft replay --help')\n", a);
				return WEFT_EXIT_USAGE;
			}
			const char *v = argv[++i];
			if (!strcmp(a, "--json"))
				json = v;
			else if (!strcmp(a, "--expect-exit"))
				expect_exit = strtol(v, NULL, 10);
			else
				timeout_ms = strtol(v, NULL, 10);
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "weft replay: unknown option '%s' (try 'weft replay --help')\n", a);
			return WEFT_EXIT_USAGE;
		} else if (!file) {
			file = a;
		} else {
			break;
		}
	}
	if (!file) {
		fprintf(stderr, "weft replay: no schedule file (try 'weft replay --help')\n");
		return WEFT_EXIT_USAGE;
	}
	struct schedule s;
	char err[1024];
	if (schedule_read(file, &s, err, sizeof err) < 0) {
		fprintf(stderr, "weft replay: %s\n", err);
		return WEFT_EXIT_USAGE;
	}
	char **pargv = i < argc ? argv + i : s.argv;
	/* the program and arguments must be those the schedule was recorded with */
	char given[PATH_MAX], want[PATH_MAX];
	int rc = launch_resolve_program("replay", pargv[0], given, sizeof given);
	if (rc) {
		schedule_free(&s);
		return rc;
	}
	if (!realpath(given, want) || !realpath(s.program, given) || strcmp(want, given) != 0) {
		fprintf(stderr, "weft replay: %s was recorded for the program %s, not %s\n", file, s.program, pargv[0]);
		schedule_free(&s);
		return WEFT_EXIT_USAGE;
	}
	size_t n = 0;
	while (pargv[n])
		n++;
	bool same = n == s.argc;
	for (size_t k = 1; same && k < n; k++)
		same = strcmp(pargv[k], s.argv[k]) == 0;
	if (!same) {
		fprintf(stderr, "weft replay: %s was recorded with other arguments:", file);
		for (size_t k = 1; k < s.argc; k++)
			fprintf(stderr, " %s", s.argv[k]);
		fprintf(stderr, "%s\n", s.argc > 1 ? "" : " (none)");
		schedule_free(&s);
		return WEFT_EXIT_USAGE;
	}
	signal(SIGPIPE, SIG_IGN);
	struct xserver sv;
	char prog[PATH_MAX];
	rc = xserver_start(&sv, "replay", pargv, prog, sizeof prog);
	if (rc) {
		schedule_free(&s);
		return rc;
	}
	struct xresult r;
	struct report *rep = NULL;
	int status;
	if (explore_report_run(&sv, prog, pargv, s.decisions, s.n, (uint32_t)timeout_ms, &r, &rep) < 0) {
		xserver_stop(&sv);
		schedule_free(&s);
		return WEFT_EXIT_USAGE;
	}
	xserver_stop(&sv);
	const char *kind = xresult_failure(&r, (int)expect_exit, 0);
	rep->explored = true;
	rep->runs = 1;
	if (!kind) {   /* a passing run: no failure (the runtime may have written its preemptions) */
		struct report_failure *none = report_xcalloc(1, sizeof *none);
		explore_set_failure(rep, none);
		free(rep->failure);
		rep->failure = NULL;
	}
	if (kind) {
		explore_set_failure(rep, explore_failure(kind, &r, s.run, s.seed, s.strategy, file));
	}
	if (kind && !strcmp(kind, "diverged")) {
		fprintf(stderr, "weft replay: %s: %s (the program or its inputs changed since the schedule was recorded)\n",
			file, r.res.summary);
		status = WEFT_EXIT_USAGE;
	} else {
		status = kind ? 66 : 0;
		if (!quiet) {
			explore_print(rep, prog, "replay");
			if (s.failure && (!kind || strcmp(kind, s.failure) != 0))
				fprintf(stderr, "weft replay: note: the schedule was saved for a %s failure\n", s.failure);
		}
	}
	if (json && explore_write_json(rep, json, "replay") < 0 && status == 0)
		status = WEFT_EXIT_USAGE;
	if (explore_write_format(rep, &fmt, "replay") < 0 && status == 0)
		status = WEFT_EXIT_USAGE;
	free(r.steps);
	report_free(rep);
	schedule_free(&s);
	return status;
}
