//! The catalogue of practices, shipped and the region's own.

use livinglab_core::Result;
use livinglab_store::Workspace;
use serde_json::json;

use super::{print_json, read_text};
use crate::args::PracticesCommand;

pub fn practices(ws: &mut Workspace, command: PracticesCommand) -> Result<()> {
    match command {
        PracticesCommand::List { json } => {
            let list = ws.practices()?;
            if json {
                let rows: Vec<_> = list.iter().map(|(p, origin)| json!({"practice": p, "source": origin})).collect();
                print_json(&rows);
            } else {
                for (p, _) in list {
                    println!("{:<40} {}  [{}]", p.id, p.title.get(crate::say::lang()), p.origin_name);
                }
            }
        }
        PracticesCommand::Add { file } => {
            let n = ws.add_practices(&read_text(&file)?)?;
            println!("{}", crate::say::say!("practices.added", count = n));
        }
    }
    Ok(())
}
