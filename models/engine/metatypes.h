#pragma once

#include <QMetaType>
#include <memory>
#include <vector>

namespace routedeck::core::model {
struct Config;
}
namespace routedeck::core::stats {
struct Snapshot;
struct AccessRecord;
}

namespace routedeck::models {
using ConfigConstPtr = std::shared_ptr<const core::model::Config>;
using SnapshotConstPtr = std::shared_ptr<const core::stats::Snapshot>;
// Access-log records new since the previous batch, oldest first.
using AccessBatchConstPtr = std::shared_ptr<const std::vector<core::stats::AccessRecord>>;
}  // namespace routedeck::models

Q_DECLARE_METATYPE(routedeck::models::ConfigConstPtr)
Q_DECLARE_METATYPE(routedeck::models::SnapshotConstPtr)
Q_DECLARE_METATYPE(routedeck::models::AccessBatchConstPtr)
