// Binary serialization used by block, transaction, share and message codecs: fixed-width little
// and big-endian integers, Bitcoin's CompactSize and Monero's varint (LEB128). Readers check every
// length and refuse non-canonical encodings, so hostile bytes end in a DecodeError, never UB.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "util/bytes.hpp"

namespace otedama {

class DecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ByteWriter {
 public:
  ByteWriter() = default;
  explicit ByteWriter(std::size_t reserve) { buffer_.reserve(reserve); }

  void u8(std::uint8_t v) { buffer_.push_back(v); }
  void u16le(std::uint16_t v) { putLittle(v, 2); }
  void u32le(std::uint32_t v) { putLittle(v, 4); }
  void u64le(std::uint64_t v) { putLittle(v, 8); }
  void u32be(std::uint32_t v) { putBig(v, 4); }
  void u64be(std::uint64_t v) { putBig(v, 8); }
  void bytes(ByteSpan data) { buffer_.insert(buffer_.end(), data.begin(), data.end()); }
  void compactSize(std::uint64_t v);  // Bitcoin: 1, 3, 5 or 9 bytes
  void varint(std::uint64_t v);       // Monero: 7 bits a byte, high bit = more follows
  // CompactSize length followed by the bytes (Bitcoin scripts, witness items, ...).
  void lengthPrefixed(ByteSpan data) {
    compactSize(data.size());
    bytes(data);
  }

  const Bytes& data() const { return buffer_; }
  std::size_t size() const { return buffer_.size(); }
  Bytes take() { return std::move(buffer_); }

 private:
  void putLittle(std::uint64_t v, unsigned width) {
    for (unsigned i = 0; i < width; ++i) buffer_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void putBig(std::uint64_t v, unsigned width) {
    for (unsigned i = width; i-- > 0;) buffer_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }

  Bytes buffer_;
};

class ByteReader {
 public:
  explicit ByteReader(ByteSpan data) : data_(data) {}

  std::uint8_t u8() { return static_cast<std::uint8_t>(getLittle(1)); }
  std::uint16_t u16le() { return static_cast<std::uint16_t>(getLittle(2)); }
  std::uint32_t u32le() { return static_cast<std::uint32_t>(getLittle(4)); }
  std::uint64_t u64le() { return getLittle(8); }
  std::uint32_t u32be() { return static_cast<std::uint32_t>(getBig(4)); }
  std::uint64_t u64be() { return getBig(8); }
  ByteSpan bytes(std::size_t count);
  // Canonical CompactSize no larger than maxValue.
  std::uint64_t compactSize(std::uint64_t maxValue = UINT64_MAX);
  // Canonical Monero varint (no redundant trailing zero group, at most 64 bits).
  std::uint64_t varint();
  // A CompactSize length (at most maxLength) and that many bytes.
  ByteSpan lengthPrefixed(std::size_t maxLength);

  std::size_t position() const { return position_; }
  std::size_t remaining() const { return data_.size() - position_; }
  bool atEnd() const { return position_ == data_.size(); }
  // Throws unless every byte was consumed (trailing garbage is an error in strict formats).
  void expectEnd(const char* what) const;

 private:
  void need(std::size_t count) const;
  std::uint64_t getLittle(unsigned width);
  std::uint64_t getBig(unsigned width);

  ByteSpan data_;
  std::size_t position_ = 0;
};

// Encodings as standalone values (for sizes and tests).
Bytes encodeCompactSize(std::uint64_t v);
Bytes encodeVarint(std::uint64_t v);

}  // namespace otedama
