/* hb.c - happens-before operations on sync clocks (semantics in hb.h). */
#include "hb.h"

#include "thread.h"

volatile int hb_active;

void hb_enable(void)
{
	__atomic_store_n(&hb_active, 1, __ATOMIC_RELEASE);
	__atomic_or_fetch(&rt_slow, RT_SLOW_HB, __ATOMIC_RELEASE);
}

void hb_tick(struct wthr *t)
{
	vc_tick(&t->clock, (uint32_t)t->id);
	uint64_t *m = t->epoch_mirror;
	if (m) {
		uint64_t e = vc_get(&t->clock, (uint32_t)t->id);
		for (uint32_t i = 0; i < t->epoch_mirror_n; i++)
			__atomic_store_n(&m[i], (m[i] & ~0xffffffffull) | e, __ATOMIC_RELAXED);
	}
}

void hb_acquire_excl_slow(struct wthr *t, struct hb_sync *s)
{
	if (s->vc.n)
		vc_join(&t->clock, &s->vc);
}

void hb_release_excl_slow(struct wthr *t, struct hb_sync *s)
{
	vc_join(&s->vc, &t->clock);
	hb_tick(t);
}

void hb_acquire_slow(struct wthr *t, struct hb_sync *s)
{
	rt_spin_lock(&s->lk);
	hb_acquire_excl_slow(t, s);
	rt_spin_unlock(&s->lk);
}

void hb_release_slow(struct wthr *t, struct hb_sync *s)
{
	rt_spin_lock(&s->lk);
	vc_join(&s->vc, &t->clock);
	rt_spin_unlock(&s->lk);
	hb_tick(t);
}

void hb_thread_start(struct wthr *child, const struct vc *parent_at_create)
{
	vc_join(&child->clock, parent_at_create);
	hb_tick(child);
}

void hb_release_always(struct wthr *t, struct hb_sync *s) { hb_release_slow(t, s); }
void hb_acquire_always(struct wthr *t, struct hb_sync *s) { hb_acquire_slow(t, s); }
