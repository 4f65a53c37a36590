//! `--lang`: every message of the command line in the language asked for, decimals written as
//! that language writes them; identifiers and `--json` stay the same in both.

use std::path::Path;

use assert_cmd::Command;

/// The example workspace, made once per test in a folder of its own.
fn example() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let out = livinglab(tmp.path(), "en", &["--today", "2026-11-21", "sample"]);
    assert!(out.0, "sample: {}", out.2);
    tmp
}

/// Runs the CLI on the workspace in `dir`/ws with `--lang`; (success, stdout, stderr).
fn livinglab(dir: &Path, lang: &str, args: &[&str]) -> (bool, String, String) {
    let ws = dir.join("ws");
    let mut all = vec!["--lang", lang, "--workspace", ws.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = Command::cargo_bin("livinglab")
        .unwrap()
        .env("LANG", "C.UTF-8")
        .env_remove("LIVINGLAB_WORKSPACE")
        .args(&all)
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// The commands whose text output is all message, with a phrase each language must show.
const COMMANDS: &[(&[&str], &str, &str)] = &[
    (&["score", "--period", "2026"], "Indeks Pemerintah Digital", "Digital Government Index"),
    (&["simulate", "--period", "2026"], "Daya ungkit terbesar", "Most leverage"),
    (&["followup", "--period", "2025"], "sesuai jadwal atau selesai", "on schedule or done"),
    (&["dashboard", "--period", "2026"], "langkah", "steps"),
    (&["evidence", "verify"], "berkas diperiksa", "files checked"),
    (&["audit", "verify"], "Jejak audit utuh", "Audit trail intact"),
    (&["workspace", "show"], "lambang negara", "garuda"),
    (&["assess", "list", "--period", "2026"], "tingkat", "level"),
    (&["action", "list", "--period", "2025"], "jatuh tempo", "due"),
    (&["frameworks", "list"], "indikator", "indicators"),
];

/// English words of the command line's own messages; none may show in an Indonesian run.
const ENGLISH: &[&str] = &[
    " level ",
    " files",
    " steps",
    "assessed",
    " done",
    "overdue",
    "intact",
    "entries",
    "leverage",
    "To reach",
    " indicators",
    "Workspace",
    " due ",
    "Index ",
    "incomplete",
    "(provisional)",
    "Imported",
    "written to",
];

#[test]
fn every_message_follows_lang() {
    let tmp = example();
    for (args, id_phrase, en_phrase) in COMMANDS {
        let (ok, id_out, id_err) = livinglab(tmp.path(), "id", args);
        assert!(ok, "{args:?} --lang id: {id_err}");
        let (ok, en_out, en_err) = livinglab(tmp.path(), "en", args);
        assert!(ok, "{args:?} --lang en: {en_err}");
        assert!(id_out.contains(id_phrase), "{args:?} in Indonesian lacks \"{id_phrase}\":\n{id_out}");
        assert!(en_out.contains(en_phrase), "{args:?} in English lacks \"{en_phrase}\":\n{en_out}");
        let both = format!("{id_out}{id_err}");
        for word in ENGLISH {
            assert!(!both.contains(word), "{args:?} in Indonesian says \"{word}\":\n{both}");
        }
    }
}

#[test]
fn decimals_take_the_languages_mark() {
    let tmp = example();
    let decimal = |text: &str, mark: char| {
        text.as_bytes()
            .windows(4)
            .any(|w| w[0].is_ascii_digit() && w[1] == mark as u8 && w[2].is_ascii_digit() && w[3].is_ascii_digit())
    };
    for args in
        [&["score", "--period", "2026"][..], &["simulate", "--period", "2026"], &["followup", "--period", "2026"]]
    {
        let (_, id_out, _) = livinglab(tmp.path(), "id", args);
        let (_, en_out, _) = livinglab(tmp.path(), "en", args);
        assert!(decimal(&id_out, ',') && !decimal(&id_out, '.'), "{args:?} in Indonesian:\n{id_out}");
        assert!(decimal(&en_out, '.') && !decimal(&en_out, ','), "{args:?} in English:\n{en_out}");
    }
}

#[test]
fn json_and_identifiers_do_not_change_with_lang() {
    let tmp = example();
    let (_, id_json, _) = livinglab(tmp.path(), "id", &["score", "--period", "2026", "--json"]);
    let (_, en_json, _) = livinglab(tmp.path(), "en", &["score", "--period", "2026", "--json"]);
    assert_eq!(id_json, en_json);
    // A refusal is one line in the language asked for, with the same stable code.
    let (ok, _, id_err) = livinglab(tmp.path(), "id", &["score", "--period", "1999"]);
    assert!(!ok);
    let (_, _, en_err) = livinglab(tmp.path(), "en", &["score", "--period", "1999"]);
    let code = |line: &str| line.rsplit('[').next().map(str::to_string);
    assert_eq!(code(&id_err), code(&en_err));
    assert_ne!(id_err, en_err, "the message itself is translated");
}
