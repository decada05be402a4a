#include "models/workbench.h"

#include <QDateTime>
#include <QFile>

#include "proxycore/api/engine.h"
#include "proxycore/api/workspace_io.h"

namespace routedeck::models {

Workbench::Workbench(QObject* parent) : QObject(parent) {
  connect(&m_document, &WorkspaceDocument::loaded, this, [this](const ConfigConstPtr& c) { onConfig(c, true); });
  connect(&m_document, &WorkspaceDocument::configChanged, this, [this](const ConfigConstPtr& c) { onConfig(c, false); });
  connect(&m_changes, &PendingChanges::applyRequested, this, [this](const ConfigConstPtr& c) {
    leaseRemoteFaults();
    m_engine.requestApply(c);
  });
  connect(&m_engine, &EngineController::demoStarted, this, [this](const ConfigConstPtr& c, const QString& path) {
    m_document.reset(c, path, true);
  });
  connect(&m_engine, &EngineController::workspaceLoaded, this,
          [this](const QString& path, const ConfigConstPtr& c, const QVector<Problem>& problems, bool valid) {
            m_problems.setProblems(problems);
            if (valid) {
              m_series.clear();
              // A cluster's routes run locally have no file: Save asks for one.
              if (path.startsWith(QStringLiteral("cluster:"))) {
                m_document.reset(c, QString(), false, path.mid(8) + tr(" (cluster, run locally)"));
              } else {
                m_document.reset(c, path, false);
              }
            }
          });
  connect(&m_cluster, &ClusterSession::rowsChanged, this, [this] { m_clusterObjects.setRows(m_cluster.rows()); });
  connect(&m_cluster, &ClusterSession::localSourcesReady, &m_engine, &EngineController::openSources);
  connect(&m_engine, &EngineController::applyFailed, this, [this](const QString&, const QVector<Problem>& problems) {
    m_problems.setProblems(problems);
    m_changes.resync(m_engine.engine().config());  // the core kept its previous config
  });
  connect(&m_engine, &EngineController::applied, this, &Workbench::statusChanged);
  connect(&m_engine, &EngineController::trafficChanged, this, &Workbench::statusChanged);
  connect(&m_engine, &EngineController::snapshotReady, this, &Workbench::onSnapshot);
  connect(&m_engine, &EngineController::accessRecordsReady, &m_accessLog, &AccessLogModel::append);
  connect(&m_traces, &TraceListModel::followRequested, &m_engine, &EngineController::followTraces);
  connect(&m_engine, &EngineController::tracesReady, &m_traces, &TraceListModel::append);
  connect(&m_traces, &QAbstractItemModel::modelReset, this, [this] { m_waterfall.setTrace(nullptr); });
  connect(&m_canary, &CanaryModel::weightsEdited, this,
          [this](const RuleRef& rule, const QVector<int>& percent, bool dragging) {
            m_document.setRuleWeights(rule, percent, dragging);
          });
  connect(&m_canary, &CanaryModel::dragFinished, &m_document, &WorkspaceDocument::endGesture);
  connect(&m_document, &WorkspaceDocument::loaded, this, [this] {
    if (!m_engine.isRemote()) {
      m_connections.setEmbeddedLabel(m_document.displayName(), true);
    }
  });
  connect(&m_engine, &EngineController::remoteConnected, this, &Workbench::onRemoteConnected);
  connect(&m_engine, &EngineController::remoteFailed, this, [this](const QString& address, const QString& message) {
    m_connections.setState(m_connections.rowOf(address), ConnectionsModel::State::Failed, message);
  });
  connect(&m_engine, &EngineController::embeddedResumed, this, [this](const ConfigConstPtr& running) {
    const Stash s = std::exchange(m_embeddedStash, {});
    // The stashed document holds edits not applied yet; without one, what runs.
    showFresh(s.config ? s.config : running, s.path, s.demo, {}, s.dirty);
    m_changes.resync(running);  // unapplied edits of the stash stay pending, not "applied"
    m_connections.setState(m_connections.active(), ConnectionsModel::State::Idle);
    m_connections.setActive(0);
  });
}

void Workbench::activateConnection(int row) {
  if (row == 0) {
    m_engine.useEmbedded();
    return;
  }
  const QString address = m_connections.address(row);
  if (address.isEmpty()) {
    return;
  }
  QString token = m_connections.token(row);
  if (token.isEmpty() && !m_connections.tokenFile(row).isEmpty()) {
    QFile file(m_connections.tokenFile(row));
    if (!file.open(QIODevice::ReadOnly)) {
      m_connections.setState(row, ConnectionsModel::State::Failed,
                             tr("Cannot read the token file %1: %2").arg(file.fileName(), file.errorString()));
      return;
    }
    token = QString::fromUtf8(file.readAll()).trimmed();
  }
  m_connections.setState(row, ConnectionsModel::State::Connecting);
  m_engine.connectRemote(address, token);
}

void Workbench::onRemoteConnected(const QString& address, const ConfigConstPtr& config) {
  const int previous = m_connections.active();
  if (previous == 0) {
    m_embeddedStash = {m_document.config(), m_document.path(), m_document.isDemo(), m_document.isDirty()};
  } else if (previous > 0 && m_connections.address(previous) != address) {
    m_connections.setState(previous, ConnectionsModel::State::Idle);
  }
  const int row = m_connections.rowOf(address);
  m_connections.setState(row, ConnectionsModel::State::Connected);
  m_connections.setActive(row);
  showFresh(config, QString(), false, tr("routedeckd %1").arg(address), false);
}

void Workbench::leaseRemoteFaults() {
  if (!m_engine.isRemote()) {
    return;
  }
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  QVector<FaultLease> leases;
  for (const RuleRef& rule : m_document.faultedRules()) {
    const qint64 left = m_faults.remainingMs(rule);
    const auto fault = m_document.ruleFault(rule);
    if (left > 0 && fault) {  // faults the file declares have no timer: they stay in the routes
      leases.push_back({rule, *fault, now + left});
    }
  }
  m_engine.setRemoteFaultLeases(leases);
}

void Workbench::showFresh(const ConfigConstPtr& config, const QString& path, bool demo, const QString& label,
                          bool dirty) {
  // Another core's numbers must not continue this one's lines.
  m_series.clear();
  m_accessLog.clear();
  m_document.reset(config, path, demo, label, dirty);
}

void Workbench::onConfig(const ConfigConstPtr& config, bool structural) {
  if (!config && !structural) {
    return;
  }
  // No config (an embedded core without a workspace): an empty picture.
  m_topology = config ? Topology::fromConfig(*config) : Topology{};
  m_tree.setTopology(m_topology);
  m_graph.setTopology(m_topology);
  if (structural) {
    m_problems.setProblems(config ? toProblems(core::api::validate(*config)) : QVector<Problem>{});
    if (m_topology.indexOf(m_selected) < 0) {
      m_selected.clear();
    }
    select(m_selected.isEmpty() ? firstCanaryRule() : m_selected);
  } else {
    syncCanary();
  }
}

void Workbench::onSnapshot(const SnapshotConstPtr& snapshot) {
  m_series.addSnapshot(snapshot);
  m_graph.updateLive(m_series);
  if (m_canary.rule().valid()) {
    m_canary.setMeasured(m_series.measuredSplit(m_canary.rule().id()));
  }
  emit statusChanged();
}

RuleRef Workbench::selectedRule() const {
  const int i = m_topology.indexOf(m_selected);
  return i >= 0 ? m_topology.nodes[i].rule : RuleRef{};
}

QString Workbench::firstCanaryRule() const {
  for (const auto& n : m_topology.nodes) {
    if (n.kind == NodeKind::Rule && m_topology.children(n.id).size() >= 2) {
      return n.id;
    }
  }
  return {};
}

void Workbench::explainRequest(const QString& requestLine, const QString& headers) {
  m_explain.explain(m_document.config(), requestLine, headers);
}

bool Workbench::applyChanges() {
  const auto errors = m_changes.apply();
  if (!errors.isEmpty()) {
    m_problems.setProblems(errors);
    return false;
  }
  return true;
}

void Workbench::select(const QString& nodeId) {
  m_selected = nodeId;
  const RuleRef rule = selectedRule();
  if (rule.valid()) {
    m_rules.setRoute(rule);
  } else if (nodeId.startsWith(QLatin1String("rt:"))) {
    // "rt:Kind/ns/name"; names cannot hold '/'.
    const QStringList parts = nodeId.mid(3).split(QLatin1Char('/'));
    if (parts.size() == 3) {
      m_rules.setRoute({parts[0], parts[1], parts[2], -1});
    }
  }
  m_traces.setRule(rule.valid() ? rule.id() : QString());
  m_policies.setRule(rule);
  if (rule.valid()) {
    if (!(rule == m_canary.rule())) {
      m_canary.setRule(rule, m_document.ruleBackends(rule), m_document.ruleWeights(rule));
      m_canary.setMeasured(m_series.measuredSplit(rule.id()));
    }
  } else {
    m_canary.clear();
  }
  emit selectionChanged(nodeId);
}

void Workbench::syncCanary() {
  if (m_canary.rule().valid()) {
    m_canary.sync(m_document.ruleWeights(m_canary.rule()));
  }
}

}  // namespace routedeck::models
