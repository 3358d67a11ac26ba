//! Session proposals: what a host may pitch, and the normalised form we store.
use serde::{Deserialize, Serialize};

use super::text::clean;
use crate::error::FieldError;
use crate::i18n::Msg;

pub const TITLE_MAX: usize = 120;
pub const PITCH_DESCRIPTION_MAX: usize = 2000;
pub const TAG_MAX: usize = 30;
pub const TAGS_MAX: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    Talk,
    Discussion,
    Workshop,
    Question,
    Other,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Talk,
        Format::Discussion,
        Format::Workshop,
        Format::Question,
        Format::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Talk => "talk",
            Format::Discussion => "discussion",
            Format::Workshop => "workshop",
            Format::Question => "question",
            Format::Other => "other",
        }
    }

    pub fn label(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            Format::Talk => Msg::FormatTalk,
            Format::Discussion => Msg::FormatDiscussion,
            Format::Workshop => Msg::FormatWorkshop,
            Format::Question => Msg::FormatQuestion,
            Format::Other => Msg::FormatOther,
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// The pitch form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PitchInput {
    pub title: String,
    pub description: String,
    pub format: String,
    /// Free text: "OZG, #KI  Open Source".
    pub tags: String,
    pub length_slots: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pitch {
    pub title: String,
    pub description: String,
    pub format: Format,
    pub tags: Vec<String>,
    pub length_slots: i64,
}

impl PitchInput {
    /// The form's fields as they arrive; the length is missing where the camp has no choice.
    pub fn from_form(
        title: String,
        description: String,
        format: String,
        tags: String,
        length_slots: Option<String>,
    ) -> PitchInput {
        PitchInput {
            title,
            description,
            format,
            tags,
            length_slots: length_slots.unwrap_or_default(),
        }
    }

    /// `long_sessions`: whether the camp allows sessions that take two slots.
    pub fn validate(&self, long_sessions: bool) -> Result<Pitch, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = clean(&mut errors, "title", &self.title, true, TITLE_MAX);
        let description = clean(
            &mut errors,
            "description",
            &self.description,
            false,
            PITCH_DESCRIPTION_MAX,
        );
        let format = Format::parse(self.format.trim()).unwrap_or_else(|| {
            errors.push(FieldError::new("format", Msg::ErrFormat));
            Format::Other
        });
        let tags = normalise_tags(&self.tags).unwrap_or_else(|msg| {
            errors.push(FieldError::new("tags", msg));
            vec![]
        });
        let max_length = if long_sessions { 2 } else { 1 };
        let length_slots = match self.length_slots.trim() {
            "" => 1,
            n => match n.parse::<i64>() {
                Ok(n) if (1..=max_length).contains(&n) => n,
                _ => {
                    errors.push(FieldError::new("length_slots", Msg::ErrLength));
                    1
                }
            },
        };
        if errors.is_empty() {
            Ok(Pitch {
                title,
                description,
                format,
                tags,
                length_slots,
            })
        } else {
            Err(errors)
        }
    }
}

/// Tags as the camp shares them: lower case, without '#', inner spaces as hyphens, unique,
/// in the order typed. Commas, semicolons and '#' separate tags.
pub fn normalise_tags(input: &str) -> Result<Vec<String>, Msg> {
    let mut tags: Vec<String> = Vec::new();
    for raw in input.split([',', ';', '#']) {
        let tag = raw
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-")
            .to_lowercase();
        if tag.is_empty() || tags.contains(&tag) {
            continue;
        }
        if tag.chars().count() > TAG_MAX {
            return Err(Msg::ErrTagTooLong);
        }
        tags.push(tag);
    }
    if tags.len() > TAGS_MAX {
        return Err(Msg::ErrTooManyTags);
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pitch(title: &str) -> PitchInput {
        PitchInput {
            title: title.into(),
            format: "talk".into(),
            ..Default::default()
        }
    }

    #[test]
    fn tags_are_normalised_and_unique() {
        assert_eq!(
            normalise_tags("OZG, #KI  ;Open   Source,ozg, #").unwrap(),
            vec!["ozg", "ki", "open-source"]
        );
        assert_eq!(normalise_tags("").unwrap(), Vec::<String>::new());
        assert_eq!(normalise_tags(&"x".repeat(31)), Err(Msg::ErrTagTooLong));
        assert_eq!(normalise_tags("a,b,c,d,e,f"), Err(Msg::ErrTooManyTags));
    }

    #[test]
    fn a_valid_pitch_keeps_markup_as_text() {
        let mut input = pitch("  <script>alert(1)</script> OZG  ");
        input.tags = "OZG".into();
        let p = input.validate(false).unwrap();
        assert_eq!(p.title, "<script>alert(1)</script> OZG");
        assert_eq!(
            (p.format, p.length_slots, p.tags),
            (Format::Talk, 1, vec!["ozg".to_string()])
        );
    }

    #[test]
    fn pitch_errors_name_their_fields() {
        let input = PitchInput {
            title: "x".repeat(121),
            description: "y".repeat(2001),
            format: "keynote".into(),
            tags: "a,b,c,d,e,f".into(),
            length_slots: "2".into(),
        };
        let fields: Vec<_> = input
            .validate(false)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.msg))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("title".to_string(), Msg::ErrTooLong),
                ("description".to_string(), Msg::ErrTooLong),
                ("format".to_string(), Msg::ErrFormat),
                ("tags".to_string(), Msg::ErrTooManyTags),
                ("length_slots".to_string(), Msg::ErrLength),
            ]
        );
        assert_eq!(
            pitch(" ").validate(true).unwrap_err()[0],
            FieldError::new("title", Msg::ErrRequired)
        );
    }

    #[test]
    fn two_slot_sessions_only_where_allowed() {
        let mut input = pitch("Workshop");
        input.length_slots = "2".into();
        assert_eq!(input.validate(true).unwrap().length_slots, 2);
        assert!(input.validate(false).is_err());
    }
}
