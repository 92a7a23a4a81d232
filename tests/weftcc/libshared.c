/* libshared.c - a shared library of tests/weftcc/main.c, built with weft-cc -shared. */
long shared_counter;

void shared_bump(void);
void shared_bump(void)
{
	shared_counter++;
}
