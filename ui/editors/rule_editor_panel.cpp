#include "ui/editors/rule_editor_panel.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/widgets/theme.h"

namespace routedeck::ui {

RuleEditorPanel::RuleEditorPanel(models::RuleEditor* editor, QWidget* parent)
    : QWidget(parent), m_editor(editor), m_heading(new QLabel(this)), m_table(new QTableView(this)) {
  m_table->setModel(&editor->table());
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->verticalHeader()->hide();
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_table->setAccessibleName(tr("Rules in effective order"));
  m_remove = new QPushButton(tr("Remove rule"), this);
  m_up = new QPushButton(tr("Move up"), this);
  m_down = new QPushButton(tr("Move down"), this);
  m_up->setToolTip(tr("Earlier in the route's rule list (decides between rules that tie on precedence)"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_up);
  buttons->addWidget(m_down);
  buttons->addWidget(m_remove);
  buttons->addStretch();
  auto* left = new QVBoxLayout;
  left->addWidget(m_heading);
  left->addWidget(m_table, 1);
  left->addLayout(buttons);
  auto* layout = new QHBoxLayout(this);
  layout->addLayout(left, 3);
  layout->addWidget(makeForm(), 2);

  connect(m_remove, &QPushButton::clicked, this, [this] { m_editor->removeRule(currentRow()); });
  connect(m_up, &QPushButton::clicked, this, [this] { m_editor->moveRule(currentRow(), -1); });
  connect(m_down, &QPushButton::clicked, this, [this] { m_editor->moveRule(currentRow(), +1); });
  connect(m_addRule, &QPushButton::clicked, this, [this] { m_editor->addRule(draft(), m_backend->currentText()); });
  connect(m_addHeader, &QPushButton::clicked, this, [this] { m_editor->addHeaderMatch(currentRow(), draft()); });
  connect(editor, &models::RuleEditor::errorChanged, this, &RuleEditorPanel::showError);
  connect(editor, &models::RuleEditor::ruleAdded, this, [this](int rule) {
    const int row = m_editor->table().rowOfRule(rule);
    m_table->selectRow(row);
    m_table->scrollTo(m_editor->table().index(row, 0));
  });
  connect(&editor->table(), &QAbstractItemModel::modelReset, this, [this] {
    refreshHeading();
    refreshBackends();
  });
  refreshHeading();
  refreshBackends();
  showError({});
}

QWidget* RuleEditorPanel::makeForm() {
  auto* form = new QWidget(this);
  auto* grid = new QGridLayout(form);
  grid->setContentsMargins(0, 0, 0, 0);
  m_pathType = new QComboBox(form);
  m_pathType->addItems({QStringLiteral("PathPrefix"), QStringLiteral("Exact"), QStringLiteral("RegularExpression")});
  m_pathValue = new QLineEdit(form);
  m_pathValue->setPlaceholderText(QStringLiteral("/api"));
  m_headerName = new QLineEdit(form);
  m_headerName->setPlaceholderText(QStringLiteral("x-user"));
  m_headerType = new QComboBox(form);
  m_headerType->addItems({QStringLiteral("Exact"), QStringLiteral("RegularExpression")});
  m_headerValue = new QLineEdit(form);
  m_headerValue->setPlaceholderText(QStringLiteral("beta"));
  m_queryName = new QLineEdit(form);
  m_queryValue = new QLineEdit(form);
  m_method = new QLineEdit(form);
  m_method->setPlaceholderText(QStringLiteral("GET"));
  m_backend = new QComboBox(form);
  m_addRule = new QPushButton(tr("Add as new rule"), form);
  m_addHeader = new QPushButton(tr("Add header to selected rule"), form);
  m_error = new QLabel(form);
  m_error->setWordWrap(true);
  m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
  colourError();
  int row = 0;
  grid->addWidget(new QLabel(tr("Path"), form), row, 0);
  grid->addWidget(m_pathType, row, 1);
  grid->addWidget(m_pathValue, row++, 2);
  grid->addWidget(new QLabel(tr("Header"), form), row, 0);
  grid->addWidget(m_headerName, row, 1);
  grid->addWidget(m_headerType, row, 2);
  grid->addWidget(m_headerValue, ++row, 1, 1, 2);
  grid->addWidget(new QLabel(tr("Query"), form), ++row, 0);
  grid->addWidget(m_queryName, row, 1);
  grid->addWidget(m_queryValue, row, 2);
  grid->addWidget(new QLabel(tr("Method"), form), ++row, 0);
  grid->addWidget(m_method, row, 1);
  grid->addWidget(new QLabel(tr("Backend"), form), ++row, 0);
  grid->addWidget(m_backend, row, 1, 1, 2);
  grid->addWidget(m_addRule, ++row, 1);
  grid->addWidget(m_addHeader, row, 2);
  grid->addWidget(m_error, ++row, 0, 1, 3);
  grid->setRowStretch(row + 1, 1);
  for (auto* edit : {m_pathValue, m_headerName, m_headerValue, m_queryName, m_queryValue, m_method}) {
    connect(edit, &QLineEdit::textChanged, this, &RuleEditorPanel::check);
  }
  connect(m_headerType, &QComboBox::currentIndexChanged, this, &RuleEditorPanel::check);
  connect(m_pathType, &QComboBox::currentIndexChanged, this, &RuleEditorPanel::check);
  return form;
}

models::MatchDraft RuleEditorPanel::draft() const {
  models::MatchDraft d;
  d.pathType = m_pathType->currentText();
  d.pathValue = m_pathValue->text();
  d.headerName = m_headerName->text();
  d.headerType = m_headerType->currentText();
  d.headerValue = m_headerValue->text();
  d.queryName = m_queryName->text();
  d.queryValue = m_queryValue->text();
  d.method = m_method->text();
  return d;
}

int RuleEditorPanel::currentRow() const { return m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1; }

void RuleEditorPanel::refreshHeading() {
  const auto route = m_editor->route();
  m_heading->setText(route.name.isEmpty()
                         ? tr("Select a route or rule to edit its match rules.")
                         : tr("%1 %2/%3 — rules in effective order for host %4 (# = position among all routes there)")
                               .arg(route.kind, route.ns, route.name, m_editor->table().hostname()));
}

void RuleEditorPanel::refreshBackends() {
  const QString current = m_backend->currentText();
  m_backend->clear();
  m_backend->addItems(m_editor->backends());
  if (const int i = m_backend->findText(current); i >= 0) {
    m_backend->setCurrentIndex(i);
  }
}

void RuleEditorPanel::check() {
  // Inline validation of the rule the form would add; nothing is applied.
  showError(m_editor->checkNewRule(draft(), m_backend->currentText()));
}

void RuleEditorPanel::showError(const QString& error) {
  m_error->setText(error);
  m_error->setVisible(!error.isEmpty());
}

// Semantic red, but lifted on a dark palette to stay readable (theme.h).
void RuleEditorPanel::colourError() {
  QPalette p = palette();
  p.setColor(QPalette::WindowText, errorTextColour(p));
  m_error->setPalette(p);
}

void RuleEditorPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange && m_error) {
    colourError();
  }
  QWidget::changeEvent(event);
}

}  // namespace routedeck::ui
