// freed.cc - C++ heap churn and a use after delete, for tests/weft-cc.sh (built with weft-c++).
// First 2 million new/delete pairs: every block must leave weft's heap table again (libstdc++'s
// operator delete tail-calls free: that free is the program's, not weft's). Then a thread reads an
// object that main deletes without ordering the two (a relaxed flag orders nothing): the delete
// counts as a write, so the read races with it.
//
// expect: data-race function=reader threads=2
// allow: data-race
// expect-exit: 66
// expect-stdout: churn 80000000
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

struct Session {
	long id;
	long hits;
};

static Session *session;
static std::atomic<int> gone{0};

static long reader()
{
	while (!gone.load(std::memory_order_relaxed))
		std::this_thread::yield();
	return session->hits; // BUG: the session was deleted, and nothing orders this after it
}

int main()
{
	long churn = 0;
	for (int i = 0; i < 2000000; i++) {
		auto *s = new std::string(40, 'x');
		churn += (long)s->size();
		delete s;
	}
	std::printf("churn %ld\n", churn);
	session = new Session{7, 1};
	long seen = 0;
	std::thread t([&seen] { seen = reader(); });
	delete session;
	gone.store(1, std::memory_order_relaxed);
	t.join();
	std::printf("read %s\n", seen >= 0 ? "done" : "done");
	return 0;
}
