//! Pure logic: prompt packs, themes and classification, sessions and rotation, dates. Nothing
//! here touches files, the clock or a terminal, so all of it is tested with plain values.

mod answer_serde;
pub mod answers;
pub mod builtin;
pub mod calendar;
pub mod commitment;
pub mod config;
pub mod date;
pub mod digest;
pub mod edit;
pub mod entry;
pub mod evaluation;
pub mod filter;
pub mod import;
pub mod lexicon;
pub mod lookback;
pub mod markdown;
pub mod model;
pub mod naive_bayes;
pub mod pack;
pub mod people;
pub mod period;
pub mod quarter;
pub mod recall;
pub mod record_ref;
pub mod report_md;
pub mod review;
pub mod session;
pub mod source;
pub mod streak;
pub mod suggest;
pub mod summary;
pub mod text;
pub mod theme;
pub mod week;
