//! The i18n layer: every string the UI shows is a `Msg`, translated here into German (default)
//! and English. Keys are an enum so that a missing translation is a compile error.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod phrase;
pub use phrase::{number, Arg, Phrase};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    De,
    En,
}

/// The cookie that remembers an explicit language choice.
pub const LANG_COOKIE: &str = "campgrid_lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("de") => Some(Lang::De),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::De => Lang::En,
            Lang::En => Lang::De,
        }
    }

    /// Picks the first supported language of an `Accept-Language` header, in the order the
    /// browser sent them (weights are almost always descending), German when none fits.
    pub fn from_accept_language(header: &str) -> Lang {
        header
            .split(',')
            .filter_map(|part| Lang::from_code(part.split(';').next().unwrap_or("")))
            .next()
            .unwrap_or_default()
    }

    /// The language for a request: an explicit choice (cookie) wins over the browser's wish.
    pub fn for_request(cookie_header: Option<&str>, accept_language: Option<&str>) -> Lang {
        cookie_header
            .and_then(|c| crate::cookies::cookie_value(c, LANG_COOKIE))
            .and_then(Lang::from_code)
            .or_else(|| accept_language.map(Lang::from_accept_language))
            .unwrap_or_default()
    }
}

/// The language of the current request (server) or of the rendered document (browser).
pub fn request_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| {
                let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
                Lang::for_request(
                    header(http::header::COOKIE),
                    header(http::header::ACCEPT_LANGUAGE),
                )
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
}

pub fn provide_lang() -> Lang {
    let lang = request_lang();
    provide_context(lang);
    lang
}

pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Translates a message into the current language.
pub fn tr(msg: Msg) -> &'static str {
    msg.text(use_lang())
}

/// Fills a phrase with arguments in the current language.
pub fn tr_with(phrase: Phrase, args: &[Arg]) -> String {
    phrase.fill(use_lang(), args)
}

macro_rules! messages {
    ($($key:ident => $de:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::De => match self { $(Msg::$key => $de),* },
                    Lang::En => match self { $(Msg::$key => $en),* },
                }
            }
        }
    };
}

messages! {
    AppName => "campgrid", "campgrid";
    SkipToContent => "Zum Inhalt springen", "Skip to content";
    NavMain => "Hauptnavigation", "Main navigation";
    Menu => "Menü", "Menu";
    NavMyCamps => "Meine Camps", "My camps";
    NavNewCamp => "Neues Camp", "New camp";
    NavLogin => "Anmelden", "Sign in";
    Logout => "Abmelden", "Sign out";
    SignedInAs => "Angemeldet als", "Signed in as";
    SwitchLanguage => "English", "Deutsch";
    SwitchLanguageLabel => "Sprache auf Englisch umstellen", "Switch language to German";
    FooterText => "campgrid – Sessionplanung für virtuelle Barcamps. Chatham House Rule: Gesagtes darf genutzt, aber niemandem zugeschrieben werden.", "campgrid – session planning for virtual barcamps. Chatham House Rule: what is said may be used, never attributed.";
    Loading => "Wird geladen …", "Loading …";
    Save => "Speichern", "Save";
    Saved => "Gespeichert.", "Saved.";
    Delete => "Löschen", "Delete";
    Remove => "Entfernen", "Remove";
    Add => "Hinzufügen", "Add";
    Copy => "Kopieren", "Copy";
    Copied => "Einladungslink kopiert.", "Invite link copied.";
    Optional => "optional", "optional";

    HomeTitle => "Barcamps planen, live und gemeinsam", "Plan barcamps, live and together";
    HomeLead => "Sessions vorschlagen, Interesse zeigen, den Sessionplan bauen und unterwegs verfolgen.", "Pitch sessions, show interest, build the schedule and follow it on the go.";
    HomeMyCamps => "Meine Camps", "My camps";
    HomeNoCamps => "Sie sind noch in keinem Camp. Treten Sie über einen Einladungslink bei.", "You are not in any camp yet. Join one through its invite link.";
    HomeSignedOut => "Teilnehmende treten über den Einladungslink ihres Camps bei. Die Moderation meldet sich hier an.", "Participants join through their camp's invite link. Moderators sign in here.";
    HomeCreateCamp => "Camp anlegen", "Create a camp";
    RoleModerator => "Moderation", "Moderator";
    RoleParticipant => "Teilnehmend", "Participant";

    LoginTitle => "Anmelden", "Sign in";
    LoginLead => "Anmeldung für die Moderation.", "Sign-in for moderators.";
    LoginSubmit => "Anmelden", "Sign in";
    LoginAlready => "Sie sind bereits angemeldet.", "You are already signed in.";
    FieldEmail => "E-Mail-Adresse", "E-mail address";
    FieldPassword => "Passwort", "Password";
    FieldDisplayName => "Ihr Name", "Your name";
    HintDisplayName => "So sehen andere Sie im Camp, z. B. „Alex Muster (BMI)“.", "This is how others see you in the camp, e.g. \"Alex Muster (BMI)\".";
    HintPassword => "Mindestens 10 Zeichen und keines der verbreiteten Passwörter. Ein Satz aus mehreren Wörtern ist gut zu merken.", "At least 10 characters and none of the common passwords. A sentence of several words is easy to remember.";

    LoginForgot => "Passwort vergessen?", "Forgot your password?";
    FieldCode => "Code", "Code";
    HintCode => "Die 6 Ziffern aus Ihrer Authenticator-App, oder einer Ihrer Wiederherstellungscodes.", "The 6 digits from your authenticator app, or one of your recovery codes.";
    FieldCurrentPassword => "Aktuelles Passwort", "Current password";
    FieldNewPassword => "Neues Passwort", "New password";
    FieldNewEmail => "Neue E-Mail-Adresse", "New e-mail address";
    ErrCodeNeeded => "Bitte geben Sie den Code aus Ihrer Authenticator-App ein.", "Please enter the code from your authenticator app.";
    ErrCodeWrong => "Dieser Code stimmt nicht oder wurde schon verwendet.", "This code is wrong or was used already.";
    ErrPasswordWrong => "Das aktuelle Passwort stimmt nicht.", "The current password is wrong.";
    ErrPasswordCommon => "Dieses Passwort ist zu verbreitet oder zu leicht zu erraten. Bitte wählen Sie ein anderes, z. B. einen Satz aus mehreren Wörtern.", "This password is too common or too easy to guess. Please choose another, for example a sentence of several words.";
    ErrTotpNotStarted => "Die Einrichtung ist nicht mehr aktuell. Bitte beginnen Sie sie neu.", "This setup is no longer current. Please start it again.";
    ErrDeviceCodeAccount => "Konten mit Passwort melden sich auf jedem Gerät mit ihrem Passwort an.", "Accounts with a password sign in with it on each device.";
    ErrTotpOn => "Die Bestätigung in zwei Schritten ist schon eingeschaltet. Schalten Sie sie erst aus, um eine neue App einzurichten.", "Two-step verification is on already. Turn it off first to set up a new app.";
    ErrLastSignIn => "Dieses Gerät ist Ihr einziger Weg zurück zu Ihren Sessions und Stimmen: Ohne Passwort und ohne bestätigte Adresse können Sie sich nicht neu anmelden.", "This device is your only way back to your sessions and votes: without a password or a confirmed address you cannot sign in again.";
    SignOutOthers => "Alle anderen Geräte abmelden", "Sign out all other devices";
    SignOutOthersTitle => "Alle anderen Geräte abmelden?", "Sign out all other devices?";
    SignOutOthersText => "Die Anmeldungen auf allen anderen Geräten enden. Dieses Gerät bleibt angemeldet: Es ist Ihr Weg zurück zu Ihren Sessions und Stimmen.", "The sign-ins on every other device end. This device stays signed in: it is your way back to your sessions and votes.";
    TotpEnableLead => "Zum Einschalten: der Code aus der App und Ihr aktuelles Passwort.", "To turn it on: the code from the app and your current password.";
    ErrDeviceCode => "Dieser Code stimmt nicht oder ist abgelaufen. Lassen Sie sich auf dem anderen Gerät einen neuen anzeigen.", "This code is wrong or has expired. Show a new one on your other device.";

    NavAccount => "Mein Konto", "My account";
    AccountTitle => "Mein Konto", "My account";
    AccountNoPassword => "Sie nutzen campgrid ohne Passwort: Ihr Einladungslink hat dieses Gerät angemeldet.", "You use campgrid without a password: your invite link signed this device in.";
    AccountSignIns => "Angemeldete Geräte", "Signed-in devices";
    AccountSignInsLead => "Hier sind Sie angemeldet. Beenden Sie jede Anmeldung, die Sie nicht kennen.", "This is where you are signed in. End any sign-in you do not recognise.";
    SignInThisDevice => "Dieses Gerät", "This device";
    SignInUnknownDevice => "Unbekanntes Gerät", "Unknown device";
    SignOutEverywhere => "Überall abmelden", "Sign out everywhere";
    SignOutEverywhereTitle => "Auf allen Geräten abmelden?", "Sign out on all devices?";
    SignOutEverywhereText => "Alle Anmeldungen enden, auch die auf diesem Gerät. Sie melden sich danach neu an.", "Every sign-in ends, this device's too. You sign in again afterwards.";
    SignInEnded => "Die Anmeldung ist beendet.", "The sign-in has ended.";
    AccountDevice => "Auf einem anderen Gerät anmelden", "Sign in on another device";
    AccountDeviceLead => "Zeigen Sie hier einen Code an. Scannen Sie auf dem anderen Gerät den QR-Code oder öffnen Sie dort „/device“ und tippen Sie den Code ein: Beide Geräte sind dann Sie, mit denselben Sessions, Stimmen und Merkliste.", "Show a code here. On the other device, scan the QR code or open \"/device\" and type the code: both devices are then you, with the same sessions, votes and starred list.";
    AccountDeviceByMail => "Hat Ihr Camp Ihre E-Mail-Adresse, geht es auch so: Öffnen Sie auf dem anderen Gerät den Einladungslink und geben Sie dieselbe Adresse ein.", "If your camp has your e-mail address, this works too: open the invite link on the other device and enter the same address.";
    ShowDeviceCode => "Code anzeigen", "Show a code";
    ShowNewDeviceCode => "Neuen Code anzeigen", "Show a new code";
    DeviceCodeLabel => "Ihr Code", "Your code";
    DeviceTitle => "Dieses Gerät anmelden", "Sign in this device";
    DeviceLead => "Geben Sie den Code ein, den Ihr anderes Gerät unter „Mein Konto“ anzeigt.", "Enter the code your other device shows under \"My account\".";
    DeviceSubmit => "Anmelden", "Sign in";
    AccountPassword => "Passwort ändern", "Change password";
    PasswordChanged => "Ihr Passwort ist geändert. Ihre anderen Geräte sind abgemeldet.", "Your password has been changed. Your other devices are signed out.";
    AccountEmail => "Anmeldeadresse ändern", "Change sign-in address";
    ChangeEmailSubmit => "Adresse ändern", "Change address";
    EmailChanged => "Ihre Anmeldeadresse ist geändert.", "Your sign-in address has been changed.";
    AccountTotp => "Bestätigung in zwei Schritten", "Two-step verification";
    TotpOffLead => "Zusätzlich zum Passwort fragt campgrid dann bei jeder Anmeldung nach einem Code aus einer Authenticator-App (z. B. FreeOTP, Aegis oder Google Authenticator).", "Besides the password, campgrid then asks at every sign-in for a code from an authenticator app (e.g. FreeOTP, Aegis or Google Authenticator).";
    TotpBegin => "Einrichten", "Set up";
    TotpScan => "Scannen Sie den QR-Code mit Ihrer App, oder geben Sie dort diesen Schlüssel ein. Tragen Sie dann den Code ein, den die App zeigt.", "Scan the QR code with your app, or enter this key there. Then type the code the app shows.";
    TotpQrLabel => "QR-Code für die Authenticator-App", "QR code for the authenticator app";
    TotpSecret => "Schlüssel", "Key";
    TotpConfirm => "Einschalten", "Turn on";
    TotpIsOn => "Eingeschaltet: Bei der Anmeldung fragt campgrid nach einem Code aus Ihrer App.", "On: at sign-in campgrid asks for a code from your app.";
    TotpDisable => "Ausschalten", "Turn off";
    RecoveryTitle => "Ihre Wiederherstellungscodes", "Your recovery codes";
    RecoveryLead => "Bewahren Sie diese Codes sicher auf, etwa ausgedruckt oder im Passwortmanager. Falls Ihr Telefon verloren geht, ersetzt jeder von ihnen ein Mal den Code aus der App. Sie werden nur jetzt angezeigt.", "Keep these codes safe, for example printed or in your password manager. If you lose your phone, each of them replaces the app's code once. They are shown only now.";
    RecoveryDone => "Ich habe die Codes gesichert", "I have saved the codes";
    ResetTitle => "Passwort zurücksetzen", "Reset password";
    ResetSend => "Link senden", "Send link";
    ResetNewLead => "Wählen Sie ein neues Passwort. Danach sind alle Ihre Geräte abgemeldet, und Sie melden sich neu an.", "Choose a new password. Afterwards all your devices are signed out and you sign in again.";
    ResetSubmit => "Passwort speichern", "Save password";
    ResetDone => "Ihr Passwort ist geändert. Bitte melden Sie sich jetzt an.", "Your password has been changed. Please sign in now.";

    SetupTitle => "campgrid einrichten", "Set up campgrid";
    SetupLead => "Legen Sie das erste Moderationskonto an. Diese Seite funktioniert nur, solange es noch keines gibt.", "Create the first moderator account. This page works only while there is none.";
    SetupNeedsLink => "Öffnen Sie diese Seite über den Einrichtungslink, den campgrid beim Start im Terminal ausgibt (er gilt 24 Stunden; ein Neustart gibt einen neuen aus). So kann niemand sonst das erste Konto anlegen.", "Open this page through the setup link that campgrid prints in its terminal when it starts (it works for 24 hours; a restart prints a new one). That way nobody else can create the first account.";
    SetupSubmit => "Konto anlegen", "Create account";
    SetupDone => "Es gibt bereits ein Moderationskonto. Bitte melden Sie sich an.", "A moderator account exists already. Please sign in.";

    NewCampTitle => "Neues Camp", "New camp";
    NewCampLead => "Name und Adresse genügen für den Anfang; Tage, Zeitslots und Räume folgen im nächsten Schritt.", "A name and an address are enough to start; days, time slots and rooms come next.";
    CreateCamp => "Camp anlegen", "Create camp";
    FieldCampName => "Name des Camps", "Camp name";
    FieldSlug => "Adresse (URL-Kürzel)", "Address (URL slug)";
    HintSlug => "3–40 Kleinbuchstaben, Ziffern oder Bindestriche, z. B. next-camp-2026. Leer lassen, um sie aus dem Namen zu bilden.", "3–40 lower-case letters, digits or hyphens, e.g. next-camp-2026. Leave empty to derive it from the name.";
    FieldDescription => "Beschreibung", "Description";
    FieldTimeZone => "Zeitzone", "Time zone";
    FieldSelfService => "Sessiongeber:innen wählen ihren Zeitslot selbst", "Hosts pick their own slot";
    FieldSchedulePublic => "Sessionplan öffentlich (auch ohne Einladung sichtbar)", "Schedule is public (visible without an invitation)";
    FieldEmailDomains => "Erlaubte E-Mail-Domains", "Allowed e-mail domains";
    HintEmailDomains => "Leer lassen für alle. Sonst durch Komma oder Leerzeichen getrennt, z. B. bund.de, berlin.de.", "Leave empty for everyone. Otherwise separated by commas or spaces, e.g. bund.de, berlin.de.";

    SettingsTitle => "Camp einrichten", "Camp settings";
    SettingsGeneral => "Allgemein", "General";
    SettingsRules => "Regeln", "Rules";
    CampBasics => "Name und Beschreibung", "Name and description";
    SettingsDays => "Tage und Zeitslots", "Days and time slots";
    SettingsRooms => "Räume", "Rooms";
    SettingsInvite => "Einladung", "Invitation";
    SettingsSections => "Abschnitte", "Sections";
    SettingsMembers => "Teilnehmende", "Participants";
    NoSlots => "Noch keine Zeitslots.", "No time slots yet.";
    NoRooms => "Noch keine Räume.", "No rooms yet.";
    NoMembers => "Noch niemand beigetreten.", "Nobody has joined yet.";
    AddSlot => "Zeitslot hinzufügen", "Add time slot";
    AddRoom => "Raum hinzufügen", "Add room";
    FieldDay => "Tag", "Day";
    FieldStarts => "Beginn", "Start";
    FieldEnds => "Ende", "End";
    FieldRoomName => "Raumname", "Room name";
    VideoRoom => "Videoraum", "Video room";
    FieldVideoUrl => "Videokonferenz-Link", "Video conference link";
    FieldCapacity => "Plätze", "Capacity";
    InviteLead => "Wer diesen Link hat, kann dem Camp beitreten. Ein neuer Link macht den alten ungültig.", "Anyone with this link can join the camp. A new link invalidates the old one.";
    InviteLinkLabel => "Einladungslink", "Invite link";
    RegenerateInvite => "Neuen Link erzeugen", "Generate a new link";
    EditRoom => "Bearbeiten", "Edit";
    OpenSettings => "Camp einrichten", "Camp settings";
    Joined => "beigetreten", "joined";

    AboutCamp => "Über das Camp", "About the camp";
    CampDays => "Tage und Zeitslots", "Days and time slots";
    CampRooms => "Räume", "Rooms";
    JoinRoom => "Raum betreten", "Join room";

    BoardTitle => "Sessions", "Sessions";
    NoSessions => "Noch keine Sessions vorgeschlagen. Machen Sie den Anfang!", "No sessions pitched yet. Be the first!";
    PitchTitle => "Session vorschlagen", "Pitch a session";
    PitchSubmit => "Vorschlagen", "Pitch";
    Pitched => "Ihr Vorschlag steht auf dem Board.", "Your pitch is on the board.";
    FieldTitle => "Titel", "Title";
    FieldPitchDescription => "Kurzbeschreibung", "Short description";
    FieldFormat => "Format", "Format";
    FieldTags => "Schlagwörter", "Tags";
    HintTags => "Durch Komma getrennt, höchstens 5, z. B. OZG, KI.", "Separated by commas, at most 5, e.g. OZG, AI.";
    FieldLength => "Länge", "Length";
    LengthOne => "1 Zeitslot", "1 time slot";
    LengthTwo => "2 Zeitslots", "2 time slots";
    FormatTalk => "Vortrag", "Talk";
    FormatDiscussion => "Diskussion", "Discussion";
    FormatWorkshop => "Workshop", "Workshop";
    FormatQuestion => "Frage", "Question";
    FormatOther => "Sonstiges", "Other";
    HostedBy => "Sessiongeber:in", "Host";
    YourSession => "Ihre Session", "Your session";
    Interest => "Interesse", "Interest";
    InterestMarked => "Interesse vermerkt", "Interest marked";
    VotesHidden => "Stimmen verborgen, bis die Abstimmung endet", "Votes hidden until voting ends";
    CoHosts => "Mit-Sessiongeber:innen (optional)", "Co-hosts (optional)";
    CoHostsHint => "Wer die Session mit Ihnen gibt. Diese Personen können den Vorschlag mitbearbeiten.", "Who runs the session with you. They can edit the pitch too.";
    NoPeople => "Noch niemand sonst ist beigetreten.", "Nobody else has joined yet.";
    SearchTitle => "Sessions durchsuchen", "Search sessions";
    FieldSearch => "Suche in Titel und Beschreibung", "Search title and description";
    FieldFilterFormat => "Filter: Format", "Filter: format";
    FieldFilterTag => "Filter: Schlagwort", "Filter: tag";
    FieldSort => "Sortierung", "Sort by";
    FilterAndSort => "Filter und Sortierung", "Filters and order";
    AnyFormat => "Alle Formate", "All formats";
    AnyTag => "Alle Schlagwörter", "All tags";
    SortNewest => "Neueste zuerst", "Newest first";
    SortInterest => "Meistes Interesse", "Most interest";
    SortTitle => "Titel (A–Z)", "Title (A–Z)";
    ApplyFilter => "Anzeigen", "Show";
    ResetFilter => "Filter zurücksetzen", "Reset filters";
    NoMatches => "Keine Session passt zu dieser Suche.", "No session matches this search.";
    Offline => "Offline – Änderungen werden nachgeladen, sobald die Verbindung zurück ist.", "Offline – changes will be loaded as soon as the connection is back.";
    Hidden => "Ausgeblendet", "Hidden";
    HiddenNote => "Diese Session ist für alle außer der Moderation ausgeblendet.", "This session is hidden from everyone but the moderators.";
    HideSession => "Ausblenden", "Hide";
    RestoreSession => "Wieder einblenden", "Restore";
    WithdrawSession => "Zurückziehen", "Withdraw";
    WithdrawConfirm => "Ich möchte diese Session zurückziehen. Sie verschwindet vom Board, die Stimmen verfallen.", "I want to withdraw this session. It leaves the board, its votes lapse.";
    Withdrawn => "Die Session wurde zurückgezogen.", "The session was withdrawn.";
    EditSession => "Session bearbeiten", "Edit session";
    SaveSession => "Änderungen speichern", "Save changes";
    SessionSaved => "Gespeichert.", "Saved.";
    BackToBoard => "Zurück zum Board", "Back to the board";
    SessionDetails => "Session verwalten", "Manage session";
    ShareLink => "Link zu dieser Session", "Link to this session";
    VotingClosedNote => "Die Abstimmung ist geschlossen.", "Voting is closed.";
    BlindVotingNote => "Blinde Abstimmung: Die Zahlen erscheinen, wenn die Abstimmung endet.", "Blind voting: the numbers appear when voting ends.";
    VotingTitle => "Abstimmung", "Voting";
    VotingLead => "Wer wie gestimmt hat, sieht niemand – auch die Moderation nicht.", "Nobody sees who voted for what – not even the moderators.";
    FieldVotingOpen => "Abstimmung ist offen", "Voting is open";
    FieldBlindVoting => "Blinde Abstimmung (Zahlen erst nach dem Ende zeigen)", "Blind voting (show the numbers only after it ends)";
    FieldVoteBudget => "Stimmen pro Person (leer: unbegrenzt)", "Votes per person (empty: unlimited)";
    VotingSaved => "Abstimmungsregeln gespeichert.", "Voting rules saved.";
    ErrBudget => "Bitte leer lassen oder eine ganze Zahl von 1 bis 100 angeben.", "Please leave empty or enter a whole number from 1 to 100.";
    ErrCoHost => "Mit-Sessiongeber:innen müssen Teilnehmende dieses Camps sein.", "Co-hosts must be participants of this camp.";
    JoinTitle => "Camp beitreten", "Join the camp";
    JoinLead => "Ein Name genügt. Kein Konto, kein Passwort.", "A name is all it takes. No account, no password.";
    JoinSubmit => "Beitreten", "Join";
    JoinAsNew => "Als neue Person beitreten", "Join as a new person";
    JoinEmailHint => "Dieses Camp steht nur Adressen dieser Domains offen:", "This camp is open only to addresses of these domains:";
    JoinAlready => "Sie sind diesem Camp bereits beigetreten.", "You have already joined this camp.";
    GoToCamp => "Zum Camp", "Go to the camp";
    JoinLeadEmail => "Ihr Name und Ihre dienstliche E-Mail-Adresse genügen: Wir schicken Ihnen einen Link zur Bestätigung. Kein Konto, kein Passwort.", "Your name and your work e-mail address are all it takes: we send you a link to confirm. No account, no password.";
    JoinSignInHint => "Schon beigetreten? Mit derselben Adresse erhalten Sie einen Link, der Sie auch auf diesem Gerät anmeldet.", "Joined already? The same address gets you a link that signs you in on this device too.";
    JoinCheckMail => "Bitte sehen Sie in Ihr Postfach", "Please check your inbox";
    JoinCheckMailHint => "Kein Link angekommen? Sehen Sie im Spam-Ordner nach oder senden Sie das Formular in einigen Minuten noch einmal.", "No link? Look in your spam folder, or send the form again in a few minutes.";
    ConfirmTitle => "Adresse bestätigen", "Confirm your address";
    ConfirmHint => "Erst dieser Klick bestätigt die Adresse. Danach sind Sie auf diesem Gerät angemeldet.", "Only this click confirms the address. Then you are signed in on this device.";
    MemberVerified => "bestätigt", "verified";
    MemberUnverified => "nicht bestätigt", "not verified";
    OutboxTitle => "Postausgang", "Outbox";
    OutboxLead => "campgrid hat keinen Mailserver (Einstellung --smtp-url). E-Mails werden deshalb nicht versendet, sondern hier und im Terminal gezeigt – zum Ausprobieren. Wer diese Seite sieht, kann die Links darin benutzen.", "campgrid has no mail server (setting --smtp-url). So e-mails are not sent but shown here and in the terminal, for trying things out. Whoever sees this page can use the links in them.";
    OutboxEmpty => "Noch keine E-Mails.", "No e-mails yet.";
    OutboxTo => "An", "To";
    Reload => "Neu laden", "Reload";
    JoinInvalid => "Dieser Einladungslink ist ungültig oder abgelaufen. Bitte fragen Sie die Moderation nach dem aktuellen Link.", "This invite link is invalid or expired. Please ask the moderators for the current link.";

    NotFoundTitle => "Seite nicht gefunden", "Page not found";
    NotFoundLead => "Diese Seite oder dieses Camp gibt es nicht (mehr).", "This page or camp does not exist (any more).";
    BackHome => "Zur Startseite", "Back to the start page";

    ErrRequired => "Bitte ausfüllen.", "Please fill in.";
    ErrTooLong => "Dieser Text ist zu lang.", "This text is too long.";
    ErrSlugFormat => "Nur 3–40 Kleinbuchstaben, Ziffern und Bindestriche (nicht am Anfang oder Ende).", "Only 3–40 lower-case letters, digits and hyphens (not at the start or end).";
    ErrSlugTaken => "Diese Adresse ist schon vergeben.", "This address is already taken.";
    ErrTimeZone => "Unbekannte Zeitzone.", "Unknown time zone.";
    ErrEmailDomains => "Bitte nur Domains wie „bund.de“ angeben.", "Please enter domains such as \"bund.de\" only.";
    ErrUrl => "Bitte einen Link angeben, der mit https:// oder http:// beginnt.", "Please enter a link that starts with https:// or http://.";
    ErrCapacity => "Bitte eine ganze Zahl von 1 bis 10.000 angeben.", "Please enter a whole number from 1 to 10,000.";
    ErrDate => "Bitte ein Datum angeben.", "Please enter a date.";
    ErrTime => "Bitte eine Uhrzeit angeben (hh:mm).", "Please enter a time (hh:mm).";
    ErrSlotInverted => "Das Ende muss nach dem Beginn liegen.", "The end must be after the start.";
    ErrSlotOverlap => "Dieser Zeitslot überschneidet sich mit einem anderen Slot desselben Tages.", "This time slot overlaps another slot of the same day.";
    ErrSlotLocalTime => "Diese Uhrzeit gibt es an diesem Tag in der Zeitzone des Camps nicht (Zeitumstellung).", "This time does not exist on that day in the camp's time zone (clock change).";
    ErrRoomTaken => "Einen Raum mit diesem Namen gibt es schon.", "A room with this name exists already.";
    ErrEmail => "Bitte eine gültige E-Mail-Adresse angeben.", "Please enter a valid e-mail address.";
    ErrEmailDomain => "Diese E-Mail-Domain ist für dieses Camp nicht zugelassen.", "This e-mail domain is not allowed for this camp.";
    ErrEmailTaken => "Diese E-Mail-Adresse ist schon vergeben.", "This e-mail address is already taken.";
    ErrPasswordShort => "Das Passwort muss mindestens 10 Zeichen haben.", "The password must have at least 10 characters.";
    ErrLogin => "E-Mail-Adresse oder Passwort stimmen nicht.", "E-mail address or password is wrong.";
    ErrUnauthorized => "Bitte melden Sie sich an.", "Please sign in.";
    ErrForbidden => "Dafür fehlt Ihnen die Berechtigung.", "You are not allowed to do that.";
    ErrNotFound => "Nicht gefunden.", "Not found.";
    ErrConflict => "Jemand anderes hat das inzwischen geändert. Die aktuelle Fassung wird angezeigt.", "Someone else changed this meanwhile. The current version is shown.";
    Close => "Schließen", "Close";
    PlacedAt => "Im Raster:", "In the grid:";
    GridPublishedNotice => "Das Raster wurde veröffentlicht.", "The grid has been published.";
    Availability => "Raumverfügbarkeit", "Room availability";
    MakeUnavailable => "Als nicht verfügbar markieren", "Mark as not available";
    MakeAvailable => "wieder verfügbar", "available again";
    GridTitle => "Sessionraster", "Session grid";
    OpenGrid => "Zum Raster", "Open the grid";
    GridTime => "Zeit", "Time";
    MoveHere => "Hierher", "Move here";
    CellFree => "frei", "free";
    RoomUnavailable => "Raum nicht verfügbar", "Room not available";
    ConflictHere => "Konflikt in diesem Feld", "Conflict in this cell";
    TwoSlots => "Doppel-Slot", "Two slots";
    Pinned => "Angeheftet", "Pinned";
    MoveTitle => "Verschieben", "Move";
    Room => "Raum", "Room";
    Slot => "Slot", "Slot";
    MoveConfirm => "Verschieben", "Move";
    Unplace => "Aus dem Raster nehmen", "Take out of the grid";
    Pin => "Anheften", "Pin";
    Unpin => "Lösen", "Unpin";
    Cancel => "Abbrechen", "Cancel";
    MoveHint => "Oder ein Feld mit „Hierher“ wählen. Ist das Feld belegt, tauschen die Sessions die Plätze.", "Or choose a cell with “Move here”. If the cell is taken, the sessions swap places.";
    NoConflicts => "Keine Konflikte.", "No conflicts.";
    Blocking => "Blockiert:", "Blocking:";
    ConflictCells => "Betroffene Felder", "Cells involved";
    Unplaced => "Noch nicht im Raster", "Not in the grid yet";
    NothingUnplaced => "Alle Sessions, die Sie verschieben dürfen, sind im Raster.", "Every session you may move is in the grid.";
    GridNeedsPlan => "Für das Raster braucht das Camp Slots und Räume. Die Moderation legt sie in den Einstellungen an.", "The grid needs slots and rooms. Moderators add them in the settings.";
    Days => "Tage", "Days";
    GridPlan => "Räume und Slots", "Rooms and slots";
    GridKeys => "Mit der Tastatur: Pfeiltasten gehen von Feld zu Feld, Eingabe oder Leertaste nimmt eine Session auf und legt sie im gewählten Feld ab, Esc bricht ab.", "With the keyboard: arrow keys go from cell to cell, Enter or Space picks a session up and puts it down in the chosen cell, Esc cancels.";
    GridPublishedCurrent => "Veröffentlicht: Alle sehen diesen Stand.", "Published: everyone sees this grid.";
    GridDraftChanged => "Entwurf: Änderungen seit der letzten Veröffentlichung.", "Draft: changed since it was last published.";
    GridNotPublished => "Entwurf: noch nicht veröffentlicht.", "Draft: not published yet.";
    GridLockedNote => "Gesperrt: Nur die Moderation platziert Sessions.", "Locked: only moderators place sessions.";
    SelfServiceNote => "Sie können Ihre eigenen Sessions in freie Felder legen.", "You can place your own sessions into free cells.";
    Undo => "Rückgängig", "Undo";
    Publish => "Veröffentlichen", "Publish";
    ProposalTitle => "Raster vorschlagen", "Suggest a grid";
    ProposalLead => "Platziert die offenen Sessions so, dass niemand doppelt gebucht ist, große Sessions große Räume bekommen und möglichst wenige Interessierte zwei Sessions zugleich wollen. Angeheftete bleiben, wo sie sind.", "Places the open sessions so that no host is double-booked, big sessions get big rooms and as few people as possible want two sessions at once. Pinned sessions stay where they are.";
    ProposalReplace => "Auch nicht angeheftete Sessions neu verteilen", "Also re-place sessions that are not pinned";
    ProposalCompute => "Vorschlag berechnen", "Compute a proposal";
    ProposalScore => "Bewertung", "Score";
    Now => "Jetzt", "Now";
    Proposed => "Vorschlag", "Proposal";
    ScoreConflicting => "Interessierte mit Überschneidung", "People with a clash";
    ScoreOverCapacity => "Sessions über der Raumgröße", "Sessions over room size";
    ScoreUnplaced => "Sessions ohne Platz", "Sessions without a place";
    ScoreHostsTwice => "Doppelt gebuchte Hosts", "Double-booked hosts";
    ScoreConflictingHint => "Wer zwei Sessions im selben Slot möchte, verpasst eine: so oft kommt das vor.", "Who wants two sessions in the same slot misses one: how often that happens.";
    ScoreOverCapacityHint => "Mehr Interessierte als Plätze im Raum.", "More people interested than the room has seats.";
    ScoreUnplacedHint => "Sessions, die keinen Platz im Raster bekommen.", "Sessions that get no place in the grid.";
    ScoreHostsTwiceHint => "Sessiongeber:innen, die zur selben Zeit an zwei Orten wären.", "Hosts who would be in two places at once.";
    ScoreChange => "Änderung", "Change";
    ScoreLessIsBetter => "Bei jedem Wert ist weniger besser.", "For every figure, less is better.";
    ProposalApply => "Vorschlag übernehmen", "Apply the proposal";
    ProposalLeaves => "Vorschlag: zieht um", "Proposed: moves";
    ProposalPreviewHint => "Die Tabelle zeigt den Vorschlag in den Zellen an: wer wohin käme und wer umzieht.", "The grid shows the proposal in its cells: who would go where and who would move.";
    ProposalDiscard => "Verwerfen", "Discard";
    GridSettings => "Rastereinstellungen", "Grid settings";
    GridLock => "Raster sperren (Hosts platzieren nicht mehr selbst)", "Lock the grid (hosts no longer place their sessions)";
    OverlapPercent => "Überschneidung melden ab (Prozent)", "Report overlap from (percent)";
    OverlapHint => "Anteil gemeinsamer Interessierter zweier Sessions im selben Slot.", "Share of people interested in both of two sessions in one slot.";
    GridHistory => "Verlauf", "History";
    Undone => "rückgängig gemacht", "undone";
    ErrGridStale => "Jemand anderes hat das Raster gerade geändert. Sie sehen jetzt den aktuellen Stand; bitte prüfen Sie Ihre Änderung.", "Someone else changed the grid just now. You now see the current grid; please check your change.";
    ErrCellTaken => "Dieses Feld ist inzwischen belegt.", "This cell has been taken meanwhile.";
    ErrNoSecondSlot => "Eine Doppel-Session braucht zwei aufeinanderfolgende Slots eines Tages im selben Raum.", "A double session needs two consecutive slots of one day in the same room.";
    ErrNotPlaced => "Diese Session ist nicht im Raster.", "This session is not in the grid.";
    ErrGridLocked => "Das Raster ist gesperrt: Nur die Moderation kann Sessions platzieren.", "The grid is locked: only moderators can place sessions.";
    ErrHostBusy => "Sie halten in diesem Slot schon eine andere Session.", "You already host another session in this slot.";
    ErrNothingToUndo => "Es gibt nichts rückgängig zu machen.", "There is nothing to undo.";
    ErrPublishBlocked => "Veröffentlichen geht erst, wenn niemand mehr an zwei Orten zugleich sein muss.", "You can publish once nobody has to be in two places at once.";
    ErrOverlapPercent => "Bitte eine ganze Zahl von 0 bis 100 eingeben.", "Please enter a whole number from 0 to 100.";
    ErrSetupClosed => "Es gibt bereits ein Moderationskonto.", "A moderator account exists already.";
    ErrSetupLink => "Dieser Einrichtungslink gilt nicht (mehr). Starten Sie campgrid neu und öffnen Sie den neuen Link aus dem Terminal.", "This setup link is not valid (any more). Restart campgrid and open the new link from its terminal.";
    ErrInvite => "Dieser Einladungslink ist ungültig.", "This invite link is invalid.";
    ErrRemoved => "Sie wurden aus diesem Camp entfernt.", "You have been removed from this camp.";
    ErrMailFailed => "Die E-Mail konnte gerade nicht versendet werden. Bitte versuchen Sie es in einigen Minuten erneut.", "The e-mail could not be sent just now. Please try again in a few minutes.";
    ErrLinkNeedsPassword => "Diese Adresse gehört zu einem Moderationskonto. Bitte melden Sie sich mit Ihrem Passwort an.", "This address belongs to a moderator account. Please sign in with your password.";
    ErrResetLinkInvalid => "Dieser Link ist ungültig, schon benutzt oder abgelaufen. Fordern Sie einfach einen neuen an.", "This link is invalid, used already or expired. Just ask for a new one.";
    ErrLinkInvalid => "Dieser Link ist ungültig, schon benutzt oder abgelaufen. Über den Einladungslink des Camps erhalten Sie einen neuen.", "This link is invalid, used already or expired. The camp's invite link gets you a new one.";
    ErrTooManyRequests => "Zu viele Versuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.", "Too many attempts. Please wait a few minutes, then try again.";
    ErrInternal => "Etwas ist schiefgegangen. Bitte versuchen Sie es erneut.", "Something went wrong. Please try again.";
    ErrNetwork => "Keine Verbindung zum Server. Bitte versuchen Sie es erneut.", "No connection to the server. Please try again.";
    ErrFormat => "Bitte ein Format auswählen.", "Please choose a format.";
    ErrTagTooLong => "Ein Schlagwort darf höchstens 30 Zeichen haben.", "A tag may have at most 30 characters.";
    ErrTooManyTags => "Höchstens 5 Schlagwörter.", "At most 5 tags.";
    ErrLength => "Diese Sessionlänge ist in diesem Camp nicht möglich.", "This session length is not possible in this camp.";
    ErrVoteOwn => "Für die eigene Session kann man nicht stimmen.", "You cannot vote for your own session.";
    ErrVotingClosed => "Die Abstimmung ist geschlossen.", "Voting is closed.";
    ErrVoteBudget => "Sie haben alle Stimmen vergeben. Nehmen Sie erst eine zurück.", "You have used all your votes. Take one back first.";
    ErrSessionUnavailable => "Diese Session wurde zurückgezogen oder ausgeblendet.", "This session was withdrawn or hidden.";
    ErrForm => "Bitte prüfen Sie die markierten Felder.", "Please check the marked fields.";
    // A team of moderators and confirmed member actions (issue 12, defects 2 and 6). `{name}`,
    // `{shown}` and `{total}` are filled in by the settings page.
    ErrLastModerator => "Ein Camp braucht mindestens eine Moderation.", "A camp needs at least one moderator.";
    ErrRole => "Unbekannte Rolle.", "Unknown role.";
    MemberActions => "Aktionen", "Actions";
    MakeModerator => "Zur Moderation machen", "Make moderator";
    RevokeModerator => "Moderation entziehen", "Remove moderator role";
    ItsYou => "Sie", "You";
    SearchMembers => "Teilnehmende suchen", "Search participants";
    FieldMemberSearch => "Name oder E-Mail-Adresse", "Name or e-mail address";
    NoMemberMatches => "Niemand passt zu dieser Suche.", "Nobody matches this search.";
    ConfirmRemoveText => "Die Person verliert sofort den Zugang zum Camp, ihre Interessensbekundungen zählen nicht mehr. Unter „Entfernte Personen“ können Sie das rückgängig machen.", "They lose access to the camp at once and their marks stop counting. You can undo this under \"Removed people\".";
    ConfirmRegenerateTitle => "Neuen Einladungslink erzeugen?", "Generate a new invite link?";
    ConfirmRegenerateText => "Der bisherige Link funktioniert dann nicht mehr. Wer schon beigetreten ist, bleibt im Camp; alle anderen brauchen den neuen Link.", "The current link stops working. Everyone who has joined stays in the camp; everyone else needs the new link.";
    MemberRemoved => "Die Person wurde aus dem Camp entfernt.", "The person was removed from the camp.";
    MemberRestored => "Die Person ist wieder im Camp, mit ihren Interessensbekundungen.", "The person is back in the camp, with their marks of interest.";
    RemovedCanRejoin => "Wer den Einladungslink noch hat, kann als neue Person wieder beitreten (mit anderem Namen oder anderer Adresse). Wurde der Link weitergegeben, erzeugen Sie einen neuen.", "Whoever still has the invite link can join again as a new person (with another name or address). If the link was passed on, make a new one.";
    ToInviteLink => "Zum Einladungslink", "To the invite link";
    RemovedMembersHint => "Entfernte Personen haben keinen Zugang, ihre Interessensbekundungen zählen nicht. Wieder aufgenommen, zählen sie wieder.", "Removed people have no access, and their marks do not count. Taken back in, they count again.";
    Restore => "Wieder aufnehmen", "Take back in";
    RoleChanged => "Die Rolle wurde geändert.", "The role was changed.";
    InviteRegenerated => "Der neue Einladungslink gilt ab sofort; der alte funktioniert nicht mehr.", "The new invite link works from now on; the old one no longer does.";
    // The attendees' schedule (issue 5).
    ScheduleNavLabel => "Programm-Ansichten", "Schedule views";
    NowAndNext => "Jetzt und gleich", "Now and next";
    ScheduleTitle => "Programm", "Schedule";
    ScheduleLead => "Das veröffentlichte Programm: was wann in welchem Raum läuft.", "The published schedule: what runs when and in which room.";
    OpenSchedule => "Zum Programm", "Open the schedule";
    MyAgenda => "Meine Agenda", "My agenda";
    PlenaryScreen => "Plenum", "Plenary";
    YourSessionMoved => "Eine Ihrer gemerkten Sessions hat sich geändert:", "One of your starred sessions changed:";
    SchedulePublishedNotice => "Das Programm wurde aktualisiert.", "The schedule has been updated.";
    Star => "Merken", "Star";
    Break => "Gerade ist Pause.", "It is a break right now.";
    NotPublishedYet => "Das Programm ist noch nicht veröffentlicht.", "The schedule has not been published yet.";
    ThanksTitle => "Danke fürs Mitmachen!", "Thank you for taking part!";
    ThanksText => "Das Camp ist vorbei. Unten steht das ganze Programm zum Nachlesen.", "The camp is over. The full schedule is below for reference.";
    RoomFree => "Hier läuft nichts.", "Nothing on here.";
    Join => "Teilnehmen", "Join";
    Continued => "(Fortsetzung)", "(continued)";
    ExportsTitle => "Programm abonnieren und herunterladen", "Subscribe and download";
    ExportIcs => "Kalender (iCalendar)", "Calendar (iCalendar)";
    ExportXml => "schedule.xml (frab, für Konferenz-Apps)", "schedule.xml (frab, for conference apps)";
    ExportJson => "schedule.json", "schedule.json";
    ExportCsv => "Tabelle (CSV, für Moderation)", "Spreadsheet (CSV, for moderators)";
    RoomCalendar => "Raum als Kalender", "Room as calendar";
    RoomPlanEmpty => "In diesem Raum ist noch nichts geplant.", "Nothing is planned in this room yet.";
    NotInSchedule => "Diese Session steht nicht (mehr) im Programm.", "This session is not (or no longer) in the schedule.";
    BackToSchedule => "Zurück zum Programm", "Back to the schedule";
    When => "Wann", "When";
    Hosts => "Sessiongeber:innen", "Hosts";
    AddToCalendar => "Zum Kalender hinzufügen", "Add to calendar";
    AgendaLeadServer => "Ihre gemerkten Sessions, gespeichert in Ihrem Konto.", "Your starred sessions, stored with your account.";
    AgendaLeadLocal => "Ihre gemerkten Sessions, gespeichert nur in diesem Browser – ohne Konto.", "Your starred sessions, stored only in this browser – no account needed.";
    AgendaEmpty => "Noch nichts gemerkt. Merken Sie Sessions im Programm mit dem Stern.", "Nothing starred yet. Star sessions in the schedule.";
    FeedTitle => "Agenda im Kalender abonnieren", "Subscribe to your agenda in a calendar";
    FeedText => "Eine geheime Adresse für Ihre Kalender-App. Wer sie kennt, sieht Ihre Agenda: geben Sie sie nicht weiter. Eine neue Adresse macht die alte ungültig.", "A secret address for your calendar app. Anyone who knows it sees your agenda: do not share it. A new address makes the old one invalid.";
    FeedActive => "Sie haben ein Abonnement. Die Adresse wird aus Sicherheitsgründen nur einmal angezeigt; erzeugen Sie bei Bedarf eine neue.", "You have a subscription. For safety its address is shown only once; create a new one if needed.";
    FeedUrlLabel => "Abonnement-Adresse", "Subscription address";
    FeedCreate => "Adresse erzeugen", "Create address";
    FeedRenew => "Neue Adresse erzeugen", "Create a new address";
    FeedRevoke => "Abonnement beenden", "End the subscription";
    FeedRevoked => "Das Abonnement ist beendet; die alte Adresse funktioniert nicht mehr.", "The subscription has ended; the old address no longer works.";
    PlenaryClock => "Uhrzeit", "Time";
    ErrPlanInUse => "Hier stehen noch Sessions im Raster oder im veröffentlichten Programm. Nehmen Sie sie zuerst im Raster heraus (und veröffentlichen Sie neu), dann lässt sich das löschen.", "Sessions still sit here in the grid or the published schedule. Take them out in the grid first (and publish again), then this can be deleted.";
    GridChangedWhileChoosing => "Das Raster wurde gerade geändert, während Sie gewählt haben. Ihre Auswahl bleibt stehen; prüfen Sie sie im aktuellen Raster.", "The grid changed while you were choosing. Your choice stays; please check it against the current grid.";
    // Column heads of schedule.csv (issue 12: exports in the reader's language).
    CsvDay => "Tag", "Day";
    CsvStarts => "Beginn", "Start";
    CsvEnds => "Ende", "End";
    CsvRoom => "Raum", "Room";
    CsvTitle => "Titel", "Title";
    CsvFormat => "Format", "Format";
    CsvTags => "Schlagwörter", "Tags";
    CsvHosts => "Sessiongeber:innen", "Hosts";
}

/// Weekday and month names for dates in the reader's language.
pub fn format_date(lang: Lang, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const DE_DAYS: [&str; 7] = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."];
    const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const EN_MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let wd = date.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::De => format!("{} {}", DE_DAYS[wd], date.format("%d.%m.%Y")),
        Lang::En => format!(
            "{}, {} {} {}",
            EN_DAYS[wd],
            date.day(),
            EN_MONTHS[date.month0() as usize],
            date.year()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_first_supported() {
        assert_eq!(
            Lang::from_accept_language("fr-FR,en-US;q=0.8,de;q=0.5"),
            Lang::En
        );
        assert_eq!(Lang::from_accept_language("de-DE,de;q=0.9"), Lang::De);
        assert_eq!(Lang::from_accept_language("fr"), Lang::De);
    }

    #[test]
    fn cookie_wins_over_browser() {
        let lang = Lang::for_request(Some("a=b; campgrid_lang=en"), Some("de-DE"));
        assert_eq!(lang, Lang::En);
        assert_eq!(Lang::for_request(None, Some("en")), Lang::En);
    }

    #[test]
    fn dates_follow_the_language() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(format_date(Lang::De, d), "Sa. 28.11.2026");
        assert_eq!(format_date(Lang::En, d), "Sat, 28 Nov 2026");
    }
}
