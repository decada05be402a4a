#pragma once
// Test PKI made at test time with the openssl CLI: a CA, server
// certificates (one per hostname, with the hostname as CN and SAN) and a
// client certificate, all EC P-256 so that generating them is quick.
#include <QString>
#include <QStringList>

namespace routedeck::tests {

class TestCerts {
 public:
  // Creates the CA in `dir`; check ok() (false when openssl is missing or fails).
  explicit TestCerts(const QString& dir);
  bool ok() const { return m_ok; }
  QString error() const { return m_error; }

  // <name>.crt / <name>.key signed by the CA; false on failure (see error()).
  // `moreNames` are further subjectAltNames (e.g. "*.example.org").
  bool server(const QString& name, const QString& hostname, const QStringList& moreNames = {});
  // `altNames`: subjectAltName entries as openssl writes them ("DNS:a", "URI:spiffe://...").
  bool client(const QString& name, const QString& commonName, const QStringList& altNames = {});
  // A self-signed pair outside the CA (a client the proxy must refuse).
  bool selfSigned(const QString& name, const QString& commonName);

  QString caCert() const { return path(QStringLiteral("ca.crt")); }
  QString cert(const QString& name) const { return path(name + QStringLiteral(".crt")); }
  QString key(const QString& name) const { return path(name + QStringLiteral(".key")); }
  QString path(const QString& file) const { return m_dir + QLatin1Char('/') + file; }
  // File contents in base64, as a Secret's data holds them.
  QString base64(const QString& file) const;

 private:
  bool openssl(const QStringList& args);
  bool issue(const QString& name, const QString& cn, const QString& extensions);
  QString m_dir;
  bool m_ok = false;
  QString m_error;
};

}  // namespace routedeck::tests
