//! Signing in this device with the code another device shows under "Mein Konto"
//! (`/device`, or `/device?c=…` from its QR code). Only the button's POST uses the code up,
//! so a link preview that opens the address changes nothing.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::go_to;
use crate::api::UseDeviceCode;
use crate::components::form::{action_error, FormStatus, TextField};
use crate::i18n::{tr, Msg};

#[component]
pub fn DevicePage() -> impl IntoView {
    let query = use_query_map();
    let code = query.read_untracked().get("c").unwrap_or_default();
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
                    <button class="btn btn-primary" type="submit">{tr(Msg::DeviceSubmit)}</button>
                </div>
            </ActionForm>
        </div>
    }
}
