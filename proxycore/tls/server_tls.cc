#include "proxycore/tls/server_tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace routedeck::core::tls {

namespace {

// Mozilla "intermediate" TLS 1.2 suites: forward secrecy and AEAD only (no
// CBC, RC4 or 3DES). TLS 1.3 suites stay at OpenSSL's defaults (all AEAD).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// asio's error_code carries only the first reason; the rest of the queue is
// drained into the message so that it cannot surface in a later, unrelated call.
std::string drainErrors(const std::error_code& ec) {
  std::string out = ec ? ec.message() : std::string();
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out += out.empty() ? "" : "; ";
    out += buf;
  }
  return out;
}

// ALPN: h2 when the client offers it, else http/1.1 (the server's order
// wins, as RFC 7301 allows). A client that offers neither still gets a
// connection without ALPN, as nginx does.
const unsigned char kH2AndHttp11[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
const unsigned char kHttp11Only[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

// `arg` is the protocol list (one of the two above), chosen per context.
int selectAlpn(SSL*, const unsigned char** out, unsigned char* outLen, const unsigned char* in,
               unsigned int inLen, void* arg) {
  const auto* protocols = static_cast<const unsigned char*>(arg);
  const unsigned int size = protocols == kHttp11Only ? sizeof kHttp11Only : sizeof kH2AndHttp11;
  unsigned char* selected = nullptr;
  if (SSL_select_next_proto(&selected, outLen, protocols, size, in, inLen) ==
      OPENSSL_NPN_NEGOTIATED) {
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
  }
  return SSL_TLSEXT_ERR_NOACK;
}

// Does the leaf certificate name one of `wanted` as a DNS, URI or email
// subjectAltName, exactly?
bool hasSubjectAltName(X509* cert, const std::vector<std::string>& wanted) {
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  bool found = false;
  for (int i = 0; names && !found && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    const ASN1_IA5STRING* text = n->type == GEN_DNS   ? n->d.dNSName
                                 : n->type == GEN_URI ? n->d.uniformResourceIdentifier
                                 : n->type == GEN_EMAIL ? n->d.rfc822Name
                                                        : nullptr;
    if (!text) {
      continue;
    }
    const std::string_view value(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                                 static_cast<size_t>(ASN1_STRING_length(text)));
    for (const auto& w : wanted) {
      found = found || value == w;
    }
  }
  GENERAL_NAMES_free(names);
  return found;
}

int hostScore(const std::string& pattern, std::string_view name) {
  if (pattern.empty() || pattern == "*") {
    return 0;
  }
  if (pattern.size() > 2 && pattern[0] == '*' && pattern[1] == '.') {
    std::string_view suffix(pattern.data() + 1, pattern.size() - 1);  // ".example.com"
    bool fits = name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
    return fits ? static_cast<int>(pattern.size()) : -1;
  }
  return pattern == name ? 100000 : -1;
}

}  // namespace

Result<std::shared_ptr<const ServerTls>> ServerTls::create(std::vector<CertificateSource> sources) {
  if (sources.empty()) {
    return makeError(ErrorCode::Invalid, "no certificate to terminate TLS with");
  }
  std::shared_ptr<ServerTls> out(new ServerTls());
  ERR_clear_error();
  for (auto& s : sources) {
    auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    SSL_CTX* native = ctx->native_handle();
    auto fail = [&](const std::string& what, const std::error_code& ec) {
      const std::string detail = drainErrors(ec);
      return makeError(ErrorCode::Invalid,
                       s.description + ": " + what + (detail.empty() ? "" : ": " + detail));
    };
    std::error_code ec;
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_compression |
                         SSL_OP_NO_RENEGOTIATION,
                     ec);
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
      return fail("cipher policy", {});
    }
    ctx->use_certificate_chain(asio::buffer(s.certificateChainPem), ec);
    if (ec) {
      return fail("certificate", ec);
    }
    ctx->use_private_key(asio::buffer(s.privateKeyPem), asio::ssl::context::pem, ec);
    const auto code = static_cast<unsigned long>(ec.value());
    if (ec && ERR_GET_LIB(code) == ERR_LIB_X509 && ERR_GET_REASON(code) == X509_R_KEY_VALUES_MISMATCH) {
      ERR_clear_error();
      return fail("the private key does not match the certificate", {});
    }
    if (ec) {
      return fail("private key", ec);
    }
    if (SSL_CTX_check_private_key(native) != 1) {
      return fail("the private key does not match the certificate", {});
    }
    if (!s.clientCaPem.empty()) {
      ctx->add_certificate_authority(asio::buffer(s.clientCaPem), ec);
      if (ec) {
        return fail("client CA certificates", ec);
      }
      ctx->set_verify_mode(s.clientCertificateOptional
                               ? asio::ssl::verify_peer
                               : asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert,
                           ec);
      if (!s.clientSubjectAltNames.empty()) {
        // Through asio's callback: it keeps the functor in the context, and
        // the SNI switch copies the callback with the verify mode.
        ctx->set_verify_callback(
            [sans = s.clientSubjectAltNames](bool preverified, asio::ssl::verify_context& v) {
              X509_STORE_CTX* store = v.native_handle();
              if (!preverified || X509_STORE_CTX_get_error_depth(store) != 0) {
                return preverified;
              }
              if (hasSubjectAltName(X509_STORE_CTX_get_current_cert(store), sans)) {
                return true;
              }
              X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
              return false;
            },
            ec);
      }
      // Resumed sessions skip verification; OpenSSL refuses resumption
      // without a session id context when peers are verified.
      static const unsigned char kSidContext[] = "routedeck-mtls";
      SSL_CTX_set_session_id_context(native, kSidContext, sizeof kSidContext - 1);
    }
    // Resumption by session tickets (stateless); no server-side session
    // store, whose inserts and periodic sweeps cost every full handshake
    // (nginx's default, "ssl_session_cache none", does the same).
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_AUTO_CLEAR |
                                               SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_set_alpn_select_cb(native, &selectAlpn,
                               const_cast<unsigned char*>(s.offerHttp2 ? kH2AndHttp11 : kHttp11Only));
    SSL_CTX_set_tlsext_servername_callback(native, &ServerTls::onServerName);
    SSL_CTX_set_tlsext_servername_arg(native, out.get());
    Entry e;
    for (auto& h : s.hostnames) {
      e.hostnames.push_back(lower(h));
    }
    e.context = std::move(ctx);
    out->m_entries.push_back(std::move(e));
  }
  return std::shared_ptr<const ServerTls>(std::move(out));
}

const ServerTls::Entry* ServerTls::select(std::string_view serverName) const {
  const Entry* best = nullptr;
  int bestScore = -1;
  for (const auto& e : m_entries) {
    for (const auto& h : e.hostnames) {
      if (int score = hostScore(h, serverName); score > bestScore) {
        best = &e;
        bestScore = score;
      }
    }
    if (e.hostnames.empty() && bestScore < 0) {
      best = &e;
      bestScore = 0;
    }
  }
  return best;
}

int ServerTls::onServerName(SSL* ssl, int*, void* arg) {
  const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  if (!name) {
    return SSL_TLSEXT_ERR_OK;  // no SNI: the default (first) certificate
  }
  const auto* self = static_cast<const ServerTls*>(arg);
  const Entry* e = self->select(lower(name));
  if (!e || e->context->native_handle() == SSL_get_SSL_CTX(ssl)) {
    return SSL_TLSEXT_ERR_OK;
  }
  SSL_CTX* target = e->context->native_handle();
  SSL_set_SSL_CTX(ssl, target);
  // SSL_set_SSL_CTX switches the certificate and the verify store but not
  // the verify mode, which was copied from the initial context.
  SSL_set_verify(ssl, SSL_CTX_get_verify_mode(target), SSL_CTX_get_verify_callback(target));
  SSL_set_options(ssl, SSL_CTX_get_options(target));
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace routedeck::core::tls
