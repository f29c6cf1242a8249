//! How the core's choices are typed on the command line: `clap`'s `ValueEnum` for them lives
//! here, so `core` knows nothing of clap. Each value is the lower-case name of its variant.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::core::config::ColorChoice;
use crate::core::import::Source;
use crate::core::markdown::Grouping;
use crate::core::summary::By;

/// `ValueEnum` for a core enum, from its variants and the names typed for them.
macro_rules! value_enum {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                &[$(<$ty>::$variant),+]
            }
            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(match self { $(<$ty>::$variant => $name),+ }))
            }
        }
    };
}

value_enum!(By { Theme => "theme", Week => "week", Month => "month" });
value_enum!(ColorChoice { Auto => "auto", Always => "always", Never => "never" });
value_enum!(Grouping { Date => "date", Theme => "theme" });
value_enum!(Source { Jrnl => "jrnl", Dayone => "dayone", Coachlog => "coachlog" });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_reads_back_as_itself() {
        for v in By::value_variants() {
            assert_eq!(By::from_str(v.to_possible_value().unwrap().get_name(), false).unwrap(), *v);
        }
        assert_eq!(ColorChoice::from_str("never", false).unwrap(), ColorChoice::Never);
        assert_eq!(Grouping::from_str("theme", false).unwrap(), Grouping::Theme);
        assert_eq!(Source::from_str("dayone", false).unwrap(), Source::Dayone);
        assert!(By::from_str("year", false).is_err());
    }
}
