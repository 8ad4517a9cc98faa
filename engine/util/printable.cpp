// Naming untrusted characters in messages.
#include "util/printable.hpp"

#include <cstdio>

namespace otedama {

std::string describeCharacter(char c) {
  const auto code = static_cast<unsigned char>(c);
  if (code == ' ') return "a space";
  if (code > 0x20 && code < 0x7f) return std::string("'") + c + "'";
  char text[16];
  std::snprintf(text, sizeof text, "byte 0x%02x", code);
  return text;
}

}  // namespace otedama
