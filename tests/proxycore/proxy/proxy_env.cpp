#include "tests/proxycore/proxy/proxy_env.h"

#include <QElapsedTimer>
#include <QFile>

#include <signal.h>

#include "tests/proxycore/proxy/live_http.h"
#include "tests/support/test_support.h"

namespace routedeck::tests {

Daemon::~Daemon() {
  if (m_proc.state() != QProcess::NotRunning) {
    m_proc.terminate();
    if (!m_proc.waitForFinished(5000)) {
      m_proc.kill();
      m_proc.waitForFinished(2000);
    }
  }
}

bool Daemon::start(const QStringList& args, const QString& program) {
  m_proc.start(binDir() + QLatin1Char('/') + program, args);
  return m_proc.waitForStarted(5000);
}

void Daemon::pump(int waitMs) {
  m_proc.waitForReadyRead(waitMs);
  m_out += QString::fromUtf8(m_proc.readAllStandardOutput());
  m_err += QString::fromUtf8(m_proc.readAllStandardError());
}

QList<QStringList> Daemon::waitListening(int n, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  QList<QStringList> lines;
  while (t.elapsed() < timeoutMs) {
    pump(20);
    lines.clear();
    for (const auto& line : m_out.split(QLatin1Char('\n'))) {
      if (line.startsWith(QStringLiteral("listening "))) {
        lines << line.split(QLatin1Char(' '));
      }
    }
    if (lines.size() >= n || m_proc.state() == QProcess::NotRunning) {
      break;
    }
  }
  return lines;
}

bool Daemon::waitStderr(const QString& needle, int times, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < timeoutMs) {
    pump(20);
    if (m_err.count(needle) >= times) {
      return true;
    }
  }
  return false;
}

QString Daemon::err() {
  pump(0);
  return m_err;
}

QString Daemon::out() {
  pump(0);
  return m_out;
}

void Daemon::signal(int sig) { ::kill(static_cast<pid_t>(m_proc.processId()), sig); }

void Daemon::killHard() {
  m_proc.kill();
  m_proc.waitForFinished(5000);
}

ProxyEnv::ProxyEnv() : m_proxyPort(freeLoopbackPort()) {}

QString ProxyEnv::write(const QString& name, const QString& content) {
  // Write-then-rename, so that a watching proxy never reads half a file.
  const QString target = path(name);
  const QString tmp = target + QStringLiteral(".tmp");
  QFile f(tmp);
  if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
    f.write(content.toUtf8());
    f.close();
  }
  QFile::remove(target);
  QFile::rename(tmp, target);
  return target;
}

std::map<QString, int> ProxyEnv::startEcho(const QStringList& names, const QStringList& extraArgs) {
  QStringList args{QStringLiteral("echo")};
  for (const auto& n : names) {
    args << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:0") << QStringLiteral("--name") << n
         << QStringLiteral("--namespace") << QStringLiteral("test");
  }
  args << extraArgs;
  auto d = std::make_unique<Daemon>();
  std::map<QString, int> ports;
  if (d->start(args)) {
    for (const auto& l : d->waitListening(static_cast<int>(names.size()))) {
      if (l.size() >= 4) {
        ports[l[3]] = l[2].toInt();
        m_echoPorts[l[3]] = l[2].toInt();
      }
    }
  }
  m_echos.push_back(std::move(d));
  return ports;
}

int ProxyEnv::echoPort(const QString& name) const {
  auto it = m_echoPorts.find(name);
  return it == m_echoPorts.end() ? 0 : it->second;
}

bool ProxyEnv::startServe(const QString& workspaceFile, const QStringList& extraArgs) {
  m_serve = std::make_unique<Daemon>();
  QStringList args{QStringLiteral("serve")};
  if (!extraArgs.contains(QStringLiteral("--workers"))) {
    args << QStringLiteral("--workers") << QStringLiteral("2");
  }
  if (!m_serve->start(args + extraArgs + QStringList{workspaceFile})) {
    return false;
  }
  auto lines = m_serve->waitListening(1);
  if (lines.isEmpty()) {
    qWarning("serve did not start: %s", qPrintable(m_serve->err()));
    return false;
  }
  return lines.first().value(2).toInt() == m_proxyPort;
}

bool ProxyEnv::reload(int expectVersion) {
  m_serve->signal(SIGHUP);
  return m_serve->waitStderr(QStringLiteral("applied configuration version %1 ").arg(expectVersion));
}

QString istioEdge(const QString& virtualService) {
  return QStringLiteral(R"(apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: edge-gw, namespace: test}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [mesh.example.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: %1, namespace: test}
spec:
  hosts: [mesh.example.com]
  gateways: [edge-gw]
  http:
)").arg(virtualService);
}

QString gatewayApiBase() {
  return QStringLiteral(R"(apiVersion: v1
kind: Namespace
metadata: {name: test}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: test}
spec:
  gatewayClassName: routedeck
  listeners:
  - {name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: Same}}}
)");
}

QString serviceObject(const QString& name, int port) {
  return QStringLiteral(R"(---
apiVersion: v1
kind: Service
metadata: {name: %1, namespace: test}
spec:
  selector: {app: %1}
  ports:
  - {name: http, port: %2}
)")
      .arg(name)
      .arg(port);
}

QString serviceEntry(const QString& service, int port, const QList<int>& endpointPorts,
                     const QString& extra) {
  QString s = QStringLiteral("  - service: test/%1\n    port: %2\n    endpoints:\n").arg(service).arg(port);
  for (int p : endpointPorts) {
    s += QStringLiteral("    - address: 127.0.0.1:%1\n").arg(p);
  }
  return s + extra;
}

QString workspaceYaml(const QString& gateway, const QString& listener, int bindPort,
                      const QStringList& sources, const QString& serviceEntries) {
  QString s = QStringLiteral(
                  "apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: live}\n"
                  "spec:\n  sources: [%1]\n  listeners:\n  - {gateway: %2, listener: %3, bind: "
                  "127.0.0.1:%4}\n  services:\n")
                  .arg(sources.join(QStringLiteral(", ")), gateway, listener)
                  .arg(bindPort);
  return s + serviceEntries;
}

}  // namespace routedeck::tests
