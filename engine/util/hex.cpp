// Hexadecimal text <-> bytes.
#include "util/hex.hpp"

#include <algorithm>

namespace otedama {
namespace {

constexpr char kDigits[] = "0123456789abcdef";

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Returns an empty string on success, else the reason.
std::string decodeInto(std::string_view hex, Bytes& out) {
  if (hex.size() % 2 != 0) {
    return "hex text has an odd number of digits (" + std::to_string(hex.size()) + ")";
  }
  out.resize(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(hex[2 * i]);
    const int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      const std::size_t at = hi < 0 ? 2 * i : 2 * i + 1;
      return "hex text has a non-hex character at position " + std::to_string(at);
    }
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return {};
}

}  // namespace

std::string toHex(ByteSpan bytes) {
  std::string out(bytes.size() * 2, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return out;
}

Bytes fromHex(std::string_view hex) {
  Bytes out;
  if (std::string error = decodeInto(hex, out); !error.empty()) throw std::invalid_argument(error);
  return out;
}

std::optional<Bytes> tryFromHex(std::string_view hex) {
  Bytes out;
  if (!decodeInto(hex, out).empty()) return std::nullopt;
  return out;
}

Hash32 hash32FromHex(std::string_view hex) {
  const Bytes bytes = fromHex(hex);
  if (bytes.size() != 32) {
    throw std::invalid_argument("expected 32 bytes of hex, got " + std::to_string(bytes.size()));
  }
  Hash32 out;
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

}  // namespace otedama
