//! The follow-up figures and the dashboard of a period.

use livinglab_core::{Lang, Result};
use livinglab_store::Workspace;
use serde_json::json;
use time::Date;

use super::print_json;
use crate::say::say;

pub fn followup(ws: &Workspace, year: i32, as_json: bool, today: Date) -> Result<()> {
    let f = ws.follow_up(year, today)?;
    if as_json {
        print_json(&json!({
            "rate": f.rate.to_string(), "total": f.total, "done": f.done, "on_schedule": f.on_schedule,
            "overdue": f.overdue, "postponed": f.postponed, "cancelled": f.cancelled,
            "expected_index": f.expected_index.to_string(), "current_index": f.current_index.to_string(),
            "today": today.to_string(),
        }));
    } else {
        println!(
            "{}",
            say!(
                "followup.summary",
                year = year,
                rate = livinglab_core::format::percent(f.rate, crate::say::lang()),
                done = f.done,
                total = f.total,
                on_schedule = f.on_schedule,
                overdue = f.overdue,
                expected = crate::say::index(f.expected_index),
            )
        );
    }
    Ok(())
}

pub fn dashboard(ws: &Workspace, year: i32, as_json: bool, lang: Lang, today: Date) -> Result<()> {
    let d = livinglab_documents::dashboard::dashboard(ws, year, lang, today)?;
    if as_json {
        print_json(&d);
    } else {
        println!("{} {year}: {} {}", d.index_name, d.index_display, d.predicate);
        println!(
            "  {}",
            say!(
                "dashboard.progress",
                assessed = d.assessed,
                total = d.total,
                rate = d.follow_up.rate_display,
                overdue = d.follow_up.overdue,
            )
        );
        println!(
            "  {}",
            say!(
                "dashboard.plan",
                target = d.plan.target_display,
                goal = crate::say::goal(d.plan.goal),
                steps = d.plan.steps
            )
        );
    }
    Ok(())
}
