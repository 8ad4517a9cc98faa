// Framing of peer links: u32 little-endian length + payload.
#include "p2p/frame_codec.hpp"

#include <cstdint>
#include <limits>
#include <stdexcept>

namespace otedama::p2p {
namespace {

void checkCap(std::size_t maxFrameBytes) {
  if (maxFrameBytes == 0 || maxFrameBytes > std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("a frame cap must be 1 .. 2^32 - 1 bytes, not " + std::to_string(maxFrameBytes));
  }
}

}  // namespace

void appendFrame(Bytes& out, ByteSpan payload, std::size_t maxFrameBytes) {
  if (payload.empty()) throw std::invalid_argument("a frame carries at least one byte");
  if (payload.size() > maxFrameBytes) {
    throw std::invalid_argument("a frame of " + std::to_string(payload.size()) + " bytes is above the cap of " +
                                std::to_string(maxFrameBytes) + " bytes");
  }
  const auto length = static_cast<std::uint32_t>(payload.size());
  out.reserve(out.size() + kFrameLengthBytes + payload.size());
  for (std::size_t i = 0; i < kFrameLengthBytes; ++i) out.push_back(static_cast<std::uint8_t>(length >> (8 * i)));
  out.insert(out.end(), payload.begin(), payload.end());
}

Bytes encodeFrame(ByteSpan payload, std::size_t maxFrameBytes) {
  Bytes out;
  appendFrame(out, payload, maxFrameBytes);
  return out;
}

FrameDecoder::FrameDecoder(std::size_t maxFrameBytes) : maxFrameBytes_(maxFrameBytes) { checkCap(maxFrameBytes); }

void FrameDecoder::setMaxFrameBytes(std::size_t maxFrameBytes) {
  checkCap(maxFrameBytes);
  maxFrameBytes_ = maxFrameBytes;
}

bool FrameDecoder::feed(ByteSpan bytes) {
  if (failed()) return false;
  // Drop what next() already took before growing, so the buffer never holds consumed frames
  // for longer than one feed.
  if (readPosition_ > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(readPosition_));
    readPosition_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  return true;
}

std::optional<Bytes> FrameDecoder::next() {
  if (failed() || bufferedBytes() < kFrameLengthBytes) return std::nullopt;
  const std::uint8_t* header = buffer_.data() + readPosition_;
  std::size_t length = 0;
  for (std::size_t i = 0; i < kFrameLengthBytes; ++i) length |= std::size_t{header[i]} << (8 * i);
  if (length == 0) {
    fail("a frame of length 0 (a frame carries at least one byte)");
    return std::nullopt;
  }
  if (length > maxFrameBytes_) {
    fail("a frame of " + std::to_string(length) + " bytes is above the cap of " + std::to_string(maxFrameBytes_) +
         " bytes");
    return std::nullopt;
  }
  if (bufferedBytes() - kFrameLengthBytes < length) return std::nullopt;
  const auto begin = buffer_.begin() + static_cast<std::ptrdiff_t>(readPosition_ + kFrameLengthBytes);
  Bytes frame(begin, begin + static_cast<std::ptrdiff_t>(length));
  readPosition_ += kFrameLengthBytes + length;
  if (readPosition_ == buffer_.size()) {
    buffer_.clear();
    readPosition_ = 0;
  }
  return frame;
}

void FrameDecoder::fail(std::string message) {
  error_ = "framing error: " + std::move(message);
  Bytes().swap(buffer_);
  readPosition_ = 0;
}

}  // namespace otedama::p2p
