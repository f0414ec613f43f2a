# Shared by scripts/relutopo and scripts/test: install the system libraries the
# package links against when they are missing (fresh Debian, run as root), and
# find the package root. Sourced, not executed.

RELUTOPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Debian packages behind the system-library targets (Sources/C*/module.modulemap).
RELUTOPO_APT_PACKAGES=(libgmp-dev libopenblas-dev libsundials-dev zlib1g-dev)

relutopo_ensure_system_packages() {
    local missing=() package
    for package in "${RELUTOPO_APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "relutopo: installing missing system packages: ${missing[*]}" >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

relutopo_require_swift() {
    command -v swift >/dev/null 2>&1 || { echo "relutopo: swift is not on PATH (Swift 6.x is required)" >&2; exit 1; }
}
