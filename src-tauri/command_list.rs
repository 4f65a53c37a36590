// The app's IPC commands, shared by build.rs (permissions) and lib.rs (handler).
pub const ALL: &[&str] = &[
    "app_state",
    "ui_texts",
    "set_language",
    "search_regions",
    "default_workspace_dir",
    "validate_profile",
    "create_workspace",
    "open_workspace",
    "pick_folder",
    "close_workspace",
    "forget_recent",
    "get_profile",
    "save_profile",
    "set_emblem",
];
