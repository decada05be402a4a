#pragma once

#include <QString>

#include "models/metrics/chart_series_model.h"

namespace routedeck::models {

// The recorded series of one rule as CSV (RFC 4180, UTF-8, "\n" line ends):
// a header row naming each column with its unit, then one row per sample,
// oldest first:
//   time_utc,unix_s,rate_req_per_s,p50_ms,p90_ms,p99_ms,4xx_pct_of_responses,
//   5xx_pct_of_responses,<backend>_pct_of_requests…
// time_utc is ISO-8601 UTC with milliseconds ("2026-11-26T16:05:10.250Z"),
// unix_s the same instant in seconds with three decimals. Values are written
// in the shortest form that reads back (as a 32-bit float, how the rings
// store them) to exactly the stored value: 10.016, not 10.015999794; a series
// without a sample at that instant (a backend added later) leaves its cell
// empty. An unknown rule gives the header row only.
QString seriesCsv(const ChartSeriesModel& model, const QString& ruleId);

// Writes seriesCsv() to `path` atomically; false with `error` set on failure.
bool writeSeriesCsv(const ChartSeriesModel& model, const QString& ruleId, const QString& path, QString* error);

}  // namespace routedeck::models
