// Base58 and Base58Check text.
#include "chain/base58.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "crypto/sha256.hpp"
#include "util/printable.hpp"

namespace otedama::chain {
namespace {

// No 0, O, I or l: they are easily mistaken for one another when read or typed.
constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::size_t kChecksumSize = 4;

constexpr std::array<std::int8_t, 128> makeDigitTable() {
  std::array<std::int8_t, 128> table{};
  for (auto& entry : table) entry = -1;
  for (std::int8_t digit = 0; digit < 58; ++digit) table[static_cast<unsigned char>(kAlphabet[digit])] = digit;
  return table;
}
constexpr std::array<std::int8_t, 128> kDigitOf = makeDigitTable();

int digitOf(char c) {
  const auto code = static_cast<unsigned char>(c);
  return code < kDigitOf.size() ? kDigitOf[code] : -1;
}

std::array<std::uint8_t, kChecksumSize> checksumOf(ByteSpan payload) {
  const Hash32 hash = crypto::sha256d(payload);
  std::array<std::uint8_t, kChecksumSize> checksum;
  std::copy_n(hash.begin(), kChecksumSize, checksum.begin());
  return checksum;
}

}  // namespace

std::string encodeBase58(ByteSpan bytes) {
  const std::size_t leadingZeros =
      static_cast<std::size_t>(std::find_if(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b != 0; }) -
                               bytes.begin());
  // Base-58 digits, least significant first; each input byte multiplies the number by 256.
  std::vector<std::uint8_t> digits;
  digits.reserve(bytes.size() * 138 / 100 + 1);  // log(256) / log(58) is about 1.37
  for (std::size_t i = leadingZeros; i < bytes.size(); ++i) {
    unsigned carry = bytes[i];
    for (std::uint8_t& digit : digits) {
      carry += static_cast<unsigned>(digit) << 8;
      digit = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry != 0) {
      digits.push_back(static_cast<std::uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string text(leadingZeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) text += kAlphabet[*it];
  return text;
}

Bytes decodeBase58(std::string_view text, std::size_t maxLength) {
  if (text.size() > maxLength) {
    throw Base58Error("the text is " + std::to_string(text.size()) + " characters long; at most " +
                      std::to_string(maxLength) + " are accepted");
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (digitOf(text[i]) < 0) {
      throw Base58Error(describeCharacter(text[i]) + " at position " + std::to_string(i) +
                        " is not a Base58 character (Base58 has no 0, O, I or l)");
    }
  }
  const std::size_t leadingOnes =
      static_cast<std::size_t>(std::find_if(text.begin(), text.end(), [](char c) { return c != '1'; }) - text.begin());
  // Bytes of the number, least significant first; each digit multiplies the number by 58.
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() * 733 / 1000 + 1);  // log(58) / log(256) is about 0.73
  for (std::size_t i = leadingOnes; i < text.size(); ++i) {
    unsigned carry = static_cast<unsigned>(digitOf(text[i]));
    for (std::uint8_t& byte : bytes) {
      carry += static_cast<unsigned>(byte) * 58;
      byte = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry != 0) {
      bytes.push_back(static_cast<std::uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  Bytes out(leadingOnes, 0);
  out.insert(out.end(), bytes.rbegin(), bytes.rend());
  return out;
}

std::string encodeBase58Check(ByteSpan payload) {
  Bytes withChecksum(payload.begin(), payload.end());
  const auto checksum = checksumOf(payload);
  withChecksum.insert(withChecksum.end(), checksum.begin(), checksum.end());
  return encodeBase58(withChecksum);
}

Bytes decodeBase58Check(std::string_view text, std::size_t maxLength) {
  Bytes bytes = decodeBase58(text, maxLength);
  if (bytes.size() < kChecksumSize) {
    throw Base58Error("the text decodes to " + std::to_string(bytes.size()) + (bytes.size() == 1 ? " byte" : " bytes") +
                      ", too few to hold the 4-byte Base58Check checksum");
  }
  const std::size_t payloadSize = bytes.size() - kChecksumSize;
  const auto expected = checksumOf(ByteSpan(bytes).first(payloadSize));
  if (!std::equal(expected.begin(), expected.end(), bytes.begin() + static_cast<std::ptrdiff_t>(payloadSize))) {
    throw Base58Error("the Base58Check checksum does not match: a character is mistyped, missing or extra");
  }
  bytes.resize(payloadSize);
  return bytes;
}

}  // namespace otedama::chain
