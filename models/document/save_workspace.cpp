#include "models/document/save_workspace.h"

#include <QSaveFile>

#include "models/document/rule_lookup.h"
#include "proxycore/api/workspace_io.h"

namespace routedeck::models {

WorkspaceFile workspaceFile(const ConfigConstPtr& config, const QVector<RuleRef>& timedFaults, const QString& name) {
  WorkspaceFile out;
  if (!config) {
    out.lost << QStringLiteral("there is no workspace to save");
    return out;
  }
  auto saved = config;
  if (!timedFaults.isEmpty()) {
    auto copy = std::make_shared<core::model::Config>(*config);
    for (const auto& rule : timedFaults) {
      if (auto* r = findRule(*copy, rule)) {
        r->fault.reset();
      }
    }
    saved = copy;
  }
  const auto text = core::api::workspaceText(*saved, name.isEmpty() ? std::string("routedeck") : name.toStdString());
  out.yaml = QByteArray::fromStdString(text.yaml);
  for (const auto& l : text.lost) {
    out.lost << QString::fromStdString(l);
  }
  return out;
}

QString writeFileAtomically(const QString& path, const QByteArray& bytes) {
  if (path.isEmpty()) {
    return QStringLiteral("Cannot write: no file name given");
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
  }
  if (file.write(bytes) != bytes.size()) {
    const QString reason = file.errorString();
    file.cancelWriting();
    return QStringLiteral("Cannot write %1: %2").arg(path, reason);
  }
  if (!file.commit()) {
    return QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
  }
  return {};
}

}  // namespace routedeck::models
