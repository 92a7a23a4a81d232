/* i_ctor.c - the runtime's constructor and destructor (kept apart so that unit tests can link the
 * runtime's modules without starting it). */
#include <unistd.h>

#include "report_rt.h"
#include "rt.h"

__attribute__((constructor(101))) static void rt_ctor(void) { rt_ensure_init(); }

__attribute__((destructor(101))) static void rt_dtor(void)
{
	if (rt_inited && getpid() == rt_pid)
		report_rt_final(rt_exit_status(), false);
}
