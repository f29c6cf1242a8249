//! Resolving FILTERS for `list` and `summary`.

use crate::core::filter::{Filter, FilterError, FilterInput};
use crate::core::theme::Themes;
use crate::error::{Error, Result};

use super::Context;

pub fn resolve(ctx: &Context, themes: &Themes, input: &FilterInput) -> Result<Filter> {
    Filter::resolve(input, ctx.today(), themes).map_err(|e| match e {
        FilterError::Usage(m) => Error::usage(m),
        FilterError::UnknownTheme { theme, known } => {
            Error::failure(format!("unknown theme `{theme}`")).with_hint(format!("themes: {known}"))
        }
    })
}
