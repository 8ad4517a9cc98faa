// A self-signed certificate and key for stratum+ssl, made at first start when the operator asks
// for TLS without providing a certificate. Miners then pin it or skip verification, as usual for
// pools on private addresses.
#pragma once

#include <filesystem>
#include <string>

namespace otedama::stratum {

// Writes an ECDSA P-256 key (mode 0600) and a self-signed certificate for `commonName`, valid for
// ten years, as PEM files. Throws std::runtime_error naming the file that could not be written.
void createSelfSignedIdentity(const std::filesystem::path& certificateFile, const std::filesystem::path& privateKeyFile,
                              const std::string& commonName);

// Creates the pair only when neither file exists; returns true when it created them.
bool ensureSelfSignedIdentity(const std::filesystem::path& certificateFile,
                              const std::filesystem::path& privateKeyFile, const std::string& commonName);

}  // namespace otedama::stratum
