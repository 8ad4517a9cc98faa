// Share mining for tests.
#include "share_factory.hpp"

#include <stdexcept>

#include "crypto/sha256.hpp"
#include "sharechain/share_coinbase.hpp"
#include "util/compact_target.hpp"

namespace otedama::test {

sharechain::ShareChainParams testShareParams(unsigned window) {
  sharechain::ShareChainParams params;
  params.chain = "litecoin";
  params.network = chain::Network::Regtest;
  params.algorithm = "sha256d";
  params.shareWindow = window;
  params.targetShareTime = 10;
  params.maxTarget = UInt256::powerOfTwo(252) - UInt256(1);
  params.minTarget = UInt256::powerOfTwo(200);
  params.maxPayoutOutputs = 64;
  return params;
}

Bytes minerScript(unsigned miner) {
  Bytes script{0x00, 0x14};
  const Hash32 digest = crypto::sha256(asBytes("miner " + std::to_string(miner)));
  script.insert(script.end(), digest.begin(), digest.begin() + 20);
  return script;
}

ShareFactory::ShareFactory(const sharechain::ShareChain& chain) : chain_(chain) {
  parent.version = 0x20000000;
  parent.previousBlockHash = crypto::sha256d(asBytes("parent block"));
  parent.bits = 0x1b00ffff;
  parent.height = 1000;
  parent.coinbaseValue = 50'0000'0000;
  parent.witnessCommitment = crypto::sha256d(asBytes("witness"));
  for (int i = 0; i < 3; ++i) parent.txidsAfterCoinbase.push_back(crypto::sha256d(asBytes("tx " + std::to_string(i))));
}

sharechain::Share ShareFactory::make(const Bytes& payoutScript, std::uint64_t now, std::optional<Hash32> previous,
                                     const Bytes& feeScript, std::uint32_t feePpm) {
  sharechain::NextShare next =
      chain_.nextShare(payoutScript, feeScript, feePpm, now, parent.coinbaseValue, previous);
  const sharechain::ShareJob job = sharechain::makeShareJob(chain_, parent, std::move(next));
  ++extranonceCounter_;
  const Bytes extranonce1{0xe1, 0, 0, static_cast<std::uint8_t>(extranonceCounter_ >> 16)};
  const Bytes extranonce2{static_cast<std::uint8_t>(extranonceCounter_), static_cast<std::uint8_t>(extranonceCounter_ >> 8), 0, 2};
  sharechain::Share share = sharechain::completeShare(job, extranonce1, extranonce2, parent.version,
                                                      static_cast<std::uint32_t>(now), 0);
  mine(share);
  return share;
}

void ShareFactory::reseal(sharechain::Share& share, const std::vector<chain::TxOutput>& payouts) const {
  sharechain::ShareCoinbaseInputs inputs;
  inputs.parentHeight = share.parentHeight;
  inputs.payouts = payouts;
  inputs.data = &share.data;
  inputs.witnessCommitment = share.witnessCommitment;
  inputs.extranonce1Size = share.extranonce.size();
  inputs.extranonce2Size = 0;
  const chain::Coinbase coinbase = sharechain::buildShareCoinbase(chain_.params(), chain_.consensusId(), inputs);
  share.header.merkleRoot = chain::merkleRootFromCoinbase(coinbase.txid(share.extranonce, {}), share.merkleBranch);
  mine(share);
}

void ShareFactory::resealWithChainPayouts(sharechain::Share& share) const {
  reseal(share, chain_.payoutsAfter(share.data.previousShareId, share.coinbaseValue, share.data.payoutScript));
}

void ShareFactory::mine(sharechain::Share& share, std::optional<UInt256> target) const {
  if (!target) target = targetFromCompact(share.data.shareBits);
  if (!target) throw std::invalid_argument("share bits are not a target");
  const pow::Algorithm& algorithm = chain_.algorithm();
  for (std::uint32_t nonce = 0;; ++nonce) {
    share.header.nonce = nonce;
    const auto header = share.header.serialize();
    if (algorithm.hashValue(algorithm.hash(header)) <= *target) return;
    if (nonce == UINT32_MAX) throw std::runtime_error("no nonce meets the target");
  }
}

}  // namespace otedama::test
