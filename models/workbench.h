#pragma once

#include <QObject>
#include <QString>

#include "models/accesslog/access_log_model.h"
#include "models/canary/canary_model.h"
#include "models/changes/changes_model.h"
#include "models/changes/pending_changes.h"
#include "models/cluster/cluster_metrics_model.h"
#include "models/cluster/cluster_objects_model.h"
#include "models/cluster/cluster_session.h"
#include "models/connections/connections_model.h"
#include "models/document/workspace_document.h"
#include "models/engine/engine_controller.h"
#include "models/explain/explain_model.h"
#include "models/faults/fault_model.h"
#include "models/graph/route_graph_model.h"
#include "models/metrics/chart_series_model.h"
#include "models/policies/policy_editor.h"
#include "models/problems/problems_model.h"
#include "models/routes/route_tree_model.h"
#include "models/rules/rule_editor.h"
#include "models/traces/trace_list_model.h"
#include "models/traces/trace_waterfall_model.h"

namespace routedeck::models {

// Owns every model of one window and wires them: document edits → topology,
// and through PendingChanges (Apply, or live for weights and faults) →
// engine applies; snapshots → chart series → graph edges and the
// canary panel's measured split; the selected node → canary panel. The
// widgets only read these models and forward user intent. UI thread only.
class Workbench : public QObject {
  Q_OBJECT
 public:
  explicit Workbench(QObject* parent = nullptr);

  EngineController& engine() { return m_engine; }
  WorkspaceDocument& document() { return m_document; }
  RouteTreeModel& routeTree() { return m_tree; }
  RouteGraphModel& graph() { return m_graph; }
  ChartSeriesModel& series() { return m_series; }
  CanaryModel& canary() { return m_canary; }
  ProblemsModel& problems() { return m_problems; }
  FaultModel& faults() { return m_faults; }
  RuleEditor& rules() { return m_rules; }
  PolicyEditor& policies() { return m_policies; }
  // Applied vs edited config (Apply / Discard / live apply) and its diff.
  PendingChanges& changes() { return m_changes; }
  ChangesModel& changesDiff() { return m_changesDiff; }
  ExplainModel& explainer() { return m_explain; }
  AccessLogModel& accessLog() { return m_accessLog; }
  // The selected rule's sampled traces, and the one picked from them.
  TraceListModel& traces() { return m_traces; }
  TraceWaterfallModel& waterfall() { return m_waterfall; }
  // The embedded core and the remote routedeckd endpoints; one is shown.
  ConnectionsModel& connections() { return m_connections; }
  // A Kubernetes context: its live route objects, run locally, apply back.
  ClusterSession& cluster() { return m_cluster; }
  ClusterObjectsModel& clusterObjects() { return m_clusterObjects; }
  // The selected cluster route's traffic from the cluster's Prometheus.
  ClusterMetricsModel& clusterMetrics() { return m_clusterMetrics; }

  QString selectedNode() const { return m_selected; }
  RuleRef selectedRule() const;
  // Node id of the first rule with two or more backends (the demo's canary).
  QString firstCanaryRule() const;

 public slots:
  void select(const QString& nodeId);
  // Runs "Test a request" against the document's config.
  void explainRequest(const QString& requestLine, const QString& headers);
  // Applies every pending edit; false (findings in Problems) when the
  // document does not validate.
  bool applyChanges();
  // Shows the connection at `row`: the embedded core (row 0) or a remote
  // routedeckd (connects first; the row reports the failure if it fails).
  void activateConnection(int row);

 signals:
  void selectionChanged(const QString& nodeId);
  void statusChanged();  // version, traffic or totals changed

 private:
  void onConfig(const ConfigConstPtr& config, bool structural);
  void onSnapshot(const SnapshotConstPtr& snapshot);
  void syncCanary();
  void onRemoteConnected(const QString& address, const ConfigConstPtr& config);
  void leaseRemoteFaults();
  void showFresh(const ConfigConstPtr& config, const QString& path, bool demo, const QString& label, bool dirty);

  // The embedded core's document while a remote one is shown.
  struct Stash {
    ConfigConstPtr config;
    QString path;
    bool demo = false;
    bool dirty = false;
  };

  EngineController m_engine;
  ClusterSession m_cluster;
  ClusterObjectsModel m_clusterObjects;
  ClusterMetricsModel m_clusterMetrics;
  WorkspaceDocument m_document;
  RouteTreeModel m_tree;
  RouteGraphModel m_graph;
  ChartSeriesModel m_series;
  CanaryModel m_canary;
  ProblemsModel m_problems;
  FaultModel m_faults{&m_document};
  RuleEditor m_rules{&m_document};
  PolicyEditor m_policies{&m_document};
  PendingChanges m_changes{&m_document};
  ChangesModel m_changesDiff{&m_changes};
  ExplainModel m_explain;
  AccessLogModel m_accessLog;
  TraceListModel m_traces;
  TraceWaterfallModel m_waterfall;
  ConnectionsModel m_connections;
  Stash m_embeddedStash;
  Topology m_topology;
  QString m_selected;
};

}  // namespace routedeck::models
