// libFuzzer target: the link's frame decoder, fed the input in pieces whose sizes come from the
// input itself. Every frame it yields is within the cap, and once it fails it takes nothing more.
#include <cstdlib>

#include "p2p/frame_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t cap = 1 + (static_cast<std::size_t>(data[0]) << 4);  // small caps reach the limits
  const std::size_t piece = 1 + data[1] % 64;
  otedama::p2p::FrameDecoder decoder(cap);
  for (std::size_t at = 2; at < size; at += piece) {
    const std::size_t count = std::min(piece, size - at);
    const bool accepted = decoder.feed(otedama::ByteSpan(data + at, count));
    if (!accepted && !decoder.failed()) std::abort();
    while (auto frame = decoder.next()) {
      if (frame->empty() || frame->size() > cap) std::abort();
    }
    if (decoder.failed() && (decoder.error().empty() || decoder.feed(otedama::ByteSpan(data, 1)))) std::abort();
  }
  return 0;
}
