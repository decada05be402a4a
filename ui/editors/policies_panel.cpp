#include "ui/editors/policies_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QLayout>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace routedeck::ui {

namespace {

using models::PolicyGroup;
using Mode = models::PolicyEditor::Mode;

// Spin boxes whose lowest value reads "not set": unset is not zero.
QSpinBox* optionalSpin(QWidget* parent, int max, const QString& suffix, const QString& unset) {
  auto* s = new QSpinBox(parent);
  s->setRange(0, max);
  s->setSuffix(suffix);
  s->setSpecialValueText(unset);
  s->setAccelerated(true);
  return s;
}
std::optional<qint64> optionalValue(const QSpinBox* s) {
  return s->value() == s->minimum() ? std::nullopt : std::optional<qint64>(s->value());
}
void setOptional(QSpinBox* s, std::optional<qint64> v) { s->setValue(v ? static_cast<int>(*v) : s->minimum()); }

QStringList splitList(const QString& text) {
  QStringList out;
  for (const auto& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    if (!part.trimmed().isEmpty()) out << part.trimmed();
  }
  return out;
}
QString joinList(const QStringList& list) { return list.join(QStringLiteral(", ")); }

// "name: value; name: value" — the header lists as one line each.
QVector<QPair<QString, QString>> splitPairs(const QString& text) {
  QVector<QPair<QString, QString>> out;
  for (const auto& part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
    if (part.trimmed().isEmpty()) continue;
    const int colon = part.indexOf(QLatin1Char(':'));
    out.append({(colon < 0 ? part : part.left(colon)).trimmed(), colon < 0 ? QString() : part.mid(colon + 1).trimmed()});
  }
  return out;
}
QString joinPairs(const QVector<QPair<QString, QString>>& pairs) {
  QStringList parts;
  for (const auto& [n, v] : pairs) parts << n + QStringLiteral(": ") + v;
  return parts.join(QStringLiteral("; "));
}

// One origin a line: "regex: …", "prefix: …", otherwise exact.
QVector<models::OriginDraft> splitOrigins(const QString& text) {
  QVector<models::OriginDraft> out;
  for (const auto& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
    const QString t = line.trimmed();
    if (t.isEmpty()) continue;
    if (t.startsWith(QLatin1String("regex:"))) out.append({QStringLiteral("RegularExpression"), t.mid(6).trimmed()});
    else if (t.startsWith(QLatin1String("prefix:"))) out.append({QStringLiteral("Prefix"), t.mid(7).trimmed()});
    else out.append({QStringLiteral("Exact"), t});
  }
  return out;
}
QString joinOrigins(const QVector<models::OriginDraft>& origins) {
  QStringList lines;
  for (const auto& o : origins) {
    lines << (o.type == QLatin1String("RegularExpression") ? QStringLiteral("regex: ") + o.value
              : o.type == QLatin1String("Prefix")          ? QStringLiteral("prefix: ") + o.value
                                                           : o.value);
  }
  return lines.join(QLatin1Char('\n'));
}

QComboBox* pathTypeBox(QWidget* parent) {
  auto* c = new QComboBox(parent);
  c->addItem(QObject::tr("keep the path"), QString());
  c->addItem(QObject::tr("replace full path"), QStringLiteral("ReplaceFullPath"));
  c->addItem(QObject::tr("replace matched prefix"), QStringLiteral("ReplacePrefixMatch"));
  return c;
}
models::PathDraft pathOf(const QComboBox* type, const QLineEdit* value) {
  return {type->currentData().toString(), type->currentData().toString().isEmpty() ? QString() : value->text()};
}
void setPath(QComboBox* type, QLineEdit* value, const models::PathDraft& p) {
  type->setCurrentIndex(std::max(0, type->findData(p.type)));
  value->setText(p.value);
}

std::optional<QString> optionalText(const QLineEdit* e) {
  return e->text().trimmed().isEmpty() ? std::nullopt : std::optional<QString>(e->text().trimmed());
}

}  // namespace

PoliciesPanel::PoliciesPanel(models::PolicyEditor* editor, QWidget* parent)
    : QWidget(parent),
      m_editor(editor),
      m_heading(new QLabel(this)),
      m_list(new QListWidget(this)),
      m_stack(new QStackedWidget(this)) {
  m_heading->setWordWrap(true);
  m_list->setAccessibleName(tr("Policy groups"));
  m_list->setMaximumWidth(280);
  m_list->setToolTip(tr("Up/Down picks a group; Tab moves into its form; Enter applies it (then Ctrl+Return applies the pending changes)"));
  const struct {
    PolicyGroup g;
    QString title;
    bool optional;
    QWidget* form;
  } groups[] = {
      {PolicyGroup::Timeouts, tr("Timeouts"), false, timeoutsForm()},
      {PolicyGroup::Retry, tr("Retries"), true, retryForm()},
      {PolicyGroup::RateLimit, tr("Rate limit"), true, rateForm()},
      {PolicyGroup::Cors, tr("CORS"), true, corsForm()},
      {PolicyGroup::RequestHeaders, tr("Request headers"), false, headersForm(0)},
      {PolicyGroup::ResponseHeaders, tr("Response headers"), false, headersForm(3)},
      {PolicyGroup::Rewrite, tr("URL rewrite"), true, rewriteForm()},
      {PolicyGroup::Redirect, tr("Redirect"), true, redirectForm()},
      {PolicyGroup::Mirror, tr("Mirror"), true, mirrorForm()},
  };
  for (const auto& g : groups) {
    m_list->addItem(g.title);
    m_stack->addWidget(makeGroup(g.g, g.title, g.optional, g.form));
  }
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(m_stack);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* body = new QHBoxLayout;
  body->addWidget(m_list);
  body->addWidget(scroll, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_heading);
  layout->addLayout(body, 1);
  connect(m_list, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
  // A stack is as tall as its tallest page; only the shown page should count.
  auto fitPage = [this](int current) {
    for (int i = 0; i < m_stack->count(); ++i) {
      const auto policy = i == current ? QSizePolicy::Preferred : QSizePolicy::Ignored;
      m_stack->widget(i)->setSizePolicy(policy, policy);
    }
    m_stack->layout()->invalidate();
    m_stack->updateGeometry();
  };
  connect(m_stack, &QStackedWidget::currentChanged, this, fitPage);
  m_list->setCurrentRow(0);
  fitPage(0);

  connect(editor, &models::PolicyEditor::changed, this, &PoliciesPanel::load);
  connect(editor, &models::PolicyEditor::errorChanged, this, &PoliciesPanel::showError);
  load();
}

void PoliciesPanel::showGroup(PolicyGroup g) { m_list->setCurrentRow(static_cast<int>(g)); }

QGroupBox* PoliciesPanel::makeGroup(PolicyGroup g, const QString& title, bool optional, QWidget* form) {
  const auto i = static_cast<size_t>(g);
  auto* box = new QGroupBox(title, this);
  box->setCheckable(optional);
  box->setMaximumWidth(640);  // a form, not a banner: long fields stay readable
  if (optional) {
    box->setToolTip(tr("Unchecked: not set. Unchecking clears it (one undo step)."));
  }
  auto* button = new QPushButton(tr("Apply"), box);
  button->setToolTip(tr("Apply %1 (Enter)").arg(title));
  auto* error = new QLabel(box);
  error->setWordWrap(true);
  error->setTextInteractionFlags(Qt::TextSelectableByMouse);
  error->setStyleSheet(QStringLiteral("color: #d93b3b"));  // semantic red, readable on both palettes
  error->hide();
  auto* note = new QLabel(box);
  note->setWordWrap(true);
  QFont italic = note->font();
  italic.setItalic(true);
  note->setFont(italic);
  note->hide();
  auto* layout = new QVBoxLayout(box);
  layout->addWidget(form);
  layout->addWidget(error);
  layout->addWidget(note);
  layout->addWidget(button, 0, Qt::AlignRight);
  m_groups[i] = box;
  m_apply[i] = button;
  m_errors[i] = error;
  m_notes[i] = note;
  connect(button, &QPushButton::clicked, this, [this, g] { apply(g); });
  if (optional) {
    connect(box, &QGroupBox::toggled, this, [this, g](bool on) {
      if (!m_loading) {
        on ? static_cast<void>(submit(g, Mode::Check)) : static_cast<void>(apply(g));
      }
    });
  }
  return box;
}

void PoliciesPanel::watch(PolicyGroup g, QWidget* field) {
  auto check = [this, g] {
    if (!m_loading) submit(g, Mode::Check);
  };
  if (auto* e = qobject_cast<QLineEdit*>(field)) {
    connect(e, &QLineEdit::textChanged, this, check);
    connect(e, &QLineEdit::returnPressed, this, [this, g] { apply(g); });
  } else if (auto* s = qobject_cast<QSpinBox*>(field)) {
    connect(s, &QSpinBox::valueChanged, this, check);
  } else if (auto* d = qobject_cast<QDoubleSpinBox*>(field)) {
    connect(d, &QDoubleSpinBox::valueChanged, this, check);
  } else if (auto* c = qobject_cast<QComboBox*>(field)) {
    connect(c, &QComboBox::currentTextChanged, this, check);
  } else if (auto* p = qobject_cast<QPlainTextEdit*>(field)) {
    connect(p, &QPlainTextEdit::textChanged, this, check);
  }
}

QWidget* PoliciesPanel::timeoutsForm() {
  auto* w = new QWidget(this);
  auto* f = new QFormLayout(w);
  f->setContentsMargins(0, 0, 0, 0);
  m_requestTimeout = optionalSpin(w, 24 * 3600 * 1000, tr(" ms"), tr("not set (no timeout)"));
  m_requestTimeout->setToolTip(tr("The whole request, every retry included; 504 when it runs out"));
  m_perTryTimeout = optionalSpin(w, 24 * 3600 * 1000, tr(" ms"), tr("not set"));
  m_perTryTimeout->setToolTip(tr("One upstream attempt (Gateway API backendRequest, Istio retries.perTryTimeout)"));
  f->addRow(tr("Request"), m_requestTimeout);
  f->addRow(tr("Per try"), m_perTryTimeout);
  watch(PolicyGroup::Timeouts, m_requestTimeout);
  watch(PolicyGroup::Timeouts, m_perTryTimeout);
  return w;
}

QWidget* PoliciesPanel::retryForm() {
  auto* w = new QWidget(this);
  auto* f = new QFormLayout(w);
  f->setContentsMargins(0, 0, 0, 0);
  m_attempts = optionalSpin(w, 100, tr(" retries"), tr("not set (default)"));
  m_retryOn = new QLineEdit(w);
  m_retryOn->setPlaceholderText(QStringLiteral("5xx, gateway-error, reset, connect-failure"));
  m_retryCodes = new QLineEdit(w);
  m_retryCodes->setPlaceholderText(QStringLiteral("503, 504"));
  m_backoff = optionalSpin(w, 3600 * 1000, tr(" ms"), tr("not set (25 ms)"));
  m_maxBackoff = optionalSpin(w, 3600 * 1000, tr(" ms"), tr("not set (10 × base)"));
  f->addRow(tr("Attempts"), m_attempts);
  f->addRow(tr("Retry on"), m_retryOn);
  f->addRow(tr("Status codes"), m_retryCodes);
  f->addRow(tr("Backoff"), m_backoff);
  f->addRow(tr("Max backoff"), m_maxBackoff);
  for (QWidget* field : {static_cast<QWidget*>(m_attempts), static_cast<QWidget*>(m_retryOn),
                         static_cast<QWidget*>(m_retryCodes), static_cast<QWidget*>(m_backoff),
                         static_cast<QWidget*>(m_maxBackoff)}) {
    watch(PolicyGroup::Retry, field);
  }
  return w;
}

QWidget* PoliciesPanel::rateForm() {
  auto* w = new QWidget(this);
  auto* f = new QFormLayout(w);
  f->setContentsMargins(0, 0, 0, 0);
  m_rateRequests = new QSpinBox(w);
  m_rateRequests->setRange(0, 1000000);
  m_rateRequests->setSuffix(tr(" requests"));
  m_ratePer = new QSpinBox(w);
  m_ratePer->setRange(0, 3600 * 1000);
  m_ratePer->setSuffix(tr(" ms"));
  m_rateBurst = optionalSpin(w, 1000000, tr(" requests"), tr("not set (= requests)"));
  m_rateText = new QLabel(w);
  f->addRow(tr("Tokens"), m_rateRequests);
  f->addRow(tr("Every"), m_ratePer);
  f->addRow(tr("Burst"), m_rateBurst);
  f->addRow(QString(), m_rateText);
  auto rate = [this] {
    m_rateText->setText(m_ratePer->value() > 0
                            ? tr("= %1 requests/s, then 429").arg(m_rateRequests->value() * 1000.0 / m_ratePer->value(), 0, 'g', 4)
                            : QString());
  };
  connect(m_rateRequests, &QSpinBox::valueChanged, this, rate);
  connect(m_ratePer, &QSpinBox::valueChanged, this, rate);
  for (QSpinBox* s : {m_rateRequests, m_ratePer, m_rateBurst}) watch(PolicyGroup::RateLimit, s);
  return w;
}

QWidget* PoliciesPanel::corsForm() {
  auto* w = new QWidget(this);
  auto* f = new QFormLayout(w);
  f->setContentsMargins(0, 0, 0, 0);
  m_origins = new QPlainTextEdit(w);
  m_origins->setPlaceholderText(tr("one origin a line:\nhttps://app.example.com\nprefix: https://test.\nregex: https://.*\\.example\\.com"));
  m_origins->setTabChangesFocus(true);
  m_origins->setFixedHeight(m_origins->fontMetrics().lineSpacing() * 4 + 10);
  m_corsMethods = new QLineEdit(w);
  m_corsMethods->setPlaceholderText(QStringLiteral("GET, POST"));
  m_corsHeaders = new QLineEdit(w);
  m_corsExpose = new QLineEdit(w);
  m_corsMaxAge = optionalSpin(w, 7 * 24 * 3600, tr(" s"), tr("not set"));
  m_corsCredentials = new QComboBox(w);
  m_corsCredentials->addItems({tr("not set"), tr("allowed"), tr("not allowed")});
  f->addRow(tr("Origins"), m_origins);
  f->addRow(tr("Methods"), m_corsMethods);
  f->addRow(tr("Headers"), m_corsHeaders);
  f->addRow(tr("Expose"), m_corsExpose);
  f->addRow(tr("Max age"), m_corsMaxAge);
  f->addRow(tr("Credentials"), m_corsCredentials);
  for (QWidget* field : {static_cast<QWidget*>(m_origins), static_cast<QWidget*>(m_corsMethods),
                         static_cast<QWidget*>(m_corsHeaders), static_cast<QWidget*>(m_corsExpose),
                         static_cast<QWidget*>(m_corsMaxAge), static_cast<QWidget*>(m_corsCredentials)}) {
    watch(PolicyGroup::Cors, field);
  }
  return w;
}

QWidget* PoliciesPanel::headersForm(int offset) {
  const PolicyGroup g = offset == 0 ? PolicyGroup::RequestHeaders : PolicyGroup::ResponseHeaders;
  auto* w = new QWidget(this);
  auto* f = new QFormLayout(w);
  f->setContentsMargins(0, 0, 0, 0);
  const QString labels[] = {tr("Set"), tr("Add"), tr("Remove")};
  const QString hints[] = {QStringLiteral("x-env: prod; x-team: core"), QStringLiteral("x-trace: on"),
                           QStringLiteral("x-debug, cookie")};
  for (int i = 0; i < 3; ++i) {
    auto* e = new QLineEdit(w);
    e->setPlaceholderText(hints[i]);
    m_headerEdits[static_cast<size_t>(offset + i)] = e;
    f->addRow(labels[i], e);
    watch(g, e);
  }
  return w;
}

QWidget* PoliciesPanel::rewriteForm() {
  auto* w = new QWidget(this);
  auto* f = new QFormLayout(w);
  f->setContentsMargins(0, 0, 0, 0);
  m_rewriteHost = new QLineEdit(w);
  m_rewriteHost->setPlaceholderText(tr("not set (keep the host)"));
  m_rewritePathType = pathTypeBox(w);
  m_rewritePath = new QLineEdit(w);
  m_rewritePath->setPlaceholderText(QStringLiteral("/v2"));
  f->addRow(tr("Hostname"), m_rewriteHost);
  f->addRow(tr("Path"), m_rewritePathType);
  f->addRow(QString(), m_rewritePath);
  for (QWidget* field : {static_cast<QWidget*>(m_rewriteHost), static_cast<QWidget*>(m_rewritePathType),
                         static_cast<QWidget*>(m_rewritePath)}) {
    watch(PolicyGroup::Rewrite, field);
  }
  return w;
}

QWidget* PoliciesPanel::redirectForm() {
  auto* w = new QWidget(this);
  auto* f = new QFormLayout(w);
  f->setContentsMargins(0, 0, 0, 0);
  m_redirectScheme = new QComboBox(w);
  m_redirectScheme->addItems({tr("not set"), QStringLiteral("http"), QStringLiteral("https")});
  m_redirectHost = new QLineEdit(w);
  m_redirectHost->setPlaceholderText(tr("not set (same host)"));
  m_redirectPort = optionalSpin(w, 65535, QString(), tr("not set"));
  m_redirectPathType = pathTypeBox(w);
  m_redirectPath = new QLineEdit(w);
  m_redirectStatus = new QComboBox(w);
  m_redirectStatus->setEditable(true);  // other dialects allow other 3xx; the validator judges
  m_redirectStatus->addItems({tr("not set"), QStringLiteral("301"), QStringLiteral("302"), QStringLiteral("303"),
                              QStringLiteral("307"), QStringLiteral("308")});
  f->addRow(tr("Scheme"), m_redirectScheme);
  f->addRow(tr("Hostname"), m_redirectHost);
  f->addRow(tr("Port"), m_redirectPort);
  f->addRow(tr("Path"), m_redirectPathType);
  f->addRow(QString(), m_redirectPath);
  f->addRow(tr("HTTP status"), m_redirectStatus);
  for (QWidget* field : {static_cast<QWidget*>(m_redirectScheme), static_cast<QWidget*>(m_redirectHost),
                         static_cast<QWidget*>(m_redirectPort), static_cast<QWidget*>(m_redirectPathType),
                         static_cast<QWidget*>(m_redirectPath), static_cast<QWidget*>(m_redirectStatus)}) {
    watch(PolicyGroup::Redirect, field);
  }
  return w;
}

QWidget* PoliciesPanel::mirrorForm() {
  auto* w = new QWidget(this);
  auto* f = new QFormLayout(w);
  f->setContentsMargins(0, 0, 0, 0);
  m_mirrorBackend = new QComboBox(w);
  m_mirrorPercent = new QDoubleSpinBox(w);
  m_mirrorPercent->setRange(-1, 100);
  m_mirrorPercent->setDecimals(1);
  m_mirrorPercent->setSuffix(tr(" %"));
  m_mirrorPercent->setSpecialValueText(tr("not set (every request)"));
  f->addRow(tr("Backend"), m_mirrorBackend);
  f->addRow(tr("Share"), m_mirrorPercent);
  watch(PolicyGroup::Mirror, m_mirrorBackend);
  watch(PolicyGroup::Mirror, m_mirrorPercent);
  return w;
}

void PoliciesPanel::load() {
  m_loading = true;
  const auto rule = m_editor->rule();
  const bool has = m_editor->hasRule();
  m_heading->setText(has ? tr("Policies of %1 rule %2 (%3 %4/%5, %6). Each group applies as one undo step.")
                               .arg(rule.name).arg(rule.index).arg(rule.kind, rule.ns, rule.name, m_editor->dialect())
                         : tr("Select a rule to edit its timeouts, retries, rate limit, CORS, headers, rewrite, "
                              "redirect and mirror."));
  const models::PolicyDrafts d = m_editor->drafts();
  setOptional(m_requestTimeout, d.timeouts.requestMs);
  setOptional(m_perTryTimeout, d.timeouts.perTryMs);

  const auto retry = d.retry.value_or(models::RetryDraft{});
  group(PolicyGroup::Retry)->setChecked(d.retry.has_value());
  setOptional(m_attempts, retry.attempts);
  m_retryOn->setText(joinList(retry.retryOn));
  QStringList codes;
  for (int c : retry.statusCodes) codes << QString::number(c);
  m_retryCodes->setText(joinList(codes));
  setOptional(m_backoff, retry.backoffMs);
  setOptional(m_maxBackoff, retry.maxBackoffMs);

  const auto rate = d.rateLimit.value_or(models::RateLimitDraft{});
  group(PolicyGroup::RateLimit)->setChecked(d.rateLimit.has_value());
  m_rateRequests->setValue(rate.requests);
  m_ratePer->setValue(static_cast<int>(rate.perMs));
  setOptional(m_rateBurst, rate.burst);

  const auto cors = d.cors.value_or(models::CorsDraft{});
  group(PolicyGroup::Cors)->setChecked(d.cors.has_value());
  m_origins->setPlainText(joinOrigins(cors.origins));
  m_corsMethods->setText(joinList(cors.methods));
  m_corsHeaders->setText(joinList(cors.headers));
  m_corsExpose->setText(joinList(cors.exposeHeaders));
  setOptional(m_corsMaxAge, cors.maxAgeS);
  m_corsCredentials->setCurrentIndex(!cors.credentials ? 0 : *cors.credentials ? 1 : 2);

  const models::HeaderOpsDraft* ops[] = {&d.requestHeaders, &d.responseHeaders};
  for (int side = 0; side < 2; ++side) {
    m_headerEdits[static_cast<size_t>(side * 3)]->setText(joinPairs(ops[side]->set));
    m_headerEdits[static_cast<size_t>(side * 3 + 1)]->setText(joinPairs(ops[side]->add));
    m_headerEdits[static_cast<size_t>(side * 3 + 2)]->setText(joinList(ops[side]->remove));
  }

  const auto rewrite = d.rewrite.value_or(models::RewriteDraft{});
  group(PolicyGroup::Rewrite)->setChecked(d.rewrite.has_value());
  m_rewriteHost->setText(rewrite.hostname.value_or(QString()));
  setPath(m_rewritePathType, m_rewritePath, rewrite.path);

  const auto redirect = d.redirect.value_or(models::RedirectDraft{});
  group(PolicyGroup::Redirect)->setChecked(d.redirect.has_value());
  m_redirectScheme->setCurrentIndex(std::max(0, m_redirectScheme->findText(redirect.scheme.value_or(QString()))));
  m_redirectHost->setText(redirect.hostname.value_or(QString()));
  setOptional(m_redirectPort, redirect.port);
  setPath(m_redirectPathType, m_redirectPath, redirect.path);
  m_redirectStatus->setCurrentText(redirect.statusCode ? QString::number(*redirect.statusCode) : m_redirectStatus->itemText(0));

  const QString currentBackend = d.mirror ? d.mirror->backend : m_mirrorBackend->currentText();
  m_mirrorBackend->clear();
  m_mirrorBackend->addItems(m_editor->backends());
  m_mirrorBackend->setCurrentIndex(std::max(0, m_mirrorBackend->findText(currentBackend)));
  group(PolicyGroup::Mirror)->setChecked(d.mirror.has_value());
  m_mirrorPercent->setValue(d.mirror && d.mirror->percent ? *d.mirror->percent : m_mirrorPercent->minimum());

  for (int i = 0; i < models::kPolicyGroupCount; ++i) {
    const auto g = static_cast<PolicyGroup>(i);
    m_groups[static_cast<size_t>(i)]->setEnabled(has);
    const QString title = m_groups[static_cast<size_t>(i)]->title();
    m_list->item(i)->setText(has ? QStringLiteral("%1 — %2").arg(title, m_editor->summary(g)) : title);
    showError(g, m_editor->error(g));
    const QString note = m_editor->fidelity(g);
    m_notes[static_cast<size_t>(i)]->setText(QStringLiteral("ⓘ ") + note);
    m_notes[static_cast<size_t>(i)]->setVisible(!note.isEmpty());
  }
  m_loading = false;
}

bool PoliciesPanel::apply(PolicyGroup g) { return submit(g, Mode::Apply); }

bool PoliciesPanel::submit(PolicyGroup g, Mode mode) {
  const bool on = !group(g)->isCheckable() || group(g)->isChecked();
  switch (g) {
    case PolicyGroup::Timeouts:
      return m_editor->setTimeouts({optionalValue(m_requestTimeout), optionalValue(m_perTryTimeout)}, mode);
    case PolicyGroup::Retry: {
      if (!on) return m_editor->setRetry(std::nullopt, mode);
      models::RetryDraft r;
      if (auto a = optionalValue(m_attempts)) r.attempts = static_cast<int>(*a);
      r.retryOn = splitList(m_retryOn->text());
      for (const auto& c : splitList(m_retryCodes->text())) r.statusCodes << c.toInt();
      r.backoffMs = optionalValue(m_backoff);
      r.maxBackoffMs = optionalValue(m_maxBackoff);
      return m_editor->setRetry(r, mode);
    }
    case PolicyGroup::RateLimit: {
      if (!on) return m_editor->setRateLimit(std::nullopt, mode);
      const auto burst = optionalValue(m_rateBurst);
      return m_editor->setRateLimit(models::RateLimitDraft{m_rateRequests->value(), m_ratePer->value(),
                                                           burst ? std::optional<int>(static_cast<int>(*burst)) : std::nullopt},
                                    mode);
    }
    case PolicyGroup::Cors: {
      if (!on) return m_editor->setCors(std::nullopt, mode);
      models::CorsDraft c;
      c.origins = splitOrigins(m_origins->toPlainText());
      c.methods = splitList(m_corsMethods->text());
      c.headers = splitList(m_corsHeaders->text());
      c.exposeHeaders = splitList(m_corsExpose->text());
      c.maxAgeS = optionalValue(m_corsMaxAge);
      if (m_corsCredentials->currentIndex() > 0) c.credentials = m_corsCredentials->currentIndex() == 1;
      return m_editor->setCors(c, mode);
    }
    case PolicyGroup::RequestHeaders:
    case PolicyGroup::ResponseHeaders: {
      const size_t o = g == PolicyGroup::RequestHeaders ? 0 : 3;
      models::HeaderOpsDraft h;
      h.set = splitPairs(m_headerEdits[o]->text());
      h.add = splitPairs(m_headerEdits[o + 1]->text());
      h.remove = splitList(m_headerEdits[o + 2]->text());
      return g == PolicyGroup::RequestHeaders ? m_editor->setRequestHeaders(h, mode)
                                              : m_editor->setResponseHeaders(h, mode);
    }
    case PolicyGroup::Rewrite:
      if (!on) return m_editor->setRewrite(std::nullopt, mode);
      return m_editor->setRewrite(models::RewriteDraft{optionalText(m_rewriteHost), pathOf(m_rewritePathType, m_rewritePath)},
                                  mode);
    case PolicyGroup::Redirect: {
      if (!on) return m_editor->setRedirect(std::nullopt, mode);
      models::RedirectDraft r;
      if (m_redirectScheme->currentIndex() > 0) r.scheme = m_redirectScheme->currentText();
      r.hostname = optionalText(m_redirectHost);
      if (auto p = optionalValue(m_redirectPort)) r.port = static_cast<int>(*p);
      r.path = pathOf(m_redirectPathType, m_redirectPath);
      bool ok = false;
      const int status = m_redirectStatus->currentText().trimmed().toInt(&ok);
      if (ok) r.statusCode = status;
      return m_editor->setRedirect(r, mode);
    }
    case PolicyGroup::Mirror: {
      if (!on) return m_editor->setMirror(std::nullopt, mode);
      models::MirrorDraft m{m_mirrorBackend->currentText(), {}};
      if (m_mirrorPercent->value() > m_mirrorPercent->minimum()) m.percent = m_mirrorPercent->value();
      return m_editor->setMirror(m, mode);
    }
  }
  return false;
}

void PoliciesPanel::showError(PolicyGroup g, const QString& error) {
  QLabel* label = errorLabel(g);
  label->setText(error);
  label->setVisible(!error.isEmpty());
}

}  // namespace routedeck::ui
