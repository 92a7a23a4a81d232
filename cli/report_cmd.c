/* report_cmd.c - `weft report REPORT.json... [--format FMT] [--output FILE]`: format JSON reports
 * written by `weft run --json` (or by the runtime alone) as text, json, sarif, junit or dot.
 *
 * Several files are taken as the reports of one run (the main process first, then forked ones).
 * A file that cannot be read, is not a weft report, is truncated or corrupt gives one line naming
 * the file and the problem, and exit status 2; nothing is written then.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "output.h"
#include "report.h"
#include "report_text.h"

static void report_usage(FILE *out)
{
	fprintf(out,
		"usage: weft report [options] REPORT.json [REPORT.PID.json...]\n"
		"\n"
		"Formats JSON reports written by 'weft run --json'. Several files are the reports of one run\n"
		"(the main process first).\n"
		"\n"
		"options:\n"
		"  --format FMT     " OUTPUT_FORMAT_LIST " (default: text, or from --output's extension)\n"
		"  --output FILE    write there instead of stdout\n"
		"  --color WHEN     colour the text format: auto (default), always or never\n"
		"  --brief          text format: one line per finding and the summary\n"
		"  -h, --help       this text\n"
		"\n"
		"exit status: 0 when the report was formatted (whatever it contains), 2 on a usage error or\n"
		"a file that cannot be read or is not a valid weft report.\n");
}

static int report_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int report_error(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "weft report: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return WEFT_EXIT_USAGE;
}

int cmd_report(int argc, char **argv)
{
	int format = -1;
	const char *output = NULL;
	const char *color = "auto";
	bool brief = false;
	const char **files = calloc((size_t)argc + 1, sizeof *files);
	size_t nfiles = 0;
	bool only_files = false;
	if (!files)
		return report_error("out of memory");
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
			files[nfiles++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_files = true;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			report_usage(stdout);
			goto out;
		}
		const char *val = NULL;
		char name[32];
		const char *eq = strchr(a, '=');
		if (eq && (size_t)(eq - a) < sizeof name) {
			memcpy(name, a, (size_t)(eq - a));
			name[eq - a] = 0;
			val = eq + 1;
		} else {
			snprintf(name, sizeof name, "%s", a);
		}
		bool needs = strcmp(name, "--format") == 0 || strcmp(name, "--output") == 0 || strcmp(name, "--color") == 0;
		if (needs && !val) {
			if (i + 1 >= argc) {
				rc = report_error("option '%s' needs a value (try 'weft report --help')", name);
				goto out;
			}
			val = argv[++i];
		}
		if (strcmp(name, "--format") == 0) {
			format = output_format_from_name(val);
			if (format < 0) {
				rc = report_error("unknown format '%s' (formats: " OUTPUT_FORMAT_LIST ")", val);
				goto out;
			}
		} else if (strcmp(name, "--output") == 0) {
			if (!*val) {
				rc = report_error("--output needs a file name (try 'weft report --help')");
				goto out;
			}
			output = val;
		} else if (strcmp(name, "--color") == 0 || strcmp(name, "--colour") == 0) {
			if (strcmp(val, "auto") && strcmp(val, "always") && strcmp(val, "never")) {
				rc = report_error("--color takes auto, always or never, not '%s'", val);
				goto out;
			}
			color = val;
		} else if (strcmp(a, "--brief") == 0) {
			brief = true;
		} else {
			rc = report_error("unknown option '%s' (try 'weft report --help')", a);
			goto out;
		}
	}
	if (!nfiles) {
		rc = report_error("no report file given (try 'weft report --help')");
		goto out;
	}
	if (format < 0)
		format = output ? (int)output_format_from_path(output) : OUTPUT_TEXT;

	struct report **reps = calloc(nfiles, sizeof *reps);
	size_t nreps = 0;
	char err[600];
	for (size_t i = 0; reps && i < nfiles; i++) {
		const char *path = strcmp(files[i], "-") == 0 ? "/dev/stdin" : files[i];
		if (report_read_json_file(path, &reps[nreps], err, sizeof err) < 0) {
			rc = report_error("%s", err);
			break;
		}
		nreps++;
	}
	if (!reps) {
		rc = report_error("out of memory");
	} else if (rc == 0) {
		bool to_tty = !output || strcmp(output, "-") == 0 ? isatty(1) : false;
		const char *term = getenv("TERM");
		bool col = strcmp(color, "always") == 0 ||
			   (strcmp(color, "auto") == 0 && to_tty && !getenv("NO_COLOR") && term && strcmp(term, "dumb") != 0);
		unsigned flags = (col ? REPORT_TEXT_COLOR : 0) | (brief ? REPORT_TEXT_BRIEF : 0);
		if (format == OUTPUT_JSON && nreps > 1)
			fprintf(stderr, "weft report: the json format holds one report; writing the first (%s)\n", files[0]);
		if (output_write((enum output_format)format, reps, nreps, output, flags, err, sizeof err) < 0)
			rc = report_error("%s", err);
	}
	for (size_t i = 0; reps && i < nreps; i++)
		report_free(reps[i]);
	free(reps);
out:
	free(files);
	return rc;
}
