// The share chain's consensus parameters: everything two nodes must agree on to build and verify
// the same chain (chain and network, proof of work, share time, window, uncle and fee rules,
// difficulty bounds, output limit). Their hash is the consensus id: nodes with different ids
// never peer, and every share commits to it.
#pragma once

#include <cstdint>
#include <string>

#include "chain/coin_params.hpp"
#include "util/bytes.hpp"
#include "util/uint256.hpp"

namespace otedama::sharechain {

struct ShareChainParams {
  std::string chain = "litecoin";  // coin name (chain::findCoin)
  chain::Network network = chain::Network::Mainnet;
  std::string algorithm = "scrypt";  // proof-of-work name in the pow registry

  unsigned targetShareTime = 10;  // seconds between shares the retarget aims at
  unsigned shareWindow = 2160;    // PPLNS window, in best-chain shares

  // Difficulty bounds: the easiest share target (a minimum difficulty per chain) and the hardest
  // (keeps one share's work below 2^100 so 128-bit weights never overflow).
  UInt256 maxTarget;
  UInt256 minTarget = UInt256::powerOfTwo(156);
  // One retarget step moves the target by at most this factor (x or /), against timestamp games.
  unsigned retargetClampPercent = 10;
  unsigned medianTimeSpan = 11;         // shares whose median a new timestamp must exceed
  std::uint32_t maxFutureSeconds = 120;  // how far ahead of our clock a timestamp may be

  unsigned maxUncles = 5;
  unsigned uncleDepth = 3;          // an uncle is at most this many shares below its nephew
  unsigned unclePenaltyPercent = 20;  // taken from the uncle's weight and given to the nephew

  std::uint32_t maxFeePpm = 50000;     // a node's fee on its miners' shares: at most 5 %
  std::size_t maxPayoutOutputs = 256;  // the heaviest miners of the window that a block pays

  std::string coinbaseMarker = "/otedama/";

  // SHA-256d over a canonical text of every field above.
  Hash32 consensusId() const;
};

// The parameters of a chain and network with the node's share time and window; throws
// std::invalid_argument for a chain without share-chain support.
ShareChainParams shareChainParamsFor(std::string_view chain, chain::Network network, unsigned targetShareTime,
                                     unsigned shareWindow);

}  // namespace otedama::sharechain
