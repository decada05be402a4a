#include "tests/kubeapi/pki.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <vector>

namespace routedeck::tests::kubeapi {

namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

constexpr long kValiditySeconds = 30L * 24 * 3600;

core::Error opensslError(const std::string& what) {
  std::string out = "cannot make the test PKI: " + what;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out += std::string("; ") + buf;
  }
  return core::makeError(core::ErrorCode::Io, out);
}

KeyPtr newKey() { return KeyPtr(EVP_EC_gen("P-256"), &EVP_PKEY_free); }

bool addExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) {
    return false;
  }
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

struct Extension {
  int nid;
  const char* value;
};

// A certificate for `key` named `cn`, signed by issuer/issuerKey (itself when null).
core::Result<CertPtr> issue(EVP_PKEY* key, const std::string& cn, X509* issuer, EVP_PKEY* issuerKey,
                            const std::vector<Extension>& extensions) {
  CertPtr cert(X509_new(), &X509_free);
  X509* c = cert.get();
  std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(BN_new(), &BN_free);
  if (!c || !serial || BN_rand(serial.get(), 120, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(c))) {
    return opensslError("serial number");
  }
  X509_set_version(c, 2);
  X509_gmtime_adj(X509_getm_notBefore(c), -3600);
  X509_gmtime_adj(X509_getm_notAfter(c), kValiditySeconds);
  X509_set_pubkey(c, key);
  X509_NAME* name = X509_get_subject_name(c);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509* signer = issuer ? issuer : c;
  X509_set_issuer_name(c, X509_get_subject_name(signer));
  for (const auto& e : extensions) {
    if (!addExtension(c, signer, e.nid, e.value)) {
      return opensslError("certificate extension " + std::string(OBJ_nid2sn(e.nid)));
    }
  }
  if (X509_sign(c, issuerKey ? issuerKey : key, EVP_sha256()) == 0) {
    return opensslError("signing the certificate for " + cn);
  }
  return cert;
}

std::string pemOf(X509* cert) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_X509(bio.get(), cert);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string pemOf(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace

core::Result<Pki> generatePki(const std::string& clientCommonName) {
  ERR_clear_error();
  KeyPtr caKey = newKey();
  KeyPtr serverKey = newKey();
  KeyPtr clientKey = newKey();
  if (!caKey || !serverKey || !clientKey) {
    return opensslError("EC P-256 key generation");
  }
  auto ca = issue(caKey.get(), "routedeck-test-apiserver CA", nullptr, nullptr,
                  {{NID_basic_constraints, "critical,CA:TRUE"},
                   {NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature"},
                   {NID_subject_key_identifier, "hash"},
                   {NID_authority_key_identifier, "keyid:always"}});
  if (!ca) {
    return ca.error();
  }
  auto server = issue(serverKey.get(), "routedeck-test-apiserver", ca->get(), caKey.get(),
                      {{NID_basic_constraints, "critical,CA:FALSE"},
                       {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                       {NID_ext_key_usage, "serverAuth"},
                       {NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"},
                       {NID_subject_key_identifier, "hash"},
                       {NID_authority_key_identifier, "keyid:always"}});
  if (!server) {
    return server.error();
  }
  auto client = issue(clientKey.get(), clientCommonName, ca->get(), caKey.get(),
                      {{NID_basic_constraints, "critical,CA:FALSE"},
                       {NID_key_usage, "critical,digitalSignature"},
                       {NID_ext_key_usage, "clientAuth"},
                       {NID_subject_key_identifier, "hash"},
                       {NID_authority_key_identifier, "keyid:always"}});
  if (!client) {
    return client.error();
  }
  Pki pki;
  pki.caCertPem = pemOf(ca->get());
  pki.serverCertPem = pemOf(server->get());
  pki.serverKeyPem = pemOf(serverKey.get());
  pki.clientCertPem = pemOf(client->get());
  pki.clientKeyPem = pemOf(clientKey.get());
  return pki;
}

}  // namespace routedeck::tests::kubeapi
