/* vc.c - vector clocks (see vc.h for the semantics). */
#include "vc.h"

#include <string.h>

#include "rt.h"

static void vc_reserve(struct vc *v, uint32_t n)
{
	if (n <= v->cap)
		return;
	uint32_t cap = v->cap ? v->cap : 16; /* 64 bytes: a cache line of its own */
	while (cap < n)
		cap *= 2;
	uint32_t *c = rt_alloc(cap * sizeof *c);
	if (v->n)
		memcpy(c, v->c, v->n * sizeof *c);
	rt_free(v->c, v->cap * sizeof *c);
	v->c = c;
	v->cap = cap;
}

void vc_set(struct vc *v, uint32_t i, uint32_t val)
{
	if (i >= v->n) {
		vc_reserve(v, i + 1);
		memset(v->c + v->n, 0, (i + 1 - v->n) * sizeof *v->c);
		v->n = i + 1;
	}
	v->c[i] = val;
}

void vc_join(struct vc *dst, const struct vc *src)
{
	if (src->n > dst->n) {
		vc_reserve(dst, src->n);
		memset(dst->c + dst->n, 0, (src->n - dst->n) * sizeof *dst->c);
		dst->n = src->n;
	}
	for (uint32_t i = 0; i < src->n; i++)
		if (src->c[i] > dst->c[i])
			dst->c[i] = src->c[i];
}

void vc_copy(struct vc *dst, const struct vc *src)
{
	vc_reserve(dst, src->n);
	if (src->n)
		memcpy(dst->c, src->c, src->n * sizeof *dst->c);
	if (dst->n > src->n)
		memset(dst->c + src->n, 0, (dst->n - src->n) * sizeof *dst->c);
	else
		dst->n = src->n;
}

bool vc_leq(const struct vc *a, const struct vc *b)
{
	for (uint32_t i = 0; i < a->n; i++)
		if (a->c[i] > vc_get(b, i))
			return false;
	return true;
}

void vc_free(struct vc *v)
{
	rt_free(v->c, v->cap * sizeof *v->c);
	v->c = NULL;
	v->n = v->cap = 0;
}
