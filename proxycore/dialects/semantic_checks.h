#pragma once

#include <string>

#include "proxycore/common/diagnostics.h"
#include "proxycore/model/config.h"

namespace routedeck::core::dialects {

// Cross-object checks that no schema can express: duplicate objects,
// regexes RE2 rejects, weights that send no traffic, dangling references
// (backends, subsets, VirtualService providers, cross-namespace references
// without a ReferenceGrant), policy values that cannot work (a per-try
// timeout above the request timeout, a backoff above its cap, an empty
// token bucket). Errors make `check` fail; warnings describe
// configurations that load but misroute at run time.
void checkSemantics(const model::Config& config, Diagnostics& diags);

// The source location of `fieldPath` ("spec.rules[0].matches[1].path.value")
// inside the object's original document, or the object's own location when
// the path does not resolve.
SourceLocation locate(const model::ObjectMeta& meta, const std::string& fieldPath);

}  // namespace routedeck::core::dialects
