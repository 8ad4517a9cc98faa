// SHA-256 via OpenSSL EVP with a fetched algorithm and one reusable context per thread, so the
// per-hash cost is the compression function and not EVP's lookup and allocation.
#include "crypto/sha256.hpp"

#include <stdexcept>

#include <openssl/evp.h>

namespace otedama::crypto {
namespace {

const EVP_MD* sha256Algorithm() {
  // Fetched once for the process; the provider lookup is what makes EVP_sha256() slow per call.
  static EVP_MD* const algorithm = [] {
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (md == nullptr) throw std::runtime_error("OpenSSL has no SHA256 implementation");
    return md;
  }();
  return algorithm;
}

class ThreadContext {
 public:
  ThreadContext() : ctx_(EVP_MD_CTX_new()) {
    if (ctx_ == nullptr) throw std::runtime_error("EVP_MD_CTX_new failed");
  }
  ~ThreadContext() { EVP_MD_CTX_free(ctx_); }
  ThreadContext(const ThreadContext&) = delete;
  ThreadContext& operator=(const ThreadContext&) = delete;

  void digest(const std::uint8_t* data, std::size_t size, std::uint8_t* out) {
    if (EVP_DigestInit_ex2(ctx_, sha256Algorithm(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx_, data, size) != 1 || EVP_DigestFinal_ex(ctx_, out, nullptr) != 1) {
      throw std::runtime_error("OpenSSL SHA-256 failed");
    }
  }

 private:
  EVP_MD_CTX* ctx_;
};

ThreadContext& threadContext() {
  thread_local ThreadContext context;
  return context;
}

}  // namespace

Hash32 sha256(ByteSpan data) {
  Hash32 out;
  threadContext().digest(data.data(), data.size(), out.data());
  return out;
}

void sha256dInto(ByteSpan data, std::uint8_t* out) {
  ThreadContext& context = threadContext();
  std::uint8_t first[32];
  context.digest(data.data(), data.size(), first);
  context.digest(first, sizeof first, out);
}

Hash32 sha256d(ByteSpan data) {
  Hash32 out;
  sha256dInto(data, out.data());
  return out;
}

}  // namespace otedama::crypto
