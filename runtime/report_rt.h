/* report_rt.h - turning the runtime's state into the report (model in common/report.h), writing
 * the JSON file and the text on stderr. Runs off the hot path, under its own lock, with the
 * re-entrancy guard held (it may malloc and use libdw). */
#ifndef WEFT_REPORT_RT_H
#define WEFT_REPORT_RT_H

#include <stdbool.h>

void report_rt_init(void);              /* choose the report path */
void report_rt_mark(void);              /* a new finding was published (any context) */
void report_rt_changed(void);           /* at a safe point: rewrite the report if marked */
/* true in explored runs whose report nobody reads (runtime/sched_server.c): no rewrites while the
 * program runs (each would symbolize its stacks); report_rt_final still writes. */
extern bool report_rt_deferred;
/* Write the final report. status: exit status (-1 unknown), ended_by_weft for deadlocks. */
void report_rt_final(int status, bool ended_by_weft);
void report_rt_flush(void);             /* rewrite the report now */
/* Before exec: a report without findings is removed (the new image takes its name), one with
 * findings is completed as the report of an image that ended by exec. */
void report_rt_before_exec(void);
void report_rt_after_fork_child(void);  /* new report path for the child */

#endif
