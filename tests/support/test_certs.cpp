#include "tests/support/test_certs.h"

#include <QFile>

#include "tests/support/test_support.h"

namespace routedeck::tests {

namespace {
const QStringList kEcKey{QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                         QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
}  // namespace

TestCerts::TestCerts(const QString& dir) : m_dir(dir) {
  m_ok = openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + kEcKey +
                 QStringList{QStringLiteral("-keyout"), key(QStringLiteral("ca")), QStringLiteral("-out"),
                             caCert(), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                             QStringLiteral("/CN=RouteDeck Test CA")});
}

bool TestCerts::openssl(const QStringList& args) {
  auto r = run(QStringLiteral("openssl"), args);
  if (r.exitCode != 0) {
    m_error = QStringLiteral("openssl ") + args.join(QLatin1Char(' ')) + QStringLiteral(": ") + r.err;
    return false;
  }
  return true;
}

bool TestCerts::issue(const QString& name, const QString& cn, const QString& extensions) {
  const QString ext = path(name + QStringLiteral(".ext"));
  QFile f(ext);
  if (!f.open(QIODevice::WriteOnly)) {
    m_error = QStringLiteral("cannot write ") + ext;
    return false;
  }
  f.write(extensions.toUtf8());
  f.close();
  const QString csr = path(name + QStringLiteral(".csr"));
  return openssl(QStringList{QStringLiteral("req")} + kEcKey +
                 QStringList{QStringLiteral("-keyout"), key(name), QStringLiteral("-out"), csr,
                             QStringLiteral("-subj"), QStringLiteral("/CN=") + cn}) &&
         openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr,
                  QStringLiteral("-CA"), caCert(), QStringLiteral("-CAkey"), key(QStringLiteral("ca")),
                  QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), cert(name),
                  QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), ext});
}

bool TestCerts::server(const QString& name, const QString& hostname, const QStringList& moreNames) {
  QString san = QStringLiteral("DNS:") + hostname;
  for (const auto& n : moreNames) {
    san += QStringLiteral(",DNS:") + n;
  }
  return issue(name, hostname,
               QStringLiteral("subjectAltName=%1\nextendedKeyUsage=serverAuth\n").arg(san));
}

bool TestCerts::client(const QString& name, const QString& commonName, const QStringList& altNames) {
  QString ext = QStringLiteral("extendedKeyUsage=clientAuth\n");
  if (!altNames.isEmpty()) {
    ext += QStringLiteral("subjectAltName=") + altNames.join(QLatin1Char(',')) + QLatin1Char('\n');
  }
  return issue(name, commonName, ext);
}

bool TestCerts::selfSigned(const QString& name, const QString& commonName) {
  return openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + kEcKey +
                 QStringList{QStringLiteral("-keyout"), key(name), QStringLiteral("-out"), cert(name),
                             QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                             QStringLiteral("/CN=") + commonName});
}

QString TestCerts::base64(const QString& file) const {
  QFile f(file.contains(QLatin1Char('/')) ? file : path(file));
  if (!f.open(QIODevice::ReadOnly)) {
    return {};
  }
  return QString::fromLatin1(f.readAll().toBase64());
}

}  // namespace routedeck::tests
