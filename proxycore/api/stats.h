#pragma once

// The stats snapshot types as models/ sees them (the value types the core's
// collector publishes; see stats/snapshot.h).
#include "proxycore/stats/snapshot.h"
