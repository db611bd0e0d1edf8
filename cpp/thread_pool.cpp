// The pool. A training step hands work to the threads twice within a millisecond, so waking them must be fast:
// threads spin briefly on atomics before sleeping on a condition variable (a futex wake costs tens of µs).
#include "thread_pool.h"
#include <stdexcept>
#include <string>
#include <system_error>

namespace scratchnet {

namespace {
constexpr int kSpins = 20000;  // about 20-50 µs of polling before going to sleep
}

ThreadPool::ThreadPool(int threads) {
    try {
        for (int i = 1; i < threads; ++i) workers_.emplace_back([this, i] { work(i); });
    } catch (const std::system_error& e) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
            generation_.fetch_add(1);
        }
        start_.notify_all();
        for (auto& t : workers_) t.join();
        throw std::runtime_error("cannot start " + std::to_string(threads) + " threads (" + e.what() +
                                 "); this build may have no threads (the single-threaded WebAssembly build): use 1");
    }
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
        generation_.fetch_add(1);
    }
    start_.notify_all();
    for (auto& t : workers_) t.join();
}

void ThreadPool::run(const std::function<void(int)>& task) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        task_ = &task;
        error_ = nullptr;
        remaining_.store(int(workers_.size()));
        generation_.fetch_add(1, std::memory_order_release);
    }
    start_.notify_all();
    std::exception_ptr mine;
    try {
        task(0);
    } catch (...) {
        mine = std::current_exception();
    }
    for (int i = 0; i < kSpins && remaining_.load(std::memory_order_acquire) != 0; ++i) {
    }
    if (remaining_.load(std::memory_order_acquire) != 0) {
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [this] { return remaining_.load() == 0; });
    }
    std::lock_guard<std::mutex> lock(mutex_);
    task_ = nullptr;
    if (mine) std::rethrow_exception(mine);
    if (error_) std::rethrow_exception(error_);
}

void ThreadPool::work(int index) {
    long seen = 0;
    for (;;) {
        for (int i = 0; i < kSpins && generation_.load(std::memory_order_acquire) == seen; ++i) {
        }
        const std::function<void(int)>* task;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            start_.wait(lock, [&] { return generation_.load() != seen; });
            if (stopping_) return;
            seen = generation_.load();
            task = task_;
        }
        std::exception_ptr failure;
        try {
            (*task)(index);
        } catch (...) {
            failure = std::current_exception();
        }
        if (failure) {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!error_) error_ = failure;
        }
        if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            std::lock_guard<std::mutex> lock(mutex_);  // so the caller cannot miss the wake-up
            done_.notify_one();
        }
    }
}

}  // namespace scratchnet
