//! The theme and the field styles (which field shows its cursor).

use super::{ContactFocus, Screen, SetupFocus, State, Step};

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
        let wizard = matches!(self.screen, Screen::Wizard);
        let creds = matches!(self.screen, Screen::Credentials);
        let setup = matches!(self.screen, Screen::ProfileSetup);
        for (row, field) in [0usize, 2, 3, 4]
            .into_iter()
            .zip(self.profile_form.fields.iter_mut())
        {
            field.set_placeholder_style(theme.placeholder());
            let focused = setup && self.profile_form.focus == row;
            field.set_cursor_style(if focused {
                theme.field_cursor()
            } else {
                ratatui::style::Style::default()
            });
            field.set_style(theme.field());
        }
        let focus = [
            (wizard && self.step == Step::Setup && self.setup.focus == SetupFocus::Name),
            (wizard && self.step == Step::Setup && self.setup.focus == SetupFocus::Description),
            (wizard && self.step == Step::Contact && self.contact.focus == ContactFocus::Contacts),
            (wizard
                && self.step == Step::Contact
                && self.contact.focus == ContactFocus::EmailInput),
            (creds && !self.credentials.on_token),
            (creds && self.credentials.on_token),
        ];
        let fields = [
            &mut self.setup.name,
            &mut self.setup.description,
            &mut self.contact.filter,
            &mut self.contact.email_input,
            &mut self.search.input,
            &mut self.preset_input,
            &mut self.credentials.sid,
            &mut self.credentials.token,
        ];
        if let Some(input) = &mut self.export_input {
            input.set_placeholder_style(theme.placeholder());
            input.set_cursor_style(theme.field_cursor());
            input.set_style(theme.field());
        }
        if let Screen::Secret(c) = &mut self.screen
            && let Some(input) = &mut c.save_input
        {
            input.set_placeholder_style(theme.placeholder());
            input.set_cursor_style(theme.field_cursor());
            input.set_style(theme.field());
        }
        for (field, focused) in fields.into_iter().zip(focus) {
            // The widget's own placeholder colour would ignore NO_COLOR.
            field.set_placeholder_style(theme.placeholder());
            field.set_cursor_style(if focused {
                theme.field_cursor()
            } else {
                ratatui::style::Style::default()
            });
            field.set_style(theme.field());
        }
    }
}
