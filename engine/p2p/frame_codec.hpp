// Length-prefixed framing of a peer link's TCP stream: each frame is a u32 little-endian length,
// then that many bytes. The decoder is the first thing hostile bytes reach, so it checks every
// length against a cap before buffering for it and stops for good at the first bad one.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "util/bytes.hpp"

namespace otedama::p2p {

inline constexpr std::size_t kFrameLengthBytes = 4;
// The largest plaintext message one secure frame carries.
inline constexpr std::size_t kMaxLinkMessageBytes = std::size_t{1} << 20;
// What sealing adds to a message (secretstream's tag and MAC; checked in secure_channel.cpp).
inline constexpr std::size_t kSecureOverheadBytes = 17;
inline constexpr std::size_t kDefaultMaxFrameBytes = kMaxLinkMessageBytes + kSecureOverheadBytes;

// The frame of a payload. Throws std::invalid_argument for an empty payload or one above
// maxFrameBytes, so we never send what a peer must refuse.
Bytes encodeFrame(ByteSpan payload, std::size_t maxFrameBytes = kDefaultMaxFrameBytes);
// As encodeFrame, appended to `out` (several frames for one write).
void appendFrame(Bytes& out, ByteSpan payload, std::size_t maxFrameBytes = kDefaultMaxFrameBytes);

// Incremental decoder: feed() whatever the socket gave, then take frames with next() until it
// returns nullopt, then check failed(). Lengths are judged when next() reaches them, against the
// cap at that moment, so a session can use a small cap during the handshake and raise it
// afterwards even when the peer already sent later frames. Memory held is at most the bytes fed
// and not yet taken; nothing is reserved on the word of a length field.
class FrameDecoder {
 public:
  // maxFrameBytes: 1 .. 2^32 - 1; throws std::invalid_argument otherwise.
  explicit FrameDecoder(std::size_t maxFrameBytes = kDefaultMaxFrameBytes);

  // Buffers the bytes. Returns false, and keeps nothing, once the decoder has failed.
  bool feed(ByteSpan bytes);
  // The next complete frame's payload, or nullopt when more bytes are needed or the stream is
  // broken. A length of 0 or above the cap breaks the stream: failed() turns true, error() says
  // why, the buffer is dropped and every later feed() and next() refuses.
  std::optional<Bytes> next();

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

  std::size_t maxFrameBytes() const { return maxFrameBytes_; }
  // Applies to every frame not yet returned by next(). Same limits as the constructor.
  void setMaxFrameBytes(std::size_t maxFrameBytes);
  // Bytes fed and not yet returned as frames.
  std::size_t bufferedBytes() const { return buffer_.size() - readPosition_; }

 private:
  void fail(std::string message);

  std::size_t maxFrameBytes_;
  Bytes buffer_;
  std::size_t readPosition_ = 0;
  std::string error_;
};

}  // namespace otedama::p2p
