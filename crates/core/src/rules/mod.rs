//! DynamoDB's rules, each stated once: limits, the checks that enforce them
//! and the wording of the errors they raise. The parser, the renderer and the
//! backends all use these, so a rule changes in one place.

pub mod capacity;
pub mod expression;
pub mod select;
