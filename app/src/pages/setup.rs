//! The first-start page: creates the first moderator while none exists, with the one-time
//! link that `campgrid serve` prints (`/setup?token=…`).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::go_to;
use crate::api::{setup_needed, Setup};
use crate::components::form::{action_error, FormStatus, TextField};
use crate::i18n::{tr, Msg};

#[component]
pub fn SetupPage() -> impl IntoView {
    let setup = ServerAction::<Setup>::new();
    let error = action_error(setup);
    Effect::new(move |_| {
        if let Some(Ok(())) = setup.value().get() {
            go_to("/".into());
        }
    });
    let needed = Resource::new(|| (), |_| setup_needed());
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token")).filter(|t| !t.is_empty());
    view! {
        <Title text=tr(Msg::SetupTitle)/>
        <div class="page-head">
            <h1>{tr(Msg::SetupTitle)}</h1>
            <p class="lead">{tr(Msg::SetupLead)}</p>
        </div>
        <Suspense>
            {move || needed.get().map(|needed| match needed {
                Ok(true) if token().is_none() => view! {
                    <p class="notice notice-info">{tr(Msg::SetupNeedsLink)}</p>
                }.into_any(),
                Ok(true) => view! {
                    <div class="card">
                        <ActionForm action=setup attr:class="form stack" attr:novalidate=true>
                            <FormStatus error/>
                            <input type="hidden" name="token" value=token()/>
                            <TextField id="setup-name" name="display_name" label=Msg::FieldDisplayName autocomplete="name" required=true error/>
                            <TextField id="setup-email" name="email" label=Msg::FieldEmail kind="email" autocomplete="username" required=true error/>
                            <TextField id="setup-password" name="password" label=Msg::FieldPassword hint=Msg::HintPassword kind="password" autocomplete="new-password" required=true error/>
                            <div class="form-actions">
                                <button class="btn btn-primary" type="submit">{tr(Msg::SetupSubmit)}</button>
                            </div>
                        </ActionForm>
                    </div>
                }.into_any(),
                _ => view! {
                    <p class="notice notice-info">
                        {tr(Msg::SetupDone)} " " <a href="/login">{tr(Msg::NavLogin)}</a>
                    </p>
                }.into_any(),
            })}
        </Suspense>
    }
}
