// Fitting template transactions next to a large coinbase.
#include "chain/transaction_selection.hpp"

#include <algorithm>
#include <string>

#include "util/uint256.hpp"

namespace otedama::chain {
namespace {

std::int64_t compactSizeLength(std::size_t n) { return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9; }

}  // namespace

TransactionSelection selectTransactions(const BlockTemplate& t, std::int64_t coinbaseWeight,
                                        std::int64_t coinbaseSigopCost) {
  const std::size_t count = t.transactions.size();
  std::vector<bool> included(count, true), protectedTx(count, false);

  // The HogEx and its ancestors must stay together with the MWEB block.
  if (t.mweb && count > 0) {
    std::vector<std::size_t> stack{count - 1};
    while (!stack.empty()) {
      const std::size_t i = stack.back();
      stack.pop_back();
      if (protectedTx[i]) continue;
      protectedTx[i] = true;
      for (std::size_t parent : t.transactions[i].depends) stack.push_back(parent);
    }
  }

  auto totals = [&](std::int64_t& weight, std::int64_t& sigops) {
    std::size_t n = 1;  // the coinbase
    weight = coinbaseWeight;
    sigops = coinbaseSigopCost;
    for (std::size_t i = 0; i < count; ++i) {
      if (!included[i]) continue;
      ++n;
      weight += t.transactions[i].weight;
      sigops += t.transactions[i].sigops;
    }
    weight += 4 * (80 + compactSizeLength(n));
  };

  std::vector<std::vector<std::size_t>> children(count);
  for (std::size_t i = 0; i < count; ++i) {
    for (std::size_t parent : t.transactions[i].depends) children[parent].push_back(i);
  }
  // A transaction together with everything still included that spends from it, directly or not.
  auto package = [&](std::size_t root) {
    std::vector<std::size_t> members{root};
    std::vector<bool> seen(count, false);
    seen[root] = true;
    for (std::size_t k = 0; k < members.size(); ++k) {
      for (std::size_t child : children[members[k]]) {
        if (included[child] && !seen[child]) {
          seen[child] = true;
          members.push_back(child);
        }
      }
    }
    return members;
  };

  std::int64_t weight = 0, sigops = 0;
  totals(weight, sigops);
  while (weight > t.weightLimit || sigops > t.sigopLimit) {
    // Leave out the package with the lowest fee rate; compare fee_a/weight_a < fee_b/weight_b exactly.
    std::vector<std::size_t> worst;
    std::int64_t worstFee = 0, worstWeight = 1;
    for (std::size_t i = 0; i < count; ++i) {
      if (!included[i] || protectedTx[i]) continue;
      std::vector<std::size_t> members = package(i);
      std::int64_t fee = 0, packageWeight = 0;
      for (std::size_t m : members) {
        fee += t.transactions[m].fee;
        packageWeight += t.transactions[m].weight;
      }
      if (worst.empty() || static_cast<WideLimb>(fee) * static_cast<WideLimb>(worstWeight) <
                               static_cast<WideLimb>(worstFee) * static_cast<WideLimb>(packageWeight)) {
        worst = std::move(members);
        worstFee = fee;
        worstWeight = packageWeight;
      }
    }
    if (worst.empty()) {
      throw SelectionError("the coinbase (" + std::to_string(coinbaseWeight) + " weight, " +
                           std::to_string(coinbaseSigopCost) + " sigop cost) does not fit in the block even "
                           "without optional transactions: pay fewer outputs");
    }
    for (std::size_t m : worst) included[m] = false;
    totals(weight, sigops);
  }

  TransactionSelection selection;
  selection.coinbaseValue = t.coinbaseValue;
  for (std::size_t i = 0; i < count; ++i) {
    if (included[i]) {
      selection.included.push_back(i);
      selection.fees += t.transactions[i].fee;
    } else {
      selection.dropped.push_back(i);
      selection.coinbaseValue -= t.transactions[i].fee;
    }
  }
  selection.blockWeight = weight;
  selection.blockSigopCost = sigops;
  return selection;
}

}  // namespace otedama::chain
