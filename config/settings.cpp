// config/settings.cpp
// Boost.Program_options wiring for `settings`: one table of options, read
// from the command line, the environment and an optional INI file.
#include "config/settings.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include <boost/program_options.hpp>

namespace po = boost::program_options;

namespace dash::config {

long long settings::app_int(const std::string& name) const {
  const auto& text = app_string(name);
  try {
    std::size_t used = 0;
    auto v = std::stoll(text, &used);
    if (used != text.size())
      throw std::invalid_argument("trailing characters");
    return v;
  } catch (const std::exception&) {
    throw std::invalid_argument("option --" + name + " must be an integer, "
                                "got '" + text + "'");
  }
}

const std::string& settings::app_string(const std::string& name) const {
  auto i = app_options.find(name);
  if (i == app_options.end())
    throw std::invalid_argument("no app option --" + name);
  return i->second;
}

namespace {

po::options_description describe(settings& s,
                                 const std::vector<option>& extra) {
  po::options_description d{"dashcpp options"};
  d.add_options()
    ("help,h", "print this list and exit")
    ("config", po::value<std::string>(), "INI file with any of these keys")
    ("host", po::value(&s.host)->default_value(s.host),
     "address to listen on")
    ("port", po::value(&s.port)->default_value(s.port),
     "port to listen on (0 picks a free one)")
    ("io-threads", po::value(&s.io_threads)->default_value(s.io_threads),
     "threads serving HTTP")
    ("max-body-bytes",
     po::value(&s.max_body_bytes)->default_value(s.max_body_bytes),
     "largest request body accepted (larger: 413)")
    ("max-header-bytes",
     po::value(&s.max_header_bytes)->default_value(s.max_header_bytes),
     "largest request header accepted (larger: 431)")
    ("read-timeout-ms",
     po::value(&s.read_timeout_ms)->default_value(s.read_timeout_ms),
     "time a client has to send one whole request (then 408)")
    ("idle-timeout-ms",
     po::value(&s.idle_timeout_ms)->default_value(s.idle_timeout_ms),
     "keep-alive connections idle longer than this are closed")
    ("callback-timeout-ms",
     po::value(&s.callback_timeout_ms)->default_value(s.callback_timeout_ms),
     "a callback run still going after this is answered with 504 and its "
     "worker replaced (a callback may set its own timeout)")
    ("max-connections",
     po::value(&s.max_connections)->default_value(s.max_connections),
     "open connections at most; beyond it new ones get 503 and are closed")
    ("max-connections-per-ip",
     po::value(&s.max_connections_per_ip)
       ->default_value(s.max_connections_per_ip),
     "open connections from one client address at most; beyond it new ones "
     "get 503 and are closed (0: no limit)")
    ("csrf", po::value(&s.csrf)->default_value(s.csrf),
     "refuse callback POSTs (403) that lack the X-CSRFToken header matching "
     "the _csrf_token cookie the page sets, or whose Origin/Referer is not "
     "this server or allowed-origins (true or false)")
    ("allowed-origins",
     po::value(&s.allowed_origins)->default_value(s.allowed_origins),
     "origins besides this server's own that may POST callbacks, comma "
     "separated: https://app.example.com,https://other.example.com")
    ("trust-proxy", po::value(&s.trust_proxy)->default_value(s.trust_proxy),
     "a reverse proxy in front sets X-Forwarded-Proto and X-Forwarded-Host; "
     "believe them for the Origin check and Secure cookies (true or false)")
    ("frame-ancestors",
     po::value(&s.frame_ancestors)->default_value(s.frame_ancestors),
     "who may embed the page in a frame: a CSP frame-ancestors source list "
     "('self', 'none', or origins)")
    ("referrer-policy",
     po::value(&s.referrer_policy)->default_value(s.referrer_policy),
     "the Referrer-Policy header sent with every answer")
    ("content-security-policy",
     po::value(&s.content_security_policy)
       ->default_value(s.content_security_policy),
     "send a Content-Security-Policy with the page, hashing its inline "
     "scripts (true or false)")
    ("tls-cert-file",
     po::value(&s.tls_cert_file)->default_value(s.tls_cert_file),
     "PEM certificate chain: with tls-key-file the server speaks HTTPS "
     "(TLS 1.2 and 1.3 only) on its port; SIGHUP reloads both files")
    ("tls-key-file",
     po::value(&s.tls_key_file)->default_value(s.tls_key_file),
     "PEM private key of tls-cert-file")
    ("https-redirect-port",
     po::value(&s.https_redirect_port)->default_value(s.https_redirect_port),
     "with HTTPS: also listen for plain HTTP on this port and redirect every "
     "request there to https (308); 0: no such listener")
    ("hsts-max-age-s",
     po::value(&s.hsts_max_age_s)->default_value(s.hsts_max_age_s),
     "Strict-Transport-Security max-age sent with HTTPS answers (0: none)")
    ("shutdown-timeout-ms",
     po::value(&s.shutdown_timeout_ms)->default_value(s.shutdown_timeout_ms),
     "at SIGTERM/SIGINT, time requests in flight have to finish")
    ("scheduler-threads",
     po::value(&s.scheduler_threads)->default_value(s.scheduler_threads),
     "CAF scheduler threads (0: one per core)")
    ("callback-workers",
     po::value(&s.callback_workers)->default_value(s.callback_workers),
     "runs of one callback that may proceed at once")
    ("callback-queue",
     po::value(&s.callback_queue)->default_value(s.callback_queue),
     "runs of one callback that may wait; beyond it the server answers 503")
    ("cache-shards",
     po::value(&s.cache_shards)->default_value(s.cache_shards),
     "cache shard actors for memoized values (0: one per core)")
    ("fan-out-ttl-ms",
     po::value(&s.fan_out_ttl_ms)->default_value(s.fan_out_ttl_ms),
     "how long answers computed ahead for dependent callbacks are kept")
    ("worker-restarts",
     po::value(&s.worker_restarts)->default_value(s.worker_restarts),
     "workers of one callback that may be replaced (crashed or hung) within "
     "worker-restart-period-ms; one more restarts the callback's pool")
    ("worker-restart-period-ms",
     po::value(&s.worker_restart_period_ms)
       ->default_value(s.worker_restart_period_ms),
     "the period of worker-restarts")
    ("supervisor-restarts",
     po::value(&s.supervisor_restarts)->default_value(s.supervisor_restarts),
     "children a supervisor may restart within supervisor-restart-period-ms; "
     "one more escalates to its parent, and at the top the server exits "
     "with status 70")
    ("supervisor-restart-period-ms",
     po::value(&s.supervisor_restart_period_ms)
       ->default_value(s.supervisor_restart_period_ms),
     "the period of supervisor-restarts")
    ("session-backend",
     po::value(&s.session_backend)->default_value(s.session_backend),
     "where session data is kept: memory, disk (LMDB) or redis")
    ("session-dir", po::value(&s.session_dir)->default_value(s.session_dir),
     "folder of the disk session backend")
    ("session-disk-max-mb",
     po::value(&s.session_disk_max_mb)->default_value(s.session_disk_max_mb),
     "largest size of the disk session store")
    ("redis-host", po::value(&s.redis_host)->default_value(s.redis_host),
     "Redis server of the redis session backend")
    ("redis-port", po::value(&s.redis_port)->default_value(s.redis_port),
     "its port")
    ("redis-timeout-ms",
     po::value(&s.redis_timeout_ms)->default_value(s.redis_timeout_ms),
     "connect and command timeout for Redis")
    ("session-idle-ms",
     po::value(&s.session_idle_ms)->default_value(s.session_idle_ms),
     "a session unused this long is written to its store and stopped")
    ("session-lifetime-s",
     po::value(&s.session_lifetime_s)->default_value(s.session_lifetime_s),
     "a session expires this long after it began")
    ("session-max-live",
     po::value(&s.session_max_live)->default_value(s.session_max_live),
     "live session actors at most; the least recently used beyond it are "
     "passivated")
    ("session-managers",
     po::value(&s.session_managers)->default_value(s.session_managers),
     "session manager actors (0: one per core)")
    ("session-secret-file",
     po::value(&s.session_secret_file)->default_value(s.session_secret_file),
     "file holding the secret that signs session ids (made on first start)")
    ("session-secret-previous-file",
     po::value(&s.session_secret_previous_file)
       ->default_value(s.session_secret_previous_file),
     "after rotating the session secret: the file of the previous one; "
     "session ids it signed still verify (new ones are signed with the new "
     "secret) for session-secret-grace-s after the start")
    ("session-secret-grace-s",
     po::value(&s.session_secret_grace_s)
       ->default_value(s.session_secret_grace_s),
     "how long the previous session secret still verifies")
    ("cluster", po::value(&s.cluster)->default_value(s.cluster),
     "join a cluster of dashcpp nodes (true or false)")
    ("cluster-host", po::value(&s.cluster_host)->default_value(s.cluster_host),
     "address the cluster port binds to")
    ("cluster-port", po::value(&s.cluster_port)->default_value(s.cluster_port),
     "port other nodes connect to (0 picks a free one)")
    ("cluster-node-name", po::value(&s.cluster_node_name),
     "this node's name on the hash ring (default: cluster-host:cluster-port); "
     "a node restarted under its name takes back its keys")
    ("cluster-seeds", po::value(&s.cluster_seeds),
     "nodes to join through: host:port[,host:port...] (own address skipped)")
    ("cluster-secret", po::value(&s.cluster_secret),
     "the secret every node must prove it holds (overrides "
     "cluster-secret-file)")
    ("cluster-secret-file",
     po::value(&s.cluster_secret_file)->default_value(s.cluster_secret_file),
     "file holding the cluster secret (at least 16 bytes; not made for you)")
    ("cluster-vnodes",
     po::value(&s.cluster_vnodes)->default_value(s.cluster_vnodes),
     "points per node on the consistent-hash ring")
    ("cluster-heartbeat-ms",
     po::value(&s.cluster_heartbeat_ms)->default_value(s.cluster_heartbeat_ms),
     "how often nodes ping each other")
    ("cluster-down-after-ms",
     po::value(&s.cluster_down_after_ms)
       ->default_value(s.cluster_down_after_ms),
     "a node silent this long is removed and its keys move to the others")
    ("cluster-near-cache-entries",
     po::value(&s.cluster_near_cache_entries)
       ->default_value(s.cluster_near_cache_entries),
     "values of another node's keys kept here, per node (0: none)")
    ("cluster-near-cache-mb",
     po::value(&s.cluster_near_cache_mb)
       ->default_value(s.cluster_near_cache_mb),
     "megabytes of those values kept, per node (0: none)")
    ("cluster-near-cache-lease-ms",
     po::value(&s.cluster_near_cache_lease_ms)
       ->default_value(s.cluster_near_cache_lease_ms),
     "how long such a value is served without asking its owner again "
     "(never longer than the function's ttl; 0: always ask)")
    ("cluster-tls-cert-file",
     po::value(&s.cluster_tls_cert_file)
       ->default_value(s.cluster_tls_cert_file),
     "this node's PEM certificate for mutual TLS between nodes (with "
     "cluster-tls-key-file and cluster-tls-ca-file; all or none)")
    ("cluster-tls-key-file",
     po::value(&s.cluster_tls_key_file)->default_value(s.cluster_tls_key_file),
     "the PEM private key of cluster-tls-cert-file")
    ("cluster-tls-ca-file",
     po::value(&s.cluster_tls_ca_file)->default_value(s.cluster_tls_ca_file),
     "the CA every node's certificate must be signed by; a node without "
     "one is refused")
    ("frontend-dir", po::value(&s.frontend_dir),
     "folder holding the Dash front end (dash-renderer, the components, "
     "React, plotly.js): an install's PREFIX/share/dashcpp/frontend or a "
     "source checkout's node_modules (default: found where dashcpp was "
     "installed or built)")
    ("assets-dir", po::value(&s.assets_dir),
     "folder served under /assets/ (default: the app's assets_folder, "
     "`assets` in the working directory unless the app sets one)")
    ("assets-folder", po::value(&s.assets_dir),
     "the same as assets-dir (Dash's name)")
    ("log-level", po::value(&s.log_level)->default_value(s.log_level),
     "trace, debug, info, warn, error or off")
    ("log-format", po::value(&s.log_format)->default_value(s.log_format),
     "text (human-readable) or json (one JSON object per line)")
    ("access-log", po::value(&s.access_log)->default_value(s.access_log),
     "log one line per HTTP request (true or false)");
  for (const auto& o : extra)
    d.add_options()(o.name.c_str(),
                    po::value<std::string>()->default_value(o.default_value),
                    o.help.c_str());
  return d;
}

std::string env_name_to_option(const std::string& env,
                               const po::options_description& d) {
  const std::string prefix = "DASH_";
  if (env.rfind(prefix, 0) != 0)
    return {};
  std::string name;
  for (char c : env.substr(prefix.size()))
    name += c == '_' ? '-'
                     : static_cast<char>(
                         std::tolower(static_cast<unsigned char>(c)));
  for (const auto& o : d.options())
    if (o->long_name() == name && name != "help")
      return name;
  return {};
}

void check(const settings& s) {
  if (s.io_threads == 0 || s.io_threads > 256)
    throw std::invalid_argument("io-threads must be between 1 and 256");
  if (s.callback_workers == 0 || s.callback_workers > 1024)
    throw std::invalid_argument("callback-workers must be between 1 and "
                                "1024");
  if (s.session_backend != "memory" && s.session_backend != "disk"
      && s.session_backend != "redis")
    throw std::invalid_argument("session-backend must be memory, disk or "
                                "redis; got '" + s.session_backend + "'");
  if (s.session_idle_ms == 0 || s.session_lifetime_s == 0
      || s.session_max_live == 0)
    throw std::invalid_argument("session-idle-ms, session-lifetime-s and "
                                "session-max-live must be positive");
  if (s.max_connections == 0)
    throw std::invalid_argument("max-connections must be positive");
  if (s.worker_restarts == 0 || s.supervisor_restarts == 0
      || s.worker_restart_period_ms == 0
      || s.supervisor_restart_period_ms == 0)
    throw std::invalid_argument("worker-restarts, supervisor-restarts and "
                                "their periods must be positive");
  if (s.log_format != "text" && s.log_format != "json")
    throw std::invalid_argument("log-format must be text or json; got '"
                                + s.log_format + "'");
  if (s.cluster_vnodes == 0 || s.cluster_vnodes > 4096)
    throw std::invalid_argument("cluster-vnodes must be between 1 and 4096");
  if (s.cluster_heartbeat_ms == 0
      || s.cluster_down_after_ms < 2 * s.cluster_heartbeat_ms)
    throw std::invalid_argument("cluster-heartbeat-ms must be positive and "
                                "cluster-down-after-ms at least twice it");
  if (s.cluster_near_cache_lease_ms > 60'000
      || s.cluster_near_cache_mb > (std::size_t{1} << 20))
    throw std::invalid_argument("cluster-near-cache-lease-ms must be at most "
                                "60000 and cluster-near-cache-mb at most "
                                "1048576");
  for (char c : s.frame_ancestors + s.referrer_policy + s.allowed_origins)
    if (c == '\r' || c == '\n' || c == ';' || c == '"')
      throw std::invalid_argument("frame-ancestors, referrer-policy and "
                                  "allowed-origins may not hold ';', '\"' "
                                  "or line breaks");
  {
    int set = !s.cluster_tls_cert_file.empty()
              + !s.cluster_tls_key_file.empty()
              + !s.cluster_tls_ca_file.empty();
    if (set != 0 && set != 3)
      throw std::invalid_argument("cluster-tls-cert-file, cluster-tls-key-file "
                                  "and cluster-tls-ca-file go together: set "
                                  "all three for mutual TLS, or none");
  }
  if (s.tls_cert_file.empty() != s.tls_key_file.empty())
    throw std::invalid_argument("tls-cert-file and tls-key-file go together: "
                                "set both for HTTPS, or neither");
  if (s.https_redirect_port != 0 && s.tls_cert_file.empty())
    throw std::invalid_argument("https-redirect-port needs HTTPS "
                                "(tls-cert-file and tls-key-file)");
  if (s.max_body_bytes < 1024)
    throw std::invalid_argument("max-body-bytes must be at least 1024");
  if (s.max_header_bytes < 1024)
    throw std::invalid_argument("max-header-bytes must be at least 1024");
  if (s.read_timeout_ms == 0 || s.idle_timeout_ms == 0
      || s.callback_timeout_ms == 0)
    throw std::invalid_argument("timeouts must be positive");
  static constexpr const char* levels[] = {"trace", "debug", "info",
                                           "warn",  "error", "off"};
  for (const char* l : levels)
    if (s.log_level == l)
      return;
  throw std::invalid_argument("log-level must be one of trace, debug, "
                              "info, warn, error, off; got '"
                              + s.log_level + "'");
}

} // namespace

parsed parse(int argc, const char* const* argv,
             const std::vector<option>& app_options) {
  settings s;
  auto desc = describe(s, app_options);
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::store(po::parse_environment(
                desc, [&](const std::string& env) {
                  return env_name_to_option(env, desc);
                }),
              vm);
    if (vm.count("config") != 0) {
      auto path = vm["config"].as<std::string>();
      std::ifstream in{path};
      if (!in)
        throw std::invalid_argument("cannot read config file '" + path
                                    + "'");
      po::store(po::parse_config_file(in, desc), vm);
    }
    if (vm.count("help") != 0) {
      std::cout << desc << '\n';
      return {std::nullopt, 0};
    }
    po::notify(vm);
    for (const auto& o : app_options)
      s.app_options[o.name] = vm[o.name].as<std::string>();
    check(s);
  } catch (const std::exception& e) {
    std::cerr << "dashcpp: bad configuration: " << e.what()
              << " (see --help)\n";
    return {std::nullopt, 2};
  }
  return {std::move(s), 0};
}

} // namespace dash::config
