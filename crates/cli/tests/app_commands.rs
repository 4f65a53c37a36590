//! Every capability of the app is reachable from the CLI: each command of
//! src-tauri/command_list.rs maps (in app_commands.txt) to a `livinglab` subcommand that
//! exists, or to the short list of UI-only commands.

use std::collections::BTreeMap;

use assert_cmd::Command;

const COMMAND_LIST: &str = include_str!("../../../src-tauri/command_list.rs");
const MAP: &str = include_str!("app_commands.txt");

/// The quoted names in command_list.rs's `ALL`.
fn app_commands() -> Vec<String> {
    let body = &COMMAND_LIST[COMMAND_LIST.find("ALL").expect("the ALL list")..];
    body.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

fn map() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in MAP.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (name, target) = line.split_once('=').unwrap_or_else(|| panic!("not `name = target`: {line}"));
        let previous = out.insert(name.trim().to_string(), target.trim().to_string());
        assert!(previous.is_none(), "{} is mapped twice", name.trim());
    }
    out
}

#[test]
fn every_app_command_maps_to_a_cli_command_or_is_ui_only() {
    let commands = app_commands();
    assert!(commands.len() > 40, "read {} commands from command_list.rs", commands.len());
    let map = map();
    let unmapped: Vec<&String> = commands.iter().filter(|c| !map.contains_key(*c)).collect();
    assert!(unmapped.is_empty(), "app commands with no CLI counterpart in app_commands.txt: {unmapped:?}");
    let stale: Vec<&String> = map.keys().filter(|k| !commands.contains(k)).collect();
    assert!(stale.is_empty(), "app_commands.txt names commands the app no longer has: {stale:?}");
    let ui_only = map.values().filter(|v| v.starts_with("ui-only:")).count();
    // The window's own state, its dialogs, its date fields and its preview pages: keep it short.
    assert!(ui_only <= 10, "{ui_only} UI-only commands: keep that list short");
}

#[test]
fn every_mapped_cli_command_exists() {
    for (app, target) in map().iter().filter(|(_, v)| !v.starts_with("ui-only:")) {
        let path: Vec<&str> = target.split_whitespace().collect();
        let out = Command::cargo_bin("livinglab").unwrap().args(&path).arg("--help").output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{app} → `livinglab {target}` does not exist");
        // clap prints the usage with the whole path of the subcommand it found.
        assert!(help.contains(&format!("livinglab {target}")), "{app} → `livinglab {target}`:\n{help}");
    }
}
