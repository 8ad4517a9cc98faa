// Share-chain sync between peers, as pure functions of the local chain: the locator a node sends
// to say where its best chain is, and the batch a node answers with (shares after the newest
// locator entry it knows on its own best chain, each preceded by the uncles it credits, parents
// before children, so the receiver can insert them in order), or the shares asked for by id.
#pragma once

#include <vector>

#include "p2p/messages.hpp"
#include "sharechain/share_chain.hpp"

namespace otedama::p2p {

// Our best chain: the tip, then 1, 2, 4, 8, ... shares back, and the oldest retained share;
// at most kMaxLocatorIds. Empty when we have no share.
std::vector<Hash32> buildLocator(const sharechain::ShareChain& chain);

// The answer to a sharechain:request (its id, at most request.maxShares encoded shares).
SharechainBlock answerSharechainRequest(const sharechain::ShareChain& chain, const SharechainRequest& request);

}  // namespace otedama::p2p
