//! What several CLI tests share: poppler's signature check and whether the OS keychain is
//! there to test against.

use std::path::Path;
use std::process::Command;

/// What poppler's `pdfsig` says of a PDF's signatures.
pub fn pdfsig(pdf: &Path) -> String {
    let out = Command::new("pdfsig").arg(pdf).output().expect("pdfsig is needed (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether a test of the OS keychain runs: always with LIVINGLAB_REQUIRE_KEYCHAIN=1 (it then
/// fails without one), else only with a session bus (a Secret Service may answer on it).
pub fn keychain_reachable() -> bool {
    if std::env::var("LIVINGLAB_REQUIRE_KEYCHAIN").as_deref() == Ok("1") {
        return true;
    }
    if std::env::var("DBUS_SESSION_BUS_ADDRESS").is_err() {
        eprintln!("skipped: no session bus with a Secret Service (set LIVINGLAB_REQUIRE_KEYCHAIN=1 to fail instead)");
        return false;
    }
    true
}
