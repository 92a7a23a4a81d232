/* explore.h - what `weft explore` (cli/explore.c) shares with `weft replay` (cli/replay.c): the
 * fork-server client and the classification of a run's outcome. */
#ifndef WEFT_EXPLORE_H
#define WEFT_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sched_proto.h"

/* One program process serving explored runs (runtime/sched_server.c). */
struct xserver {
	pid_t pid;
	int to, from;         /* request and result pipes */
	char json[4096];      /* where a report run writes its JSON report */
	char dir[4096];       /* private temporary directory */
};

/* A run's result: the server's answer and its step log (malloc'd). */
struct xresult {
	struct sched_res res;
	struct sched_step *steps;
};

/* Start PROGRAM under the runtime in explore mode (ASLR off): 0, or an exit status after one line. */
int xserver_start(struct xserver *sv, const char *cmd, char **prog_argv, char *prog_path, size_t plen);
void xserver_stop(struct xserver *sv);
int xserver_send(struct xserver *sv, const struct sched_req *rq, const uint16_t *dec);
int xserver_recv(struct xserver *sv, struct xresult *out);   /* 0, or -1 when the server died */

/* Failure kind of a run ("deadlock", "abort", ...) or NULL when it passed. expect_exit: the exit
 * status that counts as success; fail_on: bits (1 << report kind) of findings that fail a run. */
const char *xresult_failure(const struct xresult *r, int expect_exit, unsigned fail_on);
long xresult_preemptions(const struct xresult *r);

struct report;
/* Replay decisions strictly with the report on (the program's output shown); *rep: its report. */
int explore_report_run(struct xserver *sv, const char *prog, char **prog_argv, const uint16_t *dec, size_t n,
		       uint32_t timeout_ms, struct xresult *out, struct report **rep);
struct report_failure;
/* The "failure" of a report from a failing run's result and its schedule file. */
struct report_failure *explore_failure(const char *kind, const struct xresult *r, long run, uint64_t seed,
				       const char *strategy, const char *path);
/* rep->failure = f, keeping the preemption stacks the report run captured (matched by step). */
void explore_set_failure(struct report *rep, struct report_failure *f);
void explore_print(struct report *rep, const char *prog, const char *cmd);
int explore_write_json(struct report *rep, const char *path, const char *cmd);
void explore_keep_trace(struct report *rep, const char *schedule);
/* weft explore --merge (explore_merge.c): argv[1] is "--merge". */
int explore_merge(int argc, char **argv);
/* --format/--output of explore and replay: parse one option (returns 1 when it was one, 0 when
 * not, -1 after a one-line usage error), and write the report in that format (-1 on failure). */
struct explore_format {
	int format;              /* enum output_format, -1 when not asked */
	const char *output;      /* NULL: stdout */
};
int explore_format_option(const char *cmd, const char *name, const char *val, struct explore_format *f);
int explore_write_format(struct report *rep, const struct explore_format *f, const char *cmd);

#endif
