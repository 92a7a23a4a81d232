/* commands.h - the `weft` subcommands, one file each, dispatched by cli/main.c.
 *
 * Contract for every cmd_X(argc, argv): argv[0] is the subcommand name ("run", "report", ...), the
 * rest its arguments; the return value is the process exit status (documented in docs/weft.1).
 * Usage errors print one line naming the problem and a hint ("try 'weft X --help'") and return 2.
 */
#ifndef WEFT_COMMANDS_H
#define WEFT_COMMANDS_H

/* Exit status of weft itself for a usage error or when it cannot do its job (docs/weft.1). */
#define WEFT_EXIT_USAGE 2

int cmd_run(int argc, char **argv);     /* cli/run.c */
int cmd_report(int argc, char **argv);  /* cli/report_cmd.c */
int cmd_view(int argc, char **argv);    /* cli/view.c (the viewer) */
int cmd_explore(int argc, char **argv); /* future: systematic schedule exploration */
int cmd_replay(int argc, char **argv);  /* future: replay of a recorded schedule */

#endif
