// Share jobs: the coinbase is built by the same function verification uses.
#include "sharechain/share_job.hpp"

#include <stdexcept>
#include <string>

#include "sharechain/share_coinbase.hpp"

namespace otedama::sharechain {

ShareJob makeShareJob(const ShareChain& chain, const ParentWork& parent, NextShare next,
                      std::size_t extranonce1Size, std::size_t extranonce2Size) {
  std::int64_t paid = 0;
  for (const chain::TxOutput& output : next.payouts) paid += output.value;
  if (paid != parent.coinbaseValue) {
    throw std::invalid_argument("the next share's payouts (" + std::to_string(paid) +
                                ") were not computed for this template's coinbase value (" +
                                std::to_string(parent.coinbaseValue) + ")");
  }
  ShareCoinbaseInputs inputs;
  inputs.parentHeight = parent.height;
  inputs.payouts = next.payouts;
  inputs.data = &next.data;
  inputs.witnessCommitment = parent.witnessCommitment;
  inputs.extranonce1Size = extranonce1Size;
  inputs.extranonce2Size = extranonce2Size;
  chain::Coinbase coinbase = buildShareCoinbase(chain.params(), chain.consensusId(), inputs);
  return ShareJob{std::move(next.data),
                  std::move(next.payouts),
                  std::move(coinbase),
                  chain::coinbaseMerkleBranch(parent.txidsAfterCoinbase),
                  parent.version,
                  parent.previousBlockHash,
                  parent.bits,
                  parent.height,
                  parent.coinbaseValue,
                  parent.witnessCommitment};
}

Share completeShare(const ShareJob& job, ByteSpan extranonce1, ByteSpan extranonce2, std::int32_t version,
                    std::uint32_t time, std::uint32_t nonce) {
  Share share;
  share.header.version = version;
  share.header.previousBlockHash = job.previousBlockHash;
  share.header.merkleRoot = chain::merkleRootFromCoinbase(job.coinbase.txid(extranonce1, extranonce2), job.merkleBranch);
  share.header.time = time;
  share.header.bits = job.bits;
  share.header.nonce = nonce;
  share.parentHeight = job.parentHeight;
  share.coinbaseValue = job.coinbaseValue;
  share.extranonce.assign(extranonce1.begin(), extranonce1.end());
  share.extranonce.insert(share.extranonce.end(), extranonce2.begin(), extranonce2.end());
  share.witnessCommitment = job.witnessCommitment;
  share.merkleBranch = job.merkleBranch;
  share.data = job.data;
  return share;
}

}  // namespace otedama::sharechain
