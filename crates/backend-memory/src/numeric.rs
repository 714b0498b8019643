//! Number arithmetic for `SET a = a + :v`, `SET a = a - :v` and `ADD`, with
//! DynamoDB's error when the exact result is out of range or too precise.

use dynorm::{Error, Number, NumberError};

fn overflow(e: NumberError) -> Error {
    Error::validation(format!(
        "Number overflow. Attempting to store a number with magnitude larger than supported range: {e}"
    ))
}

/// `a + b`, exactly.
pub(crate) fn plus(a: &Number, b: &Number) -> Result<Number, Error> {
    a.checked_add(b).map_err(overflow)
}

/// `a - b`, exactly.
pub(crate) fn minus(a: &Number, b: &Number) -> Result<Number, Error> {
    a.checked_sub(b).map_err(overflow)
}
