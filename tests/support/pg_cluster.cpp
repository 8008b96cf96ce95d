#include "support/pg_cluster.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "support/process.hpp"

namespace retort::testing {

namespace {

// The newest /usr/lib/postgresql/<major>/bin that has initdb.
std::string postgres_bindir() {
  std::vector<std::pair<int, std::string>> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    std::string bin = (entry.path() / "bin").string();
    if (!std::filesystem::exists(bin + "/initdb")) continue;
    try {
      found.emplace_back(std::stoi(entry.path().filename().string()), bin);
    } catch (const std::exception&) {
    }
  }
  if (found.empty())
    throw std::runtime_error(
        "no PostgreSQL server binaries under /usr/lib/postgresql (install "
        "the 'postgresql' package)");
  std::sort(found.begin(), found.end());
  return found.back().second;
}

// Runs a server program as the cluster's owner: 'postgres' when we are root.
ProcessResult as_owner(std::vector<std::string> argv) {
  if (geteuid() == 0) argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
  ProcessOptions o;
  o.timeout = std::chrono::seconds(60);
  return run_process(argv, o);
}

}  // namespace

int free_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    throw std::runtime_error("cannot bind a loopback port");
  }
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

PgCluster::PgCluster() : bindir_(postgres_bindir()), port_(free_loopback_port()) {
  std::string pattern = (std::filesystem::temp_directory_path() / "retort-pgc-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  if (geteuid() == 0) {
    ProcessResult r = run_process({"chown", "postgres:postgres", dir_});
    if (r.exit_code != 0) throw std::runtime_error("chown failed: " + r.describe());
  }
}

PgCluster::~PgCluster() {
  try {
    stop();
  } catch (...) {
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string PgCluster::url() const {
  return "postgresql://retort@127.0.0.1:" + std::to_string(port_) + "/postgres";
}

void PgCluster::init() {
  ProcessResult r = as_owner({bindir_ + "/initdb", "-D", dir_ + "/data", "-U", "retort",
                              "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"});
  if (r.exit_code != 0) throw std::runtime_error("initdb failed: " + r.describe());
}

void PgCluster::start() {
  ProcessResult r = as_owner({bindir_ + "/pg_ctl", "-D", dir_ + "/data", "-l", dir_ + "/server.log",
                              "-w", "-t", "60", "-o",
                              "-c listen_addresses=127.0.0.1 -c port=" + std::to_string(port_) +
                                  " -c unix_socket_directories=" + dir_ +
                                  " -c fsync=off -c synchronous_commit=off",
                              "start"});
  if (r.exit_code != 0)
    throw std::runtime_error("pg_ctl start failed: " + r.describe() + "\n--- server log ---\n" +
                             read_text_file(dir_ + "/server.log"));
  started_ = true;
}

void PgCluster::stop() {
  if (!started_) return;
  started_ = false;
  as_owner({bindir_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "stop"});
}

}  // namespace retort::testing
