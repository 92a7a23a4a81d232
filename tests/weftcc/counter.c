/* counter.c - a counter in a second translation unit of tests/weftcc/main.c. */
long local_counter;

void bump_local(void);
void bump_local(void)
{
	local_counter++;
}
