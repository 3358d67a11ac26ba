//! Camp settings for moderators: general settings and rules, days and slots, rooms, the
//! invite link and who joined.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::LoadError;
use crate::api::{
    camp_members, get_camp, AddRoom, AddSlot, CampView, DeleteRoom, DeleteSlot, MemberView,
    RegenerateInvite, RemoveMember, UpdateCamp, UpdateVoting,
};
use crate::components::camp_form::{CampFields, CampValues};
use crate::components::camp_plan::{DayList, RoomList};
use crate::components::form::{
    action_error, action_ok, count_successes, reset_on_success, CheckField, FormStatus, TextField,
};
use crate::domain::{Role, ROOM_NAME_MAX, URL_MAX};
use crate::i18n::{tr, Msg};

/// Every action that changes what the page shows; the camp is re-read after each of them.
#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateCamp>,
    add_slot: ServerAction<AddSlot>,
    delete_slot: ServerAction<DeleteSlot>,
    add_room: ServerAction<AddRoom>,
    delete_room: ServerAction<DeleteRoom>,
    regenerate: ServerAction<RegenerateInvite>,
    remove: ServerAction<RemoveMember>,
}

impl Actions {
    fn new() -> Self {
        Actions {
            update: ServerAction::new(),
            add_slot: ServerAction::new(),
            delete_slot: ServerAction::new(),
            add_room: ServerAction::new(),
            delete_room: ServerAction::new(),
            regenerate: ServerAction::new(),
            remove: ServerAction::new(),
        }
    }

    /// A counter that grows with every successful change. Failed submissions do not reload the
    /// page, so what the moderator typed stays in the form next to the message.
    fn successes(&self) -> RwSignal<u32> {
        let count = RwSignal::new(0);
        count_successes(self.update, count);
        count_successes(self.add_slot, count);
        count_successes(self.delete_slot, count);
        count_successes(self.add_room, count);
        count_successes(self.delete_room, count);
        count_successes(self.regenerate, count);
        count_successes(self.remove, count);
        count
    }
}

#[component]
pub fn CampSettingsPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let actions = Actions::new();
    let changes = actions.successes();
    // The page and its forms are built once from `camp`; what changes (lists, version, invite
    // token) follows `live`. Re-building the forms would drop the keyboard focus and the
    // half-typed entries of every other form on the page.
    let camp = Resource::new(slug, get_camp);
    let live = Resource::new(move || (slug(), changes.get()), |(s, _)| get_camp(s));
    let members = Resource::new(move || (slug(), changes.get()), |(s, _)| camp_members(s));
    // A changed address moves the page with it.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(new_slug)) = actions.update.value().get() {
            if new_slug != slug() {
                navigate(&format!("/c/{new_slug}/settings"), Default::default());
            }
        }
    });
    view! {
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || camp.get().map(|c| match c {
                Ok(c) if c.my_role == Role::Moderator => view! { <Settings camp=c live actions members changes/> }.into_any(),
                Ok(_) => view! { <LoadError error=crate::error::AppError::Forbidden/> }.into_any(),
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

type CampResource = Resource<Result<CampView, crate::error::AppError>>;

#[component]
fn Settings(
    camp: CampView,
    live: CampResource,
    actions: Actions,
    members: Resource<Result<Vec<MemberView>, crate::error::AppError>>,
    changes: RwSignal<u32>,
) -> impl IntoView {
    let slug = camp.slug.clone();
    let latest = move || live.get().and_then(|r| r.ok());
    let initial = camp.clone();
    let version = Signal::derive(move || latest().map(|c| c.version).unwrap_or(initial.version));
    let initial = camp.clone();
    let token = Signal::derive(move || {
        latest()
            .unwrap_or_else(|| initial.clone())
            .invite_token
            .unwrap_or_default()
    });
    let (slot_slug, room_slug) = (slug.clone(), slug.clone());
    view! {
        <Title text=format!("{} – {}", tr(Msg::SettingsTitle), camp.name)/>
        <div class="page-head">
            <h1>{tr(Msg::SettingsTitle)}</h1>
            <p class="lead"><a href=format!("/c/{slug}")>{camp.name.clone()}</a></p>
        </div>
        <div class="stack">
            <GeneralSettings camp=camp.clone() version action=actions.update/>
            <VotingSettings camp=camp.clone()/>
            <section class="card" aria-labelledby="settings-days">
                <h2 id="settings-days">{tr(Msg::SettingsDays)}</h2>
                <Transition>
                    {move || latest().map(|c| view! {
                        <DayList days=c.days camp=Some((slot_slug.clone(), actions.delete_slot))/>
                    })}
                </Transition>
                <FormStatus error=action_error(actions.delete_slot)/>
                <SlotForm slug=slug.clone() action=actions.add_slot/>
            </section>
            <section class="card" aria-labelledby="settings-rooms">
                <h2 id="settings-rooms">{tr(Msg::SettingsRooms)}</h2>
                <Transition>
                    {move || latest().map(|c| view! {
                        <RoomList rooms=c.rooms camp=Some((room_slug.clone(), actions.delete_room, changes))/>
                    })}
                </Transition>
                <FormStatus error=action_error(actions.delete_room)/>
                <RoomForm slug=slug.clone() action=actions.add_room/>
            </section>
            <Invite slug=slug.clone() token action=actions.regenerate/>
            <Members slug members action=actions.remove/>
        </div>
    }
}

#[component]
fn GeneralSettings(
    camp: CampView,
    version: Signal<i64>,
    action: ServerAction<UpdateCamp>,
) -> impl IntoView {
    let error = action_error(action);
    let values = CampValues {
        name: camp.name,
        slug: camp.slug.clone(),
        description: camp.description,
        time_zone: camp.time_zone,
        self_service_slots: camp.self_service_slots,
        schedule_public: camp.schedule_public,
        email_domains: camp.email_domains.join(", "),
    };
    view! {
        <section class="card" aria-labelledby="settings-general">
            <h2 id="settings-general">{tr(Msg::SettingsGeneral)}</h2>
            <ActionForm action attr:class="form stack" attr:novalidate=true>
                <FormStatus error ok=action_ok(action) ok_msg=Msg::Saved/>
                <input type="hidden" name="camp" value=camp.slug/>
                // Its own Transition: a reload of the version must not suspend the whole page.
                <Transition>
                    <input type="hidden" name="version" prop:value=move || version.get().to_string()/>
                </Transition>
                <CampFields values error/>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit">{tr(Msg::Save)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Open or close voting, blind voting, and the vote budget. Voting rules do not change what
/// else the page shows, so this form keeps its own action.
#[component]
fn VotingSettings(camp: CampView) -> impl IntoView {
    let action = ServerAction::<UpdateVoting>::new();
    let error = action_error(action);
    let budget = camp.vote_budget.map(|b| b.to_string()).unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="settings-voting">
            <h2 id="settings-voting">{tr(Msg::VotingTitle)}</h2>
            <p class="muted">{tr(Msg::VotingLead)}</p>
            <ActionForm action attr:class="form stack" attr:novalidate=true>
                <FormStatus error ok=action_ok(action) ok_msg=Msg::VotingSaved/>
                <input type="hidden" name="camp" value=camp.slug/>
                <CheckField id="voting-open" name="voting_open" label=Msg::FieldVotingOpen checked=camp.voting_open/>
                <CheckField id="voting-blind" name="blind_voting" label=Msg::FieldBlindVoting checked=camp.blind_voting/>
                <TextField id="voting-budget" name="vote_budget" label=Msg::FieldVoteBudget kind="number" value=budget error/>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit">{tr(Msg::Save)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn SlotForm(slug: String, action: ServerAction<AddSlot>) -> impl IntoView {
    let error = action_error(action);
    let form = reset_on_success(action);
    view! {
        <ActionForm action node_ref=form attr:class="form stack" attr:novalidate=true>
            <h3>{tr(Msg::AddSlot)}</h3>
            <FormStatus error/>
            <input type="hidden" name="camp" value=slug/>
            <div class="field-row">
                <TextField id="slot-day" name="day" label=Msg::FieldDay kind="date" required=true error/>
                <TextField id="slot-starts" name="starts" label=Msg::FieldStarts kind="time" required=true error/>
                <TextField id="slot-ends" name="ends" label=Msg::FieldEnds kind="time" required=true error/>
            </div>
            <div class="form-actions">
                <button class="btn btn-secondary" type="submit">{tr(Msg::AddSlot)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn RoomForm(slug: String, action: ServerAction<AddRoom>) -> impl IntoView {
    let error = action_error(action);
    let form = reset_on_success(action);
    view! {
        <ActionForm action node_ref=form attr:class="form stack" attr:novalidate=true>
            <h3>{tr(Msg::AddRoom)}</h3>
            <FormStatus error/>
            <input type="hidden" name="camp" value=slug/>
            <TextField id="room-name" name="name" label=Msg::FieldRoomName required=true maxlength=ROOM_NAME_MAX error/>
            <TextField id="room-url" name="video_url" label=Msg::FieldVideoUrl kind="url" required=true maxlength=URL_MAX error/>
            <TextField id="room-capacity" name="capacity" label=Msg::FieldCapacity kind="number" required=true error/>
            <div class="form-actions">
                <button class="btn btn-secondary" type="submit">{tr(Msg::AddRoom)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn Invite(
    slug: String,
    token: Signal<String>,
    action: ServerAction<RegenerateInvite>,
) -> impl IntoView {
    let path_slug = slug.clone();
    let path = move || format!("/c/{path_slug}/join?t={}", token.get());
    // The absolute link needs the browser's origin; the server renders the path until then.
    let origin = RwSignal::new(String::new());
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Ok(o) = window().location().origin() {
            origin.set(o);
        }
    });
    let link = Signal::derive(move || format!("{}{}", origin.get(), path()));
    let copied = RwSignal::new(false);
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let _ = window()
                .navigator()
                .clipboard()
                .write_text(&link.get_untracked());
        }
        copied.set(true);
    };
    view! {
        <section class="card" aria-labelledby="settings-invite">
            <h2 id="settings-invite">{tr(Msg::SettingsInvite)}</h2>
            <p>{tr(Msg::InviteLead)}</p>
            <div class="field">
                <label for="invite-link">{tr(Msg::InviteLinkLabel)}</label>
                <div class="invite-box">
                    <Transition>
                        <input id="invite-link" type="text" readonly=true prop:value=move || link.get()/>
                    </Transition>
                    <button class="btn btn-secondary" type="button" on:click=copy>{tr(Msg::Copy)}</button>
                </div>
                <p role="status" class="hint">{move || copied.get().then(|| tr(Msg::Copied))}</p>
            </div>
            <ActionForm action>
                <input type="hidden" name="camp" value=slug/>
                <button class="btn btn-secondary" type="submit">{tr(Msg::RegenerateInvite)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Members(
    slug: String,
    members: Resource<Result<Vec<MemberView>, crate::error::AppError>>,
    action: ServerAction<RemoveMember>,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="settings-members">
            <h2 id="settings-members">{tr(Msg::SettingsMembers)}</h2>
            <FormStatus error=action_error(action)/>
            <Transition>
                {move || {
                    let slug = slug.clone();
                    members.get().map(|m| {
                        let m = m.unwrap_or_default();
                        if m.is_empty() {
                            return view! { <p class="empty">{tr(Msg::NoMembers)}</p> }.into_any();
                        }
                        view! {
                            <ul class="list">
                                {m.into_iter().map(|m| view! { <MemberRow slug=slug.clone() member=m action/> }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn MemberRow(
    slug: String,
    member: MemberView,
    action: ServerAction<RemoveMember>,
) -> impl IntoView {
    let is_mod = member.role == Role::Moderator;
    let aria = format!("{} {}", member.display_name, tr(Msg::RemoveMemberLabel));
    view! {
        <li class="list-row">
            <span>
                {member.display_name.clone()}
                {member.email.clone().map(|e| view! { <span class="muted">" · " {e}</span> })}
                " "
                {is_mod.then(|| view! { <span class="badge badge-mod">{tr(Msg::RoleModerator)}</span> })}
            </span>
            {(!is_mod).then(|| view! {
                <ActionForm action>
                    <input type="hidden" name="camp" value=slug.clone()/>
                    <input type="hidden" name="person" value=member.person_id.to_string()/>
                    <button class="btn btn-danger btn-small" type="submit" aria-label=aria.clone()>{tr(Msg::Remove)}</button>
                </ActionForm>
            })}
        </li>
    }
}
