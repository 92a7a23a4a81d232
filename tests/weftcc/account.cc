// account.cc - the C++ program of tests/weft-cc.sh, built with weft-c++: two std::threads deposit
// into one heap-allocated Account; deposit() takes no lock (a data race on a heap object's
// member). Its twin (WEFT_FIXED defined) takes the account's std::mutex and must stay silent.
//
// expect: data-race function=Account::deposit threads=2
// allow: data-race
// expect-exit: 66
// expect-stdout: balance positive
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

class Account {
public:
	void deposit(long amount)
	{
#ifdef WEFT_FIXED
		std::lock_guard<std::mutex> g(lock_);
#endif
		balance_ += amount;
	}
	long balance() const { return balance_; }

private:
	std::mutex lock_;
	long balance_ = 0;
};

int main()
{
	auto acct = std::make_unique<Account>();
	auto work = [&acct] {
		for (int i = 0; i < 1000; i++)
			acct->deposit(1);
	};
	std::thread a(work), b(work);
	a.join();
	b.join();
	std::printf("balance %s\n", acct->balance() > 0 ? "positive" : "zero");
	return 0;
}
