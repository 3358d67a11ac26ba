//! The fields of a session, shared by the pitch form and the edit form.
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::form::{field_msg, SelectField, TextArea, TextField};
use crate::domain::{Format, PITCH_DESCRIPTION_MAX, TITLE_MAX};
use crate::error::AppError;
use crate::i18n::{tr, use_lang, Msg};
use crate::view::PersonOption;

/// What the fields start with: empty for a pitch, the session for an edit.
#[derive(Clone, Debug)]
pub struct SessionValues {
    pub title: String,
    pub description: String,
    pub format: Format,
    pub tags: String,
    pub length_slots: i64,
    pub co_hosts: Vec<Uuid>,
}

impl Default for SessionValues {
    fn default() -> Self {
        SessionValues {
            title: String::new(),
            description: String::new(),
            format: Format::Discussion,
            tags: String::new(),
            length_slots: 1,
            co_hosts: vec![],
        }
    }
}

/// What the camp offers to choose from. People and tags follow the board as it reloads (a
/// member who joins while someone types appears without disturbing the form).
#[derive(Clone, Copy)]
pub struct SessionChoices {
    pub long_sessions: bool,
    pub people: Signal<Option<Vec<PersonOption>>>,
    pub tags: Signal<Option<Vec<String>>>,
}

/// `prefix` keeps the element ids unique on the page.
#[component]
pub fn SessionFields(
    prefix: &'static str,
    values: SessionValues,
    choices: SessionChoices,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let id = |name: &str| format!("{prefix}-{name}");
    let formats: Vec<(String, String)> = Format::ALL
        .iter()
        .map(|f| (f.as_str().to_string(), f.label().text(lang).to_string()))
        .collect();
    let lengths = vec![
        ("1".to_string(), tr(Msg::LengthOne).to_string()),
        ("2".to_string(), tr(Msg::LengthTwo).to_string()),
    ];
    let tag_list = id("tag-list");
    // A two-slot session stays editable even where the camp no longer allows new ones.
    let show_length = choices.long_sessions || values.length_slots > 1;
    view! {
        <TextField id=id("title") name="title" label=Msg::FieldTitle value=values.title required=true maxlength=TITLE_MAX error/>
        <TextArea id=id("description") name="description" label=Msg::FieldPitchDescription value=values.description maxlength=PITCH_DESCRIPTION_MAX error/>
        <div class="field-row">
            <SelectField id=id("format") name="format" label=Msg::FieldFormat options=formats selected=values.format.as_str() error/>
            {show_length.then(|| view! {
                <SelectField id=id("length") name="length_slots" label=Msg::FieldLength options=lengths selected=values.length_slots.to_string() error/>
            })}
        </div>
        <TextField id=id("tags") name="tags" label=Msg::FieldTags hint=Msg::HintTags value=values.tags list=tag_list.clone() error/>
        <datalist id=tag_list>
            <Transition>
                <For each=move || choices.tags.get().unwrap_or_default() key=|t| t.clone() let:t>
                    <option value=t></option>
                </For>
            </Transition>
        </datalist>
        <CoHostField prefix people=choices.people chosen=values.co_hosts error/>
    }
}

/// Co-hosts as a list of checkboxes, folded away until needed.
#[component]
fn CoHostField(
    prefix: &'static str,
    people: Signal<Option<Vec<PersonOption>>>,
    chosen: Vec<Uuid>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let msg = field_msg(error, "co_hosts");
    let hint_id = format!("{prefix}-co-hosts-hint");
    let error_id = format!("{prefix}-co-hosts-error");
    let described = format!("{hint_id} {error_id}");
    let open = !chosen.is_empty() || msg.get_untracked().is_some();
    let chosen = StoredValue::new(chosen);
    view! {
        <details class="field co-hosts" open=open>
            <summary>{tr(Msg::CoHosts)}</summary>
            <fieldset aria-describedby=described>
                <legend class="sr-only">{tr(Msg::CoHosts)}</legend>
                <p class="hint" id=hint_id>{tr(Msg::CoHostsHint)}</p>
                <Transition>
                    {move || people.get().filter(|p| p.is_empty()).map(|_| view! { <p class="muted">{tr(Msg::NoPeople)}</p> })}
                </Transition>
                <ul class="check-list">
                    <Transition>
                        <For each=move || people.get().unwrap_or_default() key=|p| p.id let:p>
                            <CoHostBox prefix checked=chosen.with_value(|c| c.contains(&p.id)) person=p/>
                        </For>
                    </Transition>
                </ul>
            </fieldset>
            <p class="field-error" id=error_id>{move || msg.get().map(|m| m.text(lang))}</p>
        </details>
    }
}

#[component]
fn CoHostBox(prefix: &'static str, person: PersonOption, checked: bool) -> impl IntoView {
    let box_id = format!("{prefix}-co-host-{}", person.id.simple());
    let label_for = box_id.clone();
    view! {
        <li>
            <label class="check" for=label_for>
                <input type="checkbox" id=box_id name="co_hosts[]" value=person.id.to_string() checked=checked/>
                <span>{person.name}</span>
            </label>
        </li>
    }
}
