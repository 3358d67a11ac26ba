//! Moderator sign-in.
use leptos::prelude::*;
use leptos_meta::Title;

use super::go_to;
use crate::api::{me, setup_needed, Login};
use crate::components::form::{action_error, FormStatus, TextField};
use crate::i18n::{tr, Msg};

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    // Asked for once the password was right on an account with a second factor; it stays
    // while the person corrects a wrong code.
    let needs_code = RwSignal::new(false);
    Effect::new(move |_| {
        if error.get().is_some_and(|e| e.field_msg("code").is_some()) {
            needs_code.set(true);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = login.value().get() {
            go_to("/".into());
        }
    });
    let state = Resource::new(|| (), |_| async { (me().await, setup_needed().await) });
    view! {
        <Title text=tr(Msg::LoginTitle)/>
        <div class="page-head">
            <h1>{tr(Msg::LoginTitle)}</h1>
            <p class="lead">{tr(Msg::LoginLead)}</p>
        </div>
        <Suspense>
            {move || state.get().map(|(me, setup)| {
                let signed_in = matches!(me, Ok(Some(_)));
                let setup = setup.unwrap_or(false);
                view! {
                    {signed_in.then(|| view! { <p class="notice notice-info">{tr(Msg::LoginAlready)}</p> })}
                    {setup.then(|| view! {
                        <p class="notice notice-info">
                            <a href="/setup">{tr(Msg::SetupTitle)}</a>
                        </p>
                    })}
                }
            })}
        </Suspense>
        <div class="card">
            <ActionForm action=login attr:class="form stack" attr:novalidate=true>
                <FormStatus error/>
                <TextField id="login-email" name="email" label=Msg::FieldEmail kind="email" autocomplete="username" required=true error/>
                <TextField id="login-password" name="password" label=Msg::FieldPassword kind="password" autocomplete="current-password" required=true error/>
                <Show when=move || needs_code.get()>
                    <TextField id="login-code" name="code" label=Msg::FieldCode hint=Msg::HintCode autocomplete="one-time-code" required=true error/>
                </Show>
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit">{tr(Msg::LoginSubmit)}</button>
                    <a class="quiet-link" href="/reset">{tr(Msg::LoginForgot)}</a>
                </div>
            </ActionForm>
        </div>
    }
}
