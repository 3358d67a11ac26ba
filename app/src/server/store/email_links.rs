//! Links that confirm a work address (see migration 0008): only the token's hash is kept, a
//! link works once and until it expires, and confirming it makes the member or signs them in.
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{classify, in_tx, now, with_pool, Audit, Store, StoreError, StoreResult};

type Time = DateTime<Utc>;

pub struct NewEmailLink<'a> {
    pub token_hash: &'a str,
    pub camp: Uuid,
    pub email: &'a str,
    pub display_name: &'a str,
    /// The browser's person when the link was asked for.
    pub requested_by: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
}

/// What a valid link is for, read without using it up (the confirm page's question).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EmailLinkRow {
    pub camp_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub requested_by: Option<Uuid>,
    /// The member who holds this verified address already, if any.
    pub member: Option<Uuid>,
    pub member_name: Option<String>,
    /// That member signs in with a password (a moderator account): never by a mailed link.
    pub member_has_password: Option<bool>,
}

/// The result of confirming a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmed {
    /// A new member (`person`) with the verified address.
    Joined { camp: Uuid, person: Uuid },
    /// The address belongs to a member already: this is a sign-in as them.
    SignedIn { camp: Uuid, person: Uuid },
    /// The address (or the person) was removed from the camp.
    Removed,
    /// The address belongs to an account with a password, which a link never signs in.
    NeedsPassword,
    /// Unknown, used or expired.
    Invalid,
}

const LINK_SELECT: &str = "SELECT l.camp_id, l.email, l.display_name, l.requested_by,
           m.person_id AS member, p.display_name AS member_name,
           p.password_hash IS NOT NULL AS member_has_password
    FROM email_links l
    LEFT JOIN memberships m ON m.camp_id = l.camp_id AND m.email = l.email
         AND m.email_verified_at IS NOT NULL AND m.removed_at IS NULL
    LEFT JOIN people p ON p.id = m.person_id
    WHERE l.token_hash = $1 AND l.expires_at > $2";

impl Store {
    /// Keeps a new link and drops the expired ones of every camp.
    pub async fn add_email_link(&self, link: NewEmailLink<'_>) -> StoreResult<()> {
        in_tx!(self, |tx| {
            sqlx::query("DELETE FROM email_links WHERE expires_at <= $1")
                .bind(now())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO email_links
                   (token_hash, camp_id, email, display_name, requested_by, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(link.token_hash)
            .bind(link.camp)
            .bind(link.email)
            .bind(link.display_name)
            .bind(link.requested_by)
            .bind(now())
            .bind(link.expires_at)
            .execute(&mut *tx)
            .await?;
            Ok::<_, StoreError>(())
        })
    }

    pub async fn email_link(&self, token_hash: &str) -> StoreResult<Option<EmailLinkRow>> {
        Ok(with_pool!(self, |pool| sqlx::query_as(LINK_SELECT)
            .bind(token_hash)
            .bind(now())
            .fetch_optional(pool)
            .await)?)
    }

    /// Uses a link up. The address's member, if there is one, is signed in (not an account
    /// with a password); otherwise `as_person` (the browser's person, who chose to join as
    /// themselves, honoured only if they asked for the link: someone else's link must not
    /// give them an address its sender controls) or a new person with the link's name
    /// becomes a member with the verified address. Taking the link and
    /// the membership happen in one transaction, so a link is used once even when confirmed
    /// twice at the same moment.
    pub async fn confirm_email_link(
        &self,
        token_hash: &str,
        as_person: Option<Uuid>,
    ) -> StoreResult<Confirmed> {
        in_tx!(self, |tx| async {
            let link: Option<(Uuid, String, String, Option<Uuid>)> = sqlx::query_as(
                "DELETE FROM email_links WHERE token_hash = $1 AND expires_at > $2
                 RETURNING camp_id, email, display_name, requested_by",
            )
            .bind(token_hash)
            .bind(now())
            .fetch_optional(&mut *tx)
            .await?;
            let Some((camp, email, name, requested_by)) = link else {
                return Ok(Confirmed::Invalid);
            };
            let as_person = as_person.filter(|p| Some(*p) == requested_by);
            let holder: Option<(Uuid, Option<Time>, bool)> = sqlx::query_as(
                "SELECT m.person_id, m.removed_at, p.password_hash IS NOT NULL
                 FROM memberships m JOIN people p ON p.id = m.person_id
                 WHERE m.camp_id = $1 AND m.email = $2 AND m.email_verified_at IS NOT NULL",
            )
            .bind(camp)
            .bind(&email)
            .fetch_optional(&mut *tx)
            .await?;
            match holder {
                Some((_, Some(_), _)) => return Ok(Confirmed::Removed),
                Some((_, None, true)) => return Ok(Confirmed::NeedsPassword),
                Some((person, None, false)) => return Ok(Confirmed::SignedIn { camp, person }),
                None => {}
            }
            // The browser's person joins as themselves unless they are in this camp already
            // (removed, or with another verified address): then the address gets a new person.
            let mut person = None;
            if let Some(p) = as_person {
                let current: Option<(Option<Time>, Option<Time>)> = sqlx::query_as(
                    "SELECT removed_at, email_verified_at FROM memberships
                         WHERE camp_id = $1 AND person_id = $2",
                )
                .bind(camp)
                .bind(p)
                .fetch_optional(&mut *tx)
                .await?;
                match current {
                    Some((Some(_), _)) => return Ok(Confirmed::Removed),
                    None => person = Some((p, false)),
                    Some((None, None)) => person = Some((p, true)),
                    Some((None, Some(_))) => {}
                }
            }
            let (person, member_already) = match person {
                Some(found) => found,
                None => {
                    let id = Uuid::new_v4();
                    sqlx::query(
                        "INSERT INTO people (id, display_name, is_moderator, created_at)
                         VALUES ($1, $2, FALSE, $3)",
                    )
                    .bind(id)
                    .bind(&name)
                    .bind(now())
                    .execute(&mut *tx)
                    .await?;
                    (id, false)
                }
            };
            let sql = if member_already {
                "UPDATE memberships SET email = $3, email_verified_at = $4
                 WHERE camp_id = $1 AND person_id = $2"
            } else {
                "INSERT INTO memberships
                   (camp_id, person_id, role, email, joined_at, email_verified_at)
                 VALUES ($1, $2, 'participant', $3, $4, $4)"
            };
            sqlx::query(sql)
                .bind(camp)
                .bind(person)
                .bind(&email)
                .bind(now())
                .execute(&mut *tx)
                .await
                .map_err(classify)?;
            let action = if member_already {
                "member.verify"
            } else {
                "member.join"
            };
            tx.audit(camp, person, action, "verified").await?;
            Ok::<_, StoreError>(Confirmed::Joined { camp, person })
        }
        .await)
    }
}
