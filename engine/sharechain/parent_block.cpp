// Template -> parent work, and share -> block.
#include "sharechain/parent_block.hpp"

#include <stdexcept>

#include "chain/block_builder.hpp"
#include "chain/script.hpp"
#include "sharechain/share_coinbase.hpp"

namespace otedama::sharechain {

ParentBlock prepareParentBlock(const chain::BlockTemplate& blockTemplate, const ShareChain& chain) {
  ParentBlock parent;
  parent.blockTemplate = blockTemplate;
  const chain::BlockTemplate& t = parent.blockTemplate;
  const ShareChainParams& params = chain.params();

  // The largest coinbase a share may have: every output paid, 34-byte scripts (P2WSH, P2TR),
  // a fee script and the witness commitment. A real one is smaller, so the block always fits.
  const Bytes longest(34, 0x51);
  ShareData sizingData;
  sizingData.payoutScript = longest;
  sizingData.feeScript = longest;
  ShareCoinbaseInputs sizing;
  sizing.parentHeight = t.height;
  sizing.payouts.assign(params.maxPayoutOutputs, chain::TxOutput{1, longest});
  sizing.data = &sizingData;
  if (t.defaultWitnessCommitment) sizing.witnessCommitment = Hash32{};
  const chain::Coinbase largest = buildShareCoinbase(params, chain.consensusId(), sizing);
  parent.selection = chain::selectTransactions(t, largest.weight(), largest.sigopCost());

  ParentWork& work = parent.work;
  work.version = t.version;
  work.previousBlockHash = t.previousBlockHash;
  work.bits = t.bits;
  work.height = t.height;
  work.coinbaseValue = parent.selection.coinbaseValue;
  if (t.defaultWitnessCommitment) {
    work.witnessCommitment = chain::computeWitnessCommitment(chain::includedWtxids(t, parent.selection));
    if (parent.selection.dropped.empty() &&
        chain::witnessCommitmentScript(*work.witnessCommitment) != *t.defaultWitnessCommitment) {
      throw std::runtime_error("the recomputed witness commitment differs from the template's");
    }
  }
  work.txidsAfterCoinbase = chain::includedTxids(t, parent.selection);
  return parent;
}

Bytes assembleShareBlock(const ShareChain& chain, const Share& share, const ParentBlock& parent) {
  const chain::Coinbase coinbase = chain.coinbaseOf(share);
  return chain::assembleBlock(share.header, coinbase.serializeForBlock(share.extranonce, {}), parent.blockTemplate,
                              parent.selection);
}

}  // namespace otedama::sharechain
