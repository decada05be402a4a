#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace routedeck::core {

// Why an operation failed. Callers branch on the code; the message is for people.
enum class ErrorCode {
  // Input could not be read (missing file, permission, I/O).
  Io,
  // Input was read but is not well-formed (YAML syntax, bad scalar).
  Parse,
  // Input is well-formed but violates the schema or a semantic rule.
  Invalid,
  // A referenced object does not exist.
  NotFound,
  // The request cannot be honoured in this dialect or configuration.
  Unsupported,
  // Command-line usage error.
  Usage,
};

struct Error {
  ErrorCode code = ErrorCode::Invalid;
  std::string message;
};

// A minimal std::expected stand-in: the project builds as C++20 and
// tl-expected is not packaged in Debian 12. E is Error, or a richer error
// type where callers branch on more (kube::ApiError and its causes).
template <typename T, typename E = Error>
class Result {
 public:
  Result(T value) : m_v(std::move(value)) {}
  Result(E error) : m_v(std::move(error)) {}

  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(m_v); }
  const T& value() const& { return std::get<0>(m_v); }
  T&& value() && { return std::get<0>(std::move(m_v)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const { return std::get<1>(m_v); }
  E& error() { return std::get<1>(m_v); }

 private:
  std::variant<T, E> m_v;
};

inline Error makeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

}  // namespace routedeck::core
