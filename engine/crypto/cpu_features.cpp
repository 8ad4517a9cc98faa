// CPU feature detection through CPUID.
#include "crypto/cpu_features.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace otedama::crypto {
namespace {

bool cpuidBit(unsigned leaf, unsigned subleaf, int reg, unsigned bit) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned regs[4] = {0, 0, 0, 0};
  if (__get_cpuid_count(leaf, subleaf, &regs[0], &regs[1], &regs[2], &regs[3]) == 0) return false;
  return ((regs[reg] >> bit) & 1u) != 0;
#else
  (void)leaf, (void)subleaf, (void)reg, (void)bit;
  return false;
#endif
}

constexpr int kEbx = 1;
constexpr int kEcx = 2;

}  // namespace

bool cpuHasShaExtensions() { return cpuidBit(7, 0, kEbx, 29); }
bool cpuHasAes() { return cpuidBit(1, 0, kEcx, 25); }
bool cpuHasAvx2() { return cpuidBit(7, 0, kEbx, 5); }

std::string cpuFeatureSummary() {
  std::string out;
  auto add = [&out](bool present, const char* name) {
    if (!present) return;
    if (!out.empty()) out += ' ';
    out += name;
  };
  add(cpuHasShaExtensions(), "sha-ni");
  add(cpuHasAes(), "aes-ni");
  add(cpuHasAvx2(), "avx2");
  return out.empty() ? "none of sha-ni, aes-ni, avx2" : out;
}

}  // namespace otedama::crypto
