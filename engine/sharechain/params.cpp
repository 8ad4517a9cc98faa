// Consensus parameters per chain and network, and the consensus id.
#include "sharechain/params.hpp"

#include <sstream>
#include <stdexcept>

#include "crypto/sha256.hpp"

namespace otedama::sharechain {

Hash32 ShareChainParams::consensusId() const {
  std::ostringstream text;
  text << "otedama-sharechain-v1|" << chain << '|' << chain::networkName(network) << '|' << algorithm << '|'
       << targetShareTime << '|' << shareWindow << '|' << maxTarget.toHex() << '|' << minTarget.toHex() << '|'
       << retargetClampPercent << '|' << medianTimeSpan << '|' << maxFutureSeconds << '|' << maxUncles << '|'
       << uncleDepth << '|' << unclePenaltyPercent << '|' << maxFeePpm << '|' << maxPayoutOutputs << '|'
       << coinbaseMarker;
  return crypto::sha256d(asBytes(text.str()));
}

ShareChainParams shareChainParamsFor(std::string_view chainName, chain::Network network, unsigned targetShareTime,
                                     unsigned shareWindow) {
  const chain::CoinParams* coin = chain::findCoin(chainName);
  if (coin == nullptr || !coin->supported || coin->family != chain::ChainFamily::Bitcoin) {
    throw std::invalid_argument("no share chain for blockchain '" + std::string(chainName) + "'");
  }
  ShareChainParams params;
  params.chain = std::string(coin->name);
  params.network = network;
  params.algorithm = std::string(coin->algorithm);
  params.targetShareTime = targetShareTime;
  params.shareWindow = shareWindow;
  // Minimum share difficulty: on public networks a share is worth at least 2^32 hashes (Bitcoin
  // difficulty 1), so the chain cannot be flooded with trivial shares; regtest stays CPU-friendly
  // (about 2^12 hashes) so the sandbox finds shares at once.
  params.maxTarget = network == chain::Network::Regtest ? UInt256::powerOfTwo(244) - UInt256(1)
                                                        : (UInt256(0xffff) << 208);
  return params;
}

}  // namespace otedama::sharechain
