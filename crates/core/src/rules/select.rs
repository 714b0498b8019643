//! `Select` on Query and Scan: which combinations DynamoDB accepts, and its
//! wording for the others.

use crate::backend::Select;
use crate::error::Error;

/// What a read addresses, as far as `Select` cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectTarget<'a> {
    /// The table.
    Table,
    /// A local secondary index (it can fetch any attribute from the table).
    LocalIndex,
    /// A global secondary index; `all` when it projects every attribute.
    GlobalIndex {
        /// The index name.
        name: &'a str,
        /// Whether its projection is `ALL`.
        all: bool,
    },
}

/// Checks `select` against the request's projection and target, in
/// DynamoDB's order: the projection first, then the target.
///
/// ```
/// use dynorm::backend::Select;
/// use dynorm::rules::select::{check_select, SelectTarget};
/// assert!(check_select(Some(Select::Count), false, SelectTarget::Table).is_ok());
/// let err = check_select(Some(Select::SpecificAttributes), false, SelectTarget::Table).unwrap_err();
/// assert!(err.to_string().contains("Must specify the AttributesToGet or ProjectionExpression"));
/// assert!(check_select(Some(Select::AllProjectedAttributes), false, SelectTarget::Table).is_err());
/// ```
pub fn check_select(
    select: Option<Select>,
    has_projection: bool,
    target: SelectTarget<'_>,
) -> Result<(), Error> {
    let Some(select) = select else {
        return Ok(());
    };
    if has_projection && select != Select::SpecificAttributes {
        return Err(Error::validation(format!(
            "Cannot specify the ProjectionExpression when choosing to get {}",
            match select {
                Select::Count => "only the Count",
                other => other.as_str(),
            }
        )));
    }
    match (select, target) {
        (Select::SpecificAttributes, _) if !has_projection => Err(Error::validation(
            "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
        )),
        (Select::AllProjectedAttributes, SelectTarget::Table) => Err(Error::validation(
            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
        )),
        (Select::AllAttributes, SelectTarget::GlobalIndex { name, all: false }) => {
            Err(Error::validation(format!(
                "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index {name} because its projection type is not ALL"
            )))
        }
        _ => Ok(()),
    }
}
