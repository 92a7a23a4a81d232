/* sched_server.h - the explore-mode fork server (runtime/sched_server.c, protocol in
 * common/sched_proto.h). */
#ifndef WEFT_SCHED_SERVER_H
#define WEFT_SCHED_SERVER_H

/* At the start of main in explore mode: serves runs; returns only in a child that is to run main
 * under the scheduler (or at once, standalone, after starting the scheduler). */
void sched_server_main(void);

#endif
