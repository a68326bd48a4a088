#!/usr/bin/env bash
# Lighthouse (its default mobile profile: throttled 4G and CPU, Debian's Chromium) on the sign-in page and a signed-in
# student's home, against a published Release build running in Production on SQLite with the demo data.
# Usage: bench/lighthouse.sh [git-ref]   (with a ref, e.g. main, that commit is published instead of the working tree)
# Lighthouse 12.2.3 is installed with npm into bench/.lighthouse (ignored by git); 13 needs Node 22.
set -euo pipefail
ref="${1:-}"
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/bench/.lighthouse"
work=$(mktemp -d)
command -v /usr/bin/chromium >/dev/null || { echo "needs Chromium at /usr/bin/chromium (apt-get install chromium)"; exit 1; }
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$tools" && (cd "$tools" && echo "{\"name\":\"aether-lighthouse\",\"private\":true}" > package.json && npm install -E --no-audit --no-fund lighthouse@12.2.3 >/dev/null)
fi
src="$root"
if [ -n "$ref" ]; then mkdir "$work/src"; git -C "$root" archive "$ref" | tar -x -C "$work/src"; src="$work/src"; fi
dotnet publish "$src/AetherLearn.Web" -c Release -o "$work/app" >/dev/null

port=5393; base="http://127.0.0.1:$port"
# Production, as deployed, except: demo data allowed (its accounts share a published password, so never do this for
# real) and the session cookie not Secure, because this run is plain http.
(cd "$work/app" && ASPNETCORE_ENVIRONMENT=Production exec dotnet AetherLearn.Web.dll --urls "$base" \
  --ConnectionStrings:Default="Data Source=$work/bench.db" --Seed:Demo=true --Seed:AllowInProduction=true \
  --App:BaseUrl="$base" --Auth:SecureCookiesOnly=false --Email:PickupFolder="$work/mail" \
  --RateLimiting:SignInPerMinute=1000 --Logging:LogLevel:Default=Warning) &
app=$!
trap 'kill $app 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 90); do curl -sf "$base/account/login" >/dev/null && break; sleep 1; done

# Sign in through the real form (its antiforgery token and cookie), as a browser does.
jar="$work/cookies"
curl -s -c "$jar" -b "$jar" "$base/account/login" > "$work/login.html"
antiforgery=$(python3 -c 'import re,sys; h=open(sys.argv[1]).read(); t=re.search(r"<input[^>]*name=\"__RequestVerificationToken\"[^>]*>", h).group(0); print(re.search(r"value=\"([^\"]*)\"", t).group(1))' "$work/login.html")
landed=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' -H "Origin: $base" \
  --data-urlencode "_handler=login" --data-urlencode "__RequestVerificationToken=$antiforgery" \
  --data-urlencode "Input.Email=student1@northside.aetherlearn.test" --data-urlencode "Input.Password=AetherDemo-2026!" \
  "$base/account/login")
session=$(awk '$6 == "aether.session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "sign-in failed: $landed"; exit 1; }

# What the first page costs on the wire, and what the big stylesheet is sent as.
mudcss=$(grep -o '_content/MudBlazor/MudBlazor[^"]*\.css' "$work/login.html" | head -1)
echo "MudBlazor CSS ($mudcss) with Accept-Encoding br: $(curl -s -H 'Accept-Encoding: br' -D - -o /dev/null "$base/$mudcss" | tr -d '\r' | grep -iE '^(content-length|content-encoding|cache-control):' | tr '\n' ' ')"

lighthouse() {
  local name=$1 url=$2; shift 2
  CHROME_PATH=/usr/bin/chromium "$tools/node_modules/.bin/lighthouse" "$url" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-dev-shm-usage" \
    --only-categories=performance,accessibility,best-practices --output=json --output-path="$work/$name.json" "$@"
  python3 - "$name" "$work/$name.json" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
r = json.load(open(path))
c, a = r["categories"], r["audits"]
score = lambda k: round(c[k]["score"] * 100)
print(f"{name}: performance {score('performance')}, accessibility {score('accessibility')}, best-practices {score('best-practices')}; "
      f"FCP {a['first-contentful-paint']['numericValue']/1000:.1f} s, LCP {a['largest-contentful-paint']['numericValue']/1000:.1f} s, "
      f"TBT {a['total-blocking-time']['numericValue']:.0f} ms, CLS {a['cumulative-layout-shift']['numericValue']:.3f}, "
      f"transfer {a['total-byte-weight']['numericValue']/1024:.0f} KiB")
for key in ("accessibility", "best-practices", "performance"):
    for ref in c[key]["auditRefs"]:
        audit = a[ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 0.9:
            print(f"  {key} - {ref['id']}: {audit['title']} ({audit.get('displayValue', '')})")
PY
}

lighthouse sign-in "$base/account/login"
lighthouse student-home "$base/student" --extra-headers="{\"Cookie\":\"aether.session=$session\"}"
