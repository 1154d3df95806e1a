# Sourced by .ci/run: Debian's Chromium for the end-to-end tests (tests/e2e), driven by
# Playwright's Python package through executable_path=/usr/bin/chromium. Playwright's own
# browser download is never used. fonts-noto-cjk draws Hangul in the screenshots.
# CI runs as root; a machine that already has both packages installs nothing.

install_chromium() {
    local wanted=()
    [ -x /usr/bin/chromium ] || wanted+=(chromium)
    dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed' \
        || wanted+=(fonts-noto-cjk)
    if [ "${#wanted[@]}" -gt 0 ]; then
        echo "ci: installing ${wanted[*]} from Debian's packages"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${wanted[@]}" >/dev/null
    fi
    echo "ci: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
}
