//! Form fields that show their server-side message at the field, wired for screen readers.
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{use_lang, Arg, Msg, Phrase};

/// The error of the last run of an action, if it failed.
pub fn action_error<T>(action: ServerAction<T>) -> Signal<Option<AppError>>
where
    T: leptos::server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    T::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// Whether the last run of an action succeeded.
pub fn action_ok<T>(action: ServerAction<T>) -> Signal<bool>
where
    T: leptos::server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    T::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || matches!(action.value().get(), Some(Ok(_))))
}

/// Empties a form after its action succeeded, ready for the next entry (failed submissions
/// keep what was typed).
pub fn reset_on_success<T>(action: ServerAction<T>) -> NodeRef<leptos::html::Form>
where
    T: leptos::server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    T::Output: Clone + Send + Sync + 'static,
{
    let form: NodeRef<leptos::html::Form> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            #[cfg(feature = "hydrate")]
            if let Some(form) = form.get_untracked() {
                form.reset();
            }
        }
    });
    form
}

/// Counts the successful runs of an action into `count`, e.g. to reload what a page shows.
pub fn count_successes<T>(action: ServerAction<T>, count: RwSignal<u32>)
where
    T: leptos::server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    T::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            count.update(|n| *n += 1);
        }
    });
}

/// The message the error carries for one field.
pub fn field_msg(error: Signal<Option<AppError>>, field: &'static str) -> Signal<Option<Msg>> {
    Signal::derive(move || error.get().and_then(|e| e.field_msg(field)))
}

fn described_by(id: &str, hint: bool) -> String {
    if hint {
        format!("{id}-hint {id}-error")
    } else {
        format!("{id}-error")
    }
}

/// `described_by` plus the character counter of a field with a limit.
fn described_with_count(id: &str, hint: bool, limit: Option<usize>) -> String {
    let base = described_by(id, hint);
    match limit {
        Some(_) => format!("{base} {id}-count"),
        None => base,
    }
}

/// A limit is shown once a text comes within this share of it (quiet until it matters).
const COUNT_FROM_PERCENT: usize = 80;

/// How many characters are left, or how many too many, once a text nears its limit. The
/// field itself takes any length (no `maxlength`): a browser would cut a pasted text
/// silently, and the person would save words they never saw. The server refuses what is too
/// long with its message at the field.
#[component]
fn CharCount(id: String, limit: usize, length: RwSignal<usize>) -> impl IntoView {
    let lang = use_lang();
    let text = move || {
        let n = length.get();
        if n > limit {
            let args = [
                Arg::Num("n", (n - limit) as i64),
                Arg::Num("max", limit as i64),
            ];
            Some(Phrase::CharsOver.fill(lang, &args))
        } else if n * 100 >= limit * COUNT_FROM_PERCENT {
            Some(Phrase::CharsLeft.count(lang, (limit - n) as i64))
        } else {
            None
        }
    };
    view! {
        <p
            class=move || { if length.get() > limit { "char-count is-over" } else { "char-count" } }
            id=format!("{id}-count")
        >
            {text}
        </p>
    }
}

/// The current length of a field's text, kept up to date on every input.
fn length_of(value: &str) -> RwSignal<usize> {
    RwSignal::new(value.chars().count())
}

fn on_length(length: RwSignal<usize>) -> impl Fn(leptos::ev::Event) + 'static {
    move |ev| length.set(event_target_value(&ev).chars().count())
}

/// Label, hint and message around one control; `id` must be unique on the page.
#[component]
fn FieldFrame(
    id: String,
    label: Msg,
    hint: Option<Msg>,
    error: Signal<Option<Msg>>,
    children: Children,
) -> impl IntoView {
    let lang = use_lang();
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label.text(lang)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h.text(lang)}</p> })}
            {children()}
            <p class="field-error" id=error_id>
                {move || error.get().map(|m| m.text(lang))}
            </p>
        </div>
    }
}

#[component]
pub fn TextField(
    /// Unique on the page; also the element id.
    #[prop(into)]
    id: String,
    /// The form field name the server function expects.
    name: &'static str,
    label: Msg,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// The most characters the server takes: shown as a counter near the limit, never
    /// enforced by the browser (see `CharCount`).
    #[prop(optional)]
    maxlength: Option<usize>,
    /// The id of a `<datalist>` with suggestions.
    #[prop(optional, into)]
    list: Option<String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let msg = field_msg(error, name);
    let described = described_with_count(&id, hint.is_some(), maxlength);
    let length = length_of(&value);
    let count_id = id.clone();
    view! {
        <FieldFrame id=id.clone() label hint error=msg>
            <input
            id=id
            name=name
            type=kind
            value=value
            required=required
            autocomplete=autocomplete
            list=list
            aria-describedby=described
            aria-invalid=move || msg.get().map(|_| "true")
            on:input=on_length(length)
            />
            {maxlength.map(|limit| view! { <CharCount id=count_id limit length/> })}
        </FieldFrame>
    }
}

#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    name: &'static str,
    label: Msg,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional, into)] value: String,
    #[prop(optional)] maxlength: Option<usize>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let msg = field_msg(error, name);
    let length = length_of(&value);
    let count_id = id.clone();
    view! {
        <FieldFrame id=id.clone() label hint error=msg>
            <textarea
                aria-describedby=described_with_count(&id, hint.is_some(), maxlength)
                id=id
                name=name
                rows="4"
                aria-invalid=move || msg.get().map(|_| "true")
                on:input=on_length(length)
            >
                {value}
            </textarea>
            {maxlength.map(|limit| view! { <CharCount id=count_id limit length/> })}
        </FieldFrame>
    }
}

#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    name: &'static str,
    label: Msg,
    options: Vec<(String, String)>,
    #[prop(into)] selected: String,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let msg = field_msg(error, name);
    view! {
        <FieldFrame id=id.clone() label hint=None error=msg>
            <select
                aria-describedby=described_by(&id, false)
                id=id
                name=name
                aria-invalid=move || msg.get().map(|_| "true")
            >
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! {
                            <option value=value selected=is_selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </FieldFrame>
    }
}

#[component]
pub fn CheckField(
    id: &'static str,
    name: &'static str,
    label: Msg,
    #[prop(optional)] checked: bool,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="field">
            <label class="check" for=id>
                <input type="checkbox" id=id name=name checked=checked/>
                <span>{label.text(lang)}</span>
            </label>
        </div>
    }
}

/// The line above or below a form: what went wrong overall, or that it worked.
#[component]
pub fn FormStatus(
    error: Signal<Option<AppError>>,
    #[prop(optional)] ok: Option<Signal<bool>>,
    #[prop(optional)] ok_msg: Option<Msg>,
) -> impl IntoView {
    let lang = use_lang();
    let success = move || {
        ok.zip(ok_msg)
            .and_then(|(ok, m)| ok.get().then(|| m.text(lang)))
    };
    view! {
        <p class="notice notice-error" role="alert" hidden=move || error.get().is_none()>
            {move || error.get().map(|e| e.summary().text(lang))}
        </p>
        <p role="status" class="notice notice-success" hidden=move || success().is_none()>
            {success}
        </p>
    }
}
