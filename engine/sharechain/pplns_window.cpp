// Incremental PPLNS weights.
#include "sharechain/pplns_window.hpp"

#include <stdexcept>
#include <string_view>

namespace otedama::sharechain {

std::size_t ScriptHash::operator()(const Bytes& script) const noexcept {
  return std::hash<std::string_view>{}(
      std::string_view(reinterpret_cast<const char*>(script.data()), script.size()));
}

void PplnsWindow::add(std::span<const Credit> credits) {
  for (const Credit& credit : credits) {
    weights_[credit.script] += credit.weight;
    total_ += credit.weight;
  }
  ordered_.reset();
}

void PplnsWindow::remove(std::span<const Credit> credits) {
  for (const Credit& credit : credits) {
    const auto it = weights_.find(credit.script);
    if (it == weights_.end() || it->second < credit.weight) {
      throw std::logic_error("PPLNS window: removing weight that was never added");
    }
    it->second -= credit.weight;
    total_ -= credit.weight;
    if (it->second.isZero()) weights_.erase(it);
  }
  ordered_.reset();
}

void PplnsWindow::clear() {
  weights_.clear();
  total_ = Work();
  ordered_.reset();
}

Work PplnsWindow::weightOf(const Bytes& script) const {
  const auto it = weights_.find(script);
  return it == weights_.end() ? Work() : it->second;
}

std::shared_ptr<const std::vector<MinerWeight>> PplnsWindow::payoutOrder() const {
  if (!ordered_) {
    auto ordered = std::make_shared<std::vector<MinerWeight>>();
    ordered->reserve(weights_.size());
    for (const auto& [script, weight] : weights_) ordered->push_back({script, weight});
    sortForPayout(*ordered);
    ordered_ = std::move(ordered);
  }
  return ordered_;
}

}  // namespace otedama::sharechain
