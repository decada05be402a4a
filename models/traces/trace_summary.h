#pragma once

#include <QStringList>

#include "proxycore/api/engine.h"

namespace routedeck::models {

// What the trace list shows of one trace besides status and duration,
// derived from its span names ("attempt N …", "fault delay", …).
struct TraceSummary {
  int attempts = 0;  // upstream tries
  int spans = 0;
  QStringList flags;  // "delay", "abort", "retried", "mirror", "error"
};

TraceSummary summarize(const core::trace::Trace& trace);

}  // namespace routedeck::models
