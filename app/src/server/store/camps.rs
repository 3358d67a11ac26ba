//! Camps, their days, slots and rooms, and who belongs to them.
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::people::{idle_cutoff, SIGN_IN_LIVE};
use super::{classify, in_tx, now, with_pool, Audit, PersonRow, Store, StoreError, StoreResult};
use crate::domain::{CampSettings, Role, RoomSettings, SlotTimes};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CampRow {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub time_zone: String,
    pub self_service_slots: bool,
    pub schedule_public: bool,
    pub email_domains: String,
    /// A pre-0011 invite link's hash (`sha256:…`), or `none:…` (see `invites`).
    pub invite_legacy: String,
    /// Raised by "new link": the current link is derived from it.
    pub invite_generation: i64,
    pub version: i64,
}

impl CampRow {
    pub fn email_domains(&self) -> Vec<String> {
        self.email_domains
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CampOfPerson {
    #[sqlx(flatten)]
    pub camp: CampRow,
    pub role: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SlotRow {
    pub id: Uuid,
    pub day: NaiveDate,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RoomRow {
    pub id: Uuid,
    pub name: String,
    pub video_url: String,
    pub capacity: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MemberRow {
    pub person_id: Uuid,
    pub display_name: String,
    pub role: String,
    pub email: Option<String>,
    pub joined_at: DateTime<Utc>,
    pub removed_at: Option<DateTime<Utc>>,
    /// When the member confirmed `email` through a mailed link (camps that restrict domains).
    pub email_verified_at: Option<DateTime<Utc>>,
}

impl MemberRow {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Participant)
    }
}

/// A camp, a signed-in person and their current membership, read together.
#[derive(sqlx::FromRow)]
struct AccessRow {
    #[sqlx(flatten)]
    camp: CampRow,
    #[sqlx(flatten)]
    member: MemberRow,
    person_email: Option<String>,
    password_hash: Option<String>,
    is_moderator: bool,
    seen_at: Option<DateTime<Utc>>,
}

steps! {
    /// The checks of a change of membership, inside the caller's transaction.
    trait MemberSteps {
        /// Waits for the camp's row (`lock`: PostgreSQL; SQLite's writers are serial anyway),
        /// then reads the current role of `person`; `NotFound` when they are not (or no
        /// longer) a member.
        async fn member_role(
            &mut self,
            camp: Uuid,
            person: Uuid,
            lock: bool,
        ) -> StoreResult<String> {
            if lock {
                sqlx::query("SELECT 1 FROM camps WHERE id = $1 FOR NO KEY UPDATE")
                    .bind(camp)
                    .execute(&mut *self)
                    .await?;
            }
            let role: Option<String> = sqlx::query_scalar(
                "SELECT role FROM memberships
                 WHERE camp_id = $1 AND person_id = $2 AND removed_at IS NULL",
            )
            .bind(camp)
            .bind(person)
            .fetch_optional(&mut *self)
            .await?;
            role.ok_or(StoreError::NotFound)
        }

        /// Moves `person`'s marks in `camp` from one table to the other (`votes` and
        /// `set_aside_votes`; names from the two callers, never from input), and numbers the
        /// changed counts anew, as a vote does, so that live pages order them right.
        async fn move_marks(
            &mut self,
            camp: Uuid,
            person: Uuid,
            from: &str,
            to: &str,
        ) -> StoreResult<()> {
            sqlx::query(&format!(
                "UPDATE sessions SET vote_version = vote_version + 1
                 WHERE id IN (SELECT session_id FROM {from} WHERE camp_id = $1 AND person_id = $2)"
            ))
            .bind(camp)
            .bind(person)
            .execute(&mut *self)
            .await?;
            sqlx::query(&format!(
                "INSERT INTO {to} (session_id, person_id, camp_id, created_at)
                 SELECT session_id, person_id, camp_id, created_at FROM {from}
                 WHERE camp_id = $1 AND person_id = $2
                 ON CONFLICT (session_id, person_id) DO NOTHING"
            ))
            .bind(camp)
            .bind(person)
            .execute(&mut *self)
            .await?;
            sqlx::query(&format!(
                "DELETE FROM {from} WHERE camp_id = $1 AND person_id = $2"
            ))
            .bind(camp)
            .bind(person)
            .execute(&mut *self)
            .await?;
            Ok(())
        }

        /// `LastModerator` unless the camp has a current moderator other than `person`.
        async fn keep_a_moderator(&mut self, camp: Uuid, person: Uuid) -> StoreResult<()> {
            let others: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM memberships
                 WHERE camp_id = $1 AND role = 'moderator' AND removed_at IS NULL
                   AND person_id <> $2",
            )
            .bind(camp)
            .bind(person)
            .fetch_one(&mut *self)
            .await?;
            if others == 0 {
                Err(StoreError::LastModerator)
            } else {
                Ok(())
            }
        }
    }
}

/// A membership with its person's name, as `MemberRow` reads it.
const MEMBER_SELECT: &str =
    "SELECT m.person_id, p.display_name, m.role, m.email, m.joined_at, m.removed_at,
            m.email_verified_at
     FROM memberships m JOIN people p ON p.id = m.person_id";

const CAMP_COLUMNS: &str =
    "c.id, c.slug, c.name, c.description, c.time_zone, c.self_service_slots, \
     c.schedule_public, c.email_domains, c.invite_legacy, c.invite_generation, c.version";

/// How `invite_legacy` marks the hash of an invite link made before migration 0011.
pub const LEGACY_INVITE: &str = "sha256:";

/// `invite_legacy` of a camp without such a link (unique, as the column demands).
fn no_legacy_invite(camp: Uuid) -> String {
    format!("none:{camp}")
}

impl Store {
    /// Creates a camp with its creator as moderator (its invite link: see `invites`).
    pub async fn create_camp(&self, s: &CampSettings, creator: Uuid) -> StoreResult<Uuid> {
        let id = Uuid::new_v4();
        let domains = s.email_domains.join(" ");
        in_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO camps (id, slug, name, description, time_zone, self_service_slots,
                     schedule_public, email_domains, invite_legacy, version, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10)",
            )
            .bind(id)
            .bind(&s.slug)
            .bind(&s.name)
            .bind(&s.description)
            .bind(&s.time_zone)
            .bind(s.self_service_slots)
            .bind(s.schedule_public)
            .bind(&domains)
            .bind(no_legacy_invite(id))
            .bind(now())
            .execute(&mut *tx)
            .await
            .map_err(classify)?;
            sqlx::query(
                "INSERT INTO memberships (camp_id, person_id, role, joined_at) VALUES ($1, $2, 'moderator', $3)",
            )
            .bind(id)
            .bind(creator)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO grids (camp_id) VALUES ($1)")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.audit(id, creator, "camp.create", &s.slug).await?;
            Ok::<_, StoreError>(id)
        })
    }

    /// Saves new settings if nobody changed the camp since `version` was read.
    pub async fn update_camp(
        &self,
        id: Uuid,
        version: i64,
        s: &CampSettings,
        actor: Uuid,
    ) -> StoreResult<()> {
        let domains = s.email_domains.join(" ");
        in_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE camps SET slug = $1, name = $2, description = $3, time_zone = $4,
                     self_service_slots = $5, schedule_public = $6, email_domains = $7,
                     version = version + 1
                 WHERE id = $8 AND version = $9",
            )
            .bind(&s.slug)
            .bind(&s.name)
            .bind(&s.description)
            .bind(&s.time_zone)
            .bind(s.self_service_slots)
            .bind(s.schedule_public)
            .bind(&domains)
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await
            .map_err(classify)?;
            if updated.rows_affected() == 0 {
                return Err(StoreError::Stale);
            }
            tx.audit(id, actor, "camp.update", &s.slug).await?;
            Ok(())
        })
    }

    pub async fn camp_by_slug(&self, slug: &str) -> StoreResult<Option<CampRow>> {
        let sql = format!("SELECT {CAMP_COLUMNS} FROM camps c WHERE c.slug = $1");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(slug)
            .fetch_optional(pool)
            .await)?)
    }

    /// The camp at `slug`, the person signed in with the session `token_hash`, and their
    /// current membership, in one read (every member request starts with these); `None`
    /// when any of the three is missing.
    pub async fn member_access(
        &self,
        slug: &str,
        token_hash: &str,
    ) -> StoreResult<Option<(CampRow, PersonRow, MemberRow)>> {
        let sql = format!(
            "SELECT {CAMP_COLUMNS}, m.person_id, p.display_name, m.role, m.email, m.joined_at,
                    m.removed_at, m.email_verified_at, p.email AS person_email, p.password_hash, p.is_moderator,
                    s.last_seen_at AS seen_at
             FROM sign_ins s
             JOIN people p ON p.id = s.person_id
             JOIN camps c ON c.slug = $4
             JOIN memberships m ON m.camp_id = c.id AND m.person_id = p.id
             WHERE s.token_hash = $1 AND {SIGN_IN_LIVE} AND m.removed_at IS NULL"
        );
        let row: Option<AccessRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(token_hash)
            .bind(now())
            .bind(idle_cutoff())
            .bind(slug)
            .fetch_optional(pool)
            .await)?;
        Ok(row.map(|r| {
            let person = PersonRow {
                id: r.member.person_id,
                display_name: r.member.display_name.clone(),
                email: r.person_email,
                password_hash: r.password_hash,
                is_moderator: r.is_moderator,
                seen_at: r.seen_at,
            };
            (r.camp, person, r.member)
        }))
    }

    pub async fn camp_by_id(&self, id: Uuid) -> StoreResult<Option<CampRow>> {
        let sql = format!("SELECT {CAMP_COLUMNS} FROM camps c WHERE c.id = $1");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// The camps a person belongs to (and was not removed from), by name.
    pub async fn camps_of_person(&self, person: Uuid) -> StoreResult<Vec<CampOfPerson>> {
        let sql = format!(
            "SELECT {CAMP_COLUMNS}, m.role FROM camps c
             JOIN memberships m ON m.camp_id = c.id
             WHERE m.person_id = $1 AND m.removed_at IS NULL ORDER BY c.name"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(person)
            .fetch_all(pool)
            .await)?)
    }

    /// A new invite link: the next generation, and a link from before migration 0011 ends.
    pub async fn next_invite_link(&self, camp: Uuid, actor: Uuid) -> StoreResult<()> {
        let sql = "UPDATE camps SET invite_generation = invite_generation + 1, invite_legacy = $1
                   WHERE id = $2";
        in_tx!(self, |tx| {
            sqlx::query(sql)
                .bind(no_legacy_invite(camp))
                .bind(camp)
                .execute(&mut *tx)
                .await?;
            tx.audit(camp, actor, "camp.invite.regenerate", "").await?;
            Ok(())
        })
    }

    pub async fn membership(&self, camp: Uuid, person: Uuid) -> StoreResult<Option<MemberRow>> {
        let sql = format!("{MEMBER_SELECT} WHERE m.camp_id = $1 AND m.person_id = $2");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(camp)
            .bind(person)
            .fetch_optional(pool)
            .await)?)
    }

    /// Adds a participant; joining twice keeps the first membership. A removed person stays
    /// removed (the caller checks that before).
    pub async fn add_participant(
        &self,
        camp: Uuid,
        person: Uuid,
        email: Option<&str>,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            let inserted = sqlx::query(
                "INSERT INTO memberships (camp_id, person_id, role, email, joined_at)
                 VALUES ($1, $2, 'participant', $3, $4) ON CONFLICT (camp_id, person_id) DO NOTHING",
            )
            .bind(camp)
            .bind(person)
            .bind(email)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() > 0 {
                tx.audit(camp, person, "member.join", "").await?;
            }
            Ok(())
        })
    }

    /// Members who were not removed, moderators first, then by name.
    pub async fn members(&self, camp: Uuid) -> StoreResult<Vec<MemberRow>> {
        self.member_rows(camp, "m.removed_at IS NULL ORDER BY m.role, p.display_name")
            .await
    }

    /// The camp's memberships that `rest` (a condition and an order, never input) selects.
    async fn member_rows(&self, camp: Uuid, rest: &str) -> StoreResult<Vec<MemberRow>> {
        let sql = format!("{MEMBER_SELECT} WHERE m.camp_id = $1 AND {rest}");
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(camp)
            .fetch_all(pool)
            .await)?)
    }

    /// Removes a current member; `LastModerator` if they are the camp's only current
    /// moderator (see [`Store::set_member_role`] for why that holds under concurrency).
    pub async fn remove_member(&self, camp: Uuid, person: Uuid, actor: Uuid) -> StoreResult<()> {
        let lock = matches!(self, Store::Postgres(_));
        in_tx!(self, |tx| {
            let role = tx.member_role(camp, person, lock).await?;
            if role == Role::Moderator.as_str() {
                tx.keep_a_moderator(camp, person).await?;
            }
            sqlx::query(
                "UPDATE memberships SET removed_at = $1
                 WHERE camp_id = $2 AND person_id = $3 AND removed_at IS NULL",
            )
            .bind(now())
            .bind(camp)
            .bind(person)
            .execute(&mut *tx)
            .await?;
            tx.move_marks(camp, person, "votes", "set_aside_votes")
                .await?;
            // Every request checks the membership, so access ends at once either way. A
            // member with a verified address, in no other camp and without a password, also
            // loses every sign-in: they can sign in again by mail should the removal be
            // undone. Without an address a sign-in is the only way back to the same person,
            // so it stays (useless while removed) for an undo to work.
            sqlx::query(
                "DELETE FROM sign_ins WHERE person_id = $1
                 AND EXISTS (SELECT 1 FROM memberships WHERE person_id = $1 AND camp_id = $2
                             AND email_verified_at IS NOT NULL)
                 AND NOT EXISTS (SELECT 1 FROM memberships
                                 WHERE person_id = $1 AND removed_at IS NULL AND camp_id <> $2)
                 AND NOT EXISTS (SELECT 1 FROM people
                                 WHERE id = $1 AND password_hash IS NOT NULL)",
            )
            .bind(person)
            .bind(camp)
            .execute(&mut *tx)
            .await?;
            tx.audit(camp, actor, "member.remove", &person.to_string())
                .await?;
            Ok(())
        })
    }

    /// Undoes a removal: the person is a member again, with the marks they had.
    pub async fn restore_member(&self, camp: Uuid, person: Uuid, actor: Uuid) -> StoreResult<()> {
        in_tx!(self, |tx| {
            let restored = sqlx::query(
                "UPDATE memberships SET removed_at = NULL
                 WHERE camp_id = $1 AND person_id = $2 AND removed_at IS NOT NULL",
            )
            .bind(camp)
            .bind(person)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if restored == 0 {
                return Err(StoreError::NotFound);
            }
            tx.move_marks(camp, person, "set_aside_votes", "votes")
                .await?;
            tx.audit(camp, actor, "member.restore", &person.to_string())
                .await?;
            Ok(())
        })
    }

    /// Members who were removed, most recent first (for undoing a removal).
    pub async fn removed_members(&self, camp: Uuid) -> StoreResult<Vec<MemberRow>> {
        self.member_rows(camp, "m.removed_at IS NOT NULL ORDER BY m.removed_at DESC")
            .await
    }

    /// Gives a current member `role`. Taking the role from the camp's last current moderator
    /// is refused with `LastModerator`; a member who has the role already is left alone
    /// (and nothing is recorded). Promotions and demotions go to the audit log.
    ///
    /// Every change of who moderates a camp (this and `remove_member`) first takes the
    /// camp's row: on SQLite all writers already run one after the other, on PostgreSQL
    /// `FOR NO KEY UPDATE` makes them wait for each other (while inserts that only refer to
    /// the camp, such as votes, go on). The moderators are counted after that, so two
    /// moderators taking the role from each other at once leave one of them.
    pub async fn set_member_role(
        &self,
        camp: Uuid,
        person: Uuid,
        role: Role,
        actor: Uuid,
    ) -> StoreResult<()> {
        let lock = matches!(self, Store::Postgres(_));
        in_tx!(self, |tx| {
            let current = tx.member_role(camp, person, lock).await?;
            if current != role.as_str() {
                if current == Role::Moderator.as_str() {
                    tx.keep_a_moderator(camp, person).await?;
                }
                sqlx::query(
                    "UPDATE memberships SET role = $1 WHERE camp_id = $2 AND person_id = $3",
                )
                .bind(role.as_str())
                .bind(camp)
                .bind(person)
                .execute(&mut *tx)
                .await?;
                let action = match role {
                    Role::Moderator => "member.promote",
                    Role::Participant => "member.demote",
                };
                tx.audit(camp, actor, action, &person.to_string()).await?;
            }
            Ok(())
        })
    }

    pub async fn add_room(&self, camp: Uuid, r: &RoomSettings, actor: Uuid) -> StoreResult<Uuid> {
        let id = Uuid::new_v4();
        in_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO rooms (id, camp_id, name, video_url, capacity, position)
                 VALUES ($1, $2, $3, $4, $5,
                         (SELECT COALESCE(MAX(position), 0) + 1 FROM rooms WHERE camp_id = $2))",
            )
            .bind(id)
            .bind(camp)
            .bind(&r.name)
            .bind(&r.video_url)
            .bind(r.capacity)
            .execute(&mut *tx)
            .await
            .map_err(classify)?;
            tx.audit(camp, actor, "room.add", &r.name).await?;
            Ok::<_, StoreError>(id)
        })
    }

    pub async fn rooms(&self, camp: Uuid) -> StoreResult<Vec<RoomRow>> {
        let sql =
            "SELECT id, name, video_url, capacity FROM rooms WHERE camp_id = $1 ORDER BY position";
        Ok(with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .fetch_all(pool)
            .await)?)
    }

    pub async fn update_room(
        &self,
        camp: Uuid,
        room: Uuid,
        r: &RoomSettings,
        actor: Uuid,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE rooms SET name = $1, video_url = $2, capacity = $3 WHERE id = $4 AND camp_id = $5",
            )
            .bind(&r.name)
            .bind(&r.video_url)
            .bind(r.capacity)
            .bind(room)
            .bind(camp)
            .execute(&mut *tx)
            .await
            .map_err(classify)?;
            if updated.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            tx.audit(camp, actor, "room.update", &r.name).await?;
            Ok(())
        })
    }

    /// Deletes an empty room. One that holds sessions, in the draft grid or in the published
    /// schedule, is refused: deleting it would change both without a grid version, a history
    /// entry or a notice; moderators take the sessions out in the grid editor first.
    pub async fn delete_room(&self, camp: Uuid, room: Uuid, actor: Uuid) -> StoreResult<()> {
        in_tx!(self, |tx| {
            let in_use: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM placements WHERE room_id = $1)
                     OR EXISTS (SELECT 1 FROM published_placements WHERE room_id = $1)",
            )
            .bind(room)
            .fetch_one(&mut *tx)
            .await?;
            if in_use {
                return Err(StoreError::InUse);
            }
            let deleted = sqlx::query("DELETE FROM rooms WHERE id = $1 AND camp_id = $2")
                .bind(room)
                .bind(camp)
                .execute(&mut *tx)
                .await?;
            if deleted.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            tx.audit(camp, actor, "room.delete", &room.to_string())
                .await?;
            Ok(())
        })
    }

    /// Adds a slot, creating its day when needed. The schema's trigger refuses overlaps.
    pub async fn add_slot(&self, camp: Uuid, t: &SlotTimes, actor: Uuid) -> StoreResult<Uuid> {
        let id = Uuid::new_v4();
        in_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO camp_days (id, camp_id, day) VALUES ($1, $2, $3)
                 ON CONFLICT (camp_id, day) DO NOTHING",
            )
            .bind(Uuid::new_v4())
            .bind(camp)
            .bind(t.day)
            .execute(&mut *tx)
            .await?;
            let day_id: Uuid =
                sqlx::query_scalar("SELECT id FROM camp_days WHERE camp_id = $1 AND day = $2")
                    .bind(camp)
                    .bind(t.day)
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query(
                "INSERT INTO slots (id, camp_id, day_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(camp)
            .bind(day_id)
            .bind(t.starts_at)
            .bind(t.ends_at)
            .execute(&mut *tx)
            .await
            .map_err(classify)?;
            tx.audit(camp, actor, "slot.add", &t.starts_at.to_rfc3339())
                .await?;
            Ok::<_, StoreError>(id)
        })
    }

    /// All slots of a camp in time order, with their day.
    pub async fn slots(&self, camp: Uuid) -> StoreResult<Vec<SlotRow>> {
        let sql = "SELECT s.id, d.day, s.starts_at, s.ends_at FROM slots s
                   JOIN camp_days d ON d.id = s.day_id
                   WHERE s.camp_id = $1 ORDER BY s.starts_at";
        Ok(with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(camp)
            .fetch_all(pool)
            .await)?)
    }

    /// Deletes an empty slot, under the rule of `delete_room` (a two-slot session has a
    /// placement row in each of its slots, so its second slot counts as in use too).
    pub async fn delete_slot(&self, camp: Uuid, slot: Uuid, actor: Uuid) -> StoreResult<()> {
        in_tx!(self, |tx| {
            let in_use: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM placements WHERE slot_id = $1)
                     OR EXISTS (SELECT 1 FROM published_placements WHERE slot_id = $1)",
            )
            .bind(slot)
            .fetch_one(&mut *tx)
            .await?;
            if in_use {
                return Err(StoreError::InUse);
            }
            let deleted = sqlx::query("DELETE FROM slots WHERE id = $1 AND camp_id = $2")
                .bind(slot)
                .bind(camp)
                .execute(&mut *tx)
                .await?;
            if deleted.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            // A day exists only through its slots.
            sqlx::query(
                "DELETE FROM camp_days WHERE camp_id = $1
                 AND NOT EXISTS (SELECT 1 FROM slots s WHERE s.day_id = camp_days.id)",
            )
            .bind(camp)
            .execute(&mut *tx)
            .await?;
            tx.audit(camp, actor, "slot.delete", &slot.to_string())
                .await?;
            Ok(())
        })
    }

    /// Recorded changes of a camp, newest first.
    pub async fn audit_actions(&self, camp: Uuid) -> StoreResult<Vec<String>> {
        let sql = "SELECT action FROM audit_log WHERE camp_id = $1 ORDER BY id DESC";
        Ok(with_pool!(self, |pool| sqlx::query_scalar(sql)
            .bind(camp)
            .fetch_all(pool)
            .await)?)
    }
}
