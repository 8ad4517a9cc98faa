// A fixed set of threads with a bounded queue, for CPU-heavy checks (scrypt and RandomX shares)
// that must not run on the network thread. A full queue refuses work instead of growing.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace otedama {

class WorkerPool {
 public:
  WorkerPool(unsigned threads, std::size_t maxQueued);
  ~WorkerPool();  // drops what is still queued and joins the threads
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full (the caller must answer "busy").
  bool tryPost(std::function<void()> task);
  std::size_t queued() const;
  unsigned threads() const { return static_cast<unsigned>(threads_.size()); }

 private:
  void run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::size_t maxQueued_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace otedama
