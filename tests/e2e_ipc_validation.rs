//! End-to-end: every IPC command of the app, called from the real webview as a hostile page
//! script would, with missing arguments, arguments of the wrong type and oversized values
//! (2 MB strings, the largest integers, a 4 MB body for the commands that take a file). Each
//! call settles with an error (the app's `{code, message, params}` or Tauri's refusal of the
//! arguments) or a harmless answer, never hangs or crashes the app; no command that changes
//! the workspace accepts an oversized value; and afterwards the workspace's audit trail is
//! intact and the app still answers.
//!
//! The commands and their parameters are read from `src-tauri/commands/*.rs` and checked
//! against `src-tauri/command_list.rs`, so a new command is covered without editing this test.

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use support::{seed_workspace, App};

#[derive(Debug)]
struct Param {
    /// As the webview names it (camelCase).
    name: String,
    ty: String,
}

/// `fn name(params)` of every `#[tauri::command]`, with the parameters Tauri injects left out.
fn commands() -> BTreeMap<String, Vec<Param>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri");
    let mut sources = vec![root.join("lib.rs")];
    for e in std::fs::read_dir(root.join("commands")).unwrap() {
        sources.push(e.unwrap().path());
    }
    let mut out = BTreeMap::new();
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices("#[tauri::command") {
            let rest = &text[at..];
            let fn_at = rest.find("fn ").unwrap() + 3;
            let name: String = rest[fn_at..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let open = fn_at + rest[fn_at..].find('(').unwrap();
            // The parameter list ends at the parenthesis that closes the first one.
            let mut depth = 0;
            let mut close = open;
            for (i, c) in rest[open..].char_indices() {
                match c {
                    '(' | '<' => depth += 1,
                    ')' | '>' if rest[open + i - 1..].starts_with("->") => {}
                    ')' | '>' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let mut params = Vec::new();
            let mut depth = 0;
            let mut current = String::new();
            for c in rest[open + 1..close].chars().chain([',']) {
                match c {
                    '<' | '(' => depth += 1,
                    '>' | ')' => depth -= 1,
                    _ => {}
                }
                if c == ',' && depth == 0 {
                    let p = current.trim().to_string();
                    current.clear();
                    let Some((n, ty)) = p.split_once(':') else { continue };
                    let (n, ty) = (n.trim(), ty.trim().to_string());
                    let injected = ["State<", "AppHandle", "Window", "WebviewWindow", "Channel<", "Request<"];
                    if injected.iter().any(|i| ty.starts_with(i)) {
                        if ty.starts_with("Request<") {
                            params.push(Param { name: "<body>".into(), ty });
                        }
                        continue;
                    }
                    params.push(Param { name: camel(n), ty });
                } else {
                    current.push(c);
                }
            }
            out.insert(name, params);
        }
    }
    out
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn listed() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/command_list.rs")).unwrap();
    let list = &text[text.find("ALL").unwrap()..];
    list.split('"').skip(1).step_by(2).map(String::from).collect()
}

/// A value of a type the parameter is not.
fn wrong(ty: &str) -> Value {
    match ty {
        t if t.contains("String") => json!({"nested": [1, 2]}),
        t if t.contains("i32") || t.contains("usize") || t.contains("u32") || t.contains("i64") => json!("tiga"),
        "bool" => json!(7),
        t if t.starts_with("Vec<") => json!("bukan daftar"),
        _ => json!(42),
    }
}

const BIG: usize = 2 * 1024 * 1024;

/// A plausible value of the parameter, by its name and type, so that a call with one value
/// oversized reaches that value's own check.
fn plausible(p: &Param) -> Value {
    let n = p.name.as_str();
    match p.ty.as_str() {
        "i32" | "Option<i32>" => json!(2026),
        "usize" | "Option<usize>" => json!(10),
        "bool" => json!(false),
        t if t.starts_with("Vec<") => json!([]),
        "String" | "Option<String>" => json!(match n {
            "indicator" => "1",
            "lang" => "id",
            "today" | "date" | "due" => "2026-06-01",
            "status" => "diajukan",
            "url" => "https://contoh.sumedangkab.go.id/bukti",
            "region" => "32.11",
            "format" => "csv",
            "decision" => "diterima",
            "version" => "1.0.0",
            _ => "uji",
        }),
        _ => Value::Null,
    }
}

/// The same parameter, as large as its type allows; None for a structure (its fields are
/// checked by the wrong-type pass and by each command's own tests).
fn oversized(p: &Param) -> Option<Value> {
    Some(match p.ty.as_str() {
        "String" | "Option<String>" => {
            Value::String("\u{202E}<img src=x onerror=window.__pwned=1>".to_string() + &"x".repeat(BIG))
        }
        "i32" | "Option<i32>" => json!(i32::MAX),
        "usize" | "Option<usize>" => json!(9007199254740991u64),
        "Vec<IndicatorNote>" => {
            Value::Array((0..20_000).map(|i| json!({"indicator": i.to_string(), "note": "x".repeat(100)})).collect())
        }
        _ => return None,
    })
}

/// Commands the oversized pass leaves out: each opens a native dialog or the system's viewer,
/// reaches the network or the keychain, or changes which workspace is open. Their arguments
/// still go through the missing and wrong-type passes, which stop before the command runs.
const NOT_RUN: &[&str] = &[
    "pick_folder",
    "export_xlsx",
    "preview_letter",
    "issue_letter",
    "preview_report",
    "issue_report",
    "issue_enrolment_letter",
    "open_evidence",
    "open_document",
    "hub_open_file",
    "hub_export_review",
    "hub_export_dashboard",
    "hub_recap",
    "build_package",
    "send_package",
    "send_outbox_now",
    "fetch_reviews",
    "test_hub_link",
    "create_identity",
    "rotate_identity",
    "watch_outbox",
    "open_hub",
    "open_workspace",
    "create_workspace",
    "open_sample",
    "close_workspace",
];

/// Commands that may answer an oversized value without an error: they only read (a search
/// with no match, a lookup that finds nothing) or forget what is not there.
const MAY_ANSWER: &[&str] =
    &["search_regions", "forget_recent", "parse_signatories", "check_document", "validate_profile"];

async fn invoke(app: &App, cmd: &str, args: Value, body: Option<usize>) -> Value {
    let script = r#"
        const [cmd, args, body, done] = arguments;
        const payload = body === null ? args : new Uint8Array(body).fill(0x25);
        const options = body === null ? undefined : { headers: { 'x-file-name': encodeURIComponent('<img src=x>.pdf'.repeat(100)) } };
        window.__TAURI__.core.invoke(cmd, payload, options)
            .then((v) => { const text = JSON.stringify(v === undefined ? null : v); done({ ok: true, size: text.length, value: text.length < 20000 ? v : null }); })
            .catch((e) => done({ ok: false, error: e }));
    "#;
    let body = body.map(Value::from).unwrap_or(Value::Null);
    let call = app.client.execute_async(script, vec![Value::from(cmd), args, body]);
    match tokio::time::timeout(Duration::from_secs(90), call).await {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => panic!("{cmd}: the script failed: {e}"),
        Err(_) => panic!("{cmd}: no answer in 90 s"),
    }
}

/// The app still answers and the workspace is whole.
async fn still_well(app: &App, after: &str) {
    let v = invoke(app, "verify_audit", json!({}), None).await;
    assert_eq!(v["value"]["intact"], true, "after {after}: verify_audit {v}");
    let v = invoke(app, "app_state", json!({}), None).await;
    assert_eq!(v["ok"], true, "after {after}: app_state {v}");
    let pwned = app.client.execute("return window.__pwned === undefined", vec![]).await.unwrap();
    assert_eq!(pwned, true, "after {after}: a payload ran");
}

fn is_app_error(e: &Value) -> bool {
    e.get("code").and_then(Value::as_str).is_some_and(|c| c.contains('.')) && e.get("message").is_some()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_command_refuses_missing_wrong_and_oversized_arguments_cleanly() {
    let cmds = commands();
    let listed = listed();
    for name in &listed {
        assert!(cmds.contains_key(name), "{name} is in command_list.rs but its function was not found");
    }
    assert!(listed.len() > 80, "{} commands", listed.len());

    let home = tempfile::tempdir().unwrap();
    let dir = seed_workspace(home.path(), "32.11");
    livinglab_store::Workspace::open(&dir).unwrap().add_period(2026, None, false).unwrap();
    let app = App::launch(home.path()).await;
    app.wait("#dash-index").await;

    let mut figures = (0, 0, 0);
    // Every oversized value a command took, named together at the end.
    let mut accepted = Vec::new();
    for name in &listed {
        let params = &cmds[name];
        let body = params.iter().any(|p| p.name == "<body>");
        let named: Vec<&Param> = params.iter().filter(|p| p.name != "<body>").collect();
        let required = named.iter().any(|p| !p.ty.starts_with("Option<"));
        // Nothing at all.
        if required {
            let v = invoke(&app, name, json!({}), None).await;
            assert_eq!(v["ok"], false, "{name} ran without its arguments: {v}");
            figures.0 += 1;
        }
        // Every argument of a wrong type.
        if !named.is_empty() {
            let args: serde_json::Map<String, Value> = named.iter().map(|p| (p.name.clone(), wrong(&p.ty))).collect();
            let v = invoke(&app, name, Value::Object(args), None).await;
            assert_eq!(v["ok"], false, "{name} took arguments of the wrong types: {v}");
            figures.1 += 1;
        }
        if body && !NOT_RUN.contains(&name.as_str()) {
            // A body that is not the file it should be, far larger than any.
            let v = invoke(&app, name, json!({}), Some(4 * 1024 * 1024)).await;
            assert_eq!(v["ok"], false, "{name} took a 4 MB body of '%' bytes: {v}");
            assert!(is_app_error(&v["error"]), "{name}: not the app's error: {v}");
            figures.2 += 1;
        }
        // One argument at a time as large as its type allows, the others plausible.
        let structured = named.iter().any(|q| plausible(q).is_null() && !q.ty.starts_with("Option<"));
        if NOT_RUN.contains(&name.as_str()) || structured {
            continue;
        }
        for (i, p) in named.iter().enumerate() {
            let Some(big) = oversized(p) else { continue };
            let mut args = serde_json::Map::new();
            for (j, q) in named.iter().enumerate() {
                let v = if i == j { big.clone() } else { plausible(q) };
                if !v.is_null() {
                    args.insert(q.name.clone(), v);
                }
            }
            let v = invoke(&app, name, Value::Object(args), None).await;
            let what = format!("{name} with an oversized {}", p.name);
            if v["ok"] == true {
                if !MAY_ANSWER.contains(&name.as_str()) {
                    accepted.push(format!("{what}: {v}"));
                }
            } else {
                assert!(is_app_error(&v["error"]), "{what}: not the app's error: {v}");
            }
            figures.2 += 1;
            still_well(&app, &what).await;
        }
    }
    still_well(&app, "every command").await;
    assert!(accepted.is_empty(), "oversized values accepted:\n{}", accepted.join("\n"));
    eprintln!(
        "{} commands: {} called without arguments, {} with wrong types, {} with oversized values",
        listed.len(),
        figures.0,
        figures.1,
        figures.2
    );
    app.close().await;
    let ws = livinglab_store::Workspace::open(&dir).unwrap();
    assert!(ws.verify_audit().unwrap().intact, "the workspace's audit trail is intact");
}
