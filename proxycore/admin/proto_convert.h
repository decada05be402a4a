#pragma once

// Core value types <-> admin API messages, both directions (the server
// sends, the remote engine's client rebuilds the same core values). Private
// to admin/: it includes the generated code.

#include "proxycore/common/diagnostics.h"
#include "proxycore/stats/access_record.h"
#include "proxycore/stats/snapshot.h"
#include "proxycore/trace/trace.h"
#include "routedeck/admin/v1/admin.pb.h"

namespace routedeck::core::admin {

namespace pb = ::routedeck::admin::v1;

void toProto(const Diagnostic& d, pb::Diagnostic* out);
Diagnostic fromProto(const pb::Diagnostic& d);

void toProto(const stats::Snapshot& s, bool includeRecent, pb::StatsSnapshot* out);
stats::Snapshot fromProto(const pb::StatsSnapshot& s);

void toProto(const stats::AccessRecord& r, uint64_t sequence, pb::AccessRecord* out);
stats::AccessRecord fromProto(const pb::AccessRecord& r);

void toProto(const trace::Trace& t, pb::Trace* out);
trace::Trace fromProto(const pb::Trace& t);

}  // namespace routedeck::core::admin
