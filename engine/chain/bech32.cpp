// Bech32 and Bech32m text and segwit addresses, from the BIP173 and BIP350 specifications.
#include "chain/bech32.hpp"

#include <array>
#include <cstdint>
#include <cstdio>

#include "util/printable.hpp"

namespace otedama::chain {
namespace {

// Value -> character; chosen by BIP173 so that similar-looking characters differ in one bit.
constexpr char kCharset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr char kSeparator = '1';
constexpr std::uint32_t kBech32Constant = 1;
constexpr std::uint32_t kBech32mConstant = 0x2bc830a3;
constexpr std::size_t kMaxHrpLength = kBech32MaxLength - 1 - kBech32ChecksumLength;  // 83
constexpr int kMaxWitnessVersion = 16;
constexpr std::size_t kMinProgramSize = 2;
constexpr std::size_t kMaxProgramSize = 40;

constexpr std::array<std::int8_t, 128> makeValueTable() {
  std::array<std::int8_t, 128> table{};
  for (auto& entry : table) entry = -1;
  for (std::int8_t value = 0; value < 32; ++value) {
    const auto lower = static_cast<unsigned char>(kCharset[value]);
    table[lower] = value;
    if (lower >= 'a' && lower <= 'z') table[lower - 'a' + 'A'] = value;  // uppercase text is allowed whole
  }
  return table;
}
constexpr std::array<std::int8_t, 128> kValueOf = makeValueTable();

std::uint32_t constantOf(Bech32Variant variant) {
  return variant == Bech32Variant::Bech32 ? kBech32Constant : kBech32mConstant;
}

std::string_view variantName(Bech32Variant variant) {
  return variant == Bech32Variant::Bech32 ? "Bech32" : "Bech32m";
}

// The BCH code's generator, applied to 5-bit values (BIP173 "bech32_polymod").
std::uint32_t polymod(const Bytes& values) {
  constexpr std::uint32_t kGenerator[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  std::uint32_t checksum = 1;
  for (std::uint8_t value : values) {
    const std::uint32_t top = checksum >> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    for (int i = 0; i < 5; ++i) {
      if ((top >> i) & 1) checksum ^= kGenerator[i];
    }
  }
  return checksum;
}

// The high bits of each hrp character, a zero, then the low bits: an error that only changes a
// letter into another letter stays within the part covered by the error-detection guarantees.
Bytes expandHrp(std::string_view hrp) {
  Bytes expanded;
  expanded.reserve(hrp.size() * 2 + 1);
  for (char c : hrp) expanded.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) >> 5));
  expanded.push_back(0);
  for (char c : hrp) expanded.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) & 31));
  return expanded;
}

char toLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string atPosition(std::size_t position) { return " at position " + std::to_string(position); }

std::string byteCount(std::size_t count) { return std::to_string(count) + (count == 1 ? " byte" : " bytes"); }

}  // namespace

std::string encodeBech32(Bech32Variant variant, std::string_view hrp, ByteSpan values) {
  if (hrp.empty() || hrp.size() > kMaxHrpLength) {
    throw Bech32Error("the human-readable part must be 1 to 83 characters, not " + std::to_string(hrp.size()));
  }
  std::string lowerHrp;
  for (char c : hrp) {
    const auto code = static_cast<unsigned char>(c);
    if (code < 33 || code > 126) {
      throw Bech32Error("the human-readable part contains " + describeCharacter(c) + ", outside US-ASCII 33..126");
    }
    lowerHrp += toLower(c);
  }
  const std::size_t length = lowerHrp.size() + 1 + values.size() + kBech32ChecksumLength;
  if (length > kBech32MaxLength) {
    throw Bech32Error("the text would be " + std::to_string(length) + " characters; Bech32 allows at most 90");
  }
  Bytes checked = expandHrp(lowerHrp);
  for (std::uint8_t value : values) {
    if (value > 31) throw Bech32Error("data value " + std::to_string(value) + " does not fit in 5 bits");
    checked.push_back(value);
  }
  checked.insert(checked.end(), kBech32ChecksumLength, 0);
  const std::uint32_t mod = polymod(checked) ^ constantOf(variant);

  std::string text = lowerHrp;
  text += kSeparator;
  for (std::uint8_t value : values) text += kCharset[value];
  for (std::size_t i = 0; i < kBech32ChecksumLength; ++i) text += kCharset[(mod >> (5 * (5 - i))) & 31];
  return text;
}

Bech32Text decodeBech32(std::string_view text) {
  if (text.size() > kBech32MaxLength) {
    throw Bech32Error("the text is " + std::to_string(text.size()) +
                      " characters long; Bech32 allows at most 90");
  }
  bool hasLower = false;
  bool hasUpper = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto code = static_cast<unsigned char>(text[i]);
    if (code < 33 || code > 126) {
      throw Bech32Error(describeCharacter(text[i]) + atPosition(i) + " is outside printable US-ASCII");
    }
    hasLower |= code >= 'a' && code <= 'z';
    hasUpper |= code >= 'A' && code <= 'Z';
  }
  if (hasLower && hasUpper) {
    throw Bech32Error("the text mixes upper and lower case; Bech32 must be all one case");
  }
  // The last '1' separates: the hrp may itself contain '1', the data part cannot.
  const std::size_t separator = text.rfind(kSeparator);
  if (separator == std::string_view::npos) throw Bech32Error("the text has no separator '1'");
  if (separator == 0) throw Bech32Error("the human-readable part before the separator '1' is empty");
  const std::size_t dataLength = text.size() - separator - 1;
  if (dataLength < kBech32ChecksumLength) {
    throw Bech32Error("only " + std::to_string(dataLength) +
                      " characters follow the separator '1'; the checksum alone needs 6");
  }

  Bech32Text decoded;
  for (std::size_t i = 0; i < separator; ++i) decoded.hrp += toLower(text[i]);
  Bytes checked = expandHrp(decoded.hrp);
  for (std::size_t i = separator + 1; i < text.size(); ++i) {
    if (!isBech32DataCharacter(text[i])) {
      throw Bech32Error(describeCharacter(text[i]) + atPosition(i) +
                        " is not a Bech32 character (after the '1' there is no 1, b, i or o)");
    }
    checked.push_back(static_cast<std::uint8_t>(kValueOf[static_cast<unsigned char>(text[i])]));
  }
  const std::uint32_t mod = polymod(checked);
  if (mod == kBech32Constant) {
    decoded.variant = Bech32Variant::Bech32;
  } else if (mod == kBech32mConstant) {
    decoded.variant = Bech32Variant::Bech32m;
  } else {
    throw Bech32Error("the checksum does not match: a character is mistyped, missing or extra");
  }
  decoded.values.assign(checked.end() - static_cast<std::ptrdiff_t>(dataLength),
                        checked.end() - static_cast<std::ptrdiff_t>(kBech32ChecksumLength));
  return decoded;
}

bool isBech32DataCharacter(char c) {
  const auto code = static_cast<unsigned char>(c);
  return code < kValueOf.size() && kValueOf[code] >= 0;
}

Bytes toFiveBitGroups(ByteSpan bytes) {
  Bytes values;
  values.reserve((bytes.size() * 8 + 4) / 5);
  unsigned pending = 0;  // bits not yet emitted, in the low `pendingBits` bits
  unsigned pendingBits = 0;
  for (std::uint8_t byte : bytes) {
    pending = ((pending << 8) | byte) & 0xfff;  // at most 4 + 8 bits are ever pending
    pendingBits += 8;
    while (pendingBits >= 5) {
      pendingBits -= 5;
      values.push_back(static_cast<std::uint8_t>((pending >> pendingBits) & 31));
    }
  }
  if (pendingBits > 0) values.push_back(static_cast<std::uint8_t>((pending << (5 - pendingBits)) & 31));
  return values;
}

Bytes fromFiveBitGroups(ByteSpan values) {
  Bytes bytes;
  bytes.reserve(values.size() * 5 / 8);
  unsigned pending = 0;
  unsigned pendingBits = 0;
  for (std::uint8_t value : values) {
    if (value > 31) throw Bech32Error("data value " + std::to_string(value) + " does not fit in 5 bits");
    pending = ((pending << 5) | value) & 0xfff;  // at most 7 + 5 bits are ever pending
    pendingBits += 5;
    if (pendingBits >= 8) {
      pendingBits -= 8;
      bytes.push_back(static_cast<std::uint8_t>((pending >> pendingBits) & 0xff));
    }
  }
  if (pendingBits >= 5) {
    throw Bech32Error("the data ends in " + std::to_string(pendingBits) +
                      " bits of padding; at most 4 are allowed");
  }
  if ((pending & ((1u << pendingBits) - 1)) != 0) {
    throw Bech32Error("the padding bits at the end of the data are not zero");
  }
  return bytes;
}

std::string encodeSegwit(std::string_view hrp, int version, ByteSpan program) {
  if (version < 0 || version > kMaxWitnessVersion) {
    throw Bech32Error("witness version " + std::to_string(version) + " is outside 0..16");
  }
  if (program.size() < kMinProgramSize || program.size() > kMaxProgramSize) {
    throw Bech32Error("a witness program is 2 to 40 bytes, not " + byteCount(program.size()));
  }
  if (version == 0 && program.size() != 20 && program.size() != 32) {
    throw Bech32Error("a version 0 witness program is 20 or 32 bytes, not " + byteCount(program.size()));
  }
  Bytes values{static_cast<std::uint8_t>(version)};
  const Bytes programValues = toFiveBitGroups(program);
  values.insert(values.end(), programValues.begin(), programValues.end());
  return encodeBech32(version == 0 ? Bech32Variant::Bech32 : Bech32Variant::Bech32m, hrp, values);
}

SegwitProgram decodeSegwit(std::string_view address) {
  Bech32Text text = decodeBech32(address);
  if (text.values.empty()) {
    throw Bech32Error("the address has no data before its checksum (no witness version or program)");
  }
  // Checked in BIP350's order, so each published invalid vector is refused for its stated reason.
  SegwitProgram decoded;
  decoded.version = text.values[0];
  decoded.program = fromFiveBitGroups(ByteSpan(text.values).subspan(1));
  if (decoded.program.size() < kMinProgramSize || decoded.program.size() > kMaxProgramSize) {
    throw Bech32Error("the witness program is " + byteCount(decoded.program.size()) + "; it must be 2 to 40 bytes");
  }
  if (decoded.version > kMaxWitnessVersion) {
    throw Bech32Error("witness version " + std::to_string(decoded.version) + " is above 16");
  }
  if (decoded.version == 0 && decoded.program.size() != 20 && decoded.program.size() != 32) {
    throw Bech32Error("the version 0 witness program is " + byteCount(decoded.program.size()) +
                      "; it must be 20 (P2WPKH) or 32 (P2WSH)");
  }
  // Accepting either checksum for a version would halve what the checksum can detect (BIP350).
  const Bech32Variant expected = decoded.version == 0 ? Bech32Variant::Bech32 : Bech32Variant::Bech32m;
  if (text.variant != expected) {
    throw Bech32Error("witness version " + std::to_string(decoded.version) + " addresses use " +
                      std::string(variantName(expected)) + ", but this one has a " +
                      std::string(variantName(text.variant)) + " checksum" +
                      (expected == Bech32Variant::Bech32m ? " (made by software older than BIP350)" : ""));
  }
  decoded.hrp = std::move(text.hrp);
  return decoded;
}

}  // namespace otedama::chain
