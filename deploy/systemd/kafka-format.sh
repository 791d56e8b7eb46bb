#!/bin/sh
# Format the KRaft storage once (the first start); later starts find meta.properties.
set -eu
conf="$1"
dir="$(sed -n 's/^log.dirs=//p' "$conf")"
[ -f "$dir/meta.properties" ] && exit 0
id="$(python3 -c 'import base64,uuid;print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=").lstrip("-") or "pst")')"
exec java -Xmx256m -cp "/opt/pst-hub/kafka/lib/*" kafka.tools.StorageTool format --standalone -t "$id" -c "$conf"
