/* vc.h - vector clocks.
 *
 * Semantics: a vector clock maps each weft thread id to the number of "release" events of that
 * thread that are known to happen before the current point. Entries past n are zero. Clock a
 * happens-before clock b iff a[i] <= b[i] for every i (vc_leq). Join is the element-wise maximum.
 * Storage grows on demand from rt_alloc; a vc is not thread-safe: its owner (a thread for its own
 * clock, a sync object's lock for a sync clock) serialises access.
 */
#ifndef WEFT_VC_H
#define WEFT_VC_H

#include <stdbool.h>
#include <stdint.h>

struct vc {
	uint32_t n;    /* entries in use (indexes >= n read as 0) */
	uint32_t cap;
	uint32_t *c;
};

static inline uint32_t vc_get(const struct vc *v, uint32_t i) { return i < v->n ? v->c[i] : 0; }
void vc_set(struct vc *v, uint32_t i, uint32_t val);           /* grows as needed */
static inline void vc_tick(struct vc *v, uint32_t i) { vc_set(v, i, vc_get(v, i) + 1); }
void vc_join(struct vc *dst, const struct vc *src);             /* dst = max(dst, src) */
void vc_copy(struct vc *dst, const struct vc *src);             /* dst = src */
bool vc_leq(const struct vc *a, const struct vc *b);            /* a happens-before-or-equal b */
void vc_free(struct vc *v);

#endif
