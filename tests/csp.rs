//! The webview's content security policy, pinned: scripts and styles only from the app's own
//! files (no `unsafe-inline`, no `unsafe-eval`, no other origin), images from the app or data:
//! URLs, the IPC channel the only connection, and no plugins, frames, forms or base URL.
//! Loosening any of these must be a deliberate change of this test.

use std::collections::BTreeMap;

fn policy() -> BTreeMap<String, Vec<String>> {
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let csp = conf["app"]["security"]["csp"].as_str().expect("tauri.conf.json sets a CSP as one string");
    csp.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace().map(String::from);
            (words.next().unwrap(), words.collect())
        })
        .collect()
}

#[test]
fn the_csp_allows_no_inline_or_evaluated_script_and_nothing_from_elsewhere() {
    let p = policy();
    let expected: BTreeMap<String, Vec<String>> = [
        ("default-src", vec!["'self'"]),
        ("script-src", vec!["'self'"]),
        ("style-src", vec!["'self'"]),
        ("img-src", vec!["'self'", "data:"]),
        ("font-src", vec!["'self'"]),
        ("connect-src", vec!["'self'", "ipc:", "http://ipc.localhost"]),
        ("object-src", vec!["'none'"]),
        ("base-uri", vec!["'none'"]),
        ("form-action", vec!["'none'"]),
        ("frame-src", vec!["'none'"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(p, expected);
    let all: Vec<&String> = p.values().flatten().collect();
    for forbidden in
        ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "*", "blob:", "https:", "http:"]
    {
        assert!(!all.iter().any(|w| w.as_str() == forbidden), "the CSP allows {forbidden}");
    }
}

#[test]
fn tauri_keeps_the_policy_and_freezes_the_prototype() {
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let security = &conf["app"]["security"];
    // Tauri adds its own nonces and hashes to the policy unless told not to; nothing may turn
    // that off or replace the policy in development builds.
    for key in ["dangerousDisableAssetCspModification", "devCsp", "dangerousRemoteDomainIpcAccess", "headers"] {
        assert!(security.get(key).is_none(), "tauri.conf.json sets app.security.{key}");
    }
    assert_eq!(security["freezePrototype"], true);
    assert!(conf["app"].get("windows").and_then(|w| w[0].get("url")).is_none(), "the window loads only the bundled UI");
}

#[test]
fn no_ui_module_builds_html_from_strings() {
    let ui = concat!(env!("CARGO_MANIFEST_DIR"), "/ui");
    let mut stack = vec![std::path::PathBuf::from(ui)];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "js" || e == "html") {
                let text = std::fs::read_to_string(&path).unwrap();
                for sink in [
                    "innerHTML",
                    "outerHTML",
                    "insertAdjacentHTML",
                    "document.write",
                    "eval(",
                    "new Function",
                    "createContextualFragment",
                    "srcdoc",
                ] {
                    assert!(!text.contains(sink), "{} uses {sink}: user text must only become text", path.display());
                }
                if path.extension().is_some_and(|e| e == "html") {
                    assert!(
                        !text.contains(" on") || !regex_like_inline_handler(&text),
                        "{} has an inline handler",
                        path.display()
                    );
                    assert!(!text.contains("<script>"), "{} has an inline script", path.display());
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "the UI's modules were found ({checked})");
}

/// An attribute like ` onclick=` in HTML (the CSP would block it; none should be written).
fn regex_like_inline_handler(html: &str) -> bool {
    html.match_indices(" on").any(|(i, _)| {
        let rest = &html[i + 3..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase()).collect();
        !name.is_empty() && rest[name.len()..].starts_with('=')
    })
}
