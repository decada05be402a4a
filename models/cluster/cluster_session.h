#pragma once

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>
#include <QVector>
#include <map>
#include <memory>

#include "models/engine/metatypes.h"
#include "proxycore/api/cluster_connection.h"

namespace routedeck::models {

// One object of the cluster as the views show it.
struct ClusterObjectRow {
  QString key;  // group/Kind/ns/name
  QString dialect;
  QString kind;
  QString ns;
  QString name;
  QString resourceVersion;
  QString json;
  bool changedByOthers = false;  // moved on since it was opened locally
  bool operator==(const ClusterObjectRow&) const = default;
};

// One object whose local edit differs from the cluster: what an apply sends.
struct ClusterChange {
  QString kind;
  QString ns;
  QString name;
  QStringList changedFields;
  // Filled by dryRun()/apply(): the outcome of that object.
  bool ok = false;
  bool conflict = false;
  bool stale = false;  // changed in the cluster since opened: start from theirs
  QStringList conflictingManagers;
  QString message;
  QString baseJson, oursJson, theirsJson;
};

// The UI thread's handle on one cluster context (api::ClusterConnection):
// connects and writes off the UI thread, polls the live object set at 4 Hz
// and publishes it as rows. Every write names the context and the server
// it goes to (shown by the views). UI thread only.
class ClusterSession : public QObject {
  Q_OBJECT
 public:
  explicit ClusterSession(QObject* parent = nullptr);
  ~ClusterSession() override;

  bool isOpen() const { return m_connection != nullptr; }
  QString contextName() const { return m_context; }
  QString server() const { return m_server; }
  QStringList dialects() const { return m_dialects; }
  const QVector<ClusterObjectRow>& rows() const { return m_rows; }

  // Contexts of the kubeconfig kubectl would read (or of `kubeconfigPaths`).
  static QVector<core::api::KubeContext> contexts(const QStringList& kubeconfigPaths, QString* error);

 public slots:
  void open(const QString& context, const QStringList& kubeconfigPaths = {});
  void close();
  // "Run this cluster's routes locally": the sources for
  // EngineController::openSources(); Services map to `localEndpoints`.
  void runLocally(const QMap<QString, QString>& localEndpoints, int portBase);
  // Which cluster objects `config` (the running local config) changed.
  void findChanges(const routedeck::models::ConfigConstPtr& config);
  // Server dry run, then (apply) the real server-side apply of each change.
  // `force` takes fields other managers own: only after the user said so.
  void dryRun(const routedeck::models::ConfigConstPtr& config, const QVector<routedeck::models::ClusterChange>& changes);
  void apply(const routedeck::models::ConfigConstPtr& config, const QVector<routedeck::models::ClusterChange>& changes,
             bool force);

 signals:
  void opened(const QString& context, const QString& server);
  void failed(const QString& message);
  void rowsChanged();
  void localSourcesReady(const QString& label, const QStringList& names, const QStringList& texts);
  void changesFound(const QVector<routedeck::models::ClusterChange>& changes);
  void dryRunDone(const QVector<routedeck::models::ClusterChange>& results);
  void applyDone(const QVector<routedeck::models::ClusterChange>& results);
  void message(const QString& text);

 private:
  void poll();
  template <typename Work, typename Done>
  void runAsync(Work work, Done done);
  static QVector<ClusterChange> write(core::api::ClusterConnection& connection, const ConfigConstPtr& config,
                                      const QVector<ClusterChange>& changes, bool dryRun, bool force);

  std::shared_ptr<core::api::ClusterConnection> m_connection;
  QString m_context;
  QString m_server;
  QStringList m_dialects;
  quint64 m_revision = ~0ull;
  QVector<ClusterObjectRow> m_rows;
  QTimer m_poll;
  QThreadPool m_pool;  // one thread: writes run in order
  quint64 m_generation = 0;
};

}  // namespace routedeck::models

Q_DECLARE_METATYPE(routedeck::models::ClusterChange)
