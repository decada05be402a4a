#include "ui/inspectors/test_request_panel.h"

#include <QFontMetrics>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>

namespace routedeck::ui {

TestRequestPanel::TestRequestPanel(models::Workbench* workbench, QWidget* parent)
    : QWidget(parent),
      m_workbench(workbench),
      m_request(new QLineEdit(this)),
      m_headers(new QPlainTextEdit(this)),
      m_run(new QPushButton(tr("Explain"), this)),
      m_summary(new QLabel(this)),
      m_hint(new QLabel(this)),
      m_table(new QTableView(this)) {
  m_request->setPlaceholderText(QStringLiteral("GET http://shop.example.com/api/items"));
  m_request->setAccessibleName(tr("Request line"));
  m_headers->setPlaceholderText(tr("Headers, one per line: x-user: beta"));
  m_headers->setFixedHeight(QFontMetrics(m_headers->font()).lineSpacing() * 3 + 10);
  m_headers->setTabChangesFocus(true);
  QFont bold = m_summary->font();
  bold.setBold(true);
  m_summary->setFont(bold);
  m_summary->setWordWrap(true);
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_hint->setWordWrap(true);
  m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_table->setModel(&workbench->explainer());
  m_table->verticalHeader()->hide();
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  auto* grid = new QGridLayout(this);
  grid->addWidget(new QLabel(tr("Request"), this), 0, 0);
  grid->addWidget(m_request, 0, 1);
  grid->addWidget(m_run, 0, 2);
  grid->addWidget(new QLabel(tr("Headers"), this), 1, 0, Qt::AlignTop);
  grid->addWidget(m_headers, 1, 1, 1, 2);
  grid->addWidget(m_summary, 2, 0, 1, 3);
  grid->addWidget(m_hint, 3, 0, 1, 3);
  grid->addWidget(m_table, 4, 0, 1, 3);
  grid->setRowStretch(4, 1);
  connect(m_run, &QPushButton::clicked, this, &TestRequestPanel::run);
  connect(m_request, &QLineEdit::returnPressed, this, &TestRequestPanel::run);
  connect(&workbench->explainer(), &models::ExplainModel::explained, this, &TestRequestPanel::showResult);
  showResult();
}

void TestRequestPanel::prefill(const QString& requestLine, const QString& headers) {
  m_request->setText(requestLine);
  m_headers->setPlainText(headers);
  run();
}

void TestRequestPanel::focusRequest() {
  m_request->setFocus();
  m_request->selectAll();
}

void TestRequestPanel::run() { m_workbench->explainRequest(m_request->text(), m_headers->toPlainText()); }

void TestRequestPanel::showResult() {
  const auto& model = m_workbench->explainer();
  m_summary->setText(model.summary());
  m_hint->setText(model.nearestHint());
  m_hint->setVisible(!model.nearestHint().isEmpty());
  m_table->resizeColumnsToContents();
  if (model.winnerRow() >= 0) {
    m_table->selectRow(model.winnerRow());
  } else if (model.nearestRow() >= 0) {
    m_table->selectRow(model.nearestRow());
  }
}

}  // namespace routedeck::ui
