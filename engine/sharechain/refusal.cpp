// Stable names of refusal codes (logs, peer messages, API).
#include "sharechain/refusal.hpp"

namespace otedama::sharechain {

std::string_view refusalName(Refusal refusal) {
  switch (refusal) {
    case Refusal::None: return "none";
    case Refusal::Malformed: return "malformed";
    case Refusal::BadCoinbase: return "bad-coinbase";
    case Refusal::BadPayoutScript: return "bad-payout-script";
    case Refusal::BadFee: return "bad-fee";
    case Refusal::TooManyUncles: return "too-many-uncles";
    case Refusal::DuplicateUncle: return "duplicate-uncle";
    case Refusal::TargetOutOfRange: return "target-out-of-range";
    case Refusal::InsufficientWork: return "insufficient-work";
    case Refusal::BadGenesis: return "bad-genesis";
    case Refusal::BadHeight: return "bad-height";
    case Refusal::TimestampTooNew: return "timestamp-too-new";
    case Refusal::TimestampTooOld: return "timestamp-too-old";
    case Refusal::WrongDifficulty: return "wrong-difficulty";
    case Refusal::WrongCumulativeWork: return "wrong-cumulative-work";
    case Refusal::UncleTooDeep: return "uncle-too-deep";
    case Refusal::UncleNotOnSideChain: return "uncle-not-on-side-chain";
    case Refusal::UncleAlreadyCounted: return "uncle-already-counted";
    case Refusal::CoinbaseMismatch: return "coinbase-mismatch";
    case Refusal::BadAnchor: return "bad-anchor";
  }
  return "unknown";
}

}  // namespace otedama::sharechain
