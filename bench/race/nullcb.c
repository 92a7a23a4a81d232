/* nullcb.c - compiler callbacks of -fsanitize=thread that do nothing: linked straight into a
 * gcc-instrumented build of a benchmark (bench/race/run's "gcc-nullcb"), it measures what the
 * calls alone cost, the floor under any runtime that serves gcc's instrumentation with one call
 * per access. Only the plain accesses and function entry/exit: the benchmarks use no atomics.
 */
#define CB(name) void name(void *a); void name(void *a) { __asm__ volatile("" : : "r"(a)); }
#define SIZES(p) CB(p##1) CB(p##2) CB(p##4) CB(p##8) CB(p##16)
SIZES(__tsan_read)
SIZES(__tsan_write)
CB(__tsan_func_entry)
void __tsan_func_exit(void);
void __tsan_func_exit(void) {}
void __tsan_init(void);
void __tsan_init(void) {}
void __tsan_read_range(void *a, unsigned long n);
void __tsan_read_range(void *a, unsigned long n) { __asm__ volatile("" : : "r"(a), "r"(n)); }
void __tsan_write_range(void *a, unsigned long n);
void __tsan_write_range(void *a, unsigned long n) { __asm__ volatile("" : : "r"(a), "r"(n)); }
