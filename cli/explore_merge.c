/* explore_merge.c - `weft explore --merge REPORT.json...`: the verdict of one exploration split
 * across CI jobs with --shard I/N. Each shard wrote its JSON report (--json); the merged verdict
 * counts the runs of every shard and fails when any shard failed, naming that shard's failing run
 * (run number, seed, schedule file), so a CI matrix ends with one answer.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "explore.h"
#include "report.h"

static void merge_usage(FILE *out)
{
	fprintf(out,
		"usage: weft explore --merge [--json FILE] [--format FMT] [--output FILE] [--quiet] REPORT.json...\n"
		"\n"
		"Merges the JSON reports of one exploration split with --shard I/N: the runs of every shard\n"
		"are counted, and the merged verdict fails when any shard failed (its failing run is kept).\n"
		"exit status: 66 when a shard failed, 0 when none did, 2 on a usage error or a report that\n"
		"cannot be read or is not a weft explore report.\n");
}

int explore_merge(int argc, char **argv)
{
	const char *json = NULL;
	struct explore_format fmt = {.format = -1};
	bool quiet = false;
	int i = 2; /* argv[0] "explore", argv[1] "--merge" */
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			merge_usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			quiet = true;
			continue;
		}
		if (!strcmp(a, "--json") || !strcmp(a, "--format") || !strcmp(a, "--output")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "weft explore --merge: option '%s' needs a value\n", a);
				return WEFT_EXIT_USAGE;
			}
			const char *v = argv[++i];
			if (!strcmp(a, "--json"))
				json = v;
			else if (explore_format_option("explore", a, v, &fmt) < 0)
				return WEFT_EXIT_USAGE;
			continue;
		}
		if (a[0] == '-' && a[1]) {
			fprintf(stderr, "weft explore --merge: unknown option '%s' (try 'weft explore --merge --help')\n", a);
			return WEFT_EXIT_USAGE;
		}
		break;
	}
	if (i >= argc) {
		fprintf(stderr, "weft explore --merge: no report to merge (try 'weft explore --merge --help')\n");
		return WEFT_EXIT_USAGE;
	}
	struct report *merged = NULL;
	const char *failed_in = NULL;
	long runs = 0, shards = 0;
	for (; i < argc; i++) {
		struct report *r = NULL;
		char err[512];
		if (report_read_json_file(argv[i], &r, err, sizeof err) != 0) {
			fprintf(stderr, "weft explore --merge: %s\n", err);
			report_free(merged);
			return WEFT_EXIT_USAGE;
		}
		if (!r->explored) {
			fprintf(stderr, "weft explore --merge: %s is not a report of weft explore (no \"runs\")\n", argv[i]);
			report_free(r);
			report_free(merged);
			return WEFT_EXIT_USAGE;
		}
		shards++;
		runs += r->runs;
		/* keep the first shard that failed (else the first shard) as the merged report */
		if (!merged || (r->failure && !failed_in)) {
			report_free(merged);
			merged = r;
			if (r->failure)
				failed_in = argv[i];
		} else {
			report_free(r);
		}
	}
	merged->runs = runs;
	if (!quiet) {
		if (failed_in)
			fprintf(stderr,
				"weft explore: merged %ld shard%s, %ld runs: %s in %s (run %ld, seed %llu%s%s)\n",
				shards, shards == 1 ? "" : "s", runs, merged->failure->kind ? merged->failure->kind : "failure",
				failed_in, merged->failure->run, (unsigned long long)merged->failure->seed,
				merged->failure->schedule ? ", schedule " : "",
				merged->failure->schedule ? merged->failure->schedule : "");
		else
			fprintf(stderr, "weft explore: merged %ld shard%s: no failure in %ld runs\n", shards,
				shards == 1 ? "" : "s", runs);
	}
	int status = failed_in ? 66 : 0;
	if (json && explore_write_json(merged, json, "explore") < 0)
		status = WEFT_EXIT_USAGE;
	if (explore_write_format(merged, &fmt, "explore") < 0)
		status = WEFT_EXIT_USAGE;
	report_free(merged);
	return status;
}
