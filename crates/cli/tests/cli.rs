//! The CLI contract, from outside: arguments in, JSON and exit codes out.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

fn livinglab() -> Command {
    let mut cmd = Command::cargo_bin("livinglab").unwrap();
    cmd.env("LANG", "C.UTF-8").env_remove("LIVINGLAB_WORKSPACE");
    cmd
}

fn run(args: &[&str]) -> Output {
    livinglab().args(args).output().unwrap()
}

fn json(out: &Output) -> Value {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn ws_args<'a>(dir: &'a Path, rest: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--workspace", dir.to_str().unwrap()];
    v.extend_from_slice(rest);
    v
}

#[test]
fn regions_search_returns_the_contract_fields() {
    let v = json(&run(&["regions", "search", "sumedang", "--json"]));
    assert_eq!(v[0]["code"], "32.11");
    assert_eq!(v[0]["name"], "Kabupaten Sumedang");
    assert_eq!(v[0]["kind"], "kabupaten");
    assert_eq!(v[0]["province"], "Jawa Barat");
    let kota = json(&run(&["regions", "search", "kota bandung", "--json"]));
    assert!(kota.as_array().unwrap().iter().all(|r| r["kind"] == "kota"));
    let none = json(&run(&["regions", "search", "tidak ada daerah ini", "--json"]));
    assert_eq!(none, Value::Array(vec![]));
}

#[test]
fn init_refuses_an_unknown_code_and_a_non_empty_folder_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");

    let out = run(&ws_args(&dir, &["init", "--region", "99.99"]));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("99.99") && stderr.contains("region.unknown"), "{stderr}");
    assert!(!dir.exists());

    let out = run(&ws_args(&dir, &["init", "--region", "32.11"]));
    assert!(out.status.success());
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(id.len(), 36);

    let out = run(&ws_args(&dir, &["init", "--region", "32.11"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("workspace.not_empty"));

    let show = json(&run(&ws_args(&dir, &["workspace", "show", "--json"])));
    assert_eq!(show["id"], id.as_str(), "the first workspace is untouched");
    assert_eq!(show["region"]["code"], "32.11");
}

#[test]
fn profile_set_changes_only_given_fields_and_refuses_bad_ones_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    assert!(run(&ws_args(&dir, &["init", "--region", "32.11"])).status.success());

    let emblem = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/emblem.png");
    let out = run(&ws_args(
        &dir,
        &[
            "profile",
            "set",
            "--office",
            "Dinas Komunikasi, Informatika, Persandian dan Statistik",
            "--address",
            "Jl. Prabu Geusan Ulun No. 36",
            "--phone",
            "(0261) 201254",
            "--email",
            "diskominfo@sumedangkab.go.id",
            "--website",
            "sumedangkab.go.id",
            "--emblem",
            emblem.to_str().unwrap(),
            "--head-name",
            "H. Dony Ahmad Munir",
            "--head-title",
            "Bupati",
            "--sekda-name",
            "Tuti Ruswati",
            "--sekda-nip",
            "19680505 199003 2 004",
            "--office-head-name",
            "Ahmad Sopyan",
            "--office-head-nip",
            "197203101998031005",
            "--user",
            "operator",
        ],
    ));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let show = json(&run(&ws_args(&dir, &["workspace", "show", "--json"])));
    let p = &show["profile"];
    assert_eq!(p["sekda"]["nip"], "196805051990032004");
    assert_eq!(p["head"]["title"], "Bupati");
    assert_eq!(p["user_name"], "operator");
    assert_eq!(show["emblem"]["mime"], "image/png");

    // A bad NIP refuses the whole command: the address given with it is not stored either.
    let out = run(&ws_args(&dir, &["profile", "set", "--address", "Jl. Lain", "--sekda-nip", "12345"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("profile.nip_invalid"));
    let after = json(&run(&ws_args(&dir, &["workspace", "show", "--json"])));
    assert_eq!(after["profile"], show["profile"]);

    for (flag, value, code) in [
        ("--email", "bukan email", "profile.email_invalid"),
        ("--head-title", "Gubernur", "profile.head_title_invalid"),
        ("--emblem", "Cargo.toml", "profile.emblem_invalid"),
    ] {
        let out = run(&ws_args(&dir, &["profile", "set", flag, value]));
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(code),
            "{flag}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn messages_follow_the_language() {
    let out =
        livinglab().args(["--lang", "id", "--workspace", "/nonexistent/ws", "workspace", "show"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Ruang kerja tidak ditemukan"));
    let out = livinglab()
        .env("LANG", "id_ID.UTF-8")
        .args(["--workspace", "/nonexistent/ws", "workspace", "show"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Ruang kerja tidak ditemukan"));
    let out = run(&["workspace", "show"]);
    assert_eq!(out.status.code(), Some(2), "no --workspace");
}

#[cfg(target_os = "linux")]
#[test]
fn the_cli_links_no_gui_library() {
    let bin = assert_cmd::cargo::cargo_bin("livinglab");
    let ldd = std::process::Command::new("ldd").arg(&bin).output().unwrap();
    let libs = String::from_utf8_lossy(&ldd.stdout).to_lowercase();
    assert!(libs.contains("libc.so"), "ldd output looks wrong: {libs}");
    for gui in ["gtk", "webkit", "gdk", "javascriptcore", "soup"] {
        assert!(!libs.contains(gui), "livinglab links {gui}: {libs}");
    }
}
