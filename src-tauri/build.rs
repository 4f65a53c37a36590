fn main() {
    // tauri-build watches its default capabilities folder only, not the pattern given below.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    // Only the commands listed in command_list.rs get permissions (allow-<command>); the
    // capability in capabilities/main.json grants exactly those to the main window.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/*.json")
            .app_manifest(tauri_build::AppManifest::new().commands(commands::ALL)),
    )
    .expect("tauri build step");
}

mod commands {
    include!("command_list.rs");
}
