#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace routedeck::core::strings {

std::string toLower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool startsWith(std::string_view s, std::string_view prefix);
bool endsWith(std::string_view s, std::string_view suffix);
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string_view trim(std::string_view s);
std::optional<long long> parseInt(std::string_view s);
std::optional<double> parseDouble(std::string_view s);
// JSON string literal with quotes and escapes.
std::string jsonQuote(std::string_view s);

}  // namespace routedeck::core::strings
