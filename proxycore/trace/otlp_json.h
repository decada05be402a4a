#pragma once

// OTLP/HTTP JSON encoding of recorded traces: an ExportTraceServiceRequest
// as the OpenTelemetry protocol's JSON mapping writes it (hex trace and
// span ids, 64-bit integers and nanosecond times as decimal strings).

#include <string>
#include <vector>

#include "proxycore/trace/trace.h"

namespace routedeck::core::trace {

struct Resource {
  std::string serviceName = "routedeck";
  std::string serviceVersion;
};

std::string encodeOtlpJson(const std::vector<TraceConstSharedPtr>& traces, const Resource& resource);

}  // namespace routedeck::core::trace
