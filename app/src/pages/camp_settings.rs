//! Camp settings for moderators: general settings and rules, days and slots, rooms, the
//! invite link and who joined.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use uuid::Uuid;

use super::LoadError;
use crate::api::{
    camp_members, get_camp, AddRoom, AddSlot, DeleteRoom, DeleteSlot, RegenerateInvite,
    RemoveMember, RestoreMember, SetMemberRole, UpdateCamp, UpdateVoting,
};
use crate::components::camp_form::{CampFields, CampValues};
use crate::components::camp_plan::{DayList, RoomList};
use crate::components::confirm::{Confirm, ConfirmDialog};
use crate::components::focus::focus;
use crate::components::form::{
    action_error, action_ok, count_successes, reset_on_success, CheckField, FormStatus, TextField,
};
use crate::components::outbox::Outbox;
use crate::components::removed_members::RemovedMembers;
use crate::domain::{Role, ROOM_NAME_MAX, URL_MAX};
use crate::error::AppError;
use crate::i18n::{tr, use_lang, Arg, Msg, Phrase};
use crate::view::{CampView, MemberView};

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
    restore: ServerAction<RestoreMember>,
    role: ServerAction<SetMemberRole>,
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
            restore: ServerAction::new(),
            role: ServerAction::new(),
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
        count_successes(self.restore, count);
        count_successes(self.role, count);
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
    // The link changes only by "new link", which answers with the new token: no re-read of
    // the camp (and no Transition) for it.
    let first_token = camp.invite_token.clone().unwrap_or_default();
    let regenerate = actions.regenerate;
    let token = Signal::derive(move || match regenerate.value().get() {
        Some(Ok(t)) => t,
        _ => first_token.clone(),
    });
    let (slot_slug, room_slug) = (slug.clone(), slug.clone());
    let lang = use_lang();
    view! {
        <Title text=Phrase::PageTitle.fill(lang, &[Arg::Text("page", Msg::SettingsTitle.text(lang)), Arg::Text("camp", &camp.name)])/>
        <div class="page-head">
            <h1>{tr(Msg::SettingsTitle)}</h1>
            <p class="lead"><a href=format!("/c/{slug}")>{camp.name.clone()}</a></p>
        </div>
        // A long page: one link to each section, the invitation (what a moderator comes for
        // most) first.
        <nav class="section-nav" aria-label=Msg::SettingsSections.text(lang)>
            <ul>
                {[
                    ("settings-invite", Msg::SettingsInvite),
                    ("settings-general", Msg::SettingsGeneral),
                    ("settings-voting", Msg::VotingTitle),
                    ("settings-days", Msg::SettingsDays),
                    ("settings-rooms", Msg::SettingsRooms),
                    ("settings-members", Msg::SettingsMembers),
                ].into_iter().map(|(id, label)| view! { <li><a href=format!("#{id}")>{tr(label)}</a></li> }).collect_view()}
            </ul>
        </nav>
        <div class="stack">
            <Invite slug=slug.clone() token action=actions.regenerate/>
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
            <Members slug=slug.clone() members remove=actions.remove role=actions.role/>
            <RemovedMembers slug=slug.clone() changes restore=actions.restore/>
            <Outbox slug/>
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
    .into_any()
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
    .into_any()
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
    .into_any()
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
    .into_any()
}

/// The invite link, to copy; a new one, which makes the old one useless, only after asking.
#[component]
fn Invite(
    slug: String,
    token: Signal<String>,
    action: ServerAction<RegenerateInvite>,
) -> impl IntoView {
    let lang = use_lang();
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
    let confirm = Confirm::new();
    view! {
        <section class="card" aria-labelledby="settings-invite">
            <h2 id="settings-invite">{tr(Msg::SettingsInvite)}</h2>
            <p>{tr(Msg::InviteLead)}</p>
            <div class="field">
                <label for="invite-link">{tr(Msg::InviteLinkLabel)}</label>
                <div class="invite-box">
                    <input id="invite-link" type="text" readonly=true prop:value=move || link.get()/>
                    <button class="btn btn-secondary" type="button" on:click=copy>{tr(Msg::Copy)}</button>
                </div>
                <p role="status" class="hint">{move || copied.get().then(|| tr(Msg::Copied))}</p>
            </div>
            <FormStatus error=action_error(action) ok=action_ok(action) ok_msg=Msg::InviteRegenerated/>
            <button
                class="btn btn-secondary"
                type="button"
                aria-haspopup="dialog"
                disabled=move || confirm.unavailable()
                on:click=move |_| confirm.open()
            >
                {tr(Msg::RegenerateInvite)}
            </button>
            <ConfirmDialog
                confirm
                id="confirm-invite"
                title=Msg::ConfirmRegenerateTitle.text(lang).to_string()
                text=Msg::ConfirmRegenerateText.text(lang).to_string()
            >
                <ActionForm action>
                    <input type="hidden" name="camp" value=slug/>
                    <button class="btn btn-danger" type="submit">{tr(Msg::RegenerateInvite)}</button>
                </ActionForm>
            </ConfirmDialog>
        </section>
    }
    .into_any()
}

/// Which of the member actions ran last: its outcome is the one the status line shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    Role,
    Remove,
}

/// What every member row needs from the list around it.
#[derive(Clone, Copy)]
struct MemberCtx {
    role: ServerAction<SetMemberRole>,
    /// The search as typed (or as it came in the address, `?q=`).
    search: RwSignal<String>,
    /// The member the removal dialog is about.
    removing: RwSignal<Option<(Uuid, String)>>,
    confirm: Confirm,
    last: RwSignal<Option<Change>>,
    /// The element to focus once the list shows the change (the old row is gone by then).
    focus_after: StoredValue<Option<String>>,
}

/// Whether a member fits the search: part of the name or e-mail address, case ignored.
fn member_matches(member: &MemberView, search: &str) -> bool {
    let needle = search.trim().to_lowercase();
    needle.is_empty()
        || member.display_name.to_lowercase().contains(&needle)
        || member
            .email
            .as_deref()
            .is_some_and(|e| e.to_lowercase().contains(&needle))
}

/// Everyone who joined, with their role; a search by name, and per row one menu: make
/// co-moderator or take the role back, remove (after asking).
#[component]
fn Members(
    slug: String,
    members: Resource<Result<Vec<MemberView>, AppError>>,
    remove: ServerAction<RemoveMember>,
    role: ServerAction<SetMemberRole>,
) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let search = RwSignal::new(query.get_untracked().get("q").unwrap_or_default());
    // A search sent with Enter (or before the page was interactive) arrives in the address.
    Effect::new(move |_| search.set(query.read().get("q").unwrap_or_default()));
    let ctx = MemberCtx {
        role,
        search,
        removing: RwSignal::new(None),
        confirm: Confirm::new(),
        last: RwSignal::new(None),
        focus_after: StoredValue::new(None),
    };
    // A refused change draws nothing anew: the focus stays, the message says why.
    Effect::new(move |_| {
        let failed = matches!(role.value().get(), Some(Err(_)))
            || matches!(remove.value().get(), Some(Err(_)));
        if failed {
            ctx.focus_after.set_value(None);
        }
    });
    let outcome = move |kind: Change, error: Signal<Option<AppError>>, ok: Signal<bool>| {
        let current = move || ctx.last.get() == Some(kind);
        (
            Signal::derive(move || error.get().filter(|_| current())),
            Signal::derive(move || ok.get() && current()),
        )
    };
    let (role_error, role_ok) = outcome(Change::Role, action_error(role), action_ok(role));
    let (remove_error, remove_ok) =
        outcome(Change::Remove, action_error(remove), action_ok(remove));
    // Read only inside a `Transition`, like every use of `members`: a reload after a change
    // must not suspend (and so redraw) the whole page, which would lose the keyboard focus.
    let counts = move || {
        let search = search.get();
        let list = members.get().and_then(|r| r.ok()).unwrap_or_default();
        let shown = list.iter().filter(|m| member_matches(m, &search)).count();
        (!search.trim().is_empty()).then_some((shown, list.len()))
    };
    let shown = move || {
        counts().map(|(shown, total)| {
            if shown == 0 {
                Msg::NoMemberMatches.text(lang).to_string()
            } else {
                Phrase::MembersShown.fill(
                    lang,
                    &[Arg::Num("shown", shown as i64), Arg::Num("n", total as i64)],
                )
            }
        })
    };
    let title = Signal::derive(move || {
        ctx.removing
            .get()
            .map(|(_, name)| Phrase::ConfirmRemoveTitle.fill(lang, &[Arg::Text("name", &name)]))
            .unwrap_or_default()
    });
    let removing_id = move || {
        ctx.removing
            .get()
            .map(|(id, _)| id.to_string())
            .unwrap_or_default()
    };
    let list_slug = slug.clone();
    view! {
        <section class="card" aria-labelledby="settings-members">
            <h2 id="settings-members" tabindex="-1">{tr(Msg::SettingsMembers)}</h2>
            <Form method="GET" action="" noscroll=true attr:class="member-search" attr:role="search" attr:aria-label=Msg::SearchMembers.text(lang)>
                <label for="member-q">{tr(Msg::FieldMemberSearch)}</label>
                <div class="invite-box">
                    <input
                        id="member-q"
                        type="search"
                        name="q"
                        value=search.get_untracked()
                        maxlength="200"
                        autocomplete="off"
                        on:input=move |ev| search.set(event_target_value(&ev))
                    />
                    <button class="btn btn-secondary" type="submit">{tr(Msg::ApplyFilter)}</button>
                </div>
            </Form>
            <p class="hint" role="status"><Transition>{shown}</Transition></p>
            <FormStatus error=role_error ok=role_ok ok_msg=Msg::RoleChanged/>
            <FormStatus error=remove_error ok=remove_ok ok_msg=Msg::MemberRemoved/>
            // Whoever still has the link can come back as someone new (with another name or
            // another work address): say so, and point to a new invite link.
            {move || remove_ok.get().then(|| view! {
                <p class="notice notice-info">
                    {tr(Msg::RemovedCanRejoin)} " " <a href="#settings-invite">{tr(Msg::ToInviteLink)}</a>
                </p>
            })}
            <Transition>
                {move || {
                    let slug = list_slug.clone();
                    members.get().map(|m| {
                        // Drawn anew after every change: now the focus can go where it was meant to.
                        if let Some(Some(id)) = ctx.focus_after.try_update_value(Option::take) {
                            focus(&id);
                        }
                        let m = m.unwrap_or_default();
                        if m.is_empty() {
                            return view! { <p class="empty">{tr(Msg::NoMembers)}</p> }.into_any();
                        }
                        view! {
                            <ul class="list member-list">
                                {m.into_iter().map(|m| view! { <MemberRow slug=slug.clone() member=m ctx/> }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                }}
            </Transition>
            <ConfirmDialog confirm=ctx.confirm id="confirm-remove" title text=Msg::ConfirmRemoveText.text(lang).to_string()>
                <ActionForm action=remove>
                    <input type="hidden" name="camp" value=slug/>
                    <input type="hidden" name="person" value=removing_id/>
                    <button
                        class="btn btn-danger"
                        type="submit"
                        on:click=move |_| {
                            ctx.last.set(Some(Change::Remove));
                            ctx.focus_after.set_value(Some("settings-members".into()));
                        }
                    >
                        {tr(Msg::Remove)}
                    </button>
                </ActionForm>
            </ConfirmDialog>
        </section>
    }
    .into_any()
}

#[component]
fn MemberRow(slug: String, member: MemberView, ctx: MemberCtx) -> impl IntoView {
    let lang = use_lang();
    let id = member.person_id;
    let is_mod = member.role == Role::Moderator;
    let (badge, role_msg) = if is_mod {
        ("badge badge-mod", Msg::RoleModerator)
    } else {
        ("badge", Msg::RoleParticipant)
    };
    let (new_role, change_msg) = if is_mod {
        (Role::Participant, Msg::RevokeModerator)
    } else {
        (Role::Moderator, Msg::MakeModerator)
    };
    let menu_id = format!("member-{}-actions", id.simple());
    let actions_for =
        Phrase::MemberActionsFor.fill(lang, &[Arg::Text("name", &member.display_name)]);
    let shown = member.clone();
    let hidden = move || !member_matches(&shown, &ctx.search.get());
    let name = member.display_name.clone();
    // Nobody changes their own role or removes themselves here: the row of the moderator
    // using the page has no menu.
    let menu = (!member.you).then(move || {
        let focus_id = menu_id.clone();
        view! {
            <details class="row-menu">
                <summary id=menu_id class="row-menu-button">
                    <span aria-hidden="true">{tr(Msg::MemberActions)}</span>
                    <span class="row-menu-caret" aria-hidden="true">"▾"</span>
                    <span class="sr-only">{actions_for}</span>
                </summary>
                <div class="row-menu-panel">
                    <ActionForm action=ctx.role>
                        <input type="hidden" name="camp" value=slug/>
                        <input type="hidden" name="person" value=id.to_string()/>
                        <input type="hidden" name="role" value=new_role.as_str()/>
                        <button
                            class="menu-item"
                            type="submit"
                            on:click=move |_| {
                                ctx.last.set(Some(Change::Role));
                                ctx.focus_after.set_value(Some(focus_id.clone()));
                            }
                        >
                            {change_msg.text(lang)}
                        </button>
                    </ActionForm>
                    <button
                        class="menu-item menu-item-danger"
                        type="button"
                        aria-haspopup="dialog"
                        disabled=move || ctx.confirm.unavailable()
                        on:click=move |_| {
                            ctx.removing.set(Some((id, name.clone())));
                            ctx.confirm.open();
                        }
                    >
                        {tr(Msg::Remove)}
                    </button>
                </div>
            </details>
        }
    });
    view! {
        <li class="list-row member-row" hidden=hidden>
            <span>
                <span class="member-name">{member.display_name.clone()}</span>
                {member.email.clone().map(|e| view! { <span class="muted">" · " {e}</span> })}
                {member.email.is_some().then(|| {
                    let (class, msg) = if member.verified {
                        ("badge badge-ok", Msg::MemberVerified)
                    } else {
                        ("badge badge-muted", Msg::MemberUnverified)
                    };
                    view! { " " <span class=class>{msg.text(lang)}</span> }
                })}
                " "
                <span class=badge>{role_msg.text(lang)}</span>
                {member.you.then(|| view! { " " <span class="badge">{tr(Msg::ItsYou)}</span> })}
            </span>
            {menu}
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, email: Option<&str>) -> MemberView {
        MemberView {
            person_id: Uuid::nil(),
            display_name: name.into(),
            role: Role::Participant,
            email: email.map(str::to_string),
            verified: false,
            you: false,
        }
    }

    #[test]
    fn the_member_search_looks_at_names_and_addresses() {
        let anna = member("Anna Muster (BMI)", Some("anna@bund.de"));
        assert!(member_matches(&anna, ""));
        assert!(member_matches(&anna, "  "));
        assert!(member_matches(&anna, "muster"));
        assert!(member_matches(&anna, " ANNA "));
        assert!(member_matches(&anna, "bund.de"));
        assert!(!member_matches(&anna, "Berta"));
        assert!(!member_matches(&member("Berta", None), "bund"));
    }
}
