#pragma once

#include <cstddef>

namespace routedeck::core::schema::detail {

// data/schemas.json, embedded by embed_data.cmake at build time (see tools/gen_schemas.py).
// Not NUL-terminated; use the size.
extern const unsigned char kSchemasJson[];
extern const std::size_t kSchemasJsonSize;

}  // namespace routedeck::core::schema::detail
