#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include "models/engine/metatypes.h"

namespace routedeck::models {

enum class ExportTarget { Native, GatewayApi, Istio, AppMesh };

struct FidelityRow {
  enum class Level { Exact, Approximate, Lost };
  Level level = Level::Exact;
  QString object;  // e.g. "GatewayRoute colors/color"
  QString feature;
  QString detail;
};

struct ExportText {
  QString yaml;
  QStringList fidelity;         // what the conversion approximated or lost, one line each
  QVector<FidelityRow> notes;   // every converted feature, exact ones included
};

// The config as YAML: each object in its own dialect (Native) or converted.
ExportText exportConfig(const ConfigConstPtr& config, ExportTarget target);

}  // namespace routedeck::models
