/* hb.c - happens-before operations on sync clocks (semantics in hb.h). */
#include "hb.h"

#include "thread.h"

void hb_acquire_excl(struct wthr *t, struct hb_sync *s)
{
	if (s->vc.n)
		vc_join(&t->clock, &s->vc);
}

void hb_release_excl(struct wthr *t, struct hb_sync *s)
{
	vc_join(&s->vc, &t->clock);
	vc_tick(&t->clock, (uint32_t)t->id);
}

void hb_acquire(struct wthr *t, struct hb_sync *s)
{
	rt_spin_lock(&s->lk);
	hb_acquire_excl(t, s);
	rt_spin_unlock(&s->lk);
}

void hb_release(struct wthr *t, struct hb_sync *s)
{
	rt_spin_lock(&s->lk);
	vc_join(&s->vc, &t->clock);
	rt_spin_unlock(&s->lk);
	vc_tick(&t->clock, (uint32_t)t->id);
}

void hb_thread_start(struct wthr *child, const struct vc *parent_at_create)
{
	vc_join(&child->clock, parent_at_create);
	vc_tick(&child->clock, (uint32_t)child->id);
}
