// Script building and sigop counting.
#include "chain/script.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace otedama::chain {
namespace {
constexpr std::uint8_t OP_0 = 0x00, OP_PUSHDATA1 = 0x4c, OP_PUSHDATA2 = 0x4d, OP_PUSHDATA4 = 0x4e,
                       OP_1NEGATE = 0x4f, OP_1 = 0x51, OP_RETURN = 0x6a, OP_CHECKSIG = 0xac,
                       OP_CHECKSIGVERIFY = 0xad, OP_CHECKMULTISIG = 0xae, OP_CHECKMULTISIGVERIFY = 0xaf;
}  // namespace

Bytes pushData(ByteSpan data) {
  Bytes out;
  const std::size_t n = data.size();
  if (n < OP_PUSHDATA1) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n <= 0xff) {
    out = {OP_PUSHDATA1, static_cast<std::uint8_t>(n)};
  } else if (n <= 0xffff) {
    out = {OP_PUSHDATA2, static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(n >> 8)};
  } else {
    out = {OP_PUSHDATA4, static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(n >> 8),
           static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 24)};
  }
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

Bytes pushNumber(std::int64_t n) {
  if (n == 0) return {OP_0};
  if (n == -1) return {OP_1NEGATE};
  if (n >= 1 && n <= 16) return {static_cast<std::uint8_t>(OP_1 + n - 1)};
  Bytes number;
  const bool negative = n < 0;
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  while (magnitude != 0) {
    number.push_back(static_cast<std::uint8_t>(magnitude & 0xff));
    magnitude >>= 8;
  }
  // The top bit of the last byte is the sign: add a byte when the magnitude uses it.
  if (number.back() & 0x80) {
    number.push_back(negative ? 0x80 : 0x00);
  } else if (negative) {
    number.back() |= 0x80;
  }
  return pushData(number);
}

Bytes opReturnScript(ByteSpan payload) {
  if (payload.size() > 80) throw std::invalid_argument("an OP_RETURN payload is at most 80 bytes");
  Bytes out{OP_RETURN};
  const Bytes push = pushData(payload);
  out.insert(out.end(), push.begin(), push.end());
  return out;
}

Bytes witnessCommitmentScript(const Hash32& commitment) {
  static constexpr std::uint8_t kHeader[] = {OP_RETURN, 0x24, 0xaa, 0x21, 0xa9, 0xed};
  Bytes out(sizeof kHeader + commitment.size());
  std::copy(std::begin(kHeader), std::end(kHeader), out.begin());
  std::copy(commitment.begin(), commitment.end(), out.begin() + sizeof kHeader);
  return out;
}

unsigned legacySigOps(ByteSpan script) {
  unsigned count = 0;
  for (std::size_t i = 0; i < script.size();) {
    const std::uint8_t op = script[i++];
    std::size_t skip = 0;
    if (op >= 0x01 && op < OP_PUSHDATA1) {
      skip = op;
    } else if (op == OP_PUSHDATA1 || op == OP_PUSHDATA2 || op == OP_PUSHDATA4) {
      const std::size_t width = op == OP_PUSHDATA1 ? 1 : op == OP_PUSHDATA2 ? 2 : 4;
      if (i + width > script.size()) break;
      for (std::size_t b = 0; b < width; ++b) skip |= std::size_t{script[i + b]} << (8 * b);
      i += width;
    } else if (op == OP_CHECKSIG || op == OP_CHECKSIGVERIFY) {
      count += 1;
    } else if (op == OP_CHECKMULTISIG || op == OP_CHECKMULTISIGVERIFY) {
      count += 20;
    }
    if (skip > script.size() - i) break;
    i += skip;
  }
  return count;
}

}  // namespace otedama::chain
