// Test helper: a TCP port on 127.0.0.1 that nothing listens on right now.
#pragma once

#include <cstdint>

namespace otedama::test {

// Asks the kernel for an ephemeral port and releases it. Another process could take it before the
// caller binds it, which is unlikely enough for tests on one machine.
std::uint16_t freeLoopbackPort();

}  // namespace otedama::test
