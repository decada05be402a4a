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
namespace routedeck::core::trace {
struct Trace;
}

namespace routedeck::models {
using ConfigConstPtr = std::shared_ptr<const core::model::Config>;
using SnapshotConstPtr = std::shared_ptr<const core::stats::Snapshot>;
// Access-log records new since the previous batch, oldest first.
using AccessBatchConstPtr = std::shared_ptr<const std::vector<core::stats::AccessRecord>>;
using TraceConstPtr = std::shared_ptr<const core::trace::Trace>;
// Traces of the followed rule new since the previous batch, oldest first.
using TraceBatchConstPtr = std::shared_ptr<const std::vector<TraceConstPtr>>;
}  // namespace routedeck::models

Q_DECLARE_METATYPE(routedeck::models::ConfigConstPtr)
Q_DECLARE_METATYPE(routedeck::models::SnapshotConstPtr)
Q_DECLARE_METATYPE(routedeck::models::AccessBatchConstPtr)
Q_DECLARE_METATYPE(routedeck::models::TraceBatchConstPtr)
