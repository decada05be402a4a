#include "models/document/workspace_document.h"

#include <QFileInfo>

#include "models/document/set_weights_command.h"
#include "proxycore/api/engine.h"

namespace routedeck::models {

namespace model = core::model;

namespace {

// Config or const Config: the rule `r` names, or null.
template <typename ConfigT>
auto* findRule(ConfigT& c, const RuleRef& r) {
  for (auto& route : c.routes) {
    if (QString::fromLatin1(model::routeKindName(route.kind)) == r.kind &&
        QString::fromStdString(route.meta.effectiveNamespace()) == r.ns &&
        QString::fromStdString(route.meta.name) == r.name && r.index >= 0 &&
        static_cast<size_t>(r.index) < route.rules.size()) {
      return &route.rules[static_cast<size_t>(r.index)];
    }
  }
  return static_cast<decltype(&c.routes.front().rules.front())>(nullptr);
}

}  // namespace

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

void WorkspaceDocument::reset(ConfigConstPtr config, const QString& path, bool isDemo) {
  m_undo.clear();
  m_gestureOpen = false;
  m_config = std::move(config);
  m_path = path;
  m_demo = isDemo;
  emit loaded(m_config);
  emit dirtyChanged(false);
}

QString WorkspaceDocument::displayName() const {
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

void WorkspaceDocument::replaceConfig(ConfigConstPtr config) {
  m_config = std::move(config);
  emit configChanged(m_config);
}

void WorkspaceDocument::markSaved(const QString& path) {
  m_path = path;
  m_demo = false;
  m_undo.setClean();
}

}  // namespace routedeck::models
