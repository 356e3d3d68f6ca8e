#!/usr/bin/env bash
# Builds the Teams app package to upload (sideload) or hand to an admin: manifests/teams/manifest.json with the bot's
# Microsoft App ID filled in, and its two icons, zipped flat as Teams expects.
#
#   MOMENTUM_TEAMS_APP_ID=<the Azure Bot's app id> scripts/teams-package.sh [out.zip]   (default dist/momentum-teams.zip)
#
# Optional: MOMENTUM_TEAMS_DEVELOPER_URL (https, default https://example.com/momentum: the developer, privacy and
# terms links the app's About page shows; set your own before distributing), MOMENTUM_TEAMS_APP_VERSION (default 1.0.0;
# Teams wants a higher version for every update of an uploaded app).
set -euo pipefail
cd "$(dirname "$0")/.."

app_id="${MOMENTUM_TEAMS_APP_ID:-}"
if ! [[ "$app_id" =~ ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ ]]; then
  echo "teams-package.sh: set MOMENTUM_TEAMS_APP_ID to the bot's Microsoft App ID (a GUID, the same as Teams__AppId)" >&2
  exit 2
fi

developer_url="${MOMENTUM_TEAMS_DEVELOPER_URL:-https://example.com/momentum}"
developer_url="${developer_url%/}"
if ! [[ "$developer_url" =~ ^https:// ]]; then
  echo "teams-package.sh: MOMENTUM_TEAMS_DEVELOPER_URL must be an https URL" >&2
  exit 2
fi

out="${1:-dist/momentum-teams.zip}"
mkdir -p "$(dirname "$out")"
python3 - "$app_id" "$developer_url" "${MOMENTUM_TEAMS_APP_VERSION:-1.0.0}" "$out" <<'PY'
import json, sys, zipfile
app_id, developer_url, version, out = sys.argv[1:5]
text = open("manifests/teams/manifest.json", encoding="utf-8").read()
text = text.replace("{{MOMENTUM_TEAMS_APP_ID}}", app_id).replace("{{MOMENTUM_TEAMS_DEVELOPER_URL}}", developer_url)
manifest = json.loads(text)
manifest["version"] = version
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
    package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    for icon in (manifest["icons"]["color"], manifest["icons"]["outline"]):
        package.write("manifests/teams/" + icon, icon)
print(out)
PY
