// Binary serialization: CompactSize and varint codecs and the bounds-checked reader.
#include "util/serialize.hpp"

namespace otedama {

void ByteWriter::compactSize(std::uint64_t v) {
  if (v < 0xfd) {
    u8(static_cast<std::uint8_t>(v));
  } else if (v <= 0xffff) {
    u8(0xfd);
    u16le(static_cast<std::uint16_t>(v));
  } else if (v <= 0xffffffff) {
    u8(0xfe);
    u32le(static_cast<std::uint32_t>(v));
  } else {
    u8(0xff);
    u64le(v);
  }
}

void ByteWriter::varint(std::uint64_t v) {
  while (v >= 0x80) {
    u8(static_cast<std::uint8_t>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  u8(static_cast<std::uint8_t>(v));
}

void ByteReader::need(std::size_t count) const {
  if (count > remaining()) {
    throw DecodeError("truncated data: need " + std::to_string(count) + " bytes at offset " +
                      std::to_string(position_) + ", " + std::to_string(remaining()) + " left");
  }
}

std::uint64_t ByteReader::getLittle(unsigned width) {
  need(width);
  std::uint64_t v = 0;
  for (unsigned i = 0; i < width; ++i) v |= std::uint64_t{data_[position_ + i]} << (8 * i);
  position_ += width;
  return v;
}

std::uint64_t ByteReader::getBig(unsigned width) {
  need(width);
  std::uint64_t v = 0;
  for (unsigned i = 0; i < width; ++i) v = (v << 8) | data_[position_ + i];
  position_ += width;
  return v;
}

ByteSpan ByteReader::bytes(std::size_t count) {
  need(count);
  ByteSpan out = data_.subspan(position_, count);
  position_ += count;
  return out;
}

std::uint64_t ByteReader::compactSize(std::uint64_t maxValue) {
  const std::size_t start = position_;
  const std::uint8_t first = u8();
  std::uint64_t v = first;
  std::uint64_t minimum = 0;
  if (first == 0xfd) {
    v = u16le();
    minimum = 0xfd;
  } else if (first == 0xfe) {
    v = u32le();
    minimum = 0x10000;
  } else if (first == 0xff) {
    v = u64le();
    minimum = 0x100000000;
  }
  if (v < minimum) throw DecodeError("non-canonical CompactSize at offset " + std::to_string(start));
  if (v > maxValue) {
    throw DecodeError("CompactSize " + std::to_string(v) + " at offset " + std::to_string(start) +
                      " exceeds the limit " + std::to_string(maxValue));
  }
  return v;
}

std::uint64_t ByteReader::varint() {
  const std::size_t start = position_;
  std::uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    const std::uint8_t byte = u8();
    const std::uint64_t group = byte & 0x7f;
    if (shift == 63 && group > 1) throw DecodeError("varint overflows 64 bits at offset " + std::to_string(start));
    if (byte == 0 && shift != 0) throw DecodeError("non-canonical varint at offset " + std::to_string(start));
    v |= group << shift;
    if ((byte & 0x80) == 0) return v;
    if (shift == 63) throw DecodeError("varint overflows 64 bits at offset " + std::to_string(start));
  }
}

ByteSpan ByteReader::lengthPrefixed(std::size_t maxLength) {
  return bytes(static_cast<std::size_t>(compactSize(maxLength)));
}

void ByteReader::expectEnd(const char* what) const {
  if (!atEnd()) {
    throw DecodeError(std::string(what) + ": " + std::to_string(remaining()) + " unexpected trailing bytes");
  }
}

Bytes encodeCompactSize(std::uint64_t v) {
  ByteWriter w(9);
  w.compactSize(v);
  return w.take();
}

Bytes encodeVarint(std::uint64_t v) {
  ByteWriter w(10);
  w.varint(v);
  return w.take();
}

}  // namespace otedama
