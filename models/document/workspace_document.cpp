#include "models/document/workspace_document.h"

#include <QFileInfo>

#include "models/document/rule_lookup.h"
#include "models/document/set_faults_command.h"
#include "models/document/set_weights_command.h"
#include "proxycore/api/engine.h"

namespace routedeck::models {

namespace model = core::model;

ConfigConstPtr withRuleWeights(const ConfigConstPtr& config, const RuleRef& rule, const QVector<int>& weights) {
  if (!config) {
    return nullptr;
  }
  auto copy = std::make_shared<model::Config>(*config);
  auto* target = findRule(*copy, rule);
  if (target == nullptr || target->backends.size() != static_cast<size_t>(weights.size())) {
    return nullptr;
  }
  for (qsizetype i = 0; i < weights.size(); ++i) {
    target->backends[static_cast<size_t>(i)].weight = weights[i];
  }
  return copy;
}

WorkspaceDocument::WorkspaceDocument(QObject* parent) : QObject(parent) {
  connect(&m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) { emit dirtyChanged(!clean); });
}

void WorkspaceDocument::reset(ConfigConstPtr config, const QString& path, bool isDemo, const QString& label,
                              bool dirty) {
  m_undo.clear();
  if (dirty) {
    m_undo.resetClean();  // no state of the fresh stack matches the file
  }
  m_gestureOpen = false;
  m_config = std::move(config);
  if (path != m_path || isDemo) {
    m_workspaceFile.clear();  // still the saved file when it is opened again
  }
  m_path = path;
  m_demo = isDemo;
  m_label = label;
  emit loaded(m_config);
  emit dirtyChanged(dirty);
}

QString WorkspaceDocument::displayName() const {
  if (!m_label.isEmpty()) {
    return m_label;
  }
  if (m_demo) {
    return tr("demo (embedded)");
  }
  return m_path.isEmpty() ? tr("untitled") : QFileInfo(m_path).fileName();
}

QVector<int> WorkspaceDocument::ruleWeights(const RuleRef& rule) const {
  QVector<int> out;
  if (const auto* r = m_config ? findRule(*m_config, rule) : nullptr) {
    for (const auto& b : r->backends) {
      out << b.weight.value_or(1);
    }
  }
  return out;
}

QStringList WorkspaceDocument::ruleBackends(const RuleRef& rule) const {
  QStringList out;
  if (const auto* r = m_config ? findRule(*m_config, rule) : nullptr) {
    for (const auto& b : r->backends) {
      out << QString::fromStdString(b.name) + (b.subset ? QLatin1Char('@') + QString::fromStdString(*b.subset) : QString());
    }
  }
  return out;
}

void WorkspaceDocument::setRuleWeights(const RuleRef& rule, const QVector<int>& weights, bool dragging) {
  const auto before = ruleWeights(rule);
  if (before == weights || before.size() != weights.size()) {
    return;
  }
  m_undo.push(new SetWeightsCommand(this, rule, before, weights, dragging));
  m_gestureOpen = dragging;
}

void WorkspaceDocument::endGesture() { m_gestureOpen = false; }

std::optional<model::FaultInjection> WorkspaceDocument::ruleFault(const RuleRef& rule) const {
  const auto* r = m_config ? findRule(*m_config, rule) : nullptr;
  return r ? r->fault : std::nullopt;
}

QVector<RuleRef> WorkspaceDocument::faultedRules() const {
  QVector<RuleRef> out;
  if (!m_config) {
    return out;
  }
  for (const auto& route : m_config->routes) {
    for (size_t i = 0; i < route.rules.size(); ++i) {
      if (route.rules[i].fault) {
        out << RuleRef{QString::fromLatin1(model::routeKindName(route.kind)),
                       QString::fromStdString(route.meta.effectiveNamespace()),
                       QString::fromStdString(route.meta.name), static_cast<int>(i)};
      }
    }
  }
  return out;
}

void WorkspaceDocument::changeFaults(const QVector<FaultChange>& changes, const QString& text) {
  QVector<FaultChange> effective;
  for (const auto& c : changes) {
    if (c.before != c.after) {
      effective << c;
    }
  }
  if (!effective.isEmpty()) {
    m_undo.push(new SetFaultsCommand(this, effective, text));
  }
}

void WorkspaceDocument::replaceConfig(ConfigConstPtr config, const std::optional<LiveEdit>& live) {
  m_config = std::move(config);
  if (live) {
    emit liveEdited(*live);
  }
  emit configChanged(m_config);
}

void WorkspaceDocument::markWorkspaceSaved(const QString& path) {
  m_workspaceFile = path;
  markSaved(path);
  emit dirtyChanged(false);
}

void WorkspaceDocument::markSaved(const QString& path) {
  m_path = path;
  m_demo = false;
  m_undo.setClean();
}

}  // namespace routedeck::models
