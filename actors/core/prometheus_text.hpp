// actors/core/prometheus_text.hpp
// Appends lines of the Prometheus text format 0.0.4 (HELP/TYPE, one
// sample, escaped label values). Used by actors/core/metrics and http/.
#pragma once

#include <cstdint>
#include <string>

namespace dash::actors {

/// `text` as a Prometheus label value (backslash, quote, newline escaped).
std::string prometheus_label(const std::string& text);

/// Appends the `# HELP` and `# TYPE` lines of family `name`.
void prometheus_help(std::string& out, const char* name, const char* type,
                     const char* text);

/// Appends `name{labels} value` (no braces when `labels` is empty).
void prometheus_sample(std::string& out, const std::string& name,
                       const std::string& labels, std::uint64_t value);

/// Appends a family of one unlabelled sample: HELP, TYPE and `name value`.
void prometheus_scalar(std::string& out, const char* name, const char* type,
                       const char* text, std::uint64_t value);

} // namespace dash::actors
