/* access_abi.h - what libweft.so lends to the copy of the access callbacks (tsan_access.c) that
 * weft-cc links into each instrumented module (libweft_access.a).
 *
 * Why a copy: a call from an instrumented program into a shared library goes through the PLT, an
 * indirect jump at every load and store. On the memory-heavy benchmark (gcc -O2, one call per
 * access) callbacks that do nothing at all took 0.80 s through the PLT and 0.61 s as direct calls
 * (docs/performance.md): the jump cost more than the race check. The copy is linked with hidden
 * visibility, so each module calls its own callbacks directly; libweft.so still exports the same
 * callbacks for modules built without weft-cc's link step.
 *
 * The copy reads the race detector's state in place: the current thread's struct race_thr (its hot
 * fields, race.h), the shadow table, and calls the slow paths. Those are exported from libweft.so
 * under the names below, which carry WEFT_ACCESS_ABI: a module linked against another layout of
 * race_thr fails to load with "undefined symbol: __weftN_..." instead of misreading it. Change the
 * number whenever race.h's hot fields, the shadow layout or these functions' meaning change.
 */
#ifndef WEFT_ACCESS_ABI_H
#define WEFT_ACCESS_ABI_H

#define WEFT_ACCESS_ABI 2   /* the "2" of the __weft2_ names below: change them together */

/* In libweft.so, next to each definition: export it under its ABI name too. */
#define WEFT_LEND(n) extern __typeof(n) __weft2_##n __attribute__((alias(#n), copy(n), visibility("default")));
#define WEFT_LEND_TLS(n) extern RT_TLS __typeof(n) __weft2_##n __attribute__((alias(#n), visibility("default")));

#ifdef WEFT_ACCESS_STATIC
/* compiling the copy: refer to libweft.so's exported names */
#define race_cur __weft2_race_cur
#define race_none __weft2_race_none
#define shadow_top __weft2_shadow_top
#define race_thread_slow __weft2_race_thread_slow
#define race_snapshot __weft2_race_snapshot
#define race_log_access_slow __weft2_race_log_access_slow
#define race_access_own __weft2_race_access_own
#define race_access_cold __weft2_race_access_cold
#define race_access_range_pc __weft2_race_access_range_pc
#define race_access_pair_slow __weft2_race_access_pair_slow
#endif

#endif
