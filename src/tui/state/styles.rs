//! The theme and the field styles (which field shows its cursor).

use super::State;
use super::focus::{FieldId, focused_field};

impl State {
    /// The theme for this run.
    pub fn theme(&self) -> crate::tui::theme::Theme {
        crate::tui::theme::Theme::new(
            !self.settings.no_color,
            self.settings.colors_256,
            self.settings.ascii,
        )
    }
}

impl State {
    /// Shows the text cursor only in the focused field. Called after every
    /// update, so views stay read-only.
    pub fn sync_field_styles(&mut self) {
        let theme = self.theme();
        let focused = focused_field(self);
        for id in FieldId::ALL {
            let Some(field) = self.field_mut(id) else {
                continue;
            };
            // The widget's own placeholder colour would ignore NO_COLOR.
            field.set_placeholder_style(theme.placeholder());
            field.set_cursor_style(if focused == Some(id) {
                theme.field_cursor()
            } else {
                ratatui::style::Style::default()
            });
            field.set_style(theme.field());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::AccountType;
    use crate::model::catalog::Catalog;
    use crate::tui::state::Step;
    use crate::tui::state::{Modal, Settings};
    use ratatui::style::Style;

    fn state(needs_credentials: bool) -> State {
        let settings = Settings {
            account_type: AccountType::Brand,
            sandbox: true,
            ascii: false,
            no_color: true,
            colors_256: false,
        };
        State::new(
            settings,
            Catalog::bundled(AccountType::Brand),
            needs_credentials,
        )
    }

    /// The cursor shows in the one field that has focus, and nowhere else:
    /// the search line while typing in it, the preset name while naming,
    /// and only the focused one of the two credentials fields.
    #[test]
    fn the_cursor_shows_only_in_the_focused_field() {
        let cursor = state(false).theme().field_cursor();
        let mut s = state(false);
        s.step = Step::Scopes;
        s.search.editing = true;
        s.sync_field_styles();
        assert_eq!(s.search.input.cursor_style(), cursor);
        assert_eq!(s.preset_input.cursor_style(), Style::default());
        assert_eq!(s.setup.name.cursor_style(), Style::default());

        s.search.editing = false;
        s.modal = Some(Modal::SavePreset);
        s.sync_field_styles();
        assert_eq!(s.preset_input.cursor_style(), cursor);
        assert_eq!(s.search.input.cursor_style(), Style::default());

        let mut s = state(true);
        s.sync_field_styles();
        assert_eq!(s.credentials.sid.cursor_style(), cursor);
        assert_eq!(s.credentials.token.cursor_style(), Style::default());
        assert_eq!(s.search.input.cursor_style(), Style::default());
        s.credentials.on_token = true;
        s.sync_field_styles();
        assert_eq!(s.credentials.sid.cursor_style(), Style::default());
        assert_eq!(s.credentials.token.cursor_style(), cursor);
        assert_eq!(s.preset_input.cursor_style(), Style::default());
    }
}
