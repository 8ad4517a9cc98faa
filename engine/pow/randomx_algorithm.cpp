// RandomX proof of work: per-key contexts with background builds and VM pools.
#include "pow/randomx_algorithm.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <future>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <randomx.h>
#include <spdlog/spdlog.h>

#include "util/hex.hpp"

namespace otedama::pow {
namespace {

constexpr std::size_t kMaxKeySize = 60;                       // RandomX spec: key of 0-60 bytes
constexpr std::size_t kCacheBytes = std::size_t{256} << 20;    // Argon2 cache
constexpr std::size_t kDatasetBytes = std::size_t{2080} << 20;  // 2 GiB + 32 MiB dataset
constexpr std::size_t kHeadroomBytes = std::size_t{512} << 20;
constexpr unsigned long kDatasetChunk = 1u << 16;  // items between cancellation checks

randomx_flags without(randomx_flags flags, randomx_flags removed) {
  return static_cast<randomx_flags>(static_cast<int>(flags) & ~static_cast<int>(removed));
}

// A /proc/meminfo field in bytes (its figures are in kB, counts for HugePages_*), 0 if absent.
std::size_t meminfo(std::string_view field) {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    std::size_t value = 0;
    if (fields >> name >> value && name.size() == field.size() + 1 && name.starts_with(field)) {
      return name.starts_with("HugePages_") ? value : value * 1024;
    }
  }
  return 0;
}

std::size_t availableMemory() { return meminfo("MemAvailable"); }

// Whether `bytes` fit in free huge pages. Asking librandomx for large pages when there are none
// costs a failed allocation (and librandomx 1.1.10 leaks a little memory on that path).
bool hugePagesFit(std::size_t bytes) { return meminfo("HugePages_Free") * meminfo("Hugepagesize") >= bytes; }

}  // namespace

std::optional<RandomXMode> parseRandomXMode(std::string_view name) {
  if (name == "auto") return RandomXMode::Auto;
  if (name == "light") return RandomXMode::Light;
  if (name == "fast") return RandomXMode::Fast;
  return std::nullopt;
}

std::string_view randomXModeName(RandomXMode mode) {
  switch (mode) {
    case RandomXMode::Auto: return "auto";
    case RandomXMode::Light: return "light";
    case RandomXMode::Fast: return "fast";
  }
  return "unknown";
}

std::size_t RandomXAlgorithm::fastModeBytesNeeded(std::size_t keysKept) {
  return keysKept * (kDatasetBytes + kCacheBytes) + kHeadroomBytes;
}

bool RandomXAlgorithm::fastModeFits(std::size_t keysKept) {
  return availableMemory() >= fastModeBytesNeeded(keysKept);
}

// Everything one key needs: its cache (light) or dataset (fast) and a pool of VMs over it.
class RandomXAlgorithm::KeyContext {
 public:
  KeyContext(Bytes key, RandomXMode mode, unsigned threads)
      : key_(std::move(key)), mode_(mode), maxVms_(threads), ready_(promise_.get_future().share()) {
    builder_ = std::thread([this] { build(); });
  }

  ~KeyContext() {
    cancelled_ = true;
    if (builder_.joinable()) builder_.join();
    for (randomx_vm* vm : allVms_) randomx_destroy_vm(vm);
    if (dataset_ != nullptr) randomx_release_dataset(dataset_);
    if (cache_ != nullptr) randomx_release_cache(cache_);
  }

  KeyContext(const KeyContext&) = delete;
  KeyContext& operator=(const KeyContext&) = delete;

  bool matches(ByteSpan key) const { return std::equal(key.begin(), key.end(), key_.begin(), key_.end()); }
  bool isReady() const { return ready_.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }
  void waitReady() const { ready_.get(); }  // rethrows a build failure

  Hash32 hash(ByteSpan input) {
    randomx_vm* vm = acquireVm();
    Hash32 out;
    randomx_calculate_hash(vm, input.data(), input.size(), out.data());
    releaseVm(vm);
    return out;
  }

 private:
  void build() {
    try {
      flags_ = randomx_get_flags();
      cache_ = allocateCache();
      randomx_init_cache(cache_, key_.data(), key_.size());
      if (mode_ == RandomXMode::Fast) buildDataset();
      spdlog::debug("randomx: {} context ready for key {}", randomXModeName(mode_), toHex(key_));
      promise_.set_value();
    } catch (...) {
      promise_.set_exception(std::current_exception());
    }
  }

  randomx_cache* allocateCache() {
    // Large pages when the system has them configured, normal pages otherwise.
    if (hugePagesFit(kCacheBytes)) {
      if (randomx_cache* cache = randomx_alloc_cache(flags_ | RANDOMX_FLAG_LARGE_PAGES)) {
        flags_ |= RANDOMX_FLAG_LARGE_PAGES;
        return cache;
      }
    }
    if (randomx_cache* cache = randomx_alloc_cache(flags_)) return cache;
    // JIT can be refused (W^X systems): fall back to the interpreter rather than failing.
    flags_ = without(flags_, RANDOMX_FLAG_JIT);
    if (randomx_cache* cache = randomx_alloc_cache(flags_)) return cache;
    throw std::runtime_error("RandomX: cannot allocate the 256 MiB cache (out of memory?)");
  }

  void buildDataset() {
    const randomx_flags datasetFlags = flags_ | RANDOMX_FLAG_FULL_MEM;
    if (hugePagesFit(kDatasetBytes)) dataset_ = randomx_alloc_dataset(datasetFlags | RANDOMX_FLAG_LARGE_PAGES);
    if (dataset_ == nullptr) dataset_ = randomx_alloc_dataset(without(datasetFlags, RANDOMX_FLAG_LARGE_PAGES));
    if (dataset_ == nullptr) throw std::runtime_error("RandomX: cannot allocate the 2 GiB dataset (out of memory?)");
    flags_ |= RANDOMX_FLAG_FULL_MEM;

    const unsigned long items = randomx_dataset_item_count();
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < maxVms_; ++t) {
      const unsigned long begin = items * t / maxVms_;
      const unsigned long end = items * (t + 1) / maxVms_;
      workers.emplace_back([this, begin, end] {
        for (unsigned long at = begin; at < end && !cancelled_; at += kDatasetChunk) {
          randomx_init_dataset(dataset_, cache_, at, std::min(kDatasetChunk, end - at));
        }
      });
    }
    for (std::thread& worker : workers) worker.join();
    if (cancelled_) throw std::runtime_error("RandomX: dataset build cancelled");
    randomx_release_cache(cache_);  // fast VMs read only the dataset
    cache_ = nullptr;
  }

  randomx_vm* acquireVm() {
    std::unique_lock lock(vmMutex_);
    vmAvailable_.wait(lock, [this] { return !idleVms_.empty() || allVms_.size() < maxVms_; });
    if (!idleVms_.empty()) {
      randomx_vm* vm = idleVms_.back();
      idleVms_.pop_back();
      return vm;
    }
    randomx_vm* vm = randomx_create_vm(flags_, cache_, dataset_);
    if (vm == nullptr) throw std::runtime_error("RandomX: cannot create a VM (out of memory?)");
    allVms_.push_back(vm);
    return vm;
  }

  void releaseVm(randomx_vm* vm) {
    {
      std::lock_guard lock(vmMutex_);
      idleVms_.push_back(vm);
    }
    vmAvailable_.notify_one();
  }

  const Bytes key_;
  const RandomXMode mode_;
  const unsigned maxVms_;
  randomx_flags flags_ = RANDOMX_FLAG_DEFAULT;
  randomx_cache* cache_ = nullptr;
  randomx_dataset* dataset_ = nullptr;

  std::promise<void> promise_;
  std::shared_future<void> ready_;
  std::atomic<bool> cancelled_{false};
  std::thread builder_;  // started in the constructor body, once every member exists

  std::mutex vmMutex_;
  std::condition_variable vmAvailable_;
  std::vector<randomx_vm*> allVms_;
  std::vector<randomx_vm*> idleVms_;
};

RandomXAlgorithm::RandomXAlgorithm(RandomXOptions options)
    : threads_(options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency())),
      keysKept_(std::max<std::size_t>(1, options.keysKept)) {
  mode_ = options.mode;
  if (mode_ == RandomXMode::Auto) mode_ = fastModeFits(keysKept_) ? RandomXMode::Fast : RandomXMode::Light;
}

RandomXAlgorithm::~RandomXAlgorithm() = default;

std::shared_ptr<RandomXAlgorithm::KeyContext> RandomXAlgorithm::contextFor(ByteSpan key) const {
  if (key.empty()) throw std::invalid_argument("randomx needs a key (the seed block hash)");
  if (key.size() > kMaxKeySize) {
    throw std::invalid_argument("randomx key is " + std::to_string(key.size()) + " bytes, at most 60 allowed");
  }
  std::list<std::shared_ptr<KeyContext>> evicted;  // destroyed after the lock is released
  std::lock_guard lock(mutex_);
  auto found = std::find_if(contexts_.begin(), contexts_.end(), [&](const auto& c) { return c->matches(key); });
  if (found != contexts_.end()) {
    contexts_.splice(contexts_.begin(), contexts_, found);
    return contexts_.front();
  }
  contexts_.push_front(std::make_shared<KeyContext>(Bytes(key.begin(), key.end()), mode_, threads_));
  while (contexts_.size() > keysKept_) evicted.splice(evicted.end(), contexts_, std::prev(contexts_.end()));
  return contexts_.front();
}

void RandomXAlgorithm::forget(const std::shared_ptr<KeyContext>& context) const {
  std::lock_guard lock(mutex_);
  contexts_.remove(context);
}

Hash32 RandomXAlgorithm::hash(ByteSpan input, ByteSpan key) const {
  std::shared_ptr<KeyContext> context = contextFor(key);
  try {
    context->waitReady();
  } catch (...) {
    forget(context);  // a later call may retry, for example once memory is free again
    throw;
  }
  return context->hash(input);
}

void RandomXAlgorithm::prepareKey(ByteSpan key) const { contextFor(key); }

bool RandomXAlgorithm::isKeyReady(ByteSpan key) const {
  std::lock_guard lock(mutex_);
  auto found = std::find_if(contexts_.begin(), contexts_.end(), [&](const auto& c) { return c->matches(key); });
  return found != contexts_.end() && (*found)->isReady();
}

}  // namespace otedama::pow
