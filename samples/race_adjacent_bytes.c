/* race_adjacent_bytes.c - eight threads each own one byte of the same 8-byte word and write it
 * many times, unsynchronized: different bytes never race (byte-precise shadow). Must stay silent.
 *
 * weft: run preload
 * expect: none
 * expect-exit: 0
 * expect-stdout: bytes=8000
 */
#include <pthread.h>
#include <stdio.h>

static union {
	unsigned char b[8];
	unsigned long word;
} cell;
static unsigned short halves[4];   /* 2-byte neighbours */

static void *owner(void *arg)
{
	long i = (long)arg;
	for (int k = 0; k < 1000; k++) {
		cell.b[i] = (unsigned char)(cell.b[i] + 1);
		if (i < 4)
			halves[i]++;
	}
	return NULL;
}

int main(void)
{
	pthread_t t[8];
	for (long i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, owner, (void *)i);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	unsigned sum = 0;
	for (int i = 0; i < 8; i++)
		sum += cell.b[i] == (unsigned char)1000 ? 1000 : 0;
	printf("bytes=%u\n", sum);
	return 0;
}
