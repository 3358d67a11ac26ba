//! The camp page: what the camp is, its days, slots and rooms. Later issues fill it with the
//! board, the grid and the schedule.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::LoadError;
use crate::api::{get_camp, CampView};
use crate::components::camp_plan::{DayList, RoomList};
use crate::domain::Role;
use crate::i18n::{tr, Msg};

#[component]
pub fn CampPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let camp = Resource::new(slug, get_camp);
    view! {
        <Suspense fallback=|| view! { <p>{tr(Msg::Loading)}</p> }>
            {move || camp.get().map(|c| match c {
                Ok(c) => view! { <CampOverview camp=c/> }.into_any(),
                Err(e) => view! { <LoadError error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CampOverview(camp: CampView) -> impl IntoView {
    let settings = format!("/c/{}/settings", camp.slug);
    view! {
        <Title text=camp.name.clone()/>
        <div class="page-head">
            <h1>{camp.name.clone()}</h1>
            <p class="lead">{tr(Msg::CampLead)}</p>
            {(camp.my_role == Role::Moderator).then(|| view! {
                <p class="page-actions">
                    <a class="btn btn-secondary" href=settings>{tr(Msg::OpenSettings)}</a>
                </p>
            })}
        </div>
        {(!camp.description.is_empty()).then(|| view! { <p class="camp-description">{camp.description.clone()}</p> })}
        <p class="muted">{camp.member_count} " " {tr(Msg::MembersCount)}</p>
        <div class="grid-2">
            <section class="card" aria-labelledby="camp-days">
                <h2 id="camp-days">{tr(Msg::CampDays)}</h2>
                <DayList days=camp.days.clone() camp=None/>
            </section>
            <section class="card" aria-labelledby="camp-rooms">
                <h2 id="camp-rooms">{tr(Msg::CampRooms)}</h2>
                <RoomList rooms=camp.rooms.clone() camp=None/>
            </section>
        </div>
    }
}
