// http/scrape.hpp
// The body of GET /_metrics: process figures, then the HTTP layer's and
// the actors' families in one fixed order. Used by http/routes/operations.
#pragma once

#include <string>

#include "actors/core/metrics.hpp"
#include "http/http_metrics.hpp"

namespace dash::http {

/// The whole scrape in Prometheus text format 0.0.4.
std::string render_scrape(const http_metrics& http_stats,
                          const actors::metrics& actor_stats,
                          const actors::runtime_stats& runtime);

} // namespace dash::http
