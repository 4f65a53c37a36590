//! Follow-up (tindak lanjut): when an action is overdue, the follow-up rate, and the index the
//! region can expect if the planned levels are reached. Pure functions over plain data.
//!
//! - **Overdue**: not finished (status other than selesai or batal) and its due date is before today.
//! - **On schedule**: planned or running (rencana, berjalan) and not overdue. A postponed action
//!   (tertunda) is neither on schedule nor overdue until its due date passes.
//! - **Follow-up rate**: (done + on schedule) / actions, where cancelled actions (batal) are
//!   left out of both; an exact fraction, shown as a percentage.
//! - **Expected index**: the index with each indicator at the highest level an action that is
//!   not cancelled plans for it (never below its current level), scored by the scoring engine.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{Error, ErrorCode, Result};
use crate::framework::Framework;
use crate::i18n::{self, Lang};
use crate::scoring::{self, Levels};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    Rencana,
    Berjalan,
    Selesai,
    Tertunda,
    Batal,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 5] = [
        ActionStatus::Rencana,
        ActionStatus::Berjalan,
        ActionStatus::Selesai,
        ActionStatus::Tertunda,
        ActionStatus::Batal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Rencana => "rencana",
            ActionStatus::Berjalan => "berjalan",
            ActionStatus::Selesai => "selesai",
            ActionStatus::Tertunda => "tertunda",
            ActionStatus::Batal => "batal",
        }
    }

    pub fn parse(s: &str) -> Result<ActionStatus> {
        let s = s.trim().to_lowercase();
        ActionStatus::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .or(match s.as_str() {
                "planned" => Some(ActionStatus::Rencana),
                "running" | "in_progress" => Some(ActionStatus::Berjalan),
                "done" => Some(ActionStatus::Selesai),
                "postponed" => Some(ActionStatus::Tertunda),
                "cancelled" | "canceled" => Some(ActionStatus::Batal),
                _ => None,
            })
            .ok_or_else(|| {
                Error::new(ErrorCode::ActionInvalid).with_detail(
                    format!("status \"{s}\" tidak dikenal (rencana, berjalan, selesai, tertunda, batal)"),
                    format!("unknown status \"{s}\" (rencana, berjalan, selesai, tertunda, batal)"),
                )
            })
    }

    /// A status as stored: exactly its own word, or `workspace.corrupt` naming what was found.
    pub fn from_stored(s: &str) -> Result<ActionStatus> {
        ActionStatus::ALL.into_iter().find(|a| a.as_str() == s).ok_or_else(|| Error::corrupt_value("action status", s))
    }

    pub fn is_open(self) -> bool {
        !matches!(self, ActionStatus::Selesai | ActionStatus::Batal)
    }
}

/// What follow-up needs to know of an action.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionFacts {
    pub status: ActionStatus,
    pub due: Date,
    /// (indicator id, level it should reach).
    pub targets: Vec<(String, Option<u8>)>,
}

/// The year of the evaluation a commitment made on `today` can still aim at, for a period of
/// `period_year`: the national evaluation of a year closes by its fourth quarter (Pemdi 2026's
/// first stage reported in September), so from October on a commitment aims at next year's.
pub fn commitment_year(period_year: i32, today: Date) -> i32 {
    let open_year = if today.month() >= time::Month::October { today.year() + 1 } else { today.year() };
    period_year.max(open_year)
}

pub fn is_overdue(status: ActionStatus, due: Date, today: Date) -> bool {
    status.is_open() && due < today
}

pub fn is_on_schedule(status: ActionStatus, due: Date, today: Date) -> bool {
    matches!(status, ActionStatus::Rencana | ActionStatus::Berjalan) && !is_overdue(status, due, today)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    /// (done + on_schedule) / total, exact to 4 decimals (half-up); "0" when there are none.
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    /// Actions that count (cancelled ones left out).
    pub total: usize,
    pub done: usize,
    pub on_schedule: usize,
    pub overdue: usize,
    pub postponed: usize,
    pub cancelled: usize,
    #[serde(with = "rust_decimal::serde::str")]
    pub expected_index: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub current_index: Decimal,
}

impl FollowUp {
    /// The rate's name wherever it is shown, so that no one reads it as a completion rate:
    /// "Rencana aksi sesuai jadwal atau selesai".
    pub fn rate_name(lang: Lang) -> String {
        i18n::text(lang, "followup.rate_name")
    }

    /// What the rate is made of, each count on its own: "0 selesai · 1 sesuai jadwal ·
    /// 0 terlambat, dari 1 rencana aksi" (postponed ones named when there are any).
    pub fn breakdown(&self, lang: Lang) -> String {
        let n = |k: &str, v: usize| (k.to_string(), v.to_string());
        let mut out = i18n::text_with(
            lang,
            "followup.breakdown",
            &[n("done", self.done), n("on_schedule", self.on_schedule), n("overdue", self.overdue)],
        );
        if self.postponed > 0 {
            out.push_str(&i18n::text_with(lang, "followup.breakdown_postponed", &[n("n", self.postponed)]));
        }
        let of = if self.total == 1 { "followup.of_total.one" } else { "followup.of_total.other" };
        out.push_str(&i18n::text_with(lang, of, &[n("total", self.total)]));
        out
    }
}

/// The levels an indicator reaches if every planned action (not cancelled) succeeds.
pub fn planned_levels(current: &Levels, actions: &[ActionFacts]) -> Levels {
    let mut out = current.clone();
    for a in actions.iter().filter(|a| a.status != ActionStatus::Batal) {
        for (indicator, target) in &a.targets {
            if let Some(t) = target {
                let e = out.entry(indicator.clone()).or_insert(*t);
                *e = (*e).max(*t);
            }
        }
    }
    out
}

pub fn follow_up(fw: &Framework, levels: &Levels, actions: &[ActionFacts], today: Date) -> Result<FollowUp> {
    let counted: Vec<&ActionFacts> = actions.iter().filter(|a| a.status != ActionStatus::Batal).collect();
    let done = counted.iter().filter(|a| a.status == ActionStatus::Selesai).count();
    let on_schedule = counted.iter().filter(|a| is_on_schedule(a.status, a.due, today)).count();
    let overdue = counted.iter().filter(|a| is_overdue(a.status, a.due, today)).count();
    let postponed = counted.iter().filter(|a| a.status == ActionStatus::Tertunda).count();
    let total = counted.len();
    let rate = if total == 0 {
        Decimal::ZERO
    } else {
        (Decimal::from(done + on_schedule) / Decimal::from(total))
            .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
    };
    let current = scoring::score(fw, levels)?.index;
    let expected = scoring::score(fw, &planned_levels(levels, actions))?.index;
    Ok(FollowUp {
        rate,
        total,
        done,
        on_schedule,
        overdue,
        postponed,
        cancelled: actions.len() - total,
        expected_index: expected,
        current_index: current,
    })
}

#[cfg(test)]
mod wording_tests {
    use super::*;

    #[test]
    fn the_rate_is_named_and_broken_down() {
        let f = FollowUp {
            rate: Decimal::ONE,
            total: 1,
            done: 0,
            on_schedule: 1,
            overdue: 0,
            postponed: 0,
            cancelled: 0,
            expected_index: Decimal::ONE,
            current_index: Decimal::ONE,
        };
        assert_eq!(FollowUp::rate_name(Lang::Id), "Rencana aksi sesuai jadwal atau selesai");
        assert_eq!(f.breakdown(Lang::Id), "0 selesai · 1 sesuai jadwal · 0 terlambat, dari 1 rencana aksi");
        assert_eq!(f.breakdown(Lang::En), "0 done · 1 on schedule · 0 overdue, of 1 action");
        let more = FollowUp { total: 3, postponed: 1, ..f };
        assert_eq!(more.breakdown(Lang::En), "0 done · 1 on schedule · 0 overdue · 1 postponed, of 3 actions");
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_commitment_aims_at_an_evaluation_still_to_come() {
        use time::macros::date;
        assert_eq!(commitment_year(2026, date!(2026 - 05 - 01)), 2026);
        assert_eq!(commitment_year(2026, date!(2026 - 12 - 01)), 2027, "the 2026 evaluation is past");
        assert_eq!(commitment_year(2028, date!(2026 - 12 - 01)), 2028);
        assert_eq!(commitment_year(2024, date!(2026 - 03 - 01)), 2026);
    }
    use super::*;
    use crate::framework::shipped;
    use std::str::FromStr;
    use time::macros::date;

    fn act(status: ActionStatus, due: Date, targets: &[(&str, u8)]) -> ActionFacts {
        ActionFacts { status, due, targets: targets.iter().map(|(i, l)| (i.to_string(), Some(*l))).collect() }
    }

    #[test]
    fn overdue_depends_on_the_day_and_the_status() {
        let due = date!(2026 - 06 - 30);
        assert!(!is_overdue(ActionStatus::Berjalan, due, date!(2026 - 06 - 30)), "due today is not late");
        assert!(is_overdue(ActionStatus::Berjalan, due, date!(2026 - 07 - 01)));
        assert!(is_overdue(ActionStatus::Tertunda, due, date!(2026 - 07 - 01)));
        assert!(!is_overdue(ActionStatus::Selesai, due, date!(2027 - 01 - 01)));
        assert!(!is_overdue(ActionStatus::Batal, due, date!(2027 - 01 - 01)));
        assert!(is_on_schedule(ActionStatus::Rencana, due, date!(2026 - 01 - 01)));
        assert!(!is_on_schedule(ActionStatus::Tertunda, due, date!(2026 - 01 - 01)));
    }

    #[test]
    fn the_rate_leaves_cancelled_actions_out() {
        let fw = &shipped()[0];
        let today = date!(2026 - 07 - 15);
        let actions = vec![
            act(ActionStatus::Selesai, date!(2026 - 03 - 31), &[]),
            act(ActionStatus::Berjalan, date!(2026 - 12 - 31), &[]),
            act(ActionStatus::Berjalan, date!(2026 - 06 - 30), &[]),
            act(ActionStatus::Batal, date!(2026 - 01 - 31), &[]),
        ];
        let f = follow_up(fw, &Levels::new(), &actions, today).unwrap();
        assert_eq!((f.total, f.done, f.on_schedule, f.overdue, f.cancelled), (3, 1, 1, 1, 1));
        assert_eq!(f.rate, Decimal::from_str("0.6667").unwrap());
        let none = follow_up(fw, &Levels::new(), &[], today).unwrap();
        assert_eq!((none.rate, none.total), (Decimal::ZERO, 0));
    }

    #[test]
    fn the_expected_index_is_the_score_of_the_planned_levels() {
        let fw = &shipped()[0];
        let levels: Levels = fw.indicators.iter().map(|i| (i.id.clone(), 2)).collect();
        let actions = vec![
            act(ActionStatus::Berjalan, date!(2026 - 12 - 31), &[("42", 4), ("43", 3)]),
            act(ActionStatus::Rencana, date!(2026 - 12 - 31), &[("42", 3)]),
            act(ActionStatus::Batal, date!(2026 - 12 - 31), &[("44", 5)]),
        ];
        let f = follow_up(fw, &levels, &actions, date!(2026 - 01 - 01)).unwrap();
        let mut planned = levels.clone();
        planned.insert("42".into(), 4);
        planned.insert("43".into(), 3);
        assert_eq!(f.expected_index, scoring::score(fw, &planned).unwrap().index);
        assert_eq!(f.expected_index, Decimal::from_str("2.09").unwrap()); // 2 + 3×2/100 + 3×1/100
        assert_eq!(f.current_index, Decimal::from(2));
        // A plan never lowers a level that is already higher.
        let mut high = levels.clone();
        high.insert("42".into(), 5);
        assert_eq!(planned_levels(&high, &actions)["42"], 5);
    }
}
