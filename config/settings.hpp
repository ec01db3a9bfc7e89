// config/settings.hpp
// Every tunable of a dashcpp server in one typed struct, filled from
// defaults (config/dashcpp.ini documents them), an INI file, DASH_* env vars
// and command-line flags, in rising priority.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dash::config {

struct settings {
  // -- http ------------------------------------------------------------------
  std::string host = "127.0.0.1";
  std::uint16_t port = 8050;          ///< 0 picks a free port
  std::size_t io_threads = 2;
  std::size_t max_body_bytes = 8u << 20;
  std::size_t max_header_bytes = 16u << 10;
  std::uint32_t read_timeout_ms = 10'000;  ///< to receive one whole request
  std::uint32_t idle_timeout_ms = 60'000;  ///< keep-alive between requests
  std::uint32_t callback_timeout_ms = 120'000; ///< a run: 504 after this
  std::size_t max_connections = 10'000; ///< then 503 at once
  std::size_t max_connections_per_ip = 512; ///< per client address (0: off)
  std::uint32_t shutdown_timeout_ms = 10'000; ///< to finish in-flight work
  // -- security --------------------------------------------------------------
  bool csrf = true;                   ///< token + Origin check on POSTs
  std::string allowed_origins;        ///< more origins: "https://a,https://b"
  bool trust_proxy = false;           ///< believe X-Forwarded-Proto/-Host
  std::string frame_ancestors = "'self'"; ///< CSP frame-ancestors sources
  std::string referrer_policy = "same-origin";
  bool content_security_policy = true; ///< send a CSP with the page
  // -- https -----------------------------------------------------------------
  std::string tls_cert_file;          ///< PEM chain; set both: HTTPS on port
  std::string tls_key_file;           ///< PEM private key
  std::uint16_t https_redirect_port = 0; ///< plain HTTP port redirecting (0: none)
  std::uint32_t hsts_max_age_s = 31'536'000; ///< Strict-Transport-Security
  // -- actors ----------------------------------------------------------------
  std::size_t scheduler_threads = 0;  ///< 0: CAF's default (cores)
  std::size_t callback_workers = 4;   ///< runs of one callback at once
  std::size_t callback_queue = 1024;  ///< waiting runs per callback
  std::size_t cache_shards = 0;       ///< 0: one per core
  std::uint32_t fan_out_ttl_ms = 10'000; ///< unclaimed fan-out answers
  // -- supervision -----------------------------------------------------------
  std::size_t worker_restarts = 20;   ///< per callback, within the period
  std::uint32_t worker_restart_period_ms = 10'000;
  std::size_t supervisor_restarts = 5; ///< per supervisor, within the period
  std::uint32_t supervisor_restart_period_ms = 60'000;
  // -- sessions --------------------------------------------------------------
  std::string session_backend = "memory"; ///< memory, disk or redis
  std::string session_dir = "dashcpp-sessions"; ///< disk backend folder
  std::size_t session_disk_max_mb = 1024;
  std::string redis_host = "127.0.0.1";
  std::uint16_t redis_port = 6379;
  std::uint32_t redis_timeout_ms = 1000;
  std::uint32_t session_idle_ms = 300'000; ///< passivate after
  std::uint32_t session_lifetime_s = 86'400; ///< expire after
  std::size_t session_max_live = 100'000; ///< live session actors
  std::size_t session_managers = 0; ///< 0: one per core
  std::string session_secret_file = "dashcpp-session.key";
  /// The secret rotated out: ids it signed still verify for the grace.
  std::string session_secret_previous_file;
  std::uint32_t session_secret_grace_s = 86'400;
  // -- cluster ---------------------------------------------------------------
  bool cluster = false;               ///< join a cluster of nodes
  std::string cluster_host = "127.0.0.1"; ///< the cluster port's address
  std::uint16_t cluster_port = 9050;  ///< 0 picks a free port
  std::string cluster_node_name;      ///< default: cluster host:port
  std::string cluster_seeds;          ///< "host:port,host:port"
  std::string cluster_secret;         ///< overrides cluster_secret_file
  std::string cluster_secret_file = "dashcpp-cluster.key";
  std::size_t cluster_vnodes = 64;    ///< ring points per node
  std::uint32_t cluster_heartbeat_ms = 250;
  std::uint32_t cluster_down_after_ms = 2000; ///< silent this long: gone
  /// Near copies of other members' values, per member (0: none kept).
  std::size_t cluster_near_cache_entries = 1024;
  std::size_t cluster_near_cache_mb = 64;
  std::uint32_t cluster_near_cache_lease_ms = 1000; ///< 0: no near cache
  /// Mutual TLS between nodes: all three set, or none (plain TCP).
  std::string cluster_tls_cert_file;
  std::string cluster_tls_key_file;
  std::string cluster_tls_ca_file;
  // -- front end and logs ----------------------------------------------------
  std::string frontend_dir;           ///< node_modules with the renderer
  std::string assets_dir;             ///< overrides the app's assets folder
  std::string log_level = "info";
  std::string log_format = "text";    ///< text or json (one object a line)
  bool access_log = false;            ///< one line per request
  /// App-defined options (`option` below), by name, as given.
  std::map<std::string, std::string> app_options;

  /// An app option as an integer; throws std::invalid_argument naming it.
  long long app_int(const std::string& name) const;
  /// An app option as text.
  const std::string& app_string(const std::string& name) const;
};

/// An option an app adds to the command line (`--delay-ms 1000`).
struct option {
  std::string name;
  std::string default_value;
  std::string help;
};

/// The outcome of parsing: settings, or an exit code (after --help, or a bad
/// value, with the message already printed to stderr or stdout).
struct parsed {
  std::optional<settings> values;
  int exit_code = 0;
};

/// Parses defaults < `--config FILE` (INI) < DASH_<NAME> environment
/// variables < command-line flags. `--help` lists everything.
parsed parse(int argc, const char* const* argv,
             const std::vector<option>& app_options = {});

} // namespace dash::config
