// RandomX proof of work (Monero) through librandomx, keyed by the seed block hash.
//
// Light mode hashes from the 256 MiB cache; fast mode from the 2 GiB dataset (about eight times
// faster per hash, but costly to build). Each key gets its own context (cache or dataset plus a
// pool of VMs sized by `threads`), built on a background thread. The most recently used
// `keysKept` contexts are kept, so the current key and the next one (announced ahead with
// prepareKey) are both ready and a seed change never stalls checking.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "pow/algorithm.hpp"

namespace otedama::pow {

enum class RandomXMode { Auto, Light, Fast };

std::optional<RandomXMode> parseRandomXMode(std::string_view name);  // "auto", "light", "fast"
std::string_view randomXModeName(RandomXMode mode);

struct RandomXOptions {
  RandomXMode mode = RandomXMode::Auto;  // Auto: fast when the memory is available, else light
  unsigned threads = 0;                  // VMs per key and dataset build threads; 0: all cores
  std::size_t keysKept = 2;              // contexts kept alive (current and next seed)
};

class RandomXAlgorithm final : public Algorithm {
 public:
  explicit RandomXAlgorithm(RandomXOptions options = {});
  ~RandomXAlgorithm() override;
  RandomXAlgorithm(const RandomXAlgorithm&) = delete;
  RandomXAlgorithm& operator=(const RandomXAlgorithm&) = delete;

  std::string_view name() const override { return "randomx"; }
  bool needsKey() const override { return true; }

  // Waits only when this key's context is still being built (never for other keys).
  // Throws std::invalid_argument for an empty or over-long (> 60 bytes) key and
  // std::runtime_error when the context cannot be built (out of memory).
  Hash32 hash(ByteSpan input, ByteSpan key) const override;

  // Starts building the key's context in the background and returns at once.
  void prepareKey(ByteSpan key) const;
  bool isKeyReady(ByteSpan key) const;

  RandomXMode mode() const { return mode_; }  // Light or Fast, never Auto
  unsigned threads() const { return threads_; }

  // Memory fast mode needs for `keysKept` keys, and whether Auto would choose it here.
  static std::size_t fastModeBytesNeeded(std::size_t keysKept);
  static bool fastModeFits(std::size_t keysKept);

 private:
  class KeyContext;
  std::shared_ptr<KeyContext> contextFor(ByteSpan key) const;
  void forget(const std::shared_ptr<KeyContext>& context) const;

  RandomXMode mode_;
  unsigned threads_;
  std::size_t keysKept_;
  mutable std::mutex mutex_;
  mutable std::list<std::shared_ptr<KeyContext>> contexts_;  // most recently used first
};

}  // namespace otedama::pow
