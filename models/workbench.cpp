#include "models/workbench.h"

#include "proxycore/api/engine.h"
#include "proxycore/api/workspace_io.h"

namespace routedeck::models {

Workbench::Workbench(QObject* parent) : QObject(parent) {
  connect(&m_document, &WorkspaceDocument::loaded, this, [this](const ConfigConstPtr& c) { onConfig(c, true); });
  connect(&m_document, &WorkspaceDocument::configChanged, this, [this](const ConfigConstPtr& c) { onConfig(c, false); });
  connect(&m_changes, &PendingChanges::applyRequested, &m_engine, &EngineController::requestApply);
  connect(&m_engine, &EngineController::demoStarted, this, [this](const ConfigConstPtr& c, const QString& path) {
    m_document.reset(c, path, true);
  });
  connect(&m_engine, &EngineController::workspaceLoaded, this,
          [this](const QString& path, const ConfigConstPtr& c, const QVector<Problem>& problems, bool valid) {
            m_problems.setProblems(problems);
            if (valid) {
              m_series.clear();
              m_document.reset(c, path, false);
            }
          });
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
}

void Workbench::onConfig(const ConfigConstPtr& config, bool structural) {
  if (!config) {
    return;
  }
  m_topology = Topology::fromConfig(*config);
  m_tree.setTopology(m_topology);
  m_graph.setTopology(m_topology);
  if (structural) {
    m_problems.setProblems(toProblems(core::api::validate(*config)));
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
