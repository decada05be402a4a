#pragma once
// Drives net::Http1Parser over a byte string in caller-chosen slices and
// writes the events as one comparable line, so that the same request fed
// whole, byte by byte or in random slices can be compared exactly.
#include <functional>
#include <string>

#include "proxycore/net/http1_parser.h"

namespace routedeck::tests {

// Returns the size of the next slice given the bytes left (>= 1).
using SliceFn = std::function<size_t(size_t left)>;

// "HEAD <method> <target> 1.<minor> <framing> [name=value ...] | BODY <bytes> |
// DONE | ERROR <status>". Consecutive body spans are merged. Stops at the
// first error; never loops more than a bounded number of steps.
std::string drive(core::net::Http1Parser& parser, const std::string& bytes, const SliceFn& slice);
std::string driveRequest(const std::string& bytes, const SliceFn& slice,
                         core::net::ParserLimits limits = {});

}  // namespace routedeck::tests
