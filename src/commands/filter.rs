//! Resolving FILTERS for `list` and `summary`.

use crate::core::filter::{Filter, FilterError, FilterInput};
use crate::core::theme::Themes;
use crate::error::{Error, Result};

use super::Context;

pub fn resolve(ctx: &Context, themes: &Themes, input: &FilterInput) -> Result<Filter> {
    Filter::resolve(input, ctx.today(), themes).map_err(|e| match e {
        FilterError::Usage(m) => Error::usage(m),
        FilterError::UnknownTheme { theme, known } => unknown_theme(&theme, themes, &known),
    })
}

/// The usage error for a theme that does not exist, with the likeliest one it meant.
pub fn unknown_theme(given: &str, themes: &Themes, known: &str) -> Error {
    let ids: Vec<&str> = themes.all().iter().map(|t| t.id.as_str()).collect();
    let hint = match crate::core::text::closest(given, ids.iter().copied()) {
        Some(c) => format!("did you mean `{c}`? themes: {known}"),
        None => format!("themes: {known}"),
    };
    Error::usage(format!("unknown theme `{given}`")).with_hint(hint)
}
