// Naming an untrusted character in an error message without echoing raw bytes.
#pragma once

#include <string>

namespace otedama {

// "a space", "'b'" for a printable ASCII character, "byte 0x80" otherwise.
std::string describeCharacter(char c);

}  // namespace otedama
