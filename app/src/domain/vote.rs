//! Interest marks: who may mark a session, and when. One mark per person and session is kept
//! by the database; these rules decide everything else.
use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::i18n::Msg;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VoteRefusal {
    /// Hosts do not vote on their own sessions.
    OwnSession,
    Closed,
    /// The camp's "at most N marks per person" is used up.
    Budget,
    /// Withdrawn or hidden.
    Unavailable,
    AlreadyMarked,
    NotMarked,
}

impl VoteRefusal {
    pub fn msg(self) -> Msg {
        match self {
            VoteRefusal::OwnSession => Msg::ErrVoteOwn,
            VoteRefusal::Closed => Msg::ErrVotingClosed,
            VoteRefusal::Budget => Msg::ErrVoteBudget,
            VoteRefusal::Unavailable => Msg::ErrSessionUnavailable,
            VoteRefusal::AlreadyMarked | VoteRefusal::NotMarked => Msg::ErrConflict,
        }
    }
}

/// What the rules need to know about one person, one session and the camp.
#[derive(Clone, Copy, Debug)]
pub struct VoteContext {
    pub voting_open: bool,
    pub session_available: bool,
    pub is_host: bool,
    pub already_marked: bool,
    /// Marks this person has in the camp now.
    pub marks_used: i64,
    pub budget: Option<i64>,
}

/// May this person add a mark (`mark = true`) or take theirs back (`mark = false`)?
pub fn check_vote(ctx: &VoteContext, mark: bool) -> Result<(), VoteRefusal> {
    if !ctx.voting_open {
        return Err(VoteRefusal::Closed);
    }
    if !mark {
        return if ctx.already_marked {
            Ok(())
        } else {
            Err(VoteRefusal::NotMarked)
        };
    }
    if !ctx.session_available {
        Err(VoteRefusal::Unavailable)
    } else if ctx.is_host {
        Err(VoteRefusal::OwnSession)
    } else if ctx.already_marked {
        Err(VoteRefusal::AlreadyMarked)
    } else if ctx.budget.is_some_and(|b| ctx.marks_used >= b) {
        Err(VoteRefusal::Budget)
    } else {
        Ok(())
    }
}

/// The largest vote budget a camp can set; more is the same as none.
pub const VOTE_BUDGET_MAX: i64 = 100;

/// The voting rules as a moderator typed them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VotingInput {
    pub voting_open: bool,
    pub blind_voting: bool,
    /// Empty: no budget.
    pub vote_budget: String,
}

impl VotingInput {
    /// The budget, `None` when the field is empty.
    pub fn budget(&self) -> Result<Option<i64>, Vec<FieldError>> {
        match self.vote_budget.trim() {
            "" => Ok(None),
            n => match n.parse::<i64>() {
                Ok(n) if (1..=VOTE_BUDGET_MAX).contains(&n) => Ok(Some(n)),
                _ => Err(vec![FieldError::new("vote_budget", Msg::ErrBudget)]),
            },
        }
    }
}

/// Interest counts as the live channel sends them: a run of vote events folded into one,
/// with the newest count of each session it touched (`None`: hidden by blind voting). It
/// stands for the camp's events numbered `from..=seq`, so a page still notices a gap. With
/// 700 votes a second and 2,000 open pages, sending every vote to every page would be a
/// million events a second; folded, a page gets at most one entry per session per send.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub struct VoteCounts {
    pub seq: u64,
    pub from: u64,
    pub counts: std::collections::BTreeMap<uuid::Uuid, Option<i64>>,
}

impl VoteCounts {
    /// Folds in the vote event numbered `seq`; it must follow the ones folded in so far.
    pub fn add(&mut self, seq: u64, session: uuid::Uuid, count: Option<i64>) {
        self.cover(seq);
        self.counts.insert(session, count);
    }

    /// Stands for the vote event numbered `seq` without taking its count (one that an
    /// event published earlier already outdid).
    pub fn cover(&mut self, seq: u64) {
        if self.is_empty() {
            self.from = seq;
        }
        self.seq = seq;
    }

    /// Stands for no event yet.
    pub fn is_empty(&self) -> bool {
        self.seq == 0
    }

    /// Whether these counts come right after the event numbered `last` (0: nothing seen yet).
    pub fn follows(&self, last: u64) -> bool {
        last == 0 || self.from == last + 1
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn vote_counts_keep_the_newest_count_and_their_range() {
        let (a, b) = (uuid::Uuid::from_u128(1), uuid::Uuid::from_u128(2));
        let mut folded = VoteCounts::default();
        assert!(folded.is_empty());
        folded.add(7, a, Some(1));
        folded.add(8, b, None);
        folded.add(9, a, Some(2));
        folded.cover(10);
        assert_eq!((folded.from, folded.seq), (7, 10));
        assert_eq!(folded.counts[&a], Some(2));
        assert_eq!(folded.counts[&b], None);
        assert!(folded.follows(6) && folded.follows(0) && !folded.follows(5));
        let json = serde_json::to_string(&folded).unwrap();
        assert!(json.starts_with(r#"{"kind":"VoteCounts","seq":10,"from":7,"counts":{"#));
        assert_eq!(serde_json::from_str::<VoteCounts>(&json).unwrap(), folded);
    }
    use super::*;

    #[test]
    fn budgets_are_empty_or_small_positive_numbers() {
        let input = |b: &str| VotingInput {
            vote_budget: b.into(),
            ..Default::default()
        };
        assert_eq!(input(" ").budget(), Ok(None));
        assert_eq!(input(" 5 ").budget(), Ok(Some(5)));
        for bad in ["0", "-1", "101", "fünf", "2.5"] {
            assert_eq!(
                input(bad).budget(),
                Err(vec![FieldError::new("vote_budget", Msg::ErrBudget)])
            );
        }
    }

    const OPEN: VoteContext = VoteContext {
        voting_open: true,
        session_available: true,
        is_host: false,
        already_marked: false,
        marks_used: 0,
        budget: None,
    };

    #[test]
    fn a_participant_marks_and_takes_back() {
        assert_eq!(check_vote(&OPEN, true), Ok(()));
        assert_eq!(check_vote(&OPEN, false), Err(VoteRefusal::NotMarked));
        let marked = VoteContext {
            already_marked: true,
            ..OPEN
        };
        assert_eq!(check_vote(&marked, true), Err(VoteRefusal::AlreadyMarked));
        assert_eq!(check_vote(&marked, false), Ok(()));
    }

    #[test]
    fn rules_refuse_with_a_reason() {
        let closed = VoteContext {
            voting_open: false,
            already_marked: true,
            ..OPEN
        };
        assert_eq!(check_vote(&closed, false), Err(VoteRefusal::Closed));
        let own = VoteContext {
            is_host: true,
            ..OPEN
        };
        assert_eq!(check_vote(&own, true), Err(VoteRefusal::OwnSession));
        let hidden = VoteContext {
            session_available: false,
            ..OPEN
        };
        assert_eq!(check_vote(&hidden, true), Err(VoteRefusal::Unavailable));
        let spent = VoteContext {
            budget: Some(3),
            marks_used: 3,
            ..OPEN
        };
        assert_eq!(check_vote(&spent, true), Err(VoteRefusal::Budget));
        let left = VoteContext {
            budget: Some(3),
            marks_used: 2,
            ..OPEN
        };
        assert_eq!(check_vote(&left, true), Ok(()));
        // Taking back is always possible while voting is open, budget or not.
        let back = VoteContext {
            already_marked: true,
            ..spent
        };
        assert_eq!(check_vote(&back, false), Ok(()));
    }
}
