#include "tests/kubeapi/tests/apiserver_process.h"

#include <curl/curl.h>
#include <signal.h>

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcessEnvironment>

#include "tests/support/test_support.h"

namespace routedeck::tests::kubeapi {

ApiServerProcess::~ApiServerProcess() { stop(); }

bool ApiServerProcess::start(const QString& dir, const QStringList& extraArgs) {
  m_kubeconfig = dir + QStringLiteral("/kubeconfig");
  m_proc = std::make_unique<QProcess>();
  m_proc->setProgram(binDir() + QStringLiteral("/routedeck-test-apiserver"));
  m_proc->setArguments(QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                   QStringLiteral("--write-kubeconfig"), m_kubeconfig} +
                       extraArgs);
  m_proc->start();
  if (!m_proc->waitForStarted(5000)) {
    m_error = QStringLiteral("cannot start routedeck-test-apiserver: ") + m_proc->errorString();
    return false;
  }
  QElapsedTimer timer;
  timer.start();
  QByteArray pending;
  while (m_line.isEmpty() && timer.elapsed() < 10000 && m_proc->state() == QProcess::Running) {
    m_proc->waitForReadyRead(100);
    pending += m_proc->readAllStandardOutput();
    if (const int nl = pending.indexOf('\n'); nl >= 0) {
      m_line = QString::fromUtf8(pending.left(nl));
    }
  }
  const QStringList parts = m_line.split(QLatin1Char(' '));
  if (parts.size() != 4 || parts[0] != QStringLiteral("listening") ||
      parts[3] != QStringLiteral("apiserver")) {
    m_error = QStringLiteral("routedeck-test-apiserver did not get ready (line \"%1\"): %2")
                  .arg(m_line, QString::fromUtf8(m_proc->readAllStandardError()));
    return false;
  }
  m_port = parts[2].toInt();
  return readKubeconfig();
}

bool ApiServerProcess::readKubeconfig() {
  QFile f(m_kubeconfig);
  if (!f.open(QIODevice::ReadOnly)) {
    m_error = QStringLiteral("cannot read ") + m_kubeconfig;
    return false;
  }
  for (const QByteArray& raw : f.readAll().split('\n')) {
    const QByteArray line = raw.trimmed();
    auto value = [&](const char* key) {
      return line.mid(static_cast<int>(qstrlen(key))).trimmed();
    };
    if (line.startsWith("certificate-authority-data:")) {
      m_ca = QByteArray::fromBase64(value("certificate-authority-data:"));
    } else if (line.startsWith("token:")) {
      m_token = value("token:");
    } else if (line.startsWith("client-certificate-data:")) {
      m_cert = QByteArray::fromBase64(value("client-certificate-data:"));
    } else if (line.startsWith("client-key-data:")) {
      m_key = QByteArray::fromBase64(value("client-key-data:"));
    }
  }
  if (m_ca.isEmpty() || m_token.isEmpty() || m_cert.isEmpty() || m_key.isEmpty()) {
    m_error = QStringLiteral("the kubeconfig lacks a CA, token or client certificate");
    return false;
  }
  return true;
}

int ApiServerProcess::stop() {
  if (!m_proc || m_proc->state() != QProcess::Running) {
    return m_proc ? m_proc->exitCode() : -1;
  }
  m_proc->terminate();
  if (!m_proc->waitForFinished(5000)) {
    m_proc->kill();
    m_proc->waitForFinished(2000);
    return -1;
  }
  return m_proc->exitStatus() == QProcess::NormalExit ? m_proc->exitCode() : -1;
}

QJsonArray HttpReply::jsonArray() const { return QJsonDocument::fromJson(body).array(); }

namespace {

struct Transfer {
  QByteArray body;
  QList<QByteArray> headers;
  // Watches: complete lines become events; stop once enough arrived.
  WatchReply* watch = nullptr;
  int maxEvents = 0;
};

size_t onBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  t->body.append(data, static_cast<qsizetype>(size * count));
  if (t->watch) {
    int nl;
    while ((nl = t->body.indexOf('\n')) >= 0) {
      t->watch->events.append(QJsonDocument::fromJson(t->body.left(nl)).object());
      t->body.remove(0, nl + 1);
    }
    if (t->watch->events.size() >= t->maxEvents) {
      return 0;  // enough: abort the transfer
    }
  }
  return size * count;
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  t->headers.append(QByteArray(data, static_cast<qsizetype>(size * count)).trimmed());
  return size * count;
}

struct Easy {
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  ~Easy() {
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
  }
};

void setup(Easy& e, const ApiServerProcess& server, const QByteArray& method, const QString& path,
           const QByteArray& body, const QByteArray& contentType, KubeClient::Auth auth,
           const QByteArray& token, const QList<QByteArray>& headers, int timeoutMs, Transfer& t) {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  Q_UNUSED(initialised);
  const QByteArray url = "https://127.0.0.1:" + QByteArray::number(server.port()) + path.toUtf8();
  curl_easy_setopt(e.curl, CURLOPT_URL, url.constData());
  curl_easy_setopt(e.curl, CURLOPT_CUSTOMREQUEST, method.constData());
  if (method == "HEAD") {
    curl_easy_setopt(e.curl, CURLOPT_NOBODY, 1L);
  }
  curl_easy_setopt(e.curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_blob ca{const_cast<char*>(server.caPem().constData()),
               static_cast<size_t>(server.caPem().size()), CURL_BLOB_COPY};
  curl_easy_setopt(e.curl, CURLOPT_CAINFO_BLOB, &ca);
  if (auth == KubeClient::Auth::Cert) {
    curl_blob cert{const_cast<char*>(server.clientCertPem().constData()),
                   static_cast<size_t>(server.clientCertPem().size()), CURL_BLOB_COPY};
    curl_blob key{const_cast<char*>(server.clientKeyPem().constData()),
                  static_cast<size_t>(server.clientKeyPem().size()), CURL_BLOB_COPY};
    curl_easy_setopt(e.curl, CURLOPT_SSLCERT_BLOB, &cert);
    curl_easy_setopt(e.curl, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(e.curl, CURLOPT_SSLKEY_BLOB, &key);
    curl_easy_setopt(e.curl, CURLOPT_SSLKEYTYPE, "PEM");
  } else if (auth == KubeClient::Auth::Token) {
    e.headers = curl_slist_append(e.headers, ("Authorization: Bearer " + token).constData());
  }
  if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl_easy_setopt(e.curl, CURLOPT_POSTFIELDS, body.constData());
    curl_easy_setopt(e.curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    e.headers = curl_slist_append(e.headers, ("Content-Type: " + contentType).constData());
  }
  for (const auto& h : headers) {
    e.headers = curl_slist_append(e.headers, h.constData());
  }
  curl_easy_setopt(e.curl, CURLOPT_HTTPHEADER, e.headers);
  curl_easy_setopt(e.curl, CURLOPT_USERAGENT, "tst_kubeapi/1.0");
  curl_easy_setopt(e.curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeoutMs));
  curl_easy_setopt(e.curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e.curl, CURLOPT_WRITEFUNCTION, &onBody);
  curl_easy_setopt(e.curl, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e.curl, CURLOPT_HEADERFUNCTION, &onHeader);
  curl_easy_setopt(e.curl, CURLOPT_HEADERDATA, &t);
}

HttpReply perform(Easy& e, Transfer& t) {
  HttpReply r;
  const CURLcode rc = curl_easy_perform(e.curl);
  long status = 0;
  curl_easy_getinfo(e.curl, CURLINFO_RESPONSE_CODE, &status);
  r.status = static_cast<int>(status);
  if (rc != CURLE_OK) {
    r.error = QString::fromUtf8(curl_easy_strerror(rc));
  }
  r.body = t.body;
  r.headers = t.headers;
  for (const auto& h : t.headers) {
    if (h.toLower().startsWith("content-type:")) {
      r.contentType = h.mid(13).trimmed();
    }
  }
  return r;
}

}  // namespace

HttpReply KubeClient::request(const QByteArray& method, const QString& path, const QByteArray& body,
                              const QByteArray& contentType, Auth auth,
                              const QList<QByteArray>& headers, int timeoutMs) const {
  Easy e;
  Transfer t;
  setup(e, m_server, method, path, body, contentType, auth, m_server.token(), headers, timeoutMs,
        t);
  return perform(e, t);
}

HttpReply KubeClient::requestWithToken(const QByteArray& method, const QString& path,
                                       const QByteArray& token) const {
  Easy e;
  Transfer t;
  setup(e, m_server, method, path, {}, "application/json", Auth::Token, token, {}, 10000, t);
  return perform(e, t);
}

HttpReply KubeClient::control(const QByteArray& method, const QString& what,
                              const QByteArray& body) const {
  return request(method, QStringLiteral("/fixture/v1/") + what, body, "application/json",
                 Auth::None);
}

WatchReply KubeClient::watch(const QString& pathAndQuery, int maxEvents, int timeoutMs,
                             Auth auth) const {
  Easy e;
  Transfer t;
  WatchReply w;
  t.watch = &w;
  t.maxEvents = maxEvents;
  setup(e, m_server, "GET", pathAndQuery, {}, {}, auth, m_server.token(), {}, timeoutMs, t);
  const CURLcode rc = curl_easy_perform(e.curl);
  long status = 0;
  curl_easy_getinfo(e.curl, CURLINFO_RESPONSE_CODE, &status);
  w.status = static_cast<int>(status);
  w.endedCleanly = rc == CURLE_OK;
  // A connection closed (or reset) before the last chunk.
  w.dropped = rc == CURLE_PARTIAL_FILE || rc == CURLE_RECV_ERROR || rc == CURLE_GOT_NOTHING;
  if (rc != CURLE_OK) {
    w.error = QString::fromUtf8(curl_easy_strerror(rc));
  }
  return w;
}

ToolResult runTool(const QString& program, const QStringList& args, const QStringList& env,
                   int timeoutMs, const QByteArray& input) {
  QProcess p;
  QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
  for (const auto& kv : env) {
    const int eq = kv.indexOf(QLatin1Char('='));
    e.insert(kv.left(eq), kv.mid(eq + 1));
  }
  p.setProcessEnvironment(e);
  p.start(program, args);
  ToolResult r;
  if (!p.waitForStarted(5000)) {
    r.err = p.errorString();
    return r;
  }
  if (!input.isEmpty()) {
    p.write(input);
  }
  p.closeWriteChannel();
  if (!p.waitForFinished(timeoutMs)) {
    p.kill();
    p.waitForFinished(2000);
    r.err = QStringLiteral("timed out after %1 ms").arg(timeoutMs);
  } else {
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  }
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err += QString::fromUtf8(p.readAllStandardError());
  return r;
}

}  // namespace routedeck::tests::kubeapi
