#include "ui/inspectors/inspector_panel.h"

#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

#include "ui/editors/canary_panel.h"
#include "ui/editors/fault_panel.h"

namespace routedeck::ui {

InspectorPanel::InspectorPanel(models::Workbench* workbench, QWidget* parent)
    : QWidget(parent),
      m_workbench(workbench),
      m_title(new QLabel(this)),
      m_detail(new QLabel(this)),
      m_splitHeading(new QLabel(tr("Traffic split"), this)),
      m_canary(new CanaryPanel(&workbench->canary(), this)),
      m_faultHeading(new QLabel(tr("Faults"), this)),
      m_faults(new FaultPanel(&workbench->faults(), this)) {
  auto* layout = new QVBoxLayout(this);
  QFont big = m_title->font();
  big.setBold(true);
  big.setPointSizeF(big.pointSizeF() * 1.15);
  m_title->setFont(big);
  m_title->setWordWrap(true);
  m_detail->setWordWrap(true);
  m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
  QFont heading = m_splitHeading->font();
  heading.setBold(true);
  m_splitHeading->setFont(heading);
  m_faultHeading->setFont(heading);
  auto* line = new QFrame(this);
  line->setFrameShape(QFrame::HLine);
  layout->addWidget(m_title);
  layout->addWidget(m_detail);
  layout->addWidget(line);
  layout->addWidget(m_splitHeading);
  layout->addWidget(m_canary);
  layout->addWidget(m_faultHeading);
  layout->addWidget(m_faults);
  layout->addStretch();
  connect(workbench, &models::Workbench::selectionChanged, this, &InspectorPanel::showSelection);
  showSelection(workbench->selectedNode());
}

void InspectorPanel::showSelection(const QString& nodeId) {
  const auto& nodes = m_workbench->graph().nodes();
  const int i = m_workbench->graph().indexOf(nodeId);
  if (i < 0) {
    m_title->setText(tr("Nothing selected"));
    m_detail->setText(tr("Click a node in the graph or a row in the route tree."));
    m_splitHeading->setVisible(false);
    m_canary->setVisible(false);
    m_faultHeading->setVisible(false);
    m_faults->setVisible(false);
    return;
  }
  const auto& n = nodes[i].node;
  const bool rule = n.kind == models::NodeKind::Rule;
  m_title->setText(rule ? QStringLiteral("%1 · %2").arg(n.rule.name, n.label) : n.label);
  m_detail->setText(rule ? tr("%1 %2/%3, rule %4\nmatch: %5").arg(n.rule.kind, n.rule.ns, n.rule.name).arg(n.rule.index).arg(n.detail)
                         : n.detail);
  m_splitHeading->setVisible(rule);
  m_canary->setVisible(rule);
  m_faultHeading->setVisible(rule);
  m_faults->setVisible(rule);
  m_faults->setRule(rule ? n.rule : models::RuleRef{});
}

}  // namespace routedeck::ui
