// From the parent chain's block template to what shares are built on: the transactions that fit
// next to the largest coinbase a share can have (every payout output used, each with the longest
// standard script), the coinbase value left after any dropped fees, the witness commitment of
// those transactions, and the txids the coinbase's merkle branch covers. The same selection
// assembles the block when a share meets the parent target.
#pragma once

#include "chain/block_template.hpp"
#include "chain/transaction_selection.hpp"
#include "sharechain/share_chain.hpp"
#include "sharechain/share_job.hpp"

namespace otedama::sharechain {

struct ParentBlock {
  chain::BlockTemplate blockTemplate;
  chain::TransactionSelection selection;
  ParentWork work;
};

// Throws chain::SelectionError when not even the required transactions fit, and
// std::runtime_error when the template's own witness commitment disagrees with ours.
ParentBlock prepareParentBlock(const chain::BlockTemplate& blockTemplate, const ShareChain& chain);

// The block a share of `parent`'s work makes (its coinbase rebuilt by the chain: the share's
// previous share must be known).
Bytes assembleShareBlock(const ShareChain& chain, const Share& share, const ParentBlock& parent);

}  // namespace otedama::sharechain
