#include "models/cluster/cluster_session.h"

#include <QMetaObject>

namespace routedeck::models {

namespace api = core::api;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

std::vector<std::string> toStd(const QStringList& l) {
  std::vector<std::string> out;
  for (const auto& s : l) out.push_back(s.toStdString());
  return out;
}

// Route kinds the apply flow considers (the objects RouteDeck edits).
bool isRouteKind(const std::string& kind) {
  return kind == "HTTPRoute" || kind == "GRPCRoute" || kind == "VirtualService" || kind == "DestinationRule" ||
         kind == "GatewayRoute" || kind == "VirtualRouter";
}

}  // namespace

ClusterSession::ClusterSession(QObject* parent) : QObject(parent) {
  qRegisterMetaType<QVector<ClusterChange>>();
  m_pool.setMaxThreadCount(1);
  m_poll.setInterval(250);
  connect(&m_poll, &QTimer::timeout, this, &ClusterSession::poll);
}

ClusterSession::~ClusterSession() {
  m_poll.stop();
  m_pool.waitForDone();
}

template <typename Work, typename Done>
void ClusterSession::runAsync(Work work, Done done) {
  QPointer<ClusterSession> self(this);
  const quint64 generation = m_generation;
  m_pool.start([self, generation, work = std::move(work), done = std::move(done)]() mutable {
    auto result = work();
    QMetaObject::invokeMethod(
        self.data(),
        [self, generation, done = std::move(done), result = std::move(result)]() mutable {
          // A result for a connection closed meanwhile is dropped.
          if (self && self->m_generation == generation) done(std::move(result));
        },
        Qt::QueuedConnection);
  });
}

QVector<api::KubeContext> ClusterSession::contexts(const QStringList& kubeconfigPaths, QString* error) {
  auto list = api::kubeContexts(toStd(kubeconfigPaths));
  if (!list) {
    if (error) *error = q(list.error().message);
    return {};
  }
  return QVector<api::KubeContext>(list->begin(), list->end());
}

void ClusterSession::open(const QString& context, const QStringList& kubeconfigPaths) {
  close();
  struct Outcome {
    std::shared_ptr<api::ClusterConnection> connection;
    QString error;
  };
  runAsync(
      [context = context.toStdString(), paths = toStd(kubeconfigPaths)]() {
        auto c = api::ClusterConnection::open(context, paths);
        if (!c) return Outcome{nullptr, q(c.error().message)};
        return Outcome{std::shared_ptr<api::ClusterConnection>(std::move(*c)), {}};
      },
      [this](Outcome out) {
        if (!out.connection) {
          emit failed(out.error);
          return;
        }
        m_connection = std::move(out.connection);
        m_context = q(m_connection->contextName());
        m_server = q(m_connection->server());
        m_dialects.clear();
        for (const auto& d : m_connection->dialects()) m_dialects << q(d);
        m_revision = ~0ull;
        m_poll.start();
        emit opened(m_context, m_server);
        poll();
      });
}

void ClusterSession::close() {
  ++m_generation;
  m_poll.stop();
  if (m_connection) {
    // Stopping the watches joins their threads: not on the UI thread.
    auto old = std::move(m_connection);
    m_pool.start([old]() mutable { old.reset(); });
  }
  m_context.clear();
  m_server.clear();
  m_dialects.clear();
  if (!m_rows.isEmpty()) {
    m_rows.clear();
    emit rowsChanged();
  }
}

void ClusterSession::poll() {
  if (!m_connection) return;
  for (const auto& m : m_connection->takeMessages()) emit message(q(m));
  const quint64 rev = m_connection->revision();
  if (rev == m_revision) return;
  m_revision = rev;
  QVector<ClusterObjectRow> rows;
  std::map<std::string, bool> moved;
  for (const auto& c : m_connection->changedSinceOpened()) moved[c.key()] = true;
  for (const auto& i : m_connection->items()) {
    rows.push_back({q(i.key()), q(i.dialect), q(i.kind), q(i.ns), q(i.name), q(i.resourceVersion), q(i.json),
                    moved.count(i.key()) > 0});
  }
  if (rows == m_rows) return;
  m_rows = std::move(rows);
  emit rowsChanged();
}

void ClusterSession::runLocally(const QMap<QString, QString>& localEndpoints, int portBase) {
  if (!m_connection) return;
  std::map<std::string, std::string> eps;
  for (auto it = localEndpoints.begin(); it != localEndpoints.end(); ++it) {
    eps[it.key().toStdString()] = it.value().toStdString();
  }
  const auto sources = m_connection->localSources(eps, portBase);
  QStringList names, texts;
  for (const auto& s : sources) {
    names << q(s.name);
    texts << q(s.text);
  }
  emit localSourcesReady(QStringLiteral("cluster:%1").arg(m_context), names, texts);
  m_revision = ~0ull;  // the "changed by others" marks start over
  poll();
}

void ClusterSession::findChanges(const ConfigConstPtr& config) {
  if (!m_connection || !config) return;
  auto connection = m_connection;
  runAsync(
      [connection, config]() {
        QVector<ClusterChange> out;
        for (const auto& i : connection->items()) {
          if (!isRouteKind(i.kind)) continue;
          // A dry run computes the plan without writing: reuse it to learn
          // what changed (no server round trip when nothing did).
          auto r = connection->applyEdited(*config, i.kind, i.ns, i.name, /*dryRun=*/true);
          if (r.changedFields.empty()) continue;
          ClusterChange c;
          c.kind = q(i.kind);
          c.ns = q(i.ns);
          c.name = q(i.name);
          for (const auto& f : r.changedFields) c.changedFields << q(f);
          c.ok = r.ok;
          c.conflict = r.conflict;
          c.stale = r.stale;
          c.message = q(r.message);
          c.baseJson = q(r.baseJson);
          c.oursJson = q(r.oursJson);
          c.theirsJson = q(r.theirsJson);
          for (const auto& m : r.conflictingManagers) c.conflictingManagers << q(m);
          out.push_back(std::move(c));
        }
        return out;
      },
      [this](QVector<ClusterChange> changes) { emit changesFound(changes); });
}

QVector<ClusterChange> ClusterSession::write(api::ClusterConnection& connection, const ConfigConstPtr& config,
                                             const QVector<ClusterChange>& changes, bool dryRun, bool force) {
  // One change set: every object dry-run first, then applied in order with
  // rollback of the earlier ones if a later one fails.
  std::vector<api::ClusterConnection::ObjectRef> refs;
  for (const auto& c : changes) refs.push_back({c.kind.toStdString(), c.ns.toStdString(), c.name.toStdString()});
  const auto set = connection.applyEditedSet(*config, refs, dryRun, force);
  QVector<ClusterChange> out;
  for (int i = 0; i < changes.size(); ++i) {
    ClusterChange c = changes[i];
    const api::ClusterApplyResult r = i < static_cast<int>(set.objects.size()) ? set.objects[i] : api::ClusterApplyResult{};
    c.ok = r.ok;
    c.conflict = r.conflict;
    c.stale = r.stale;
    c.message = r.message.empty() && !r.ok ? q(set.summary) : q(r.message);
    c.conflictingManagers.clear();
    for (const auto& m : r.conflictingManagers) c.conflictingManagers << q(m);
    if (!r.baseJson.empty()) c.baseJson = q(r.baseJson);
    if (!r.oursJson.empty()) c.oursJson = q(r.oursJson);
    c.theirsJson = q(r.theirsJson);
    out.push_back(std::move(c));
  }
  return out;
}

void ClusterSession::dryRun(const ConfigConstPtr& config, const QVector<ClusterChange>& changes) {
  if (!m_connection || !config) return;
  auto connection = m_connection;
  runAsync([connection, config, changes]() { return write(*connection, config, changes, true, false); },
           [this](QVector<ClusterChange> r) { emit dryRunDone(r); });
}

void ClusterSession::apply(const ConfigConstPtr& config, const QVector<ClusterChange>& changes, bool force) {
  if (!m_connection || !config) return;
  auto connection = m_connection;
  runAsync([connection, config, changes, force]() { return write(*connection, config, changes, false, force); },
           [this](QVector<ClusterChange> r) {
             emit applyDone(r);
             m_revision = ~0ull;
             poll();
           });
}

}  // namespace routedeck::models
