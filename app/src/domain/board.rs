//! The board as a viewer sees it, and how it is searched, filtered and sorted. The search runs
//! here in plain Rust on the rows the store returns, so it behaves the same on SQLite and
//! PostgreSQL (case-insensitive for umlauts too, which SQLite's `LIKE` is not).
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Format;

/// One session on the board.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BoardSession {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub format: Format,
    pub tags: Vec<String>,
    pub hosts: Vec<String>,
    pub length_slots: i64,
    /// `None` while blind voting hides the counts.
    pub votes: Option<i64>,
    pub marked: bool,
    pub hosted: bool,
    /// Only moderators ever receive hidden sessions.
    pub hidden: bool,
    /// Where and when it runs, once the grid with it is published.
    pub placed: Option<PlacedAt>,
}

/// A session's place in the published grid, in the camp's local time.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlacedAt {
    pub room: String,
    pub day: chrono::NaiveDate,
    /// "14:00"
    pub starts: String,
}

impl BoardSession {
    /// Identifies what a card shows apart from the live count and the viewer's own mark (both
    /// kept up to date in place), so that a list reload re-renders only the cards that changed
    /// and focus stays where it is on the others.
    pub fn render_key(&self) -> (Uuid, u64) {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (
            &self.title,
            &self.description,
            self.format,
            &self.tags,
            &self.hosts,
            self.length_slots,
            self.hosted,
            self.hidden,
            &self.placed,
        )
            .hash(&mut h);
        (self.id, h.finish())
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    Newest,
    Interest,
    Title,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Newest, Sort::Interest, Sort::Title];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Interest => "interest",
            Sort::Title => "title",
        }
    }

    pub fn parse(s: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .unwrap_or_default()
    }
}

/// What the viewer asked for in the board's search form (also the page's query string).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardQuery {
    pub q: String,
    pub format: Option<Format>,
    pub tag: Option<String>,
    pub sort: Sort,
}

impl BoardQuery {
    /// Lenient on purpose: a link with an unknown format or sort still shows the board.
    pub fn parse(q: &str, format: &str, tag: &str, sort: &str) -> BoardQuery {
        BoardQuery {
            q: q.trim().chars().take(200).collect(),
            format: Format::parse(format.trim()),
            tag: Some(tag.trim().to_lowercase()).filter(|t| !t.is_empty()),
            sort: Sort::parse(sort.trim()),
        }
    }

    pub fn is_filtered(&self) -> bool {
        !self.q.is_empty() || self.format.is_some() || self.tag.is_some()
    }

    /// Every word of the search must appear in the title or description, in any case.
    pub fn matches(&self, s: &BoardSession) -> bool {
        let words = self.q.to_lowercase();
        let text = format!("{}\n{}", s.title, s.description).to_lowercase();
        self.format.is_none_or(|f| f == s.format)
            && self.tag.as_ref().is_none_or(|t| s.tags.contains(t))
            && words.split_whitespace().all(|w| text.contains(w))
    }

    /// Filters and sorts `sessions`, which arrive newest first. Ties keep that order.
    pub fn apply(&self, mut sessions: Vec<BoardSession>) -> Vec<BoardSession> {
        sessions.retain(|s| self.matches(s));
        match self.sort {
            Sort::Newest => {}
            Sort::Interest => sessions.sort_by_key(|s| std::cmp::Reverse(s.votes.unwrap_or(0))),
            Sort::Title => sessions.sort_by_cached_key(|s| s.title.to_lowercase()),
        }
        sessions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(
        title: &str,
        description: &str,
        format: Format,
        tags: &[&str],
        votes: i64,
    ) -> BoardSession {
        BoardSession {
            id: Uuid::new_v4(),
            title: title.into(),
            description: description.into(),
            format,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            hosts: vec![],
            length_slots: 1,
            votes: Some(votes),
            marked: false,
            hosted: false,
            hidden: false,
            placed: None,
        }
    }

    fn board() -> Vec<BoardSession> {
        vec![
            session(
                "Über OZG-Reife",
                "Was die Kommunen brauchen",
                Format::Discussion,
                &["ozg"],
                3,
            ),
            session(
                "KI im Bürgeramt",
                "Chatbots und Übersetzung",
                Format::Talk,
                &["ki"],
                9,
            ),
            session(
                "agile Verwaltung",
                "Scrum in der Behörde",
                Format::Workshop,
                &["agil", "ki"],
                5,
            ),
        ]
    }

    fn titles(v: &[BoardSession]) -> Vec<&str> {
        v.iter().map(|s| s.title.as_str()).collect()
    }

    #[test]
    fn search_is_case_insensitive_for_umlauts_and_needs_every_word() {
        let q = BoardQuery::parse("über kommunen", "", "", "");
        assert_eq!(titles(&q.apply(board())), vec!["Über OZG-Reife"]);
        let q = BoardQuery::parse("ÜBERSETZUNG", "", "", "");
        assert_eq!(titles(&q.apply(board())), vec!["KI im Bürgeramt"]);
        let q = BoardQuery::parse("scrum blockchain", "", "", "");
        assert!(q.apply(board()).is_empty());
    }

    #[test]
    fn filters_by_format_and_tag() {
        let q = BoardQuery::parse("", "talk", "", "");
        assert_eq!(titles(&q.apply(board())), vec!["KI im Bürgeramt"]);
        let q = BoardQuery::parse("", "", " KI ", "");
        assert_eq!(
            titles(&q.apply(board())),
            vec!["KI im Bürgeramt", "agile Verwaltung"]
        );
        assert!(q.is_filtered());
        assert!(!BoardQuery::parse(" ", "nonsense", "", "").is_filtered());
    }

    #[test]
    fn sorts_by_interest_or_title_and_keeps_newest_otherwise() {
        let by = |sort| titles(&BoardQuery::parse("", "", "", sort).apply(board())).join("|");
        assert_eq!(
            by("interest"),
            "KI im Bürgeramt|agile Verwaltung|Über OZG-Reife"
        );
        assert_eq!(
            by("title"),
            "agile Verwaltung|KI im Bürgeramt|Über OZG-Reife"
        );
        assert_eq!(
            by("newest"),
            "Über OZG-Reife|KI im Bürgeramt|agile Verwaltung"
        );
        assert_eq!(by("bogus"), by("newest"));
    }

    #[test]
    fn render_key_ignores_the_count_only() {
        let a = board().remove(0);
        let mut b = a.clone();
        b.votes = Some(100);
        b.marked = true;
        assert_eq!(a.render_key(), b.render_key());
        b.title.push('!');
        assert_ne!(a.render_key(), b.render_key());
    }
}
