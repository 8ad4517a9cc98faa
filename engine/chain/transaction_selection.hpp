// Which template transactions go into our block. The node sized its template for a small
// coinbase; a pool coinbase paying many miners can be larger, so transactions are left out until
// the block fits the weight and sigop limits: each time the package (a transaction with everything
// that spends from it) with the lowest fee rate. Litecoin's HogEx (the last transaction of an MWEB template) and the
// transactions it depends on are never left out, or the MWEB part would not match.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "chain/block_template.hpp"

namespace otedama::chain {

struct TransactionSelection {
  std::vector<std::size_t> included;  // template indexes, in template order
  std::vector<std::size_t> dropped;
  std::int64_t fees = 0;               // of the included transactions
  std::int64_t coinbaseValue = 0;      // template coinbasevalue less the fees of dropped ones
  std::int64_t blockWeight = 0;        // header + counts + coinbase + included transactions
  std::int64_t blockSigopCost = 0;
};

class SelectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws SelectionError when even the protected transactions and the coinbase do not fit.
TransactionSelection selectTransactions(const BlockTemplate& blockTemplate, std::int64_t coinbaseWeight,
                                        std::int64_t coinbaseSigopCost);

}  // namespace otedama::chain
