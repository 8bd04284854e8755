#!/usr/bin/env bash
# The Debian package end to end, by README.md's "Deployment on a Debian or Ubuntu server": runs
# every command of its `<!-- deb-test: … -->` blocks in order on this machine (as root, the
# way CI runs), with these stand-ins only: the release build is the already built and tested
# target/debug/loa (a release build with LTO takes minutes on CI's 2 cores), the git remote is
# a bare copy of the demo portal, and systemctl is tests/deb/systemctl (systemd is not PID 1
# here: it runs what the units run, as they would). Between the steps it checks the units
# (systemd-analyze verify), the user, the ownership of the web root, the man pages, the pages
# nginx (as www-data) serves on a free loopback port, the alarm by mail and by webhook, and
# that purging leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

trap 'echo "tests/deb: FAIL at line $LINENO: $BASH_COMMAND" >&2' ERR
fail() { echo "tests/deb: FAIL: $*" >&2; exit 1; }
ok() { echo "  ok: $*"; }

[ "$(id -u)" -eq 0 ] || fail "needs root (dpkg, the loa user, runuser); CI runs as root"
if dpkg-query -W -f='${Status}' loa 2>/dev/null | grep -q 'ok installed'; then
  fail "the loa package is installed on this machine; this test installs and purges it: apt purge loa first"
fi
[ ! -e /etc/nginx/conf.d/loa.conf ] || fail "/etc/nginx/conf.d/loa.conf exists; this test installs and removes it"

# ---- What the test needs, installed once
missing=()
command -v systemd-analyze >/dev/null || missing+=(systemd)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v git >/dev/null || missing+=(git)
command -v adduser >/dev/null || missing+=(adduser)
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq)
command -v python3 >/dev/null || missing+=(python3)
command -v man >/dev/null || missing+=(man-db)
command -v setpriv >/dev/null || missing+=(util-linux)
command -v ssh-keygen >/dev/null || missing+=(openssh-client)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  # Installing nginx must not start a system-wide nginx on port 80.
  policy=/usr/sbin/policy-rc.d created_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -z "$created_policy" ] || rm -f "$policy"
fi
cargo build --quiet
# Enough rights for the loa user to clone from (and nginx to serve) the temporary folders.
work=$(mktemp -d /tmp/loa-deb.XXXXXX)
chmod 755 "$work"
nginx_dir=$work/nginx
hook_pid="" git_pid=""
cleanup() {
  [ -n "$git_pid" ] && kill "$git_pid" 2>/dev/null || true
  [ -s "$nginx_dir/nginx.pid" ] && kill "$(cat "$nginx_dir/nginx.pid")" 2>/dev/null || true
  [ -n "$hook_pid" ] && kill "$hook_pid" 2>/dev/null || true
  if [ -f "$work/sendmail-installed" ]; then rm -f /usr/local/sbin/sendmail; fi
  # A failed run must not leave the package on the machine.
  if [ -z "${KEEP:-}" ]; then
    rm -f /etc/nginx/conf.d/loa.conf
    if dpkg-query -W -f='${Status}' loa 2>/dev/null | grep -q 'installed'; then apt-get purge -y -qq loa >/dev/null 2>&1 || true; fi
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# Whether the page at URL (fetched whole, then searched) holds TEXT.
page_has() { local body; body=$(curl -fsS "$1") && grep -q -- "$2" <<<"$body"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The code block after `<!-- MARKER -->` in README.md.
block() {
  awk -v marker="<!-- $1 -->" '
    $0 == marker { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' README.md
}

# Runs the lines of a README block one by one, each through `sh -c`, after the substitutions
# the stand-ins need; `$ line` is printed first.
export LOA_TEST_NGINX_DIR=$nginx_dir LOA_TEST_NGINX_PORT
LOA_TEST_NGINX_PORT=$(free_port)
shims=$work/bin
mkdir -p "$shims"
cp tests/deb/systemctl "$shims/systemctl"
printf 'APT::Get::Assume-Yes "true";\n' >"$work/apt.conf"
run_block() {
  local name=$1 dir=$2 lines
  lines=$(block "deb-test: $name")
  [ -n "$lines" ] || fail "README.md has no <!-- deb-test: $name --> block"
  echo "== README, $name"
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    echo "\$ $line"
    line=$(substitute "$line")
    [ -n "$line" ] || continue
    (cd "$dir" && PATH="$shims:$PATH" LOA_NO_RELOAD=1 APT_CONFIG="$work/apt.conf" DEBIAN_FRONTEND=noninteractive \
      CARGO_TARGET_DIR="$work/target" sh -c "$line") || fail "README $name: $line"
  done <<<"$lines"
}
substitute() {
  case $1 in
    "cargo install cargo-deb --locked")
      # As the README says, once: cargo install skips a tool already installed.
      echo "$1" ;;
    "cargo deb --no-build")
      # Lighter compression: the same package, a minute sooner on CI's 2 cores.
      echo "$1 --fast" ;;
    "cargo build --release"*)
      echo "  (the package is built from target/debug/loa, the binary the other tests ran)" >&2
      echo "install -D $repo/target/debug/loa $work/target/release/loa" ;;
    *) echo "$1" | sed -e "s|target/release/|$work/target/release/|g" \
                       -e "s|https://git.example.vn/bhxh-mauson/portal.git|git://127.0.0.1:$git_port/portal.git|g" \
                       -e "s|https://chat.example.vn/hooks/loa-canh-bao|http://127.0.0.1:$hook_port/hooks/loa-canh-bao|g" ;;
  esac
}
hook_port=$(free_port) git_port=$(free_port)

# ---- The package: build and install
SECONDS=0
run_block build "$repo"
deb=$(ls "$work"/target/debian/loa_*_amd64.deb)
echo "  built $(basename "$deb") ($(du -h "$deb" | cut -f1)) in ${SECONDS}s"
grep -q "apt install ./$(basename "$deb")" README.md || fail "README.md does not install $(basename "$deb") (version changed?)"
run_block install "$(dirname "$deb")"

# ---- What the package installed
units=(/usr/lib/systemd/system/loa-publish.service /usr/lib/systemd/system/loa-publish.timer /usr/lib/systemd/system/loa-alarm@.service)
verify=$(systemd-analyze verify "${units[@]}" 2>&1) || fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify warns: $verify"
ok "systemd-analyze verify: ${units[*]##*/}"
grep -q '^OnFailure=loa-alarm@%n.service$' "${units[0]}" || fail "loa-publish.service has no OnFailure alarm"
grep -q '^WantedBy=timers.target$' "${units[1]}" || fail "loa-publish.timer cannot be enabled"
for unit in "${units[0]}" "${units[2]}"; do
  [ "$(sed -n 's/^User=//p' "$unit")" = loa ] || fail "$unit does not run as loa"
done

IFS=: read -r _ _ uid gid _ home shell < <(getent passwd loa) || fail "no loa user"
[ "$uid" -lt 1000 ] || fail "loa is not a system user (uid $uid)"
[ "$(getent group loa | cut -d: -f3)" = "$gid" ] || fail "loa's group is not loa"
[ "$home" = /var/lib/loa ] && [ "$shell" = /usr/sbin/nologin ] || fail "loa: home $home, shell $shell"
ok "system user loa ($uid:$gid), home $home, no login shell"
[ "$(stat -c '%U:%G %a' /var/lib/loa)" = "loa:loa 750" ] || fail "/var/lib/loa is $(stat -c '%U:%G %a' /var/lib/loa)"
[ "$(stat -c '%U:%G %a' /var/www/loa)" = "loa:www-data 2750" ] || fail "/var/www/loa is $(stat -c '%U:%G %a' /var/www/loa)"
ok "/var/lib/loa loa:loa 750, /var/www/loa loa:www-data 2750"
dpkg-query -W -f='${Conffiles}' loa | grep -q ' /etc/loa/alarm ' || fail "/etc/loa/alarm is not a conffile"

# The man pages: one per command --help lists, from the same definitions.
# --help in English: no Vietnamese site in the current folder, no Vietnamese locale.
loa_en() { (cd / && LC_ALL=C.UTF-8 LANG=C.UTF-8 loa "$@"); }
commands=$(loa_en --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }' | grep -vx help)
[ -n "$commands" ] || fail "loa --help lists no commands"
for command in $commands; do
  page=$(man -w "loa-$command") || fail "no man page loa-$command"
  for option in $(loa_en "$command" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    zcat "$page" | grep -qF -- "$(echo "$option" | sed 's/-/\\-/g')" || fail "$page lacks $option of loa $command --help"
  done
done
man -w loa >/dev/null || fail "no man page loa"
[ "$(man -L vi -w loa-publish)" = /usr/share/man/vi/man1/loa-publish.1.gz ] || fail "no Vietnamese man page loa-publish"
ok "man pages: loa and loa-{$(echo $commands | tr ' ' ,)}"

# The README shows exactly what the package ships.
diff <(block "standards-gate: nginx") /usr/share/loa/nginx-site.conf || fail "README's nginx site differs from /usr/share/loa/nginx-site.conf"
diff <(block "standards-gate: redirect-map") /usr/lib/loa/loa-redirects || fail "README's loa-redirects differs from the package's"
ok "README's nginx site and loa-redirects are the package's files"

# ---- The content checkout: a bare copy of the demo portal as the editors' remote
git init -q -b main "$work/editors"
cp -r content "$work/editors/"
printf '/public/\n/.public.*\n/.loa/\n' >"$work/editors/.gitignore"
git -C "$work/editors" add -A
git -C "$work/editors" -c user.name=Editors -c user.email=web@bhxh-mauson.example.vn commit -qm "Demo portal"
git clone -q --bare "$work/editors" "$work/portal.git"
# The editors' git server, as the loa user reaches it: git's own daemon on a loopback port.
git daemon --reuseaddr --export-all --base-path="$work" --listen=127.0.0.1 --port="$git_port" "$work" &
git_pid=$!
for _ in $(seq 50); do git ls-remote -q "git://127.0.0.1:$git_port/portal.git" >/dev/null 2>&1 && break; sleep 0.1; done
run_block checkout /
[ "$(stat -c %U /var/lib/loa/portal/content/site.toml)" = loa ] || fail "the checkout is not the loa user's"
run_block deploy-key /
[ "$(stat -c '%U %a' /var/lib/loa/.ssh/id_ed25519)" = "loa 600" ] || fail "the deploy key is not the loa user's alone"
editors() { git -C "$work/editors" -c user.name=Editors -c user.email=web@bhxh-mauson.example.vn "$@"; }
{ echo; block "deb-test: site-toml"; } >>"$work/editors/content/site.toml"
editors commit -qam "Publish to the web root every minute"
editors push -q "$work/portal.git" main
run_block pull /
grep -q '^path = "/var/www/loa/public"' /var/lib/loa/portal/content/site.toml || fail "the checkout did not pull site.toml's [publish]"

# ---- Publishing: enable the timer, publish once
run_block enable /
[ -L /etc/systemd/system/timers.target.wants/loa-publish.timer ] || fail "loa-publish.timer is not enabled"
ok "loa-publish.timer enabled (timers.target.wants)"
[ -f /var/www/loa/public/index.html ] || fail "no /var/www/loa/public/index.html after a run"
strangers=$(find /var/lib/loa /var/www/loa ! -user loa ! -path /var/www/loa/redirects.map ! -path /var/www/loa/frames.map)
[ -z "$strangers" ] || fail "not the loa user's: $strangers"
strangers=$(find /var/www/loa/public ! -group www-data)
[ -z "$strangers" ] || fail "not in group www-data: $strangers"
cmp -s /var/www/loa/public/redirects.map /var/www/loa/redirects.map || fail "loa-redirects did not copy the redirect map"
cmp -s /var/www/loa/public/frames.map /var/www/loa/frames.map || fail "loa-redirects did not copy the frame map"
ok "the run published /var/www/loa/public as loa (group www-data) and copied the redirect and frame maps"
if setpriv --reuid=www-data --regid=www-data --init-groups test -w /var/www/loa/public; then fail "www-data may write the web root"; fi
if setpriv --reuid=nobody --regid=nogroup --clear-groups ls /var/www/loa >/dev/null 2>&1; then fail "anyone may read the web root"; fi
ok "www-data only reads the web root; other users cannot"

# ---- nginx, as the README installs it, serving the web root as www-data
run_block nginx /
origin=http://127.0.0.1:$LOA_TEST_NGINX_PORT
for _ in $(seq 50); do curl -fs -o /dev/null "$origin/" && break; sleep 0.1; done
page_has "$origin/" 'Bảo hiểm xã hội tỉnh Mẫu Sơn' || fail "nginx does not serve the home page"
page_has "$origin/tin-tuc/doc-thong-tin-tren-the-bhyt/" '<h1' || fail "nginx does not serve an article"
[ "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$origin/huong-dan/doc-the-bhyt/")" = \
  "301 $origin/tin-tuc/doc-thong-tin-tren-the-bhyt/" ] || fail "nginx does not redirect an alias"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$origin/khong-co-trang-nay/")" = 404 ] || fail "no 404 for a missing page"
ok "nginx (www-data) serves the home page, an article, an alias redirect and the 404 page"

# ---- On the minute: an article the editors schedule a few seconds ahead is not served by a
# run before its publish_at, and is served by the first run after it (the timer's next minute).
at_epoch=$(( $(date +%s) + 12 ))
at=$(TZ=Asia/Ho_Chi_Minh date -d "@$at_epoch" +%Y-%m-%dT%H:%M:%S+07:00)
cat >"$work/editors/content/tin-tuc/lich-chi-tra-luong-huu-qua-tai-khoan.md" <<ARTICLE
+++
title = "Lịch chi trả lương hưu qua tài khoản ngân hàng tháng này"
summary = "Lương hưu và trợ cấp BHXH qua tài khoản được chuyển từ ngày 2 hằng tháng; người nhận tiền mặt nhận tại điểm chi trả của bưu điện xã theo lịch niêm yết."
date = $at
topics = ["bhxh-bat-buoc"]
author = "Ban biên tập"
+++

Người hưởng lương hưu, trợ cấp BHXH hằng tháng nhận qua tài khoản ngân hàng được chuyển tiền từ
ngày 2 hằng tháng. Nếu đến ngày 5 chưa nhận được, hãy gọi đường dây nóng 1900 9068.
ARTICLE
editors add -A
editors commit -qm "Lịch chi trả lương hưu (hẹn giờ đăng)"
editors push -q "$work/portal.git" main
page=$origin/tin-tuc/lich-chi-tra-luong-huu-qua-tai-khoan/
PATH="$shims:$PATH" LOA_NO_RELOAD=1 systemctl start loa-publish.service || fail "the run before publish_at failed"
[ -f /var/lib/loa/portal/content/tin-tuc/lich-chi-tra-luong-huu-qua-tai-khoan.md ] || fail "the run did not pull the editors' article"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$page")" = 404 ] || fail "the scheduled article is served before $at"
ok "a run before its publish_at ($at) pulled the article and does not serve it"
while [ "$(date +%s)" -le "$at_epoch" ]; do sleep 1; done
PATH="$shims:$PATH" LOA_NO_RELOAD=1 systemctl start loa-publish.service || fail "the run after publish_at failed"
page_has "$page" 'Lịch chi trả lương hưu' || fail "the scheduled article is not served after $at"
page_has "$origin/" 'lich-chi-tra-luong-huu-qua-tai-khoan' || fail "the home page does not list the article after $at"
ok "the first run after its publish_at serves it, and the home page lists it"

# ---- The overdue alarm: the unit runs `loa status` after each publish. An article due while
# the web root cannot be written: the run fails, and status names the article as overdue.
run_block status /
runuser -u loa -- sh -c 'cd /var/lib/loa/portal && loa status --lang en' >"$work/status.txt" \
  || fail "loa status after a good run: $(cat "$work/status.txt")"
grep -q "All is right" "$work/status.txt" || fail "loa status does not say all is right: $(cat "$work/status.txt")"
ok "loa status, as loa in the checkout: all is right (web root $(sed -n 's/.*served from: \([^ ]*\).*/\1/p' "$work/status.txt"))"
at_epoch=$(( $(date +%s) + 3 ))
at=$(TZ=Asia/Ho_Chi_Minh date -d "@$at_epoch" +%Y-%m-%dT%H:%M:%S+07:00)
cat >"$work/editors/content/tin-tuc/gia-han-the-bhyt-hoc-sinh.md" <<ARTICLE
+++
title = "Gia hạn thẻ BHYT học sinh trước ngày 31 tháng 12"
summary = "Học sinh, sinh viên gia hạn thẻ bảo hiểm y tế tại trường trước ngày 31 tháng 12 để không bị gián đoạn quyền lợi khám chữa bệnh."
date = $at
topics = ["bhyt"]
author = "Ban biên tập"
+++

Thẻ BHYT học sinh, sinh viên hết hạn ngày 31 tháng 12. Nhà trường thu tiền gia hạn đến hết
ngày 25 tháng 12; học sinh nộp muộn hơn thì nộp tại điểm thu của bưu điện xã.
ARTICLE
editors add -A
editors commit -qm "Gia hạn thẻ BHYT học sinh (hẹn giờ đăng)"
editors push -q "$work/portal.git" main
while [ "$(date +%s)" -le "$at_epoch" ]; do sleep 1; done
chattr +i /var/www/loa/public
if PATH="$shims:$PATH" LOA_NO_RELOAD=1 systemctl start loa-publish.service; then
  chattr -i /var/www/loa/public; fail "a run into an unwritable web root succeeded"
fi
if runuser -u loa -- sh -c 'cd /var/lib/loa/portal && loa status --format json' >"$work/overdue.json"; then
  chattr -i /var/www/loa/public; fail "loa status says all is right while an article is overdue"
fi
chattr -i /var/www/loa/public
jq -e '.overdue | map(.url) | index("/tin-tuc/gia-han-the-bhyt-hoc-sinh/")' "$work/overdue.json" >/dev/null \
  || fail "loa status does not name the overdue article: $(cat "$work/overdue.json")"
ok "an article due while the web root is unwritable: the run fails and loa status names it overdue"
PATH="$shims:$PATH" LOA_NO_RELOAD=1 systemctl start loa-publish.service || fail "the run after the web root was mended failed"
page_has "$origin/tin-tuc/gia-han-the-bhyt-hoc-sinh/" 'Gia hạn thẻ BHYT' || fail "the overdue article is not served once the web root can be written"
ok "the next run publishes it, and the unit's own loa status passes"

# ---- The alarm: a failed run starts loa-alarm@, which mails or posts what is wrong
break_site() { runuser -u loa -- sh -c 'echo "tieu_de = " >>/var/lib/loa/portal/content/site.toml'; }
mend_site() { runuser -u loa -- git -C /var/lib/loa/portal checkout -q -- content/site.toml; }
if [ ! -e /usr/local/sbin/sendmail ] && [ ! -e /usr/sbin/sendmail ]; then
  # The machine's MTA, as far as the alarm sees it: the message it would send.
  mkdir -m 1777 "$work/mail"
  printf '#!/bin/sh\ncat >%s/mail/message\n' "$work" >/usr/local/sbin/sendmail
  chmod 755 /usr/local/sbin/sendmail
  touch "$work/sendmail-installed"
fi
if [ -f "$work/sendmail-installed" ]; then
  block "deb-test: alarm-mail" >/etc/loa/alarm
  break_site
  if PATH="$shims:$PATH" LOA_NO_RELOAD=1 systemctl start loa-publish.service; then fail "a broken site.toml published"; fi
  grep -q '^Subject: \[loa\] loa-publish.service failed on ' "$work/mail/message" || fail "the mail alarm sent no mail"
  ok "a failed run mails the alarm (Subject: $(sed -n 's/^Subject: //p' "$work/mail/message"))"
  mend_site
else
  echo "  skipped: the mail alarm (this machine has a real sendmail)"
fi

python3 - "$hook_port" "$work/hook.json" <<'PY' &
import http.server, sys
port, out = int(sys.argv[1]), sys.argv[2]
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        open(out, "wb").write(body)
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", port), Hook).serve_forever()
PY
hook_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$hook_port/" && break; sleep 0.1; done
block "deb-test: alarm-webhook" | while IFS= read -r line; do substitute "$line"; done >/etc/loa/alarm
break_site
if PATH="$shims:$PATH" LOA_NO_RELOAD=1 systemctl start loa-publish.service; then fail "a broken site.toml published"; fi
jq -e '.text | test("loa: loa-publish.service failed on ")' "$work/hook.json" >/dev/null \
  || fail "the webhook alarm posted no useful text: $(cat "$work/hook.json" 2>/dev/null)"
ok "a failed run posts the alarm to the chat webhook"
mend_site
PATH="$shims:$PATH" LOA_NO_RELOAD=1 systemctl start loa-publish.service || fail "the mended site does not publish"

# ---- Removing: nothing left behind
kill "$(cat "$nginx_dir/nginx.pid")"
run_block purge /
left=()
getent passwd loa >/dev/null && left+=("user loa")
getent group loa >/dev/null && left+=("group loa")
for path in /usr/bin/loa /var/lib/loa /var/www/loa /etc/loa /usr/lib/loa /usr/share/loa /usr/share/doc/loa \
  /usr/share/man/man1/loa.1.gz /usr/share/man/man1/loa-build.1.gz "${units[@]}" \
  /etc/systemd/system/timers.target.wants/loa-publish.timer; do
  [ -e "$path" ] || [ -L "$path" ] && left+=("$path")
done
left+=($(find /etc/systemd /var/lib/systemd -name '*loa-publish*' -o -name '*loa-alarm*' 2>/dev/null))
left+=($(find /etc /var /usr /srv /opt -xdev \( -uid "$uid" -o -gid "$gid" \) 2>/dev/null))
dpkg-query -W -f='${Status}' loa 2>/dev/null | grep -q 'installed' && left+=("package status")
[ ${#left[@]} -eq 0 ] || fail "left behind after apt purge: ${left[*]}"
ok "apt purge loa left no user, group, file or unit behind"
echo "tests/deb: all checks passed"
