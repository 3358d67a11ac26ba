//! Messages with arguments: whole sentences with named placeholders (`{title}`), and plural
//! forms chosen by the number `{n}` (German and English both have "one" and "other"). A
//! translation can move, quote and inflect its arguments as its language needs, which gluing
//! a `Msg` and a value together with `format!` cannot.
use super::Lang;

/// One argument of a phrase: a number (formatted for the language, and for `n` also the
/// plural form) or a piece of text put in as it is.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Num(&'static str, i64),
    Text(&'static str, &'a str),
}

impl Arg<'_> {
    fn name(&self) -> &'static str {
        match self {
            Arg::Num(name, _) | Arg::Text(name, _) => name,
        }
    }
}

macro_rules! phrases {
    ($($key:ident => [$de1:literal $(, $de2:literal)?], [$en1:literal $(, $en2:literal)?];)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Phrase { $($key),* }

        impl Phrase {
            #[cfg(test)]
            const ALL: &'static [Phrase] = &[$(Phrase::$key),*];

            /// The template for a language and plural form ("one" where `n` is 1).
            fn template(self, lang: Lang, one: bool) -> &'static str {
                match (lang, one) {
                    (Lang::De, true) => match self { $(Phrase::$key => $de1),* },
                    (Lang::De, false) => match self { $(Phrase::$key => phrases!(@other $de1 $(, $de2)?)),* },
                    (Lang::En, true) => match self { $(Phrase::$key => $en1),* },
                    (Lang::En, false) => match self { $(Phrase::$key => phrases!(@other $en1 $(, $en2)?)),* },
                }
            }
        }
    };
    (@other $one:literal) => { $one };
    (@other $one:literal, $other:literal) => { $other };
}

// `[one, other]` per language where the sentence depends on `{n}`; one form where it does not.
phrases! {
    VotesLeft => ["{n} Stimme übrig", "{n} Stimmen übrig"], ["{n} vote left", "{n} votes left"];
    Seats => ["{n} Platz", "{n} Plätze"], ["{n} seat", "{n} seats"];
    Interested => ["{n} Person interessiert", "{n} Personen interessiert"], ["{n} person interested", "{n} people interested"];
    Participants => ["{n} teilnehmende Person", "{n} Teilnehmende"], ["{n} participant", "{n} participants"];
    ShowingOf => ["{shown} von {n} Session angezeigt", "{shown} von {n} Sessions angezeigt"], ["{shown} of {n} session shown", "{shown} of {n} sessions shown"];
    ProposalMoves => ["{n} Session bekäme einen neuen Platz.", "{n} Sessions bekämen einen neuen Platz."], ["{n} session would get a new place.", "{n} sessions would get a new place."];
    MinutesLeft => ["noch {n} Min."], ["{n} min left"];
    HiddenSessions => ["Ausgeblendete Sessions ({n})"], ["Hidden sessions ({n})"];
    OfflineAsOf => ["Offline – Stand {time}"], ["Offline – as of {time}"];
    JoinRoom => ["Raum betreten: {room}"], ["Join room: {room}"];
    JoinRoomShort => ["Teilnehmen: {room}"], ["Join: {room}"];
    StarSession => ["Merken: {title}"], ["Star: {title}"];
    MailLinkSubject => ["Ihr Link zu {camp}"], ["Your link to {camp}"];
    MailLinkBody => ["Guten Tag,\n\nmit diesem Link bestätigen Sie Ihre Adresse für „{camp}“ und melden sich an. Er gilt {minutes} Minuten und nur ein Mal:\n\n{link}\n\nÖffnen Sie ihn auf dem Gerät, auf dem Sie campgrid nutzen möchten. Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail einfach; ohne Klick geschieht nichts.\n\ncampgrid"], ["Hello,\n\nthis link confirms your address for \"{camp}\" and signs you in. It works for {minutes} minutes and only once:\n\n{link}\n\nOpen it on the device where you want to use campgrid. If you did not ask for it, just ignore this e-mail; nothing happens without a click.\n\ncampgrid"];
    MailResetSubject => ["Ihr Passwort für campgrid zurücksetzen"], ["Reset your campgrid password"];
    MailResetBody => ["Guten Tag,\n\nmit diesem Link wählen Sie ein neues Passwort für Ihr Moderationskonto. Er gilt {minutes} Minuten und nur ein Mal:\n\n{link}\n\nWenn Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail einfach; Ihr Passwort bleibt, wie es ist.\n\ncampgrid"], ["Hello,\n\nthis link lets you choose a new password for your moderator account. It works for {minutes} minutes and only once:\n\n{link}\n\nIf you did not ask for it, just ignore this e-mail; your password stays as it is.\n\ncampgrid"];
    MailChangedSubject => ["Ihr campgrid-Konto wurde geändert"], ["Your campgrid account was changed"];
    MailChangedBody => ["Guten Tag,\n\n{what}\n\nWaren Sie das nicht, setzen Sie Ihr Passwort über „Passwort vergessen?“ zurück und melden Sie sich bei der Moderation Ihres Camps:\n\n{link}\n\ncampgrid"], ["Hello,\n\n{what}\n\nIf this was not you, reset your password through \"Forgot your password?\" and tell your camp's moderators:\n\n{link}\n\ncampgrid"];
    ChangedPassword => ["Das Passwort Ihres Kontos wurde eben geändert."], ["The password of your account was just changed."];
    ChangedEmail => ["Die Anmeldeadresse Ihres Kontos wurde eben geändert; diese Adresse gilt nicht mehr."], ["The sign-in address of your account was just changed; this address no longer applies."];
    ChangedTotpOn => ["Für Ihr Konto wurde eben die Bestätigung in zwei Schritten eingeschaltet."], ["Two-step verification was just turned on for your account."];
    ChangedTotpOff => ["Für Ihr Konto wurde eben die Bestätigung in zwei Schritten ausgeschaltet."], ["Two-step verification was just turned off for your account."];
    ResetLead => ["Geben Sie die Adresse Ihres Moderationskontos ein. Wir schicken Ihnen einen Link, der {minutes} Minuten gilt."], ["Enter the address of your moderator account. We send you a link that works for {minutes} minutes."];
    ResetSent => ["Gibt es zu {email} ein Moderationskonto, ist jetzt ein Link dorthin unterwegs. Er gilt {minutes} Minuten."], ["If there is a moderator account for {email}, a link is on its way there now. It works for {minutes} minutes."];
    DateTime => ["{date}, {time} Uhr"], ["{date}, {time}"];
    SignInStarted => ["Angemeldet seit {time}"], ["Signed in since {time}"];
    SignInLastUsed => ["Zuletzt aktiv {time}"], ["Last active {time}"];
    EndSignInOf => ["Abmelden: {device}, angemeldet seit {time}"], ["Sign out: {device}, signed in since {time}"];
    DeviceCodeValid => ["Gilt {minutes} Minuten und nur ein Mal."], ["Works for {minutes} minutes and only once."];
    RecoveryLeft => ["Noch {n} Wiederherstellungscode übrig.", "Noch {n} Wiederherstellungscodes übrig."], ["{n} recovery code left.", "{n} recovery codes left."];
    JoinMailSent => ["Wir haben einen Link an {email} geschickt. Öffnen Sie ihn innerhalb von {minutes} Minuten, um den Beitritt abzuschließen."], ["We sent a link to {email}. Open it within {minutes} minutes to finish joining."];
    ConfirmJoinAs => ["Als {name} beitreten"], ["Join as {name}"];
    RemovedMembers => ["Entfernte Personen ({n})"], ["Removed people ({n})"];
    ConfirmAsNew => ["Als neue Person „{name}“ beitreten"], ["Join as a new person, \"{name}\""];
    ConfirmSignedInAs => ["In diesem Browser sind Sie als {name} angemeldet. Mit welchem Namen möchten Sie beitreten?"], ["In this browser you are signed in as {name}. Under which name do you want to join?"];
    ConfirmSignInAs => ["Als {name} anmelden"], ["Sign in as {name}"];
    ConfirmLead => ["Adresse {email} für „{camp}“ bestätigen"], ["Confirm the address {email} for \"{camp}\""];
    MoveHereTo => ["Hierher: {room}, {time}"], ["Move here: {room}, {time}"];
    RunningNowAt => ["Läuft gerade · {time}"], ["Running now · {time}"];
    FirstSlotAt => ["Zum Auftakt · {time}"], ["First up · {time}"];
    NextSlotAt => ["Als Nächstes · {time}"], ["Up next · {time}"];
    PageTitle => ["{page} – {camp}"], ["{page} – {camp}"];
    HostedByNames => ["Sessiongeber:in: {names}", "Sessiongeber:innen: {names}"], ["Host: {names}", "Hosts: {names}"];
    NewSessions => ["Neue Session: {titles}", "Neue Sessions: {titles}"], ["New session: {titles}", "New sessions: {titles}"];
    ActionPlace => ["platziert: {sessions}"], ["placed: {sessions}"];
    ActionMove => ["verschoben: {sessions}"], ["moved: {sessions}"];
    ActionSwap => ["getauscht: {sessions}"], ["swapped: {sessions}"];
    ActionUnplace => ["aus dem Raster genommen: {sessions}"], ["taken out: {sessions}"];
    ActionPin => ["angeheftet: {sessions}"], ["pinned: {sessions}"];
    ActionUnpin => ["gelöst: {sessions}"], ["unpinned: {sessions}"];
    ActionProposal => ["Vorschlag übernommen: {sessions}"], ["proposal applied: {sessions}"];
    ActionUndo => ["rückgängig: {sessions}"], ["undone: {sessions}"];
    ActionPublish => ["veröffentlicht"], ["published"];
    Clash => ["Gleichzeitig: „{a}“ und „{b}“"], ["At the same time: “{a}” and “{b}”"];
    MovedTo => ["„{title}“ jetzt {room}, {time}"], ["“{title}” now {room}, {time}"];
    Quoted => ["„{title}“"], ["“{title}”"];
    LeftGrid => ["„{title}“ ist nicht mehr im Raster"], ["“{title}” is no longer in the grid"];
    Cancelled => ["„{title}“ fällt aus"], ["“{title}” is cancelled"];
    HostTwice => ["{name} ist zur selben Zeit an zwei Orten: {sessions}"], ["{name} is in two places at the same time: {sessions}"];
    OverCapacity => ["„{title}“: {n} Person interessiert, der Raum hat {seats}", "„{title}“: {n} Personen interessiert, der Raum hat {seats}"], ["“{title}”: {n} person interested, the room has {seats}", "“{title}”: {n} people interested, the room has {seats}"];
    Overlap => ["„{a}“ / „{b}“: {n} % gemeinsames Interesse im selben Slot"], ["“{a}” / “{b}”: {n} % shared interest in the same slot"];
    Unavailable => ["„{title}“: der Raum ist in diesem Slot nicht verfügbar"], ["“{title}”: the room is not available in this slot"];
    DeleteSlot => ["Zeitslot {date} {time} löschen"], ["Delete time slot {date} {time}"];
    DeleteRoom => ["Raum {room} löschen"], ["Delete room {room}"];
    ProposalMoveTo => ["„{title}“ nach {room}, {time}"], ["“{title}” to {room}, {time}"];
    ProposalHere => ["Vorschlag: „{title}“"], ["Proposed: “{title}”"];
    ProposalTakeOut => ["„{title}“ aus dem Raster"], ["“{title}” out of the grid"];
    ConflictCount => ["{n} Konflikt", "{n} Konflikte"], ["{n} conflict", "{n} conflicts"];
    BlockingCount => ["{n} blockiert das Veröffentlichen", "{n} blockieren das Veröffentlichen"], ["{n} blocks publishing", "{n} block publishing"];
    MembersShown => ["{shown} von {n} Person angezeigt", "{shown} von {n} Personen angezeigt"], ["{shown} of {n} person shown", "{shown} of {n} people shown"];
    MemberActionsFor => ["Aktionen für {name}"], ["Actions for {name}"];
    ConfirmRemoveTitle => ["{name} aus dem Camp entfernen?"], ["Remove {name} from the camp?"];
    CharsLeft => ["Noch {n} Zeichen", "Noch {n} Zeichen"], ["{n} character left", "{n} characters left"];
    CharsOver => ["{n} Zeichen zu viel – höchstens {max}", "{n} Zeichen zu viel – höchstens {max}"], ["{n} character too many – at most {max}", "{n} characters too many – at most {max}"];
}

impl Phrase {
    /// The sentence in `lang` with `args` put in; the plural form follows the number `n`.
    pub fn fill(self, lang: Lang, args: &[Arg]) -> String {
        let n = args.iter().find_map(|a| match a {
            Arg::Num("n", n) => Some(*n),
            _ => None,
        });
        // One pass over the template, so that an argument's own text ("{room}" in a title) is
        // never taken for a placeholder.
        let mut rest = self.template(lang, n == Some(1));
        let mut text = String::with_capacity(rest.len() + 32);
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let Some(len) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + len];
            match args.iter().find(|a| a.name() == name) {
                Some(Arg::Num(_, v)) => text.push_str(&number(lang, *v)),
                Some(Arg::Text(_, v)) => text.push_str(v),
                None => text.push_str(&rest[open..=open + len]),
            }
            rest = &rest[open + len + 1..];
        }
        text.push_str(rest);
        text
    }

    /// The sentence for a count `n` and no other argument.
    pub fn count(self, lang: Lang, n: i64) -> String {
        self.fill(lang, &[Arg::Num("n", n)])
    }
}

/// A whole number with the language's thousands separator: 5.000 and 5,000.
pub fn number(lang: Lang, n: i64) -> String {
    let sep = match lang {
        Lang::De => '.',
        Lang::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 4);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(template: &str) -> Vec<&str> {
        let mut names: Vec<&str> = template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    #[test]
    fn every_form_of_a_phrase_takes_the_same_arguments() {
        for &p in Phrase::ALL {
            let expected = placeholders(p.template(Lang::De, false));
            for (lang, one) in [(Lang::De, true), (Lang::En, true), (Lang::En, false)] {
                assert_eq!(
                    placeholders(p.template(lang, one)),
                    expected,
                    "{p:?} {lang:?}"
                );
            }
        }
    }

    #[test]
    fn plural_follows_n() {
        assert_eq!(Phrase::VotesLeft.count(Lang::De, 1), "1 Stimme übrig");
        assert_eq!(Phrase::VotesLeft.count(Lang::De, 2), "2 Stimmen übrig");
        assert_eq!(Phrase::VotesLeft.count(Lang::De, 0), "0 Stimmen übrig");
        assert_eq!(Phrase::Seats.count(Lang::En, 1), "1 seat");
        assert_eq!(Phrase::Seats.count(Lang::En, 40), "40 seats");
        let shown =
            |lang| Phrase::ShowingOf.fill(lang, &[Arg::Num("shown", 12), Arg::Num("n", 40)]);
        assert_eq!(shown(Lang::De), "12 von 40 Sessions angezeigt");
        assert_eq!(shown(Lang::En), "12 of 40 sessions shown");
    }

    #[test]
    fn quotes_and_numbers_follow_the_language() {
        let args = [
            Arg::Text("title", "KI"),
            Arg::Text("room", "Raum 1"),
            Arg::Text("time", "14:15"),
        ];
        assert_eq!(
            Phrase::MovedTo.fill(Lang::De, &args),
            "„KI“ jetzt Raum 1, 14:15"
        );
        assert_eq!(
            Phrase::MovedTo.fill(Lang::En, &args),
            "“KI” now Raum 1, 14:15"
        );
        assert_eq!(number(Lang::De, 5000), "5.000");
        assert_eq!(number(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(number(Lang::En, -1000), "-1,000");
        assert_eq!(number(Lang::De, 999), "999");
    }

    #[test]
    fn an_argument_is_never_read_as_a_placeholder() {
        let args = [
            Arg::Text("title", "{room}"),
            Arg::Text("room", "R"),
            Arg::Text("time", "9:00"),
        ];
        assert_eq!(
            Phrase::MovedTo.fill(Lang::En, &args),
            "“{room}” now R, 9:00"
        );
    }
}
