// Share coinbase: payouts, then the share commitment, then the witness commitment.
#include "sharechain/share_coinbase.hpp"

namespace otedama::sharechain {

chain::Coinbase buildShareCoinbase(const ShareChainParams& params, const Hash32& consensusId,
                                   const ShareCoinbaseInputs& inputs) {
  chain::CoinbaseSpec spec;
  spec.height = inputs.parentHeight;
  spec.marker.assign(params.coinbaseMarker.begin(), params.coinbaseMarker.end());
  spec.extranonce1Size = inputs.extranonce1Size;
  spec.extranonce2Size = inputs.extranonce2Size;
  spec.payouts = inputs.payouts;
  spec.shareCommitment = shareCommitment(consensusId, *inputs.data);
  spec.witnessCommitment = inputs.witnessCommitment;
  return chain::Coinbase::build(spec);
}

}  // namespace otedama::sharechain
