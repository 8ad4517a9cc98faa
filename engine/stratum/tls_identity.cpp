// Self-signed TLS identity through OpenSSL 3.
#include "stratum/tls_identity.hpp"

#include <cstdio>
#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <sys/stat.h>

namespace otedama::stratum {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

std::unique_ptr<FILE, FileCloser> openForWriting(const std::filesystem::path& path, mode_t mode) {
  const mode_t previous = ::umask(0777 & ~mode);
  FILE* file = std::fopen(path.c_str(), "wb");
  ::umask(previous);
  if (file == nullptr) throw std::runtime_error("cannot write '" + path.string() + "'");
  return std::unique_ptr<FILE, FileCloser>(file);
}

}  // namespace

void createSelfSignedIdentity(const std::filesystem::path& certificateFile, const std::filesystem::path& privateKeyFile,
                              const std::string& commonName) {
  KeyPtr key(EVP_EC_gen("P-256"));
  if (!key) throw std::runtime_error("OpenSSL could not create an EC key");

  CertPtr certificate(X509_new());
  if (!certificate) throw std::runtime_error("OpenSSL could not create a certificate");
  X509_set_version(certificate.get(), 2);  // v3
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;  // positive
  BIGNUM* serialNumber = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(serialNumber, X509_get_serialNumber(certificate.get()));
  BN_free(serialNumber);
  X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -60 * 60);
  X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 10L * 365 * 24 * 60 * 60);
  X509_set_pubkey(certificate.get(), key.get());
  X509_NAME* name = X509_get_subject_name(certificate.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("Otedama"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(commonName.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(certificate.get(), name);
  if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) throw std::runtime_error("OpenSSL could not sign");

  {
    auto file = openForWriting(privateKeyFile, 0600);
    if (PEM_write_PrivateKey(file.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
      throw std::runtime_error("cannot write the private key to '" + privateKeyFile.string() + "'");
    }
  }
  auto file = openForWriting(certificateFile, 0644);
  if (PEM_write_X509(file.get(), certificate.get()) != 1) {
    throw std::runtime_error("cannot write the certificate to '" + certificateFile.string() + "'");
  }
}

bool ensureSelfSignedIdentity(const std::filesystem::path& certificateFile, const std::filesystem::path& privateKeyFile,
                              const std::string& commonName) {
  if (std::filesystem::exists(certificateFile) || std::filesystem::exists(privateKeyFile)) return false;
  createSelfSignedIdentity(certificateFile, privateKeyFile, commonName);
  return true;
}

}  // namespace otedama::stratum
