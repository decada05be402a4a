#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include "models/engine/metatypes.h"
#include "models/graph/topology.h"

namespace routedeck::models {

// What File → Save Workspace writes: the whole workspace (listener binds,
// service endpoints, tracing settings and every route in its own dialect)
// as one file that File → Open reads back.
struct WorkspaceFile {
  QByteArray yaml;
  QStringList lost;  // what reading the file back would not restore; empty: nothing
};

// `config` as one workspace file whose Workspace document is called `name`.
// The faults of `timedFaults` are left out: a fault injected with an
// auto-revert timer ends with its timer and must not come back, timer-less,
// when the file is opened again. Faults written in the route files stay.
WorkspaceFile workspaceFile(const ConfigConstPtr& config, const QVector<RuleRef>& timedFaults, const QString& name);

// Writes `bytes` to `path` atomically (a temporary file renamed over it on
// success, so a failed save leaves the old file intact). Empty on success,
// else the whole reason: "Cannot write PATH: REASON".
QString writeFileAtomically(const QString& path, const QByteArray& bytes);

}  // namespace routedeck::models
