#pragma once

#include <QString>
#include <QStringList>

#include "models/engine/metatypes.h"

namespace routedeck::models {

enum class ExportTarget { Native, GatewayApi, Istio, AppMesh };

struct ExportText {
  QString yaml;
  QStringList fidelity;  // what the conversion approximated or lost
};

// The config as YAML: each object in its own dialect (Native) or converted.
ExportText exportConfig(const ConfigConstPtr& config, ExportTarget target);

}  // namespace routedeck::models
