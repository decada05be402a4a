#include "models/traces/trace_summary.h"

namespace routedeck::models {

namespace {
bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
}  // namespace

TraceSummary summarize(const core::trace::Trace& trace) {
  TraceSummary out;
  out.spans = static_cast<int>(trace.spans.size());
  bool delay = false, abort = false, mirror = false, error = false;
  for (const auto& s : trace.spans) {
    out.attempts += startsWith(s.name, "attempt ") ? 1 : 0;
    delay = delay || s.name == "fault delay";
    abort = abort || s.name == "fault abort";
    mirror = mirror || startsWith(s.name, "mirror ");
    error = error || s.status == core::trace::SpanStatus::Error;
  }
  if (delay) out.flags << QStringLiteral("delay");
  if (abort) out.flags << QStringLiteral("abort");
  if (out.attempts > 1) out.flags << QStringLiteral("retried");
  if (mirror) out.flags << QStringLiteral("mirror");
  if (error) out.flags << QStringLiteral("error");
  return out;
}

}  // namespace routedeck::models
