//! Reads that the board, the session page, the grid editor and the schedule share: the
//! voting rules as members see them, whether counts show, and each session's hosts and tags.
//! Its own module so that `sessions`, `grid` and `schedule` depend on it, not on each other.
use std::collections::HashMap;

use uuid::Uuid;

use super::store::{BoardRow, Store, VotingRules};
use crate::domain::Format;
use crate::error::AppError;
use crate::view::{BoardRules, BoardSession, PersonOption};

pub(crate) fn rules_view(rules: VotingRules) -> BoardRules {
    BoardRules {
        voting_open: rules.voting_open,
        blind_voting: rules.blind_voting,
        vote_budget: rules.vote_budget,
        long_sessions: rules.long_sessions,
    }
}

/// Blind voting hides the counts from everyone until voting closes.
pub(crate) fn show_counts(rules: &BoardRules) -> bool {
    !rules.blind_voting || !rules.voting_open
}

/// Hosts (by name) and tags of every session of the camp.
pub(crate) struct Extras {
    hosts: HashMap<Uuid, Vec<(Uuid, String)>>,
    tags: HashMap<Uuid, Vec<String>>,
}

impl Extras {
    pub(crate) async fn load(store: &Store, camp: Uuid) -> Result<Extras, AppError> {
        let mut hosts: HashMap<Uuid, Vec<(Uuid, String)>> = HashMap::new();
        for (session, id, name) in store.session_host_people(camp).await? {
            hosts.entry(session).or_default().push((id, name));
        }
        let mut tags: HashMap<Uuid, Vec<String>> = HashMap::new();
        for (session, tag) in store.session_tags(camp).await? {
            tags.entry(session).or_default().push(tag);
        }
        Ok(Extras { hosts, tags })
    }

    /// Each session's host ids.
    pub(crate) fn host_ids(&self) -> HashMap<Uuid, Vec<Uuid>> {
        let ids = |hosts: &Vec<(Uuid, String)>| hosts.iter().map(|(id, _)| *id).collect();
        self.hosts.iter().map(|(s, h)| (*s, ids(h))).collect()
    }

    /// One session's host ids.
    pub(crate) fn hosts_of(&self, session: Uuid) -> Vec<Uuid> {
        let ids = |hosts: &Vec<(Uuid, String)>| hosts.iter().map(|(id, _)| *id).collect();
        self.hosts.get(&session).map(ids).unwrap_or_default()
    }

    /// Everyone who hosts a session, once, by name.
    pub(crate) fn host_people(&self) -> Vec<PersonOption> {
        let mut people: Vec<PersonOption> = self
            .hosts
            .values()
            .flatten()
            .map(|(id, name)| PersonOption {
                id: *id,
                name: name.clone(),
            })
            .collect();
        people.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
        people.dedup();
        people
    }

    /// A session's hosts' display names, by name.
    pub(crate) fn host_names(&self, session: Uuid) -> Vec<String> {
        let names = |h: &Vec<(Uuid, String)>| h.iter().map(|(_, name)| name.clone()).collect();
        self.hosts.get(&session).map(names).unwrap_or_default()
    }

    pub(crate) fn tags_of(&self, session: Uuid) -> Vec<String> {
        self.tags.get(&session).cloned().unwrap_or_default()
    }

    pub(crate) fn session(&self, r: BoardRow, show_counts: bool) -> BoardSession {
        BoardSession {
            id: r.id,
            format: Format::parse(&r.format).unwrap_or(Format::Other),
            tags: self.tags_of(r.id),
            hosts: self.host_names(r.id),
            length_slots: r.length_slots,
            votes: show_counts.then_some(r.votes),
            title: r.title,
            description: r.description,
            marked: r.marked,
            hosted: r.hosted,
            hidden: r.hidden,
            placed: None,
        }
    }
}
