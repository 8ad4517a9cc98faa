// The proof-of-work registry.
#include "pow/registry.hpp"

#include <stdexcept>

#include "pow/scrypt_algorithm.hpp"
#include "pow/sha256d_algorithm.hpp"

namespace otedama::pow {

const AlgorithmRegistry& AlgorithmRegistry::builtin() {
  static const AlgorithmRegistry registry = [] {
    AlgorithmRegistry r;
    r.add("sha256d", [](const AlgorithmOptions&) { return std::make_unique<Sha256dAlgorithm>(); });
    r.add("scrypt", [](const AlgorithmOptions&) { return std::make_unique<ScryptAlgorithm>(); });
    r.add("randomx", [](const AlgorithmOptions& o) {
      return std::make_unique<RandomXAlgorithm>(
          RandomXOptions{.mode = o.randomxMode, .threads = o.threads, .keysKept = o.randomxKeysKept});
    });
    return r;
  }();
  return registry;
}

void AlgorithmRegistry::add(std::string name, Factory factory) { factories_[std::move(name)] = std::move(factory); }

bool AlgorithmRegistry::contains(std::string_view name) const { return factories_.find(name) != factories_.end(); }

std::vector<std::string> AlgorithmRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& entry : factories_) out.push_back(entry.first);
  return out;
}

std::unique_ptr<Algorithm> AlgorithmRegistry::create(std::string_view name, const AlgorithmOptions& options) const {
  auto found = factories_.find(name);
  if (found == factories_.end()) {
    std::string known;
    for (const std::string& n : names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown proof-of-work algorithm '" + std::string(name) + "' (known: " + known + ")");
  }
  return found->second(options);
}

}  // namespace otedama::pow
