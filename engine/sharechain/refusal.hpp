// Why a share is refused. Every check of the share chain ends in one of these codes, so peers
// can be scored by them, tests can reach each one, and logs say exactly what was wrong.
#pragma once

#include <string_view>

namespace otedama::sharechain {

enum class Refusal {
  None,
  Malformed,             // does not decode (format, version, sizes, trailing bytes)
  BadCoinbase,           // reward, extranonce or scriptSig the parent chain would refuse
  BadPayoutScript,       // empty miner script
  BadFee,                // fee above the consensus maximum, or a fee without a script
  TooManyUncles,         // more than params.maxUncles
  DuplicateUncle,        // the same uncle twice, or the previous share as an uncle
  TargetOutOfRange,      // share bits not a target within [minTarget, maxTarget]
  InsufficientWork,      // proof of work above the share target
  BadGenesis,            // a first share (no previous) with height, uncles or work that do not fit
  BadHeight,             // not previous height + 1
  TimestampTooNew,       // beyond our clock + params.maxFutureSeconds
  TimestampTooOld,       // not after the median of the previous shares
  WrongDifficulty,       // share bits differ from the retarget's
  WrongCumulativeWork,   // not previous + own work + uncles' work
  UncleTooDeep,          // uncle not within params.uncleDepth below the share
  UncleNotOnSideChain,   // uncle is an ancestor, or its parent is not on the share's chain
  UncleAlreadyCounted,   // an ancestor already included that uncle
  CoinbaseMismatch,      // the rebuilt coinbase and merkle branch do not give the header's root
  BadAnchor,             // a history offered as an anchor that is too short, has gaps or connects nowhere new
};

std::string_view refusalName(Refusal refusal);  // "coinbase-mismatch", ...

}  // namespace otedama::sharechain
