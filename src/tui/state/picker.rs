//! The profile picker: shown at start when several profiles exist and none
//! is the default.

/// One profile in the picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileChoice {
    /// Its name in config.toml.
    pub name: String,
    /// agency, brand or partner.
    pub account_type: String,
    /// Account SID.
    pub account_sid: String,
    /// Base URL of the token service.
    pub api_url: String,
}

/// The picker's rows and cursor.
#[derive(Clone, Debug, Default)]
pub struct Picker {
    /// The profiles, in name order.
    pub choices: Vec<ProfileChoice>,
    /// The highlighted row.
    pub cursor: usize,
    /// `--allow-insecure-http` was given (checked again for the picked URL).
    pub allow_insecure_http: bool,
}

impl Picker {
    /// Moves the cursor by `delta` rows, stopping at the ends.
    pub fn step(&mut self, delta: isize) {
        let last = self.choices.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// The highlighted profile.
    pub fn current(&self) -> Option<&ProfileChoice> {
        self.choices.get(self.cursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_stops_at_the_ends() {
        let c = ProfileChoice {
            name: "a".into(),
            account_type: "brand".into(),
            account_sid: "s".into(),
            api_url: "u".into(),
        };
        let mut p = Picker {
            choices: vec![c.clone(), c],
            ..Picker::default()
        };
        p.step(-1);
        assert_eq!(p.cursor, 0);
        p.step(1);
        p.step(1);
        assert_eq!(p.cursor, 1);
    }
}
