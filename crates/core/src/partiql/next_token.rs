//! ExecuteStatement's NextToken: an opaque token wrapping the key a read
//! stopped after (base64 of the key's DynamoDB JSON).

use crate::rules::partiql::Violation;
use crate::value::{item_from_dynamodb_json, item_to_dynamodb_json, Item};
use crate::Error;
use base64::Engine as _;

const ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The token of the page after `last_key`.
pub(crate) fn encode(last_key: &Item) -> String {
    ENGINE.encode(item_to_dynamodb_json(last_key).to_string())
}

/// The key a token wraps; `Invalid NextToken` for anything else.
pub(crate) fn decode(token: &str) -> Result<Item, Error> {
    let invalid = || Violation::InvalidNextToken.into_error();
    let bytes = ENGINE.decode(token).map_err(|_| invalid())?;
    let json: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    item_from_dynamodb_json(&json).map_err(|_| invalid())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_token_gives_back_its_key_and_garbage_is_refused() {
        let key = Item::new().with("pk", "a").with("sk", 1);
        assert_eq!(decode(&encode(&key)).unwrap(), key);
        let e = decode("garbage").unwrap_err();
        assert_eq!(e.to_string(), "validation error: Invalid NextToken");
    }
}
