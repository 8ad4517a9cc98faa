// What the CPU offers that the hash libraries use (reported by `otedama-node --version` and the
// benchmark; OpenSSL and RandomX choose their code paths themselves).
#pragma once

#include <string>

namespace otedama::crypto {

bool cpuHasShaExtensions();  // x86 SHA-NI (CPUID.7.0:EBX bit 29); false elsewhere
bool cpuHasAes();            // x86 AES-NI (CPUID.1:ECX bit 25)
bool cpuHasAvx2();           // x86 AVX2 (CPUID.7.0:EBX bit 5)

// One line such as "sha-ni aes-ni avx2" listing the features found.
std::string cpuFeatureSummary();

}  // namespace otedama::crypto
