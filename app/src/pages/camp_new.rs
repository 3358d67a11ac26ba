//! A moderator creates a camp; days, slots and rooms follow on the settings page.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::api::CreateCamp;
use crate::components::camp_form::{CampFields, CampValues};
use crate::components::form::{action_error, FormStatus};
use crate::i18n::{tr, Msg};

#[component]
pub fn NewCampPage() -> impl IntoView {
    let create = ServerAction::<CreateCamp>::new();
    let error = action_error(create);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(slug)) = create.value().get() {
            navigate(&format!("/c/{slug}/settings"), Default::default());
        }
    });
    view! {
        <Title text=tr(Msg::NewCampTitle)/>
        <div class="page-head">
            <h1>{tr(Msg::NewCampTitle)}</h1>
            <p class="lead">{tr(Msg::NewCampLead)}</p>
        </div>
        <div class="card">
            <ActionForm action=create attr:class="form stack" attr:novalidate=true>
                <FormStatus error/>
                <CampFields values=CampValues::default() error/>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit">{tr(Msg::CreateCamp)}</button>
                </div>
            </ActionForm>
        </div>
    }
}
