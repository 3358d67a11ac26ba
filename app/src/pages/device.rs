//! Signing in this device with the code another device shows under "Mein Konto"
//! (`/device`, or `/device?c=…` from its QR code). Only the button's POST uses the code up,
//! so a link preview that opens the address changes nothing.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::go_to;
use crate::api::{device_code_owner, UseDeviceCode};
use crate::components::form::{action_error, FormStatus, TextField};
use crate::i18n::{tr, tr_with, Arg, Msg, Phrase};

#[component]
pub fn DevicePage() -> impl IntoView {
    let query = use_query_map();
    let code = query.read_untracked().get("c").unwrap_or_default();
    // A code in the address (the QR code) says whose it is before the button uses it: a
    // link with somebody else's code does not sign this browser in as them unnoticed.
    let owner = Resource::new(
        {
            let code = code.clone();
            move || code.clone()
        },
        |code| async move {
            if code.is_empty() {
                None
            } else {
                device_code_owner(code).await.ok()
            }
        },
    );
    let sign_in = ServerAction::<UseDeviceCode>::new();
    let error = action_error(sign_in);
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_in.value().get() {
            go_to("/".into());
        }
    });
    view! {
        <Title text=tr(Msg::DeviceTitle)/>
        <div class="page-head">
            <h1>{tr(Msg::DeviceTitle)}</h1>
            <p class="lead">{tr(Msg::DeviceLead)}</p>
        </div>
        <div class="card">
            <ActionForm action=sign_in attr:class="form stack" attr:novalidate=true>
                <FormStatus error/>
                <TextField id="device-code" name="code" label=Msg::FieldCode value=code autocomplete="off" required=true error/>
                <div class="form-actions">
                    <Suspense fallback=|| view! { <button class="btn btn-primary" type="submit">{tr(Msg::DeviceSubmit)}</button> }>
                        <button class="btn btn-primary" type="submit">
                            {move || match owner.get().flatten() {
                                Some(name) => tr_with(Phrase::ConfirmSignInAs, &[Arg::Text("name", &name)]),
                                None => tr(Msg::DeviceSubmit).to_string(),
                            }}
                        </button>
                    </Suspense>
                </div>
            </ActionForm>
        </div>
    }
}
