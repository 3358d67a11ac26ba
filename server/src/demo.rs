//! `campgrid seed-demo`: a realistic NExT-Camp-like camp (two days) to look at on a fresh
//! start, with its grid filled by the proposal and published, and a public schedule.
use chrono::{Duration, Utc};
use uuid::Uuid;

use app::domain::grid::{
    propose, Cell, GridModel, GridRoom, GridSession, GridSlot, ProposalOptions,
};
use app::domain::{CampInput, RoomInput, SlotInput};
use app::server::auth::{hash_password, random_token};
use app::server::store::{NewPerson, NewSession, SessionCells, Store, StoreError};

/// The demo's workshop that takes two slots (index into `SESSIONS`).
const LONG_SESSION: usize = 1;

pub const DEMO_SLUG: &str = "next-demo";

const FIRST_NAMES: [&str; 20] = [
    "Anna", "Ben", "Carla", "Deniz", "Elif", "Frank", "Gül", "Hannes", "Ines", "Jonas", "Katrin",
    "Lukas", "Mia", "Nils", "Olga", "Paul", "Rana", "Sven", "Tanja", "Yusuf",
];
const LAST_NAMES: [&str; 6] = ["Becker", "Schulz", "Yılmaz", "Wagner", "Nowak", "Hoffmann"];
const AGENCIES: [&str; 6] = [
    "BMI",
    "Stadt Köln",
    "LRA Ebersberg",
    "ITZBund",
    "BVA",
    "Senatsverwaltung Berlin",
];

/// (title, format, tags)
const SESSIONS: [(&str, &str, &[&str]); 25] = [
    (
        "OZG 2.0: Was lernen wir aus der ersten Welle?",
        "discussion",
        &["ozg", "strategie"],
    ),
    (
        "Barrierefreie PDF-Formulare – geht das?",
        "workshop",
        &["barrierefreiheit", "formulare"],
    ),
    (
        "Open Source in der Kommune: ein Erfahrungsbericht",
        "talk",
        &["open-source", "kommune"],
    ),
    (
        "KI-Assistenz im Bürgerservice: Chancen und Grenzen",
        "discussion",
        &["ki", "bürgerservice"],
    ),
    (
        "Wie schreibe ich eine gute Leistungsbeschreibung für Agile?",
        "workshop",
        &["vergabe", "agil"],
    ),
    (
        "Registermodernisierung verständlich erklärt",
        "talk",
        &["register", "architektur"],
    ),
    (
        "Frag mich alles: E-Akte-Einführung",
        "question",
        &["e-akte"],
    ),
    (
        "Nutzerzentrierung ohne Budget",
        "discussion",
        &["ux", "methoden"],
    ),
    (
        "Low-Code in der Verwaltung – Hype oder Hilfe?",
        "discussion",
        &["low-code"],
    ),
    (
        "Digitale Souveränität: openDesk im Praxistest",
        "talk",
        &["open-source", "souveränität"],
    ),
    ("Kanban für Referate", "workshop", &["agil", "methoden"]),
    (
        "Datenschutz als Ermöglicher",
        "discussion",
        &["datenschutz"],
    ),
    (
        "Wie wir unser Intranet abgeschafft haben",
        "talk",
        &["wissensmanagement"],
    ),
    (
        "Onboarding neuer Kolleg:innen remote",
        "discussion",
        &["personal", "remote"],
    ),
    (
        "Prototyping mit Papier und Stift",
        "workshop",
        &["ux", "prototyping"],
    ),
    (
        "Cloud-Strategie für Länder",
        "talk",
        &["cloud", "strategie"],
    ),
    ("Fehlerkultur in Behörden", "discussion", &["kultur"]),
    (
        "Dashboards für die Amtsleitung",
        "talk",
        &["daten", "steuerung"],
    ),
    (
        "Wie baut man ein Innovationslabor auf?",
        "question",
        &["innovation"],
    ),
    (
        "Einfache Sprache in Bescheiden",
        "workshop",
        &["sprache", "bürgerservice"],
    ),
    (
        "Interoperabilität mit XÖV-Standards",
        "talk",
        &["standards", "architektur"],
    ),
    (
        "Remote-Führung: was funktioniert?",
        "discussion",
        &["führung", "remote"],
    ),
    (
        "Von der Idee zum Pilotprojekt in 90 Tagen",
        "talk",
        &["innovation", "agil"],
    ),
    (
        "Digitale Beteiligung von Bürger:innen",
        "discussion",
        &["beteiligung"],
    ),
    ("Offene Fragen zum Onlinezugangsgesetz", "other", &["ozg"]),
];

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("invalid demo data")]
    Invalid,
}

/// What `seed-demo` created, for the message it prints.
pub struct DemoSummary {
    pub slug: String,
    pub moderator_login: Option<(String, String)>,
    pub already_there: bool,
}

/// Creates the demo camp unless it exists. Its moderator is the first moderator account, or a
/// new demo account whose password is printed once.
pub async fn seed(store: &Store, moderator_email: Option<&str>) -> Result<DemoSummary, DemoError> {
    if store.camp_by_slug(DEMO_SLUG).await?.is_some() {
        return Ok(DemoSummary {
            slug: DEMO_SLUG.into(),
            moderator_login: None,
            already_there: true,
        });
    }
    let (moderator, login) = demo_moderator(store, moderator_email).await?;
    let settings = CampInput {
        name: "NExT Camp (Demo)".into(),
        slug: DEMO_SLUG.into(),
        description: "Verwaltung digital gestalten – ein Beispiel-Camp mit 25 Sessions und 120 Teilnehmenden.".into(),
        time_zone: "Europe/Berlin".into(),
        self_service_slots: true,
        schedule_public: true,
        email_domains: String::new(),
    }
    .validate()
    .map_err(|_| DemoError::Invalid)?;
    let camp = store.create_camp(&settings, moderator).await?;
    let mut slots = Vec::new();
    for offset in [7, 8] {
        let day = (Utc::now() + Duration::days(offset))
            .date_naive()
            .format("%Y-%m-%d")
            .to_string();
        for (starts, ends) in [
            ("10:00", "10:45"),
            ("11:00", "11:45"),
            ("13:00", "13:45"),
            ("14:00", "14:45"),
        ] {
            let slot = SlotInput {
                day: day.clone(),
                starts: starts.into(),
                ends: ends.into(),
            };
            let times = slot
                .validate("Europe/Berlin")
                .map_err(|_| DemoError::Invalid)?;
            let id = store.add_slot(camp, &times, moderator).await?;
            slots.push(GridSlot { id, day: times.day });
        }
    }
    let mut rooms = Vec::new();
    for (i, capacity) in [80, 40, 40, 30, 25, 20].into_iter().enumerate() {
        let room = RoomInput {
            name: format!("Raum {}", i + 1),
            video_url: format!("https://meet.example.org/next-demo-raum-{}", i + 1),
            capacity: capacity.to_string(),
        };
        let id = store
            .add_room(
                camp,
                &room.validate().map_err(|_| DemoError::Invalid)?,
                moderator,
            )
            .await?;
        rooms.push(GridRoom {
            id,
            capacity,
            unavailable: Vec::new(),
        });
    }
    let mut sessions = Vec::new();
    let people = demo_participants(store, camp).await?;
    for (i, (title, format, tags)) in SESSIONS.iter().enumerate() {
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        let hosts = [people[(i * 7) % people.len()]];
        let description =
            format!("{title}: Erfahrungen teilen, Fragen sammeln, gemeinsam weiterdenken.");
        let new = NewSession {
            title,
            description: &description,
            format,
            tags: &tags,
            hosts: &hosts,
            length_slots: if i == LONG_SESSION { 2 } else { 1 },
        };
        let session = store.create_session(camp, &new).await?;
        // A deterministic spread of interest: early sessions are more popular.
        let mut voters = Vec::new();
        for (j, voter) in people.iter().enumerate() {
            if voter != &hosts[0] && (j * 31 + i * 17) % 100 < 60usize.saturating_sub(i * 2) {
                store.set_vote(camp, session, *voter, true).await?;
                voters.push(*voter);
            }
        }
        sessions.push(GridSession {
            id: session,
            hosts: hosts.to_vec(),
            length: new.length_slots as u8,
            voters,
        });
    }
    let model = GridModel {
        rooms,
        slots,
        sessions,
        placements: Vec::new(),
    };
    publish_proposal(store, camp, moderator, &model).await?;
    Ok(DemoSummary {
        slug: DEMO_SLUG.into(),
        moderator_login: login,
        already_there: false,
    })
}

/// Fills the empty grid with the automatic proposal and publishes it, as a moderator would.
async fn publish_proposal(
    store: &Store,
    camp: Uuid,
    moderator: Uuid,
    model: &GridModel,
) -> Result<(), DemoError> {
    let proposal = propose(model, ProposalOptions::default());
    let placed = proposal.apply(model);
    let changes: Vec<SessionCells> = placed
        .placements
        .iter()
        .map(|p| SessionCells {
            session: p.session,
            cells: placed
                .cells(p)
                .unwrap_or_default()
                .into_iter()
                .map(|Cell { room, slot }| (room, slot))
                .collect(),
            pinned: false,
        })
        .collect();
    let version = store.grid_state(camp).await?.version;
    let version = store
        .change_grid(camp, Some(version), "proposal", &changes, moderator)
        .await?;
    store.publish_grid(camp, version, moderator).await?;
    Ok(())
}

async fn demo_moderator(
    store: &Store,
    email: Option<&str>,
) -> Result<(Uuid, Option<(String, String)>), DemoError> {
    let email = email.unwrap_or("moderation@next-demo.example");
    if let Some(p) = store.person_by_email(email).await? {
        return Ok((p.id, None));
    }
    let password = random_token()[..16].to_string();
    let hash = hash_password(&password).map_err(|_| DemoError::Invalid)?;
    let id = store
        .create_person(NewPerson {
            display_name: "Moderation NExT",
            email: Some(email),
            password_hash: Some(&hash),
            is_moderator: true,
        })
        .await?;
    Ok((id, Some((email.to_string(), password))))
}

async fn demo_participants(store: &Store, camp: Uuid) -> Result<Vec<Uuid>, DemoError> {
    let mut ids = Vec::with_capacity(120);
    for i in 0..120 {
        let name = format!(
            "{} {} ({})",
            FIRST_NAMES[i % FIRST_NAMES.len()],
            LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()],
            AGENCIES[i % AGENCIES.len()]
        );
        let id = store
            .create_person(NewPerson {
                display_name: &name,
                email: None,
                password_hash: None,
                is_moderator: false,
            })
            .await?;
        store.add_participant(camp, id, None).await?;
        ids.push(id);
    }
    Ok(ids)
}
