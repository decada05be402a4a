#pragma once

#include <QMetaType>
#include <memory>

namespace routedeck::core::model {
struct Config;
}
namespace routedeck::core::stats {
struct Snapshot;
}

namespace routedeck::models {
using ConfigConstPtr = std::shared_ptr<const core::model::Config>;
using SnapshotConstPtr = std::shared_ptr<const core::stats::Snapshot>;
}  // namespace routedeck::models

Q_DECLARE_METATYPE(routedeck::models::ConfigConstPtr)
Q_DECLARE_METATYPE(routedeck::models::SnapshotConstPtr)
