// A small fixed pool of threads for data-parallel training: run(task) calls task(0..size()-1) at once, task(0)
// on the calling thread, and returns when all have finished. Threads are made once and wait in between.
// In the wasm build these are Emscripten pthreads (Web Workers sharing the wasm memory).
#pragma once
#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace scratchnet {

class ThreadPool {
public:
    explicit ThreadPool(int threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return int(workers_.size()) + 1; }
    void run(const std::function<void(int)>& task);  // rethrows the first exception a task threw

private:
    void work(int index);

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable start_, done_;
    const std::function<void(int)>* task_ = nullptr;
    std::atomic<long> generation_{0};  // bumped for each run (and to stop)
    std::atomic<int> remaining_{0};    // workers still busy with this run
    bool stopping_ = false;
    std::exception_ptr error_;
};

// The share [begin, end) of n items that part `index` of `parts` takes: contiguous, sizes differing by at most 1.
inline void split_range(long n, int parts, int index, long& begin, long& end) {
    begin = n * index / parts;
    end = n * (index + 1) / parts;
}

}  // namespace scratchnet
