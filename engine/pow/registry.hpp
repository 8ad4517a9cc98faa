// The proof-of-work algorithms by name. Callers ask for "sha256d", "scrypt" or "randomx" and
// get an Algorithm configured with the node's options.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pow/algorithm.hpp"
#include "pow/randomx_algorithm.hpp"

namespace otedama::pow {

struct AlgorithmOptions {
  unsigned threads = 0;  // verification threads (RandomX VM pool); 0: all cores
  RandomXMode randomxMode = RandomXMode::Auto;
  std::size_t randomxKeysKept = 2;
};

class AlgorithmRegistry {
 public:
  using Factory = std::function<std::unique_ptr<Algorithm>(const AlgorithmOptions&)>;

  // The registry holding every algorithm this build supports.
  static const AlgorithmRegistry& builtin();

  void add(std::string name, Factory factory);
  bool contains(std::string_view name) const;
  std::vector<std::string> names() const;

  // Throws std::invalid_argument naming the known algorithms when `name` is not one of them.
  std::unique_ptr<Algorithm> create(std::string_view name, const AlgorithmOptions& options = {}) const;

 private:
  std::map<std::string, Factory, std::less<>> factories_;
};

}  // namespace otedama::pow
