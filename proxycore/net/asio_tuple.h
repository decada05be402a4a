#pragma once
// asio 1.22 (Debian 12) keeps as_tuple under experimental/.
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

namespace routedeck::core::net {
// Completion token: errors come back as values, so the hot path never throws.
inline constexpr auto kTuple = asio::experimental::as_tuple(asio::use_awaitable);
}  // namespace routedeck::core::net
