//! The camp settings fields, shared by "new camp" and "camp settings".
use leptos::prelude::*;

use crate::components::form::{CheckField, SelectField, TextArea, TextField};
use crate::domain::{CAMP_NAME_MAX, COMMON_TIME_ZONES, DESCRIPTION_MAX};
use crate::error::AppError;
use crate::i18n::{tr, Msg};

/// What the fields start with.
#[derive(Clone, Default)]
pub struct CampValues {
    pub name: String,
    pub slug: String,
    pub description: String,
    pub time_zone: String,
    pub self_service_slots: bool,
    pub schedule_public: bool,
    pub email_domains: String,
}

#[component]
pub fn CampFields(values: CampValues, error: Signal<Option<AppError>>) -> impl IntoView {
    let mut zones: Vec<(String, String)> = COMMON_TIME_ZONES
        .iter()
        .map(|z| (z.to_string(), z.replace('_', " ")))
        .collect();
    if !values.time_zone.is_empty() && !COMMON_TIME_ZONES.contains(&values.time_zone.as_str()) {
        zones.push((values.time_zone.clone(), values.time_zone.clone()));
    }
    let time_zone = if values.time_zone.is_empty() {
        "Europe/Berlin".to_string()
    } else {
        values.time_zone
    };
    view! {
        <fieldset class="stack">
            <legend>{tr(Msg::CampBasics)}</legend>
            <TextField id="camp-name" name="name" label=Msg::FieldCampName value=values.name required=true maxlength=CAMP_NAME_MAX error/>
            <TextField id="camp-slug" name="slug" label=Msg::FieldSlug hint=Msg::HintSlug value=values.slug maxlength=40 error/>
            <TextArea id="camp-description" name="description" label=Msg::FieldDescription value=values.description maxlength=DESCRIPTION_MAX error/>
            <SelectField id="camp-time-zone" name="time_zone" label=Msg::FieldTimeZone options=zones selected=time_zone error/>
        </fieldset>
        <fieldset class="stack">
            <legend>{tr(Msg::SettingsRules)}</legend>
            <CheckField id="camp-self-service" name="self_service_slots" label=Msg::FieldSelfService checked=values.self_service_slots/>
            <CheckField id="camp-public" name="schedule_public" label=Msg::FieldSchedulePublic checked=values.schedule_public/>
            <TextField id="camp-domains" name="email_domains" label=Msg::FieldEmailDomains hint=Msg::HintEmailDomains value=values.email_domains error/>
        </fieldset>
    }
}
